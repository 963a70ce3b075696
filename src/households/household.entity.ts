import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  DilapidationGrade,
  Fuel,
  HouseholdAttribute,
  IdentificationStandard,
  PovertyCause,
  PovertyStatus,
  RelocationScope,
  ResettlementMode,
  RoadType,
} from './registry-codes';
import { RegionEntity } from '../regions/region.entity';
import { MemberEntity } from './member.entity';
import { ForeignKey } from '../database/foreign-key';
import { TrackedEntity } from '../common/kit/tracked-entity';

/** Whether the household is on the roll: proposed (not yet approved), registered, or removed (剔除). */
export enum HouseholdValidity {
  CANDIDATE = 'CANDIDATE',
  ACTIVE = 'ACTIVE',
  REMOVED = 'REMOVED',
}

const numeric = (precision: number, scale: number) => ({ type: 'numeric' as const, precision, scale, nullable: true });

/** A registered poor household (建档立卡贫困户) of a village. */
@Entity({ name: 'households' })
// The keyset order of the household list: page 10,000 costs what page 1 costs.
@Index('households_number_id_idx', ['householdNumber', 'id'])
// A village's households; unique, so that a household's incomes can carry its village under a
// foreign key of (household_id, region_code) (HouseholdIncomeEntity).
@Index('households_region_code_id_key', ['regionCode', 'id'], { unique: true })
@Check('households_other_causes_max2', `cardinality(other_causes) <= 2`)
@Check('households_exit_year', `exit_year IS NULL OR exit_year BETWEEN 2013 AND 2100`)
export class HouseholdEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 户编号: the national platform's opaque number, stored as given. */
  @Index('households_household_number_key', { unique: true })
  @Column({ name: 'household_number', type: 'varchar', length: 32 })
  householdNumber: string;

  /** The village (12-digit code). */
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Index('households_head_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'SET NULL', deferred: true })
  @Column({ name: 'head_member_id', type: 'uuid', nullable: true })
  headMemberId: string | null;

  @Index('households_validity_idx')
  @Column({ type: 'enum', enum: HouseholdValidity, enumName: 'household_validity', default: HouseholdValidity.CANDIDATE })
  validity: HouseholdValidity;

  /** 脱贫状态; null while a candidate. */
  @Index('households_status_idx')
  @Column({ type: 'enum', enum: PovertyStatus.values, enumName: 'poverty_status', nullable: true })
  status: PovertyStatus | null;

  @Column({ name: 'exit_year', type: 'smallint', nullable: true })
  exitYear: number | null;

  @Index('households_year_registered_idx')
  @Column({ name: 'year_registered', type: 'smallint', nullable: true })
  yearRegistered: number | null;

  @Column({ name: 'identification_standard', type: 'enum', enum: IdentificationStandard.values, enumName: 'identification_standard', default: 'NATIONAL' })
  identificationStandard: IdentificationStandard;

  @Column({ type: 'enum', enum: HouseholdAttribute.values, enumName: 'household_attribute' })
  attribute: HouseholdAttribute;

  @Index('households_primary_cause_idx')
  @Column({ name: 'primary_cause', type: 'enum', enum: PovertyCause.values, enumName: 'poverty_cause' })
  primaryCause: PovertyCause;

  @Column({ name: 'other_causes', type: 'enum', enum: PovertyCause.values, enumName: 'poverty_cause', array: true, default: () => "'{}'" })
  otherCauses: PovertyCause[];

  @Column({ name: 'military_family', type: 'boolean', default: false })
  militaryFamily: boolean;

  @Column({ name: 'only_child', type: 'boolean', default: false })
  onlyChild: boolean;

  @Column({ name: 'two_daughters', type: 'boolean', default: false })
  twoDaughters: boolean;

  // 易地扶贫搬迁
  @Index('households_relocated_idx')
  @Column({ type: 'boolean', default: false })
  relocated: boolean;

  @Column({ name: 'relocation_scope', type: 'enum', enum: RelocationScope.values, enumName: 'relocation_scope', nullable: true })
  relocationScope: RelocationScope | null;

  @Column({ name: 'resettlement_mode', type: 'enum', enum: ResettlementMode.values, enumName: 'resettlement_mode', nullable: true })
  resettlementMode: ResettlementMode | null;

  @Column({ name: 'resettlement_site', type: 'varchar', length: 200, nullable: true })
  resettlementSite: string | null;

  // 两不愁三保障 and living conditions
  @Column({ name: 'food_clothing_secure', type: 'boolean', nullable: true })
  foodClothingSecure: boolean | null;

  @Column({ name: 'safe_drinking_water', type: 'boolean', nullable: true })
  safeDrinkingWater: boolean | null;

  @Column({ name: 'drinking_water_difficulty', type: 'boolean', nullable: true })
  drinkingWaterDifficulty: boolean | null;

  @Column({ name: 'has_electricity', type: 'boolean', nullable: true })
  hasElectricity: boolean | null;

  @Column({ name: 'owns_housing', type: 'boolean', nullable: true })
  ownsHousing: boolean | null;

  @Column({ name: 'dilapidated_housing', type: 'boolean', nullable: true })
  dilapidatedHousing: boolean | null;

  @Column({ name: 'dilapidation_grade', type: 'enum', enum: DilapidationGrade.values, enumName: 'dilapidation_grade', nullable: true })
  dilapidationGrade: DilapidationGrade | null;

  @Column({ name: 'housing_area', ...numeric(8, 2) })
  housingArea: string | null;

  @Column({ name: 'sanitary_toilet', type: 'boolean', nullable: true })
  sanitaryToilet: boolean | null;

  @Column({ name: 'road_type', type: 'enum', enum: RoadType.values, enumName: 'road_type', nullable: true })
  roadType: RoadType | null;

  @Column({ name: 'main_fuel', type: 'enum', enum: Fuel.values, enumName: 'fuel', nullable: true })
  mainFuel: Fuel | null;

  @Column({ name: 'distance_to_road_km', ...numeric(6, 2) })
  distanceToRoadKm: string | null;

  @Column({ name: 'cooperative_member', type: 'boolean', nullable: true })
  cooperativeMember: boolean | null;

  @Column({ name: 'cultivated_land_mu', ...numeric(10, 2) })
  cultivatedLandMu: string | null;

  @Column({ name: 'forest_land_mu', ...numeric(10, 2) })
  forestLandMu: string | null;

  /** Protected: encrypted, with a blind index. */
  @Column({ name: 'contact_phone_enc', type: 'text', nullable: true })
  contactPhoneEnc: string | null;

  @Column({ name: 'bank_name', type: 'varchar', length: 100, nullable: true })
  bankName: string | null;

  @Column({ name: 'bank_account_enc', type: 'text', nullable: true })
  bankAccountEnc: string | null;

  @Index('households_bank_account_hash_idx')
  @Column({ name: 'bank_account_hash', type: 'varchar', length: 64, nullable: true })
  bankAccountHash: string | null;
}
