import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { FactorAllocationLevel, FundAllocationRunEntity, FundAllocationRunLineEntity, FundFactorValueEntity } from './factor-allocation.entities';
import type { FactorAllocationInputs, FactorColumn, FactorData } from './factor-allocation.service';
import { FundAllocation } from './funds.models';

registerEnumType(FactorAllocationLevel, {
  name: 'FactorAllocationLevel',
  description: 'Which regions a factor allocation shares among.',
  valuesMap: {
    TOWN: { description: '乡镇: the towns of a district.' },
    VILLAGE: { description: '行政村: the villages of a town, or of all the towns of a district.' },
  },
});

const YEAR = { min: 2000, max: 2100 };
const SHARE_DIGITS = 10n;

/** A fraction as a decimal rounded down to 10 places (for reading; the exact fraction is beside it). */
function shareDecimal(num: bigint, den: bigint): string {
  const scaled = (num * 10n ** SHARE_DIGITS) / den;
  const t = scaled.toString().padStart(Number(SHARE_DIGITS) + 1, '0');
  return `${t.slice(0, -Number(SHARE_DIGITS))}.${t.slice(-Number(SHARE_DIGITS))}`;
}

@ObjectType('FundFactorValue', { description: '因素数据: the entered value of one factor (年度脱贫攻坚任务, 扶贫专项工作要求, 绩效评价结果) for a town or village and year.' })
export class FundFactorValue {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'The town or village (12-digit division code).' })
  regionCode: string;

  @Field({ description: 'A code of funds.allocation_factors as of the year.' })
  factor: string;

  @Field(() => GraphQLDecimal, { description: 'The value (a Decimal string, non-negative, up to 4 decimals).' })
  value: string;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from.' })
  note: string | null;

  @Field(() => Int, { description: 'Send it back to change the value; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the value was first entered (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the value last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: FundFactorValueEntity): FundFactorValue {
    return Object.assign(new FundFactorValue(), { ...e, value: e.value.includes('.') ? e.value.replace(/0+$/, '').replace(/\.$/, '') : e.value });
  }
}

@ObjectType('FundFactorCell', { description: 'One region\'s value of one factor.' })
export class FundFactorCell {
  @Field({ description: 'The town or village.' })
  regionCode: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The value; null when an entered factor has no value for the region (a run then refuses with FUND_FACTOR_VALUE_MISSING).' })
  value: string | null;

  @Field(() => ID, { nullable: true, description: 'The entered value\'s id (null for the registry\'s count or a missing value).' })
  valueId: string | null;

  @Field(() => Int, { nullable: true, description: 'The entered value\'s version (send it to setFundFactorValue to change it).' })
  version: number | null;

  @Field(() => String, { nullable: true, description: 'The entered value\'s note.' })
  note: string | null;
}

@ObjectType('FundFactorColumn', { description: 'One factor of funds.allocation_factors with its weight and its value in every region.' })
export class FundFactorColumn {
  @Field({ description: 'The factor (a code of funds.allocation_factors).' })
  factor: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Its weight from funds.allocation_weights (same position); null when the weights are not configured. The weights are UNVERIFIED placeholders (see parameters).' })
  weight: string | null;

  @Field({ description: 'REGISTRY: 建档立卡人口规模, counted from the registry (members on 31 December of households on the roll registered by the year); ENTERED: entered with setFundFactorValue.' })
  source: string;

  @Field(() => GraphQLDecimal, { description: 'Σ of the values present over the regions.' })
  sum: string;

  @Field(() => [FundFactorCell], { description: 'The value of every region, by region code.' })
  values: FundFactorCell[];

  static from(c: FactorColumn): FundFactorColumn {
    return Object.assign(new FundFactorColumn(), c);
  }
}

@ObjectType('FundFactorData', { description: '因素数据: every factor of the year for the towns or villages of a parent region, as a run would read it.' })
export class FundFactorData {
  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'The parent region.' })
  parentRegionCode: string;

  @Field(() => FactorAllocationLevel, { description: 'Towns or villages.' })
  level: FactorAllocationLevel;

  @Field({ description: 'The date the parameters are read on (31 December of the year).' })
  asOf: string;

  @Field(() => [String], { description: 'The regions, by code.' })
  regionCodes: string[];

  @Field(() => [FundFactorColumn], { description: 'The factors in the order of funds.allocation_factors.' })
  factors: FundFactorColumn[];

  @Field(() => [ParameterValue], { description: 'funds.allocation_factors and funds.allocation_weights as used, with source and status (the weights are UNVERIFIED: no published weights).' })
  parameters: ParameterValue[];

  static from(d: FactorData): FundFactorData {
    return Object.assign(new FundFactorData(), {
      year: d.year,
      parentRegionCode: d.parentRegionCode,
      level: d.level,
      asOf: d.asOf,
      regionCodes: d.regions.map((r) => r.code),
      factors: d.factors.map(FundFactorColumn.from),
      parameters: d.parameters.map(ParameterValue.from),
    });
  }
}

@ObjectType('FundAllocationRunLine', { description: 'One region\'s line of a factor allocation run.' })
export class FundAllocationRunLine {
  @Field({ description: 'The town or village.' })
  regionCode: string;

  @Field({ description: 'The exact share as a reduced fraction "numerator/denominator".' })
  share: string;

  @Field(() => GraphQLDecimal, { description: 'The share as a decimal rounded down to 10 places (for reading; the fraction is exact).' })
  shareDecimal: string;

  @Field(() => GraphQLDecimal, { description: 'The amount in yuan: the share of the total rounded down to the fen, plus one fen if the remainder step gave it.' })
  amount: string;

  @Field({ description: 'True when this line received one fen of the remainder (largest remainder, ties by region code).' })
  remainderFen: boolean;

  static from(l: FundAllocationRunLineEntity): FundAllocationRunLine {
    return Object.assign(new FundAllocationRunLine(), {
      regionCode: l.regionCode,
      share: `${l.shareNumerator}/${l.shareDenominator}`,
      shareDecimal: shareDecimal(BigInt(l.shareNumerator), BigInt(l.shareDenominator)),
      amount: l.amount,
      remainderFen: l.remainderFen,
    });
  }
}

@ObjectType('FundAllocationRun', { description: '因素分配测算: an amount shared among the towns or villages of a parent region by the weighted factors, with every input it used. Never changed; a re-run is the next runNumber.' })
export class FundAllocationRun {
  @Field(() => ID, { description: 'Unique id of the run (a UUID).' })
  id: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'The parent region whose towns or villages share the amount.' })
  parentRegionCode: string;

  @Field(() => FactorAllocationLevel, { description: 'Towns or villages.' })
  level: FactorAllocationLevel;

  @Field(() => Int, { description: 'The version of the run: 1, 2, … per year, parent region and level.' })
  runNumber: number;

  @Field(() => ID, { nullable: true, description: 'The fund document whose amount was shared; null when an amount was given.' })
  documentId: string | null;

  @Field(() => GraphQLDecimal, { description: 'The amount shared, in yuan; the lines sum exactly to it.' })
  amount: string;

  @Field({ description: 'The account that ran it.' })
  runBy: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was run (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field({ description: 'The date the parameters were read on.' })
  asOf: string;

  @Field({ description: 'The formula.' })
  formula: string;

  @Field({ description: 'The rounding rule (largest remainder, ties by region code).' })
  rounding: string;

  @Field(() => [FundFactorColumn], { description: 'The factors with their weights and every region\'s value, as used.' })
  factors: FundFactorColumn[];

  @Field(() => [ParameterValue], { description: 'funds.allocation_factors and funds.allocation_weights as used, with source and status: the weights are UNVERIFIED placeholders.' })
  parameters: ParameterValue[];

  @Field(() => Boolean, { description: 'True when a parameter used is not VERIFIED (the weights are placeholders): the run is a calculation on unverified weights.' })
  unverifiedParameters: boolean;

  @Field(() => [FundAllocationRunLine], { description: 'The lines, by region code.' })
  lines: FundAllocationRunLine[];

  @Field({ description: 'The whole computation in words: formula, weights with status, each factor\'s values and sum, each region\'s share and amount.' })
  explanation: string;

  static from(run: FundAllocationRunEntity, lines: FundAllocationRunLineEntity[]): FundAllocationRun {
    const inputs = run.inputs as unknown as FactorAllocationInputs;
    const out = Object.assign(new FundAllocationRun(), {
      id: run.id,
      year: run.year,
      parentRegionCode: run.parentRegionCode,
      level: run.level,
      runNumber: run.runNumber,
      documentId: run.documentId,
      amount: run.amount,
      runBy: run.runBy,
      createdAt: run.createdAt,
      asOf: inputs.asOf,
      formula: inputs.formula,
      rounding: inputs.rounding,
      factors: inputs.factors.map(FundFactorColumn.from),
      parameters: inputs.parameters.map(ParameterValue.from),
      unverifiedParameters: inputs.parameters.some((p) => p.status !== 'VERIFIED'),
      lines: lines.map(FundAllocationRunLine.from),
    });
    out.explanation = [
      `因素分配法 ${run.year} 年度，${run.parentRegionCode} 下${run.level === FactorAllocationLevel.TOWN ? '各乡镇' : '各行政村'}，第 ${run.runNumber} 次测算，总额 ${run.amount} 元${inputs.document ? `（指标文件 ${inputs.document.documentNumber}，可用 ${inputs.document.available} 元）` : ''}。`,
      `公式: ${inputs.formula}`,
      `舍入: ${inputs.rounding}`,
      ...inputs.parameters.map((p) => `参数 ${p.key}: ${p.stated ?? JSON.stringify(p.value)}（状态 ${p.status}，来源 ${p.source ?? '无'}${p.note ? `，${p.note}` : ''}）`),
      ...inputs.factors.map((f) => `因素 ${f.factor}（权重 ${f.weight}，${f.source === 'REGISTRY' ? '建档立卡数据统计' : '录入'}，合计 ${f.sum}）: ${f.values.map((v) => `${v.regionCode}=${v.value}`).join('; ')}`),
      ...out.lines.map((l) => `${l.regionCode}: 份额 ${l.share} ≈ ${l.shareDecimal}，金额 ${l.amount} 元${l.remainderFen ? '（含尾差 0.01 元）' : ''}`),
    ].join('\n');
    return out;
  }
}

@ObjectType('FundAllocationRunSummary', { description: 'A factor allocation run in a list (read the run with fundAllocationRun for its inputs and lines).' })
export class FundAllocationRunSummary {
  @Field(() => ID, { description: 'Unique id of the run.' })
  id: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'The parent region.' })
  parentRegionCode: string;

  @Field(() => FactorAllocationLevel, { description: 'Towns or villages.' })
  level: FactorAllocationLevel;

  @Field(() => Int, { description: 'The version of the run per year, parent region and level.' })
  runNumber: number;

  @Field(() => ID, { nullable: true, description: 'The fund document whose amount was shared.' })
  documentId: string | null;

  @Field(() => GraphQLDecimal, { description: 'The amount shared, in yuan.' })
  amount: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was run.' })
  createdAt: Date;

  static from(r: FundAllocationRunEntity): FundAllocationRunSummary {
    const { inputs: _inputs, runBy: _by, ...rest } = r;
    return Object.assign(new FundAllocationRunSummary(), rest);
  }
}

@ObjectType({ description: connectionDescription('factor allocation runs (因素分配测算), latest first') })
export class FundAllocationRunConnection extends ConnectionType(FundAllocationRunSummary) {}

@ObjectType('FundAllocationRunPayload', { description: 'The run just stored.' })
export class FundAllocationRunPayload {
  @Field(() => FundAllocationRun, { description: 'The run with its inputs, lines and explanation.' })
  fundAllocationRun: FundAllocationRun;
}

@ObjectType('FundAllocationRunAppliedPayload', { description: 'A factor allocation run applied: the allocations it became, one per line with a non-zero amount.' })
export class FundAllocationRunAppliedPayload {
  @Field(() => FundAllocationRun, { description: 'The run applied (unchanged).' })
  fundAllocationRun: FundAllocationRun;

  @Field(() => [FundAllocation], { description: 'The allocations written, by region code: each to its line\'s region, for exactly its amount, naming the run (runId).' })
  allocations: FundAllocation[];
}

@ObjectType('FundFactorValuePayload', { description: 'The factor value just stored.' })
export class FundFactorValuePayload {
  @Field(() => FundFactorValue, { description: 'The value as stored.' })
  fundFactorValue: FundFactorValue;
}

@InputType('SetFundFactorValueInput', { description: 'Enter or correct one factor value of a town or village for a year.' })
export class SetFundFactorValueInput {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field({ description: 'The town or village (12-digit division code).' })
  @Matches(REGION_CODE)
  regionCode: string;

  @Field({ description: 'A factor of funds.allocation_factors as of the year, other than 建档立卡人口规模 (counted from the registry).' })
  @IsString()
  @MaxLength(40)
  factor: string;

  @Field(() => GraphQLDecimal, { description: 'The value: a non-negative Decimal string with up to 4 decimals.' })
  @IsString()
  value: string;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from (optional).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version read: required to change an existing value, absent for a new one (else CONFLICT).' })
  @IsOptional()
  @IsInt()
  version?: number | null;
}

@InputType('RunFactorAllocationInput', { description: 'Share an amount among the towns or villages of a parent region by the factors of the year.' })
export class RunFactorAllocationInput {
  @Field(() => ID, { nullable: true, description: 'A fund document of the year received by the parent region\'s district: its available amount (amount − committed) is shared unless `amount` is given (then at most that).' })
  @IsOptional()
  @IsUUID()
  documentId?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The amount in yuan (Decimal string, 2 decimals at most); required without documentId.' })
  @IsOptional()
  @IsString()
  amount?: string | null;

  @Field(() => Int, { description: 'The year: the factors, weights and values of this year are used.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field({ description: 'The district (TOWN or VILLAGE) or town (VILLAGE) whose regions share the amount.' })
  @Matches(REGION_CODE)
  parentRegionCode: string;

  @Field(() => FactorAllocationLevel, { description: 'Towns or villages.' })
  @IsEnum(FactorAllocationLevel)
  level: FactorAllocationLevel;
}

@InputType({ description: 'Applies a factor allocation run of a fund document as allocations (资金分配), all or nothing.' })
export class ApplyFactorAllocationRunInput {
  @Field(() => ID, { description: 'The run: of a document (not an amount alone), the newest of that document\'s runs for its year, parent region and level, not applied before.' })
  @IsUUID()
  runId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The allocations\' date (not before the document\'s issue, not in the future).' })
  @IsString()
  allocatedOn: string;

  @Field({ description: 'What the money is for (用途), on every allocation.' })
  @IsString()
  @MaxLength(1000)
  purpose: string;
}

@ArgsType()
export class FundFactorDataArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field({ description: 'The parent region (a district, or a town for VILLAGE).' })
  @Matches(REGION_CODE)
  parentRegionCode: string;

  @Field(() => FactorAllocationLevel, { description: 'Towns or villages.' })
  @IsEnum(FactorAllocationLevel)
  level: FactorAllocationLevel;
}

@ArgsType()
export class FundAllocationRunsArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Only runs of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => FactorAllocationLevel, { nullable: true, description: 'Only runs among towns, or among villages.' })
  @IsOptional()
  @IsEnum(FactorAllocationLevel)
  level?: FactorAllocationLevel;

  @Field(() => ID, { nullable: true, description: 'Only runs of this fund document.' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @Field({ nullable: true, description: 'Only runs whose parent region lies within this region.' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;
}

@ArgsType()
export class FundAllocationRunArgs {
  @Field(() => ID, { description: 'The run\'s id.' })
  @IsUUID()
  id: string;
}
