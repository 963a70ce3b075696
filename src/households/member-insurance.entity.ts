import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { MemberEntity } from './member.entity';
import { HouseholdEntity } from './household.entity';
import { RegionEntity } from '../regions/region.entity';
import { ForeignKey } from '../database/foreign-key';

/** A member's insurance enrolment in one year (城乡居民基本医疗保险, 大病保险, 养老保险, 商业补充医疗保险). */
@Entity({ name: 'member_insurance' })
export class MemberInsuranceEntity {
  @ForeignKey(() => MemberEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  /**
   * The member's household, for the change feed (part `insurance` of the household). Kept by the
   * database, never written by the application: copied from the member on insert, followed when
   * the member's household changes (triggers of migration MemberInsuranceInFeed1795925000000).
   */
  @Index('member_insurance_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'household_id', type: 'uuid', insert: false, update: false })
  householdId: string;

  /** The member's village, for the change feed and region scope; kept by the database like householdId. */
  @Index('member_insurance_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C', insert: false, update: false })
  regionCode: string;

  @Index('member_insurance_year_idx')
  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ name: 'basic_medical', type: 'boolean', default: false })
  basicMedical: boolean;

  @Column({ name: 'serious_illness', type: 'boolean', default: false })
  seriousIllness: boolean;

  @Column({ type: 'boolean', default: false })
  pension: boolean;

  @Column({ name: 'supplementary_medical', type: 'boolean', default: false })
  supplementaryMedical: boolean;

  @Column({ name: 'accident_subsidy', type: 'boolean', default: false })
  accidentSubsidy: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
