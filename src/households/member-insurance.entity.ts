import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { MemberEntity } from './member.entity';
import { ForeignKey } from '../database/foreign-key';

/** A member's insurance enrolment in one year (城乡居民基本医疗保险, 大病保险, 养老保险, 商业补充医疗保险). */
@Entity({ name: 'member_insurance' })
export class MemberInsuranceEntity {
  @ForeignKey(() => MemberEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE', along: { householdId: 'householdId', regionCode: 'regionCode' } })
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  /**
   * The member's household, for the change feed (part `insurance` of the household). Written with
   * the row, as the member's: the foreign key on (member_id, household_id, region_code) refuses any
   * other, and carries a change of the member's along (ON UPDATE CASCADE; migration
   * InsuranceAndIncomesKeyedWithTheirRoot1796432000000).
   */
  @Index('member_insurance_household_id_idx')
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The member's village, for the change feed and region scope; kept true like householdId. */
  @Index('member_insurance_region_code_idx')
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
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
