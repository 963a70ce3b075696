import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * 参保记录: a member's enrolment in one insurance layer for one year (基本医疗保险, 大病保险…: a code
 * of health.insurance_layers in force in the year in the household's village), with the premium
 * and the subsidy paid for the member (资助参保) where the roster states them: a layer without an
 * individual premium (大病保险 is paid from the basic insurance fund; 医疗救助 is no insurance) has
 * none, and no parameter gives them (health.layer_params is not configured). A member once per
 * year and layer. Null amounts pass the CHECKs (a comparison with NULL is not false). Its region is
 * the household's village (region scope); its sector the health department's (sector write scope).
 */
@Entity({ name: 'insurance_enrolments' })
@Unique('insurance_enrolments_member_year_layer_key', ['memberId', 'year', 'layer'])
// The keyset order of the list, and the household's year (the exit standard, the coverage query).
@Index('insurance_enrolments_household_year_idx', ['householdId', 'year'])
@Check('insurance_enrolments_premium_check', '"premium" >= 0')
@Check('insurance_enrolments_subsidy_check', '"subsidy" >= 0 AND "subsidy" <= "premium"')
export class InsuranceEnrolmentEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The calendar year of the enrolment. */
  @Column({ type: 'smallint' })
  year: number;

  /** A code of health.insurance_layers in force in the year in the household's village. */
  @Column({ type: 'varchar', length: 100 })
  layer: string;

  /** 个人缴费: the premium of the member for the year, yuan; null when not stated or not applicable. */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  premium: string | null;

  /** 资助参保: the part of the premium paid for the member (medical assistance, the district's subsidy), yuan; null when not stated. */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  subsidy: string | null;

  /** The household's village: region scope reads it. */
  @Index('insurance_enrolments_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
