import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';

/** What a civil-affairs roster lists (社会救助, RULES.md §7). */
export enum SocialAssistanceCategory {
  /** 农村最低生活保障 (低保) */
  DIBAO = 'DIBAO',
  /** 特困人员救助供养 (特困) */
  TEKUN = 'TEKUN',
  /** 临时救助 */
  TEMPORARY = 'TEMPORARY',
}

/**
 * One person covered by a civil-affairs social-assistance roster (民政 低保 / 特困 / 临时救助 名册),
 * as imported (kind `social-assistance`): the civil-affairs household (民政户编号), the person's
 * name and ID number (stored only encrypted, with the registry's blind index of ID numbers, so the
 * reconciliation joins the registry by hash, never by plaintext), the category, the monthly amount,
 * the period, and the 低保 standard applied (元/人/年). A person is listed once per category and
 * start date. Region: the village the roster places the household in; sector: civil affairs (民政),
 * whose officers import the roster. The people need not be on the registry (建档立卡).
 */
@Entity({ name: 'social_assistance_roster_entries' })
@Index('social_assistance_roster_entries_key', ['category', 'idNumberHash', 'startsOn'], { unique: true })
@Index('social_assistance_roster_entries_household_idx', ['civilHouseholdNumber'])
@Check('social_assistance_roster_entries_amount_check', '"monthly_amount" >= 0')
@Check('social_assistance_roster_entries_period_check', '"ends_on" IS NULL OR "ends_on" >= "starts_on"')
export class SocialAssistanceRosterEntryEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: SocialAssistanceCategory, enumName: 'social_assistance_category' })
  category: SocialAssistanceCategory;

  /** 民政户编号: the civil-affairs household the person is covered in. */
  @Column({ name: 'civil_household_number', type: 'varchar', length: 32 })
  civilHouseholdNumber: string;

  @Column({ name: 'person_name', type: 'varchar', length: 50 })
  personName: string;

  /** Encrypted ID number (身份证号): see SOCIAL_ASSISTANCE_ID_NUMBER (the registry's declaration, reused). */
  @Column({ name: 'id_number_enc', type: 'text' })
  idNumberEnc: string;

  /** Blind index of the ID number, in the registry's domain: the reconciliation's join key. */
  @Index('social_assistance_roster_entries_id_number_hash_idx')
  @Column({ name: 'id_number_hash', type: 'varchar', length: 64 })
  idNumberHash: string;

  /** 月救助金额 (yuan per month, the person's share as the roster lists it). */
  @Column({ name: 'monthly_amount', type: 'numeric', precision: 12, scale: 2 })
  monthlyAmount: string;

  /** 低保标准 applied (元/人/年); null where the roster gives none (特困, 临时救助). */
  @Column({ name: 'dibao_standard', type: 'numeric', precision: 12, scale: 2, nullable: true })
  dibaoStandard: string | null;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  /** Null: still covered. */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Index('social_assistance_roster_entries_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/** The discrepancies of the reconciliation of the 低保 roster with the registry (RULES.md §7 assistance.reconciliation; BOTH is counted, not a case). */
export enum ReconciliationKind {
  /** On the 低保 roster only: review the person for registration (建档立卡). */
  DIBAO_ONLY = 'DIBAO_ONLY',
  /** On the registry as 享受低保 but not on the 低保 roster: check 低保 eligibility. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
  /** On the 低保 roster, in a registered household that has exited (allowed with policy: listed). */
  EXITED_ON_DIBAO = 'EXITED_ON_DIBAO',
  /** Registered as a 低保 poor household (低保贫困户) with no member on the 低保 roster. */
  ATTR_MISMATCH = 'ATTR_MISMATCH',
}

/** Who works a case: the registry's officers of the village, or civil affairs. */
export enum ReconciliationOwner {
  REGISTRY = 'REGISTRY',
  CIVIL_AFFAIRS = 'CIVIL_AFFAIRS',
}

/** Where a case stands. */
export enum ReconciliationCaseStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}

/** How a case was resolved. */
export enum ReconciliationResolution {
  /** The data was corrected (in the registry or on the roster). */
  CORRECTED = 'CORRECTED',
  /** The discrepancy stands, with a reason. */
  JUSTIFIED = 'JUSTIFIED',
  /** Referred to another department or level. */
  REFERRED = 'REFERRED',
}

/**
 * A discrepancy found by the reconciliation (§18) of the 低保 roster with the registry, joined by
 * the ID number's blind index: its kind and subject (the person's blind index, or the household for
 * ATTR_MISMATCH), the member and household where the registry has them, the facts found and their
 * digest, the owner, and its resolution with the date. A re-run keeps a resolved case resolved while
 * the digest of its facts is the same, and reopens it when they changed; a case not found again is
 * kept with `present` false. Region: the subject's village; sector: civil affairs.
 */
@Entity({ name: 'social_assistance_cases' })
@Index('social_assistance_cases_subject_key', ['kind', 'subjectKey'], { unique: true })
@Check('social_assistance_cases_resolution_check', `("status" = 'RESOLVED') = ("resolution" IS NOT NULL AND "resolved_on" IS NOT NULL)`)
export class SocialAssistanceCaseEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ReconciliationKind, enumName: 'social_assistance_case_kind' })
  kind: ReconciliationKind;

  /** The person's ID-number blind index, or the household's id (ATTR_MISMATCH). */
  @Column({ name: 'subject_key', type: 'varchar', length: 64 })
  subjectKey: string;

  @Index('social_assistance_cases_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Index('social_assistance_cases_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  /** What was found (roster entries with their versions, the member's and household's facts), as JSON. */
  @Column({ type: 'jsonb' })
  facts: Record<string, unknown>;

  /** SHA-256 of the facts: a re-run reopens a resolved case only when it changes. */
  @Column({ name: 'facts_digest', type: 'varchar', length: 64 })
  factsDigest: string;

  @Column({ type: 'enum', enum: ReconciliationOwner, enumName: 'social_assistance_case_owner' })
  owner: ReconciliationOwner;

  @Column({ type: 'enum', enum: ReconciliationCaseStatus, enumName: 'social_assistance_case_status', default: ReconciliationCaseStatus.OPEN })
  status: ReconciliationCaseStatus;

  @Column({ type: 'enum', enum: ReconciliationResolution, enumName: 'social_assistance_case_resolution', nullable: true })
  resolution: ReconciliationResolution | null;

  @Column({ name: 'resolution_reason', type: 'varchar', length: 500, nullable: true })
  resolutionReason: string | null;

  @Column({ name: 'resolved_on', type: 'date', nullable: true })
  resolvedOn: string | null;

  @Column({ name: 'resolved_by_name', type: 'varchar', length: 100, nullable: true })
  resolvedByName: string | null;

  /** Found by the latest run that covered its region. */
  @Column({ type: 'boolean', default: true })
  present: boolean;

  /** The day the latest run reconciled as of. */
  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  @Index('social_assistance_cases_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
