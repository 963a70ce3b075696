import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';

/** 医院等级: the hospital's grade. */
export enum HospitalLevel {
  /** 一级 (乡镇卫生院, 社区卫生服务中心) */
  PRIMARY = 'PRIMARY',
  /** 二级 (县级医院) */
  SECONDARY = 'SECONDARY',
  /** 三级 */
  TERTIARY = 'TERTIARY',
  /** 未定级 */
  UNGRADED = 'UNGRADED',
}

/** What one insurance layer paid of a stay: a code of health.insurance_layers and an amount. */
export interface LayerPayment {
  layer: string;
  amount: string;
}

/**
 * 住院记录: a member's hospital stay (hospital, grade, in or out of the county, admitted and
 * discharged), the diagnosis (text, optional ICD-10 code), the total cost, what each insurance
 * layer paid (the layers of health.insurance_layers in force on discharge: basic medical, serious
 * illness, supplementary, medical assistance) and what the household paid; treat first, pay later
 * (先诊疗后付费). The layers' and the household's payments never exceed the total. Region: the
 * household's village; sector: health.
 */
@Entity({ name: 'hospital_stays' })
@Index('hospital_stays_household_discharged_idx', ['householdId', 'dischargedOn'])
@Index('hospital_stays_member_id_idx', ['memberId'])
@Check('hospital_stays_period_check', '"discharged_on" >= "admitted_on"')
@Check('hospital_stays_amounts_check', '"total_cost" >= 0 AND "household_paid" >= 0 AND "household_paid" <= "total_cost"')
export class HospitalStayEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 200 })
  hospital: string;

  @Column({ name: 'hospital_level', type: 'enum', enum: HospitalLevel, enumName: 'hospital_level' })
  hospitalLevel: HospitalLevel;

  /** 县域内: the hospital lies in the county. */
  @Column({ name: 'in_county', type: 'boolean' })
  inCounty: boolean;

  @Column({ name: 'admitted_on', type: 'date' })
  admittedOn: string;

  @Column({ name: 'discharged_on', type: 'date' })
  dischargedOn: string;

  /** The diagnosis as written (诊断). */
  @Column({ type: 'varchar', length: 500 })
  diagnosis: string;

  /** The ICD-10 code of the diagnosis (J18.9), when given. */
  @Column({ name: 'icd10_code', type: 'varchar', length: 10, nullable: true })
  icd10Code: string | null;

  /** 总费用, yuan. */
  @Column({ name: 'total_cost', type: 'numeric', precision: 12, scale: 2 })
  totalCost: string;

  /** What each layer paid, in the list's order (jsonb: [{ layer, amount }]). */
  @Column({ name: 'layer_payments', type: 'jsonb', default: () => "'[]'" })
  layerPayments: LayerPayment[];

  /** 个人自付: what the household paid, yuan. */
  @Column({ name: 'household_paid', type: 'numeric', precision: 12, scale: 2 })
  householdPaid: string;

  /** 先诊疗后付费: admitted without a deposit, the own share paid at discharge. */
  @Column({ name: 'treat_first_pay_later', type: 'boolean', default: false })
  treatFirstPayLater: boolean;

  @Index('hospital_stays_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
