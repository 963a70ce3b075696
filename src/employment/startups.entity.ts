import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * 返乡创业: a business started by a member who came back (the founder): its name, industry, start,
 * the jobs it created and the poor households it employs, and the award (奖补) applied for and
 * granted as the officer records them. The award amounts are not configured (employment.matching:
 * "award amount —, unverified"): nothing here computes one. Its region is the founder's household
 * village; its sector the human resources department's.
 */
@Entity({ name: 'returnee_startups' })
@Index('returnee_startups_started_on_id_idx', ['startedOn', 'id'])
@Check('returnee_startups_counts_check', '"jobs_created" >= 0 AND "poor_households_employed" >= 0')
@Check('returnee_startups_award_check', '("award_applied" IS NULL OR "award_applied" >= 0) AND ("award_granted" IS NULL OR "award_granted" >= 0)')
export class ReturneeStartupEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('returnee_startups_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('returnee_startups_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'business_name', type: 'varchar', length: 200 })
  businessName: string;

  @Column({ type: 'varchar', length: 100 })
  industry: string;

  @Column({ name: 'started_on', type: 'date' })
  startedOn: string;

  @Column({ name: 'jobs_created', type: 'integer' })
  jobsCreated: number;

  @Column({ name: 'poor_households_employed', type: 'integer' })
  poorHouseholdsEmployed: number;

  /** 申请奖补 (yuan), as recorded; null: none applied for. */
  @Column({ name: 'award_applied', type: 'numeric', precision: 12, scale: 2, nullable: true })
  awardApplied: string | null;

  /** 获得奖补 (yuan), as recorded; null: none granted (yet). */
  @Column({ name: 'award_granted', type: 'numeric', precision: 12, scale: 2, nullable: true })
  awardGranted: string | null;

  @Index('returnee_startups_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
