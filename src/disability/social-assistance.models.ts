import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ParameterValue } from '../parameters/parameter.model';
import { Sector } from '../common/access/permissions';
import { FieldCipher } from '../common/crypto/field-cipher';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { defineLazyValue, maskedField } from '../common/protection/protected-field';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { Member } from '../households/member.model';
import type { TekunEligibilityRow } from './tekun.service';
import { SOCIAL_ASSISTANCE_ID_NUMBER } from './disability.declaration';
import { ReconciliationCaseStatus, ReconciliationKind, ReconciliationOwner, ReconciliationResolution, SocialAssistanceCaseEntity, SocialAssistanceCategory, SocialAssistanceRosterEntryEntity } from './social-assistance.entities';

registerEnumType(SocialAssistanceCategory, {
  name: 'SocialAssistanceCategory',
  description: 'What a civil-affairs social-assistance roster lists (社会救助, RULES.md §7).',
  valuesMap: {
    DIBAO: { description: '农村最低生活保障 (低保).' },
    TEKUN: { description: '特困人员救助供养 (特困).' },
    TEMPORARY: { description: '临时救助.' },
  },
});

@ObjectType('SocialAssistanceRosterEntry', {
  description:
    'A person on a civil-affairs social-assistance roster (低保, 特困, 临时救助), as imported (kind social-assistance). The ID number is masked; see revealPersonalData (SOCIAL_ASSISTANCE_ID_NUMBER). Its region is the village the roster places the household in; civil affairs (民政) keeps it.',
})
export class SocialAssistanceRosterEntry {
  @Field(() => ID, { description: 'Unique id of the roster entry (a UUID).' })
  id: string;

  @Field(() => SocialAssistanceCategory, { description: '救助类别.' })
  category: SocialAssistanceCategory;

  @Field({ description: '民政户编号: the civil-affairs household the person is covered in.' })
  civilHouseholdNumber: string;

  @Field({ description: '姓名.' })
  personName: string;

  @Field(() => String, { nullable: true, description: '身份证号, masked as the registry masks ID numbers.' })
  idNumber: string | null;

  @Field(() => GraphQLDecimal, { description: '月救助金额 (yuan per month, the person’s share as the roster lists it).' })
  monthlyAmount: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '低保标准 applied (元/人/年); null where the roster gives none.' })
  dibaoStandard: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'Covered from (享受起始日期).' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Covered until (inclusive); null while still covered.' })
  endsOn: string | null;

  @Field({ description: 'The village (12-digit division code).' })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (CIVIL_AFFAIRS).' })
  sector: Sector;

  @Field(() => Int, { description: 'Optimistic-lock version of the entry (a re-import that changes it raises it).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the entry was first imported (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the entry last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** The answer from the row: the ciphertext and blind index never leave; the ID number is masked when read. */
  static from(e: SocialAssistanceRosterEntryEntity, cipher: FieldCipher): SocialAssistanceRosterEntry {
    const { idNumberEnc: _enc, idNumberHash: _hash, ...rest } = e;
    const out = Object.assign(new SocialAssistanceRosterEntry(), rest);
    defineLazyValue(out, 'idNumber', () => maskedField(cipher, SOCIAL_ASSISTANCE_ID_NUMBER, e));
    return out;
  }
}

@ObjectType({ description: connectionDescription('social-assistance roster entries (低保, 特困, 临时救助)') })
export class SocialAssistanceRosterEntryConnection extends ConnectionType(SocialAssistanceRosterEntry) {}

@ArgsType()
export class SocialAssistanceRosterArgs extends ConnectionArgs {
  @Field(() => SocialAssistanceCategory, { nullable: true, description: 'Only this category.' })
  @IsOptional()
  @IsEnum(SocialAssistanceCategory)
  category?: SocialAssistanceCategory;

  @Field(() => String, { nullable: true, description: 'Only this civil-affairs household (民政户编号).' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  civilHouseholdNumber?: string;

  @Field(() => String, { nullable: true, description: "Only entries in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Only entries covering this day (started by it, not ended before it).' })
  @IsOptional()
  @IsString()
  coveredOn?: string;

  @Field(() => String, { nullable: true, description: 'Only the entries of the person with this ID number (looked up by its blind index, never stored or compared in clear).' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  idNumber?: string;
}

registerEnumType(ReconciliationKind, {
  name: 'SocialAssistanceCaseKind',
  description: 'A discrepancy of the reconciliation of the 低保 roster with the registry (§18, RULES.md §7 assistance.reconciliation), joined by the ID number\'s blind index.',
  valuesMap: {
    DIBAO_ONLY: { description: 'On the 低保 roster only (no registered member with the ID number): review for registration.' },
    REGISTRY_ONLY: { description: 'On the registry as 享受低保 but not on the 低保 roster covering the day: check 低保 eligibility.' },
    EXITED_ON_DIBAO: { description: 'On the 低保 roster in a registered household that has exited: allowed with policy, listed.' },
    ATTR_MISMATCH: { description: 'Registered as a 低保 poor household (低保贫困户) with no member on the 低保 roster.' },
  },
});
registerEnumType(ReconciliationOwner, {
  name: 'SocialAssistanceCaseOwner',
  description: 'Who works a reconciliation case.',
  valuesMap: { REGISTRY: { description: "The registry's officers of the village (建档立卡)." }, CIVIL_AFFAIRS: { description: 'Civil affairs (民政).' } },
});
registerEnumType(ReconciliationCaseStatus, {
  name: 'SocialAssistanceCaseStatus',
  description: 'Where a reconciliation case stands.',
  valuesMap: { OPEN: { description: 'To be worked.' }, RESOLVED: { description: 'Resolved; a re-run keeps it so unless the facts behind it changed.' } },
});
registerEnumType(ReconciliationResolution, {
  name: 'SocialAssistanceCaseResolution',
  description: 'How a reconciliation case was resolved.',
  valuesMap: { CORRECTED: { description: 'The data was corrected.' }, JUSTIFIED: { description: 'The discrepancy stands, with a reason.' }, REFERRED: { description: 'Referred to another department or level.' } },
});

@ObjectType('SocialAssistanceCase', { description: 'A discrepancy of the 低保 reconciliation in the queue: kind, subject, facts, owner and resolution. Region: the subject\'s village; civil affairs keeps it.' })
export class SocialAssistanceCase {
  @Field(() => ID, { description: 'Unique id of the case (a UUID).' })
  id: string;

  @Field(() => ReconciliationKind, { description: 'What does not agree.' })
  kind: ReconciliationKind;

  @Field(() => ID, { nullable: true, description: 'The registry member (REGISTRY_ONLY, EXITED_ON_DIBAO); null otherwise.' })
  memberId: string | null;

  @Field(() => ID, { nullable: true, description: 'The registered household (REGISTRY_ONLY, EXITED_ON_DIBAO, ATTR_MISMATCH); null for DIBAO_ONLY.' })
  householdId: string | null;

  @Field({ description: 'The facts found, as JSON text (roster entries with their versions, the member and household facts); no ID number.' })
  facts: string;

  @Field({ description: 'SHA-256 of the facts: a re-run reopens a resolved case only when it changes.' })
  factsDigest: string;

  @Field(() => ReconciliationOwner, { description: 'Who works it.' })
  owner: ReconciliationOwner;

  @Field(() => ReconciliationCaseStatus, { description: 'Open or resolved.' })
  status: ReconciliationCaseStatus;

  @Field(() => ReconciliationResolution, { nullable: true, description: 'How it was resolved; null while open.' })
  resolution: ReconciliationResolution | null;

  @Field(() => String, { nullable: true, description: 'The reason given (required for JUSTIFIED).' })
  resolutionReason: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was resolved; null while open.' })
  resolvedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Who resolved it (the account\'s name).' })
  resolvedByName: string | null;

  @Field({ description: 'Found by the latest run that covered its region.' })
  present: boolean;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day the latest run that found it reconciled as of.' })
  asOf: string;

  @Field({ description: "The subject's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'Send it back with resolveSocialAssistanceCase; a stale version is a CONFLICT.' })
  version: number;

  static from(e: SocialAssistanceCaseEntity): SocialAssistanceCase {
    const { subjectKey: _key, sector: _sector, createdAt: _c, updatedAt: _u, facts, ...rest } = e;
    return Object.assign(new SocialAssistanceCase(), rest, { facts: JSON.stringify(facts) });
  }
}

@ObjectType({ description: connectionDescription('reconciliation cases (低保 vs the registry)') })
export class SocialAssistanceCaseConnection extends ConnectionType(SocialAssistanceCase) {}

@ObjectType('SocialAssistanceCaseCounts', { description: 'Cases found by a run, by kind.' })
export class SocialAssistanceCaseCounts {
  @Field(() => Int, { description: 'On the 低保 roster only.' }) DIBAO_ONLY: number;
  @Field(() => Int, { description: 'On the registry as 享受低保 only.' }) REGISTRY_ONLY: number;
  @Field(() => Int, { description: 'Exited but still on 低保.' }) EXITED_ON_DIBAO: number;
  @Field(() => Int, { description: '低保贫困户 with no member on 低保.' }) ATTR_MISMATCH: number;
}

@ObjectType('SocialAssistanceReconciliation', { description: 'What a reconciliation run found and did.' })
export class SocialAssistanceReconciliation {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day reconciled as of (the roster entries covering it).' }) asOf: string;
  @Field({ description: 'The region reconciled (its subtree).' }) regionCode: string;
  @Field(() => Int, { description: 'People on both lists (the 低保 roster and a registered household not exited).' }) both: number;
  @Field(() => SocialAssistanceCaseCounts, { description: 'Cases found, by kind.' }) found: SocialAssistanceCaseCounts;
  @Field(() => Int, { description: 'Cases opened for the first time.' }) opened: number;
  @Field(() => Int, { description: 'Resolved cases reopened because the facts behind them changed.' }) reopened: number;
  @Field(() => Int, { description: 'Resolved cases found again with the same facts: kept resolved.' }) keptResolved: number;
  @Field(() => Int, { description: 'Cases of the region not found again (kept, present false).' }) gone: number;
}

@InputType({ description: 'Runs the reconciliation of the 低保 roster with the registry.' })
export class RunSocialAssistanceReconciliationInput {
  @Field(() => String, { nullable: true, description: "The region's subtree (12-digit division code); omitted: your region." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day (roster entries covering it); omitted: today.' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

@InputType({ description: 'Resolves a reconciliation case; send the version you read.' })
export class ResolveSocialAssistanceCaseInput extends RecordVersionInput {
  @Field(() => ReconciliationResolution, { description: 'How it was resolved.' })
  @IsEnum(ReconciliationResolution)
  resolution: ReconciliationResolution;

  @Field(() => String, { nullable: true, description: 'The reason (required for JUSTIFIED; at most 500 characters).' })
  @IsOptional()
  @IsString()
  reason?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was resolved (not after today); omitted: today.' })
  @IsOptional()
  @IsString()
  resolvedOn?: string;
}

@ArgsType()
export class SocialAssistanceCasesArgs extends ConnectionArgs {
  @Field(() => ReconciliationKind, { nullable: true, description: 'Only this kind.' })
  @IsOptional()
  @IsEnum(ReconciliationKind)
  kind?: ReconciliationKind;

  @Field(() => ReconciliationCaseStatus, { nullable: true, description: 'Only this status.' })
  @IsOptional()
  @IsEnum(ReconciliationCaseStatus)
  status?: ReconciliationCaseStatus;

  @Field(() => String, { nullable: true, description: "Only cases in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => Boolean, { nullable: true, description: 'Also the cases not found by the latest run (default false).' })
  @IsOptional()
  includeGone?: boolean;
}

/** A year's 低保 standard against the poverty line (checkDibaoAboveLine's statuses). */
export enum DibaoStandardStatus {
  ABOVE = 'ABOVE',
  NOT_ABOVE = 'NOT_ABOVE',
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}
registerEnumType(DibaoStandardStatus, {
  name: 'DibaoStandardStatus',
  description: 'The local rural 低保 standard against the poverty line applied (target.dibao_vs_line: above).',
  valuesMap: {
    ABOVE: { description: 'Above the line: the target is met.' },
    NOT_ABOVE: { description: 'At or below the line.' },
    NOT_CONFIGURED: { description: 'The standard or the line is not configured (missing names it): no verdict.' },
  },
});

/** Which poverty line a check applied, as the exit standard applies them. */
export enum PovertyLineSource {
  PROVINCIAL_EXIT_LINE = 'PROVINCIAL_EXIT_LINE',
  NATIONAL_LINE = 'NATIONAL_LINE',
}
registerEnumType(PovertyLineSource, {
  name: 'PovertyLineSource',
  description: 'The poverty line applied: the provincial exit line where entered, else the national line.',
  valuesMap: {
    PROVINCIAL_EXIT_LINE: { description: 'registry.exit_income_line (the province\'s exit income line), where entered.' },
    NATIONAL_LINE: { description: 'registry.poverty_line_national.' },
  },
});

@ObjectType('DibaoStandardCheck', { description: "A year's local rural 低保 standard against the applied poverty line (assistance.dibao_above_line, target.dibao_vs_line: above); NOT_CONFIGURED names what is missing." })
export class DibaoStandardCheck {
  @Field(() => Int, { description: 'The year (parameters in force on its last day).' }) year: number;
  @Field({ description: 'The region (12-digit division code).' }) regionCode: string;
  @Field(() => DibaoStandardStatus, { description: 'ABOVE (the target), NOT_ABOVE, or NOT_CONFIGURED.' }) status: DibaoStandardStatus;
  @Field(() => GraphQLDecimal, { nullable: true, description: 'assistance.dibao_rural_local (元/人/年); null when not configured.' }) standard: string | null;
  @Field(() => GraphQLDecimal, { nullable: true, description: 'The poverty line applied (元/人/年); null when none is configured.' }) line: string | null;
  @Field(() => PovertyLineSource, { nullable: true, description: 'PROVINCIAL_EXIT_LINE (registry.exit_income_line, where entered) or NATIONAL_LINE (registry.poverty_line_national), as the exit standard applies them; null when neither is configured.' }) lineSource: PovertyLineSource | null;
  @Field(() => [String], { description: 'The parameters not configured (NOT_CONFIGURED only).' }) missing: string[];
  @Field(() => [ParameterValue], { description: 'The parameter versions read, with their status (badge UNVERIFIED and NOT_CONFIGURED).' }) parametersUsed: ParameterValue[];
}

@ArgsType()
export class DibaoStandardCheckArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  year: number;

  @Field(() => String, { nullable: true, description: 'The region (12-digit division code); omitted: your region.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

/** 特困 verdicts, criteria and statuses as GraphQL enums (the rules' string unions, tekun-rules.ts). */
export enum TekunVerdictEnum {
  ELIGIBLE = "ELIGIBLE",
  NOT_ELIGIBLE = "NOT_ELIGIBLE",
  NOT_CONFIGURED = "NOT_CONFIGURED",
}
export enum TekunCriterionNameEnum {
  NO_LABOUR = "NO_LABOUR",
  NO_INCOME = "NO_INCOME",
  NO_ABLE_SUPPORTER = "NO_ABLE_SUPPORTER",
}
export enum TekunCriterionStatusEnum {
  MET = "MET",
  NOT_MET = "NOT_MET",
  NOT_CONFIGURED = "NOT_CONFIGURED",
  NO_DATA = "NO_DATA",
}

registerEnumType(TekunVerdictEnum, {
  name: "TekunVerdict",
  description: "特困 eligibility of a member in a year (RULES.md §7).",
  valuesMap: {
    ELIGIBLE: {
      description:
        "Every criterion met (no labour, no income, no able supporter).",
    },
    NOT_ELIGIBLE: { description: "At least one criterion not met." },
    NOT_CONFIGURED: {
      description:
        "None failed, but a parameter is not configured (or the registry holds no income of the year): no verdict can be given.",
    },
  },
});
registerEnumType(TekunCriterionNameEnum, {
  name: "TekunCriterionName",
  description: "A criterion of 特困 eligibility.",
  valuesMap: {
    NO_LABOUR: {
      description:
        "无劳动能力: age or disability per assistance.tekun_no_labour (a certificate valid on the day or the registry's 残疾类别/等级); past the age limit at school, kept while on the 特困 roster.",
    },
    NO_INCOME: {
      description:
        "无生活来源: the household's net income per head of the year, without its 低保 and 特困 transfers, at or below disability.tekun_no_income_max.",
    },
    NO_ABLE_SUPPORTER: {
      description:
        "无有能力的赡养、抚养、扶养人 in the household: no other member on the day with labour (not without labour by the list, not 丧失/无劳动力, not at school). Supporters outside the household are not known to the registry.",
    },
  },
});
registerEnumType(TekunCriterionStatusEnum, {
  name: "TekunCriterionStatus",
  description: "Whether a criterion is met.",
  valuesMap: {
    MET: { description: "Met." },
    NOT_MET: { description: "Not met." },
    NOT_CONFIGURED: { description: "A parameter it reads is not configured." },
    NO_DATA: {
      description:
        "The registry holds no income of the year for the household.",
    },
  },
});

@ObjectType("TekunCriterion", {
  description:
    "One criterion of 特困 eligibility for a member: met or not, what was found, and the parameter versions read with their status.",
})
export class TekunCriterion {
  @Field(() => TekunCriterionNameEnum, { description: "The criterion." })
  criterion: TekunCriterionNameEnum;
  @Field(() => TekunCriterionStatusEnum, {
    description: "Met, not met, not configured, or no data.",
  })
  status: TekunCriterionStatusEnum;
  @Field({
    description: "What was found, in words (Chinese, English in parentheses).",
  })
  detail: string;
  @Field(() => [ParameterValue], {
    description: "The parameter versions read, with their values and status.",
  })
  parametersUsed: ParameterValue[];
}

@ObjectType("TekunSupport", {
  description:
    "A member on the 特困 roster: the monthly support of the entries covering the day against assistance.tekun_support_min × the local rural 低保 standard (assistance.dibao_rural_local).",
})
export class TekunSupport {
  @Field(() => [ID], {
    description: "The 特困 roster entries covering the day.",
  })
  rosterEntryIds: string[];
  @Field(() => GraphQLDecimal, {
    description: "Their monthly support (元/月).",
  })
  monthlyAmount: string;
  @Field({
    description:
      "SUFFICIENT (12 × the monthly support at least ratio × the standard), BELOW, or NOT_CONFIGURED.",
  })
  status: string;
  @Field(() => GraphQLDecimal, {
    nullable: true,
    description: "ratio × the standard (元/年); null when not configured.",
  })
  requiredAnnual: string | null;
  @Field(() => GraphQLDecimal, {
    nullable: true,
    description:
      "The same a month, rounded up to the fen; null when not configured.",
  })
  requiredMonthly: string | null;
  @Field(() => [String], {
    description: "The parameters not configured (NOT_CONFIGURED only).",
  })
  missing: string[];
  @Field(() => [ParameterValue], {
    description: "The ratio and the standard read, with their status.",
  })
  parametersUsed: ParameterValue[];
}

@ObjectType("TekunEligibility", {
  description:
    "A registry member's 特困 eligibility in a year (RULES.md §7), as of the year's last day (today for this year), with the criteria, whether the member is on the 特困 roster (matched by blind index) and the support.",
})
export class TekunEligibility {
  @Field(() => Member, { description: "The member (protected values masked)." })
  member: Member;
  @Field(() => Int, { description: "The year." }) year: number;
  @Field(() => GraphQLLocalDateScalar, {
    description:
      "The day judged (parameters, age, certificates, roster, household as of it).",
  })
  asOf: string;
  @Field(() => TekunVerdictEnum, {
    description: "ELIGIBLE, NOT_ELIGIBLE or NOT_CONFIGURED.",
  })
  verdict: TekunVerdictEnum;
  @Field(() => [TekunCriterion], { description: "The three criteria." })
  criteria: TekunCriterion[];
  @Field({ description: "On the 特困 roster covering the day." })
  onTekunRoster: boolean;
  @Field(() => TekunSupport, {
    nullable: true,
    description:
      "For a member on the 特困 roster: the support against the required minimum; null otherwise.",
  })
  support: TekunSupport | null;

  static from(r: TekunEligibilityRow, cipher: FieldCipher): TekunEligibility {
    const support = r.support && {
      rosterEntryIds: r.support.rosterEntryIds,
      monthlyAmount: r.support.monthlyAmount,
      status: r.support.status,
      requiredAnnual:
        r.support.status === "NOT_CONFIGURED" ? null : r.support.requiredAnnual,
      requiredMonthly:
        r.support.status === "NOT_CONFIGURED"
          ? null
          : r.support.requiredMonthly,
      missing: r.support.status === "NOT_CONFIGURED" ? r.support.missing : [],
      parametersUsed: r.support.parametersUsed.map(ParameterValue.from),
    };
    return Object.assign(new TekunEligibility(), {
      member: Member.from(r.member, cipher),
      year: r.year,
      asOf: r.asOf,
      verdict: r.verdict as TekunVerdictEnum,
      criteria: r.criteria.map((c) => ({
        criterion: c.criterion as TekunCriterionNameEnum,
        status: c.status as TekunCriterionStatusEnum,
        detail: c.detail,
        parametersUsed: c.parametersUsed.map(ParameterValue.from),
      })),
      onTekunRoster: r.onTekunRoster,
      support,
    });
  }
}

@ObjectType({
  description: connectionDescription(
    "registry members with their 特困 eligibility",
  ),
})
export class TekunEligibilityConnection extends ConnectionType(
  TekunEligibility,
) {
  @Field(() => [ParameterValue], {
    description:
      "Every parameter read, each with its status (assistance.tekun_no_labour, disability.tekun_no_income_max, assistance.tekun_support_min, assistance.dibao_rural_local).",
  })
  parametersUsed: ParameterValue[];
}

@ArgsType()
export class TekunEligibilityArgs extends ConnectionArgs {
  @Field(() => Int, {
    description:
      "The year (judged as of its last day, or today for this year).",
  })
  @IsInt()
  year: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Only this region's subtree (12-digit division code); the parameters are read for it (omitted: your region).",
  })
  @IsOptional()
  @Matches(REGION_CODE, { message: "must be a 12-digit division code" })
  regionCode?: string;

  @Field(() => TekunVerdictEnum, {
    nullable: true,
    description: "Only members with this verdict.",
  })
  @IsOptional()
  @IsEnum(TekunVerdictEnum)
  verdict?: TekunVerdictEnum;
}
