import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterStatus, ParameterType } from './parameter-types';
import { valueText } from './parameter-values';
import type { ParameterValue as ParameterValueData, WorkingDayDeadline as DeadlineData } from './parameters.service';
import { PolicyParameterEntity } from './policy-parameter.entity';
import { WorkingCalendarEntity } from './working-calendar.entity';

registerEnumType(ParameterType, {
  name: 'ParameterType',
  description: 'How a policy parameter\'s value is typed; `value` is its text form.',
  valuesMap: {
    AMOUNT: { description: 'Money, a decimal string with 2 decimals, e.g. "2995.00" (never a float).' },
    INTEGER: { description: 'A whole number (persons, projects, months).' },
    RATIO: { description: 'A ratio 0–1 as a decimal string, e.g. "0.92".' },
    FACTOR: { description: 'A positive multiplier that may exceed 1, e.g. "1.3".' },
    DAYS: { description: 'Calendar days (a whole number ≥ 1).' },
    WORKING_DAYS: { description: 'Working days by the working calendar (a whole number ≥ 1).' },
    BOOLEAN: { description: 'true or false.' },
    DATE: { description: 'A calendar date, YYYY-MM-DD.' },
    CODE: { description: 'One code or word, e.g. "Q4".' },
    CODE_LIST: { description: 'A JSON array of codes, in order.' },
    RATIOS: { description: 'Weights: a JSON object of label → decimal string, or an array of decimal strings.' },
    RULE: { description: 'A small structured rule, a JSON object ({"text": …} where stated in words).' },
  },
});

registerEnumType(ParameterStatus, {
  name: 'ParameterStatus',
  description: 'Whether a value can be relied on (RULES.md §0): badge UNVERIFIED and NOT_CONFIGURED wherever shown or used.',
  valuesMap: {
    SEED: { description: 'Stated in the seed (上脱贫组〔2018〕4号).' },
    VERIFIED: { description: 'In the cited document as published.' },
    UNVERIFIED: { description: 'A plausible default, another region\'s practice or a design choice, not confirmed.' },
    NOT_CONFIGURED: { description: 'No value known: rules that need it answer "not configured", never pass or fail on a zero.' },
  },
});

const REGION_CODE_OR_NATIONAL = /^(\d{12})?$/;

@ObjectType('ParameterValue', { description: 'A policy parameter as it applies on a date in a region: the version in force of the narrowest scope covering the region.' })
export class ParameterValue {
  @Field({ description: 'Key as in RULES.md, e.g. registry.poverty_line_national.' })
  key: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date asked about.' })
  asOf: string;

  @Field({ description: 'The region asked about (12 digits).' })
  regionCode: string;

  @Field({ description: 'False when no value is in force there and then, or the one in force is NOT_CONFIGURED: `value` is null, never read it as zero.' })
  configured: boolean;

  @Field(() => ID, { nullable: true, description: 'The version used (see parameterHistory); null when none is in force.' })
  versionId: string | null;

  @Field(() => ParameterType, { nullable: true, description: 'How the value is typed.' })
  type: ParameterType | null;

  @Field(() => String, { nullable: true, description: 'The value in its text form (see ParameterType); null when not configured.' })
  value: string | null;

  @Field(() => String, { nullable: true, description: 'Unit as in RULES.md, e.g. 元/人/年, ratio, days.' })
  unit: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'First day the version used is in force.' })
  effectiveFrom: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day it is in force; null when open-ended or none is in force.' })
  effectiveTo: string | null;

  @Field(() => String, { nullable: true, description: 'Scope of the version used: "" national, else the 12-digit code of its region; null when none is in force.' })
  scopeCode: string | null;

  @Field(() => String, { nullable: true, description: 'Where the value comes from (document, notice); null when not stated.' })
  source: string | null;

  @Field(() => ParameterStatus, { description: 'SEED, VERIFIED, UNVERIFIED, or NOT_CONFIGURED (also when no version is in force).' })
  status: ParameterStatus;

  @Field(() => String, { nullable: true, description: 'Note from RULES.md or entered with the version.' })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'The value as RULES.md states it (qualifiers such as ≥ kept) or as entered.' })
  stated: string | null;

  static from(v: ParameterValueData): ParameterValue {
    return Object.assign(new ParameterValue(), {
      key: v.key,
      asOf: v.asOf,
      regionCode: v.regionCode,
      configured: v.configured,
      versionId: v.id,
      type: v.type,
      value: valueText(v.value),
      unit: v.unit,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo,
      scopeCode: v.scopeCode,
      source: v.source,
      status: v.status,
      note: v.note,
      stated: v.stated,
    });
  }
}

@ObjectType({ description: connectionDescription('policy parameters in force (by key)') })
export class ParameterValueConnection extends ConnectionType(ParameterValue) {}

@ObjectType('ParameterVersion', { description: 'One version of a policy parameter: a value for one key, scope and period, kept after it is replaced or retired.' })
export class ParameterVersion {
  @Field(() => ID, { description: 'Unique id of the version (a UUID).' })
  id: string;

  @Field({ description: 'Key as in RULES.md.' })
  key: string;

  @Field({ description: 'Scope: "" national, else the 12-digit code of the region whose subtree it covers.' })
  scopeCode: string;

  @Field(() => ParameterType, { description: 'How the value is typed.' })
  type: ParameterType;

  @Field(() => String, { nullable: true, description: 'The value in its text form; null when NOT_CONFIGURED.' })
  value: string | null;

  @Field({ description: 'Unit as in RULES.md.' })
  unit: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day in force.' })
  effectiveFrom: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day in force; null = open-ended.' })
  effectiveTo: string | null;

  @Field(() => String, { nullable: true, description: 'Where the value comes from.' })
  source: string | null;

  @Field(() => ParameterStatus, { description: 'SEED, VERIFIED, UNVERIFIED or NOT_CONFIGURED.' })
  status: ParameterStatus;

  @Field(() => String, { nullable: true, description: 'Note.' })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'The value as stated in RULES.md or as entered.' })
  stated: string | null;

  @Field(() => String, { nullable: true, description: 'Why this version was entered; null for seeded rows.' })
  reason: string | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the version was entered (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When a later version replaced or retired it; null while current.' })
  supersededAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was replaced or retired.' })
  supersededReason: string | null;

  static from(e: PolicyParameterEntity): ParameterVersion {
    return Object.assign(new ParameterVersion(), {
      id: e.id,
      key: e.key,
      scopeCode: e.scopeCode,
      type: e.valueType,
      value: valueText(e.value),
      unit: e.unit,
      effectiveFrom: e.effectiveFrom,
      effectiveTo: e.effectiveTo,
      source: e.source,
      status: e.status,
      note: e.note,
      stated: e.stated,
      reason: e.reason,
      createdAt: e.createdAt,
      supersededAt: e.supersededAt,
      supersededReason: e.supersededReason,
    });
  }
}

@ObjectType('WorkingCalendar', { description: 'The working calendar of a year: Monday–Friday less statutory holidays, plus swapped working days (调休上班).' })
export class WorkingCalendar {
  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'Scope: "" national, else the 12-digit code of its region.' })
  scopeCode: string;

  @Field(() => [GraphQLLocalDateScalar], { description: 'Days off (statutory holidays).' })
  holidays: string[];

  @Field(() => [GraphQLLocalDateScalar], { description: 'Weekend days worked instead (调休上班).' })
  workdays: string[];

  @Field(() => String, { nullable: true, description: 'The notice it comes from.' })
  source: string | null;

  @Field(() => ParameterStatus, { description: 'Whether it was checked against the notice.' })
  status: ParameterStatus;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with a change; a stale one answers CONFLICT.' })
  version: number;

  static from(e: WorkingCalendarEntity): WorkingCalendar {
    return Object.assign(new WorkingCalendar(), {
      year: Number(e.year),
      scopeCode: e.scopeCode,
      holidays: e.holidays,
      workdays: e.workdays,
      source: e.source,
      status: e.status,
      version: e.version,
    });
  }
}

@ObjectType('WorkingDayDeadline', { description: 'A deadline counted in working days.' })
export class WorkingDayDeadline {
  @Field({ description: 'False when a year on the way has no working calendar: no date is guessed.' })
  configured: boolean;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The last day of the deadline; null when not configured.' })
  date: string | null;

  @Field(() => Int, { nullable: true, description: 'The year without a calendar, when not configured.' })
  missingYear: number | null;

  @Field(() => [WorkingCalendar], { description: 'The calendars used (with their status).' })
  calendars: WorkingCalendar[];

  static from(d: DeadlineData, used: WorkingCalendarEntity[]): WorkingDayDeadline {
    return Object.assign(new WorkingDayDeadline(), {
      configured: d.configured,
      date: d.configured ? d.date : null,
      missingYear: d.configured ? null : d.missingYear,
      calendars: used.map(WorkingCalendar.from),
    });
  }
}

@ArgsType()
export class ParameterArgs {
  @Field({ description: 'Key as in RULES.md, e.g. registry.poverty_line_national.' })
  @IsString()
  @MaxLength(120)
  key: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date the value applies on; default today (China time).' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @Field(() => String, { nullable: true, description: 'The region (12 digits) it applies in; default your home region.' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class ParametersArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only keys starting with this, e.g. "registry." (default: every key).' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  keyPrefix?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date the values apply on; default today (China time).' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @Field(() => String, { nullable: true, description: 'The region (12 digits) they apply in; default your home region.' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class ParameterHistoryArgs {
  @Field({ description: 'Key as in RULES.md.' })
  @IsString()
  @MaxLength(120)
  key: string;
}

@ArgsType()
export class WorkingCalendarArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  year: number;

  @Field(() => String, { nullable: true, description: 'The region (12 digits) whose calendar applies (its own, else the national one); default your home region.' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class WorkingDayDeadlineArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day the period starts from (not counted).' })
  @IsString()
  start: string;

  @Field(() => Int, { description: 'Working days allowed (1–3660).' })
  @IsInt()
  @Min(1)
  days: number;

  @Field(() => String, { nullable: true, description: 'The region (12 digits); default your home region.' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@InputType({ description: 'A new version of a policy parameter for one scope and period (issue #13).' })
export class SetParameterInput {
  @Field({ description: 'An existing key (as in RULES.md); unknown keys are refused.' })
  @IsString()
  @MaxLength(120)
  key: string;

  @Field(() => String, { nullable: true, description: 'Scope: the 12-digit code of the region whose subtree it covers; null or "" = national.' })
  @IsOptional()
  @Matches(REGION_CODE_OR_NATIONAL, { message: 'must be a 12-digit division code or empty (national)' })
  regionCode?: string | null;

  @Field({ description: 'The value in its text form for the key\'s type (see ParameterType), e.g. "3100.00", "0.92", "10", ["a","b"].' })
  @IsString()
  @MaxLength(4000)
  value: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day in force.' })
  @IsString()
  effectiveFrom: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day in force; omit for open-ended.' })
  @IsOptional()
  @IsString()
  effectiveTo?: string | null;

  @Field(() => String, { nullable: true, description: 'The document or notice the value comes from.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  source?: string | null;

  @Field(() => ParameterStatus, { description: 'VERIFIED when checked against the cited document, else UNVERIFIED (SEED for the plan\'s own figures).' })
  @IsEnum(ParameterStatus)
  status: ParameterStatus;

  @Field(() => ParameterType, { nullable: true, description: 'The type you expect; refused (WRONG_TYPE) when the key has another.' })
  @IsOptional()
  @IsEnum(ParameterType)
  type?: ParameterType | null;

  @Field(() => String, { nullable: true, description: 'The unit you expect; refused (WRONG_UNIT) when the key has another.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  unit?: string | null;

  @Field(() => String, { nullable: true, description: 'A note shown with the value.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  @Field({ description: 'Why the value is entered (audited).' })
  @IsString()
  @MaxLength(2000)
  reason: string;

  @Field(() => ID, { nullable: true, description: 'A current version of the same key and scope this one corrects (e.g. a NOT_CONFIGURED row being filled in): it is superseded, and kept in the history.' })
  @IsOptional()
  @IsUUID()
  replacesId?: string | null;
}

@InputType({ description: 'Retires a current parameter version: withdrawn, or ended on a day.' })
export class RetireParameterInput {
  @Field(() => ID, { description: 'The version (ParameterVersion.id).' })
  @IsUUID()
  id: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day it stays in force (a new version of the shortened period replaces it); omit to withdraw it entirely.' })
  @IsOptional()
  @IsString()
  effectiveTo?: string | null;

  @Field({ description: 'Why (audited).' })
  @IsString()
  @MaxLength(2000)
  reason: string;
}

@InputType({ description: 'The working calendar of a year, from the State Council notice.' })
export class SetWorkingCalendarInput {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  year: number;

  @Field(() => String, { nullable: true, description: 'Scope: null or "" national (the State Council\'s calendar), else a region\'s own.' })
  @IsOptional()
  @Matches(REGION_CODE_OR_NATIONAL, { message: 'must be a 12-digit division code or empty (national)' })
  regionCode?: string | null;

  @Field(() => [GraphQLLocalDateScalar], { description: 'Statutory days off of the year.' })
  @IsArray()
  @IsString({ each: true })
  holidays: string[];

  @Field(() => [GraphQLLocalDateScalar], { description: 'Weekend days worked instead (调休上班).' })
  @IsArray()
  @IsString({ each: true })
  workdays: string[];

  @Field(() => String, { nullable: true, description: 'The notice, e.g. 国办发明电〔2018〕15号.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  source?: string | null;

  @Field(() => ParameterStatus, { description: 'VERIFIED when checked against the notice, else UNVERIFIED.' })
  @IsEnum(ParameterStatus)
  status: ParameterStatus;

  @Field({ description: 'Why (audited).' })
  @IsString()
  @MaxLength(2000)
  reason: string;

  @Field(() => Int, { nullable: true, description: 'The version you read, when the year already has a calendar.' })
  @IsOptional()
  @IsInt()
  version?: number | null;
}

@ObjectType({ description: 'Result of setParameter.' })
export class SetParameterPayload {
  @Field(() => ParameterVersion, { description: 'The version entered.' })
  parameter: ParameterVersion;
}

@ObjectType({ description: 'Result of retireParameter.' })
export class RetireParameterPayload {
  @Field(() => ParameterVersion, { description: 'The version retired (now superseded).' })
  retired: ParameterVersion;

  @Field(() => ParameterVersion, { nullable: true, description: 'The version of the shortened period, when effectiveTo was given.' })
  replacement: ParameterVersion | null;
}

@ObjectType({ description: 'Result of setWorkingCalendar.' })
export class SetWorkingCalendarPayload {
  @Field(() => WorkingCalendar, { description: 'The calendar as stored.' })
  calendar: WorkingCalendar;
}
