import { ArgsType, Field, ID, InputType, Int, IntersectionType, ObjectType, PartialType, registerEnumType } from '@nestjs/graphql';
import { Type as ValidateAs } from 'class-transformer';
import type { Type } from '@nestjs/common';
import { IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { MemberRecordsArgs } from './health.args';
import { HospitalLevel, HospitalStayEntity } from './hospital-stay.entity';
import { HouseholdCatastrophicSpendingRow, HouseholdOutOfPocketRow, outOfPocketRatio } from './hospital-stays.service';

const YEAR = { min: 2010, max: 2100 };

registerEnumType(HospitalLevel, {
  name: 'HospitalLevel',
  description: "医院等级: the hospital's grade.",
  valuesMap: { PRIMARY: { description: '一级 (乡镇卫生院, 社区卫生服务中心).' }, SECONDARY: { description: '二级 (县级医院).' }, TERTIARY: { description: '三级.' }, UNGRADED: { description: '未定级.' } },
});

@ObjectType('LayerPayment', { description: 'What one insurance layer paid of a stay.' })
export class LayerPaymentValue {
  @Field({ description: 'The layer: a code of health.insurance_layers (基本医疗保险, 大病保险, 大病补充医疗保险, 医疗救助).' })
  layer: string;

  @Field(() => GraphQLDecimal, { description: 'The amount, yuan.' })
  amount: string;
}

@ObjectType('HospitalStay', {
  description: "住院记录: a member's hospital stay, the diagnosis, the cost, what each insurance layer and the household paid. Its region is the household's village; the health department (and the offices) keep it.",
})
export class HospitalStay {
  @Field(() => ID, { description: 'Unique id of the stay (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The member (家庭成员) admitted.' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: 'The hospital.' })
  hospital: string;

  @Field(() => HospitalLevel, { description: "The hospital's grade." })
  hospitalLevel: HospitalLevel;

  @Field({ description: '县域内: the hospital lies in the county.' })
  inCounty: boolean;

  @Field(() => GraphQLLocalDateScalar, { description: 'Admitted on.' })
  admittedOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Discharged on (not before admission).' })
  dischargedOn: string;

  @Field({ description: 'The diagnosis as written.' })
  diagnosis: string;

  @Field(() => String, { nullable: true, description: 'The ICD-10 code of the diagnosis (J18.9); null when not given.' })
  icd10Code: string | null;

  @Field(() => GraphQLDecimal, { description: '总费用, yuan.' })
  totalCost: string;

  @Field(() => [LayerPaymentValue], { description: 'What each insurance layer paid.' })
  layerPayments: LayerPaymentValue[];

  @Field(() => GraphQLDecimal, { description: '个人自付: what the household paid, yuan.' })
  householdPaid: string;

  @Field(() => String, { nullable: true, description: 'The out-of-pocket ratio: household paid ÷ total cost, 4 decimals; null when the total is 0.' })
  outOfPocketRatio: string | null;

  @Field({ description: '先诊疗后付费: admitted without a deposit.' })
  treatFirstPayLater: boolean;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (HEALTH).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateHospitalStay or deleteHospitalStay; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the stay was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: HospitalStayEntity): HospitalStay {
    return Object.assign(new HospitalStay(), e, { outOfPocketRatio: outOfPocketRatio(e.householdPaid, e.totalCost) });
  }
}

@ObjectType({ description: connectionDescription('hospital stays (住院记录)') })
export class HospitalStayConnection extends ConnectionType(HospitalStay) {}

@ObjectType({ description: 'The result of a hospital stay mutation.' })
export class HospitalStayPayload {
  @Field(() => HospitalStay, { description: 'The stay as stored (for a deletion: as it was).' })
  stay: HospitalStay;

  @Field(() => Boolean, { nullable: true, description: "The stay's out-of-pocket ratio is above health.out_of_pocket_max on discharge in the village; null when the target is not configured (or for a deletion)." })
  overOutOfPocketTarget: boolean | null;

  @Field(() => [ParameterValue], { description: 'The parameters read, each with its status (health.insurance_layers when layers paid, health.out_of_pocket_max).' })
  parametersUsed: ParameterValue[];
}

@InputType({ description: 'What one insurance layer paid of a stay.' })
export class LayerPaymentInput {
  @Field({ description: 'The layer: a code of health.insurance_layers in force on discharge; each layer once.' })
  @IsString()
  @MaxLength(100)
  layer: string;

  @Field(() => GraphQLDecimal, { description: 'The amount, yuan: not negative, at most the total cost (LAYER_PAID_ABOVE_TOTAL).' })
  @IsString()
  amount: string;
}

@InputType({ isAbstract: true })
class StayFields {
  @Field({ description: 'The hospital.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  hospital: string;

  @Field(() => HospitalLevel, { description: "The hospital's grade." })
  @IsEnum(HospitalLevel)
  hospitalLevel: HospitalLevel;

  @Field({ description: '县域内: the hospital lies in the county.' })
  @IsBoolean()
  inCounty: boolean;

  @Field(() => GraphQLLocalDateScalar, { description: 'Admitted on; the member in the household during the stay.' })
  @IsString()
  admittedOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Discharged on: not before admission (INVALID_PERIOD).' })
  @IsString()
  dischargedOn: string;

  @Field({ description: 'The diagnosis as written.' })
  @IsString()
  @MaxLength(500)
  diagnosis: string;

  @Field(() => String, { nullable: true, description: 'The ICD-10 code: a capital letter, two digits, optionally a dot and digits (J18, J18.9); ICD10_INVALID otherwise. Null: none (clears it in a correction).' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  icd10Code?: string | null;

  @Field(() => GraphQLDecimal, { description: '总费用, yuan: not negative, at most 2 decimals.' })
  @IsString()
  totalCost: string;

  @Field(() => [LayerPaymentInput], { nullable: true, description: "What each layer paid (a correction replaces the list); with the household's share not above the total (PAYMENTS_ABOVE_TOTAL)." })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @ValidateAs(() => LayerPaymentInput)
  layerPayments?: LayerPaymentInput[];

  @Field(() => GraphQLDecimal, { description: '个人自付, yuan: not negative, at most 2 decimals.' })
  @IsString()
  householdPaid: string;

  @Field(() => Boolean, { nullable: true, description: '先诊疗后付费 (default false).' })
  @IsOptional()
  @IsBoolean()
  treatFirstPayLater?: boolean;
}

@InputType({ description: "A member's hospital stay with its costs." })
export class CreateHospitalStayInput extends StayFields {
  @Field(() => ID, { description: 'The member: in your write scope, in the household during the stay.' })
  @IsUUID()
  memberId: string;
}

@InputType({ description: 'Corrections to a hospital stay (its member stays); send the version you read. Omitted fields are unchanged.' })
export class UpdateHospitalStayInput extends IntersectionType(RecordVersionInput as Type<RecordVersionInput>, PartialType(StayFields)) {}

@InputType({ description: 'Deletes a stay entered in error, with the reason (the audit trail keeps it).' })
export class DeleteHospitalStayInput extends RecordDeletionInput {}

@ArgsType()
export class HospitalStaysArgs extends MemberRecordsArgs {
  @Field(() => Int, { nullable: true, description: 'Only stays discharged in this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;
}

@ArgsType()
export class HospitalStayArgs {
  @Field(() => ID, { description: 'Id (UUID) of the stay.' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class OutOfPocketArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The year (stays discharged in it).' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code); the target is read for it (omitted: your region)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ObjectType('HouseholdOutOfPocket', { description: "A household's year of hospital stays: the total cost, what the household paid, the ratio, and the stays behind them." })
export class HouseholdOutOfPocket {
  @Field(() => ID, { description: 'The household.' })
  householdId: string;

  @Field({ description: 'The household number (户编号).' })
  householdNumber: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => GraphQLDecimal, { description: 'Σ total cost of the stays discharged in the year, yuan.' })
  totalCost: string;

  @Field(() => GraphQLDecimal, { description: 'Σ household paid, yuan.' })
  householdPaid: string;

  @Field(() => String, { nullable: true, description: 'Σ household paid ÷ Σ total cost, 4 decimals.' })
  outOfPocketRatio: string | null;

  @Field(() => [HospitalStay], { description: 'The stays discharged in the year, by discharge.' })
  stays: HospitalStay[];

  static from(r: HouseholdOutOfPocketRow): HouseholdOutOfPocket {
    return Object.assign(new HouseholdOutOfPocket(), {
      householdId: r.household.id,
      householdNumber: r.household.householdNumber,
      regionCode: r.household.regionCode,
      year: r.year,
      totalCost: r.totalCost,
      householdPaid: r.householdPaid,
      outOfPocketRatio: r.ratio,
      stays: r.stays.map(HospitalStay.from),
    });
  }
}

@ObjectType({ description: connectionDescription('households over the out-of-pocket target') })
export class HouseholdOutOfPocketConnection extends ConnectionType(HouseholdOutOfPocket) {
  @Field(() => [ParameterValue], { description: 'The parameters used, each with its status (health.out_of_pocket_max at the year\'s end in the region asked).' })
  parametersUsed: ParameterValue[];
}

@ObjectType('HouseholdCatastrophicSpending', {
  description: "A household's year of out-of-pocket hospital spending against its income (灾难性医疗支出): what it paid, the registry's net income of the year, the ratio, and the stays behind them.",
})
export class HouseholdCatastrophicSpending {
  @Field(() => ID, { description: 'The household.' })
  householdId: string;

  @Field({ description: 'The household number (户编号).' })
  householdNumber: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => GraphQLDecimal, { description: 'Σ total cost of the stays discharged in the year, yuan.' })
  totalCost: string;

  @Field(() => GraphQLDecimal, { description: 'Σ household paid (个人自付) of those stays, yuan: the out-of-pocket spending.' })
  householdPaid: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: "The registry's net income (纯收入 = annual income − production costs) of the household for the year, yuan; null when none is recorded." })
  netIncome: string | null;

  @Field(() => String, { nullable: true, description: 'Σ household paid ÷ net income, 4 decimals; null when the income is missing or not above 0 (see incomeMissing).' })
  spendingToIncomeRatio: string | null;

  @Field({ description: 'No income recorded for the year, or a net income of 0 or less: the household is listed for any out-of-pocket spending, without a ratio.' })
  incomeMissing: boolean;

  @Field(() => [HospitalStay], { description: 'The stays discharged in the year, by discharge.' })
  stays: HospitalStay[];

  static from(r: HouseholdCatastrophicSpendingRow): HouseholdCatastrophicSpending {
    return Object.assign(new HouseholdCatastrophicSpending(), {
      householdId: r.household.id,
      householdNumber: r.household.householdNumber,
      regionCode: r.household.regionCode,
      year: r.year,
      totalCost: r.totalCost,
      householdPaid: r.householdPaid,
      netIncome: r.netIncome,
      spendingToIncomeRatio: r.ratio,
      incomeMissing: r.incomeMissing,
      stays: r.stays.map(HospitalStay.from),
    });
  }
}

@ObjectType({ description: connectionDescription('households with catastrophic health spending') })
export class HouseholdCatastrophicSpendingConnection extends ConnectionType(HouseholdCatastrophicSpending) {
  @Field(() => [ParameterValue], { description: "The parameters used, each with its status (health.catastrophic_spending_ratio at the year's end in the region asked)." })
  parametersUsed: ParameterValue[];
}
