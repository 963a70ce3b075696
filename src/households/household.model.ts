import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FieldCipher } from '../common/crypto/field-cipher';
import { maskedField } from '../common/protection/protected-field';
import { BANK_ACCOUNT, CONTACT_PHONE } from './protected-fields';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal } from '../common/scalars/scalars';
import type { HouseholdAsOf } from './as-of';
import { HouseholdEntity, HouseholdValidity } from './household.entity';
import {
  coded,
  codedList,
  CodedValue,
  DilapidationGradeValue,
  FuelValue,
  HouseholdAttributeValue,
  IdentificationStandardValue,
  PovertyCauseValue,
  PovertyStatusValue,
  RelocationScopeValue,
  ResettlementModeValue,
  RoadTypeValue,
} from './registry-enums';
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

/**
 * A registered household (建档立卡贫困户), as the API shows it. Coded fields are
 * `{ value, code, label }` (see registry-enums.ts); the contact phone and the bank account are
 * masked (revealPersonalData with HOUSEHOLD_CONTACT_PHONE / HOUSEHOLD_BANK_ACCOUNT shows them).
 * Other modules add fields to this type with @ResolveField(() => …) on `@Resolver(() => Household)`.
 */
@ObjectType('Household', { description: '建档立卡贫困户. Contact phone and bank account are masked; see revealPersonalData.' })
export class Household {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: '户编号: the national platform’s household number, as given.' })
  householdNumber: string;

  @Field({ description: 'The village (12-digit division code).' })
  regionCode: string;

  @Field(() => ID, { nullable: true, description: 'Id of the current head of household (户主); null only while a household is being created.' })
  headMemberId: string | null;

  @Field(() => HouseholdValidity, { description: 'Whether the household is on the roll (有效) or removed.' })
  validity: HouseholdValidity;

  @Field(() => PovertyStatusValue, { nullable: true, description: '脱贫状态; null while a candidate.' })
  status: CodedValue<PovertyStatus> | null;

  @Field(() => Int, { nullable: true, description: '脱贫年度' })
  exitYear: number | null;

  @Field(() => Int, { nullable: true, description: 'Year first registered (识别年度).' })
  yearRegistered: number | null;

  @Field(() => IdentificationStandardValue, { description: 'The standard it was identified under (识别标准: national or provincial).' })
  identificationStandard: CodedValue<IdentificationStandard>;

  @Field(() => HouseholdAttributeValue, { description: '贫困户属性: ordinary poor household, low-income support household, or extreme-poverty support household.' })
  attribute: CodedValue<HouseholdAttribute>;

  @Field(() => PovertyCauseValue, { description: '主要致贫原因' })
  primaryCause: CodedValue<PovertyCause>;

  @Field(() => [PovertyCauseValue], { description: '其他致贫原因 (at most two)' })
  otherCauses: CodedValue<PovertyCause>[];

  @Field({ description: '军烈属' })
  militaryFamily: boolean;

  @Field({ description: '独生子女户' })
  onlyChild: boolean;

  @Field({ description: '双女户' })
  twoDaughters: boolean;

  @Field({ description: '易地扶贫搬迁户' })
  relocated: boolean;

  @Field(() => RelocationScopeValue, { nullable: true, description: 'For a relocated household: whether it moved within the village, town or beyond (搬迁范围); null otherwise.' })
  relocationScope: CodedValue<RelocationScope> | null;

  @Field(() => ResettlementModeValue, { nullable: true, description: 'For a relocated household: how it was resettled (安置方式, e.g. 集中安置); null otherwise.' })
  resettlementMode: CodedValue<ResettlementMode> | null;

  @Field(() => String, { nullable: true, description: '安置点' })
  resettlementSite: string | null;

  @Field(() => Boolean, { nullable: true, description: '不愁吃、不愁穿' })
  foodClothingSecure: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '饮水安全' })
  safeDrinkingWater: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '饮水困难' })
  drinkingWaterDifficulty: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '通生活用电' })
  hasElectricity: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '有自有住房' })
  ownsHousing: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '危房户' })
  dilapidatedHousing: boolean | null;

  @Field(() => DilapidationGradeValue, { nullable: true, description: 'For dilapidated housing: the grade (危房等级, C or D); null otherwise.' })
  dilapidationGrade: CodedValue<DilapidationGrade> | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '住房面积 m²' })
  housingArea: string | null;

  @Field(() => Boolean, { nullable: true, description: '有卫生厕所' })
  sanitaryToilet: boolean | null;

  @Field(() => RoadTypeValue, { nullable: true, description: 'Kind of road to the house (入户路类型); null if not recorded.' })
  roadType: CodedValue<RoadType> | null;

  @Field(() => FuelValue, { nullable: true, description: 'Main cooking fuel (主要燃料类型); null if not recorded.' })
  mainFuel: CodedValue<Fuel> | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '与村主干路距离 km' })
  distanceToRoadKm: string | null;

  @Field(() => Boolean, { nullable: true, description: '加入农民专业合作社' })
  cooperativeMember: boolean | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '耕地面积 亩' })
  cultivatedLandMu: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '林地面积 亩' })
  forestLandMu: string | null;

  /** The stored row and the cipher the masked values are computed from, when first read. */
  #stored?: { row: HouseholdEntity; cipher: FieldCipher };
  #contactPhone?: string | null;
  #bankAccount?: string | null;

  /** Decrypted and masked when first read (a page that does not select it never decrypts it). */
  @Field(() => String, { nullable: true, description: 'Masked, e.g. 138****5678.' })
  get contactPhone(): string | null {
    if (this.#contactPhone === undefined) this.#contactPhone = this.#stored ? maskedField(this.#stored.cipher, CONTACT_PHONE, this.#stored.row) : null;
    return this.#contactPhone;
  }
  set contactPhone(value: string | null) {
    this.#contactPhone = value;
  }

  @Field(() => String, { nullable: true, description: '开户银行' })
  bankName: string | null;

  @Field(() => String, { nullable: true, description: 'Masked, e.g. 6222 **** **** 0123.' })
  get bankAccount(): string | null {
    if (this.#bankAccount === undefined) this.#bankAccount = this.#stored ? maskedField(this.#stored.cipher, BANK_ACCOUNT, this.#stored.row) : null;
    return this.#bankAccount;
  }
  set bankAccount(value: string | null) {
    this.#bankAccount = value;
  }

  @Field(() => Int, { description: 'Send it back with an update; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** The stored enum values, for resolvers of other modules (not GraphQL fields). */
  statusValue: PovertyStatus | null;

  /** Set when read in a list as of a date (as-of.ts): members, head and events answer as of it. */
  asOf?: HouseholdAsOf;

  /** The mapper decides what leaves the database: protected values are decrypted only to be masked, and only when read. */
  static from(e: HouseholdEntity, cipher: FieldCipher): Household {
    const h = new Household();
    h.id = e.id;
    h.householdNumber = e.householdNumber;
    h.regionCode = e.regionCode;
    h.headMemberId = e.headMemberId;
    h.validity = e.validity;
    h.status = coded(PovertyStatus, e.status);
    h.statusValue = e.status;
    h.exitYear = e.exitYear;
    h.yearRegistered = e.yearRegistered;
    h.identificationStandard = coded(IdentificationStandard, e.identificationStandard);
    h.attribute = coded(HouseholdAttribute, e.attribute);
    h.primaryCause = coded(PovertyCause, e.primaryCause);
    h.otherCauses = codedList(PovertyCause, e.otherCauses);
    h.militaryFamily = e.militaryFamily;
    h.onlyChild = e.onlyChild;
    h.twoDaughters = e.twoDaughters;
    h.relocated = e.relocated;
    h.relocationScope = coded(RelocationScope, e.relocationScope);
    h.resettlementMode = coded(ResettlementMode, e.resettlementMode);
    h.resettlementSite = e.resettlementSite;
    h.foodClothingSecure = e.foodClothingSecure;
    h.safeDrinkingWater = e.safeDrinkingWater;
    h.drinkingWaterDifficulty = e.drinkingWaterDifficulty;
    h.hasElectricity = e.hasElectricity;
    h.ownsHousing = e.ownsHousing;
    h.dilapidatedHousing = e.dilapidatedHousing;
    h.dilapidationGrade = coded(DilapidationGrade, e.dilapidationGrade);
    h.housingArea = e.housingArea;
    h.sanitaryToilet = e.sanitaryToilet;
    h.roadType = coded(RoadType, e.roadType);
    h.mainFuel = coded(Fuel, e.mainFuel);
    h.distanceToRoadKm = e.distanceToRoadKm;
    h.cooperativeMember = e.cooperativeMember;
    h.cultivatedLandMu = e.cultivatedLandMu;
    h.forestLandMu = e.forestLandMu;
    // contactPhone and bankAccount: decrypted only when read (their getters).
    h.#stored = { row: e, cipher };
    h.bankName = e.bankName;
    h.version = e.version;
    h.createdAt = e.createdAt;
    h.updatedAt = e.updatedAt;
    if ((e as { asOfState?: HouseholdAsOf }).asOfState) h.asOf = (e as { asOfState?: HouseholdAsOf }).asOfState;
    return h;
  }
}

@ObjectType({ description: connectionDescription('registered poor households (建档立卡贫困户)') })
export class HouseholdConnection extends ConnectionType(Household) {}
