import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
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
