import { ArgsType, Field, ID, InputType, Int, IntersectionType, ObjectType, PartialType, registerEnumType } from '@nestjs/graphql';
import type { Type as ClassType } from '@nestjs/common';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { ChildRehabAidStatus, DisabilityCareMode, DisabilityServiceEntity, DisabilityServiceKind, DisabilityServiceNeedEntity, DisabilityServiceNeedStatus } from './services.entities';
import { ServiceTotalsRow } from './services.repository';

registerEnumType(DisabilityServiceKind, {
  name: 'DisabilityServiceKind',
  description: 'A kind of disability service (残疾人服务), read against disability.services (RULES.md §6).',
  valuesMap: {
    REHABILITATION: { description: '康复 (精准康复): rehabilitation training or treatment.' },
    ASSISTIVE_DEVICE: { description: '辅助器具适配: read against 精准康复, of which it is a basic service.' },
    HOME_ADAPTATION: { description: '无障碍改造: barrier-free adaptation of the home.' },
    CARE: { description: '托养/照料, centralised or at home: read against 集中托养/社会化照料.' },
  },
});
registerEnumType(DisabilityCareMode, {
  name: 'DisabilityCareMode',
  description: 'How care is given.',
  valuesMap: { CENTRALISED: { description: '集中托养: in an institution.' }, HOME: { description: '居家托养 / 社会化照料: at home.' } },
});
registerEnumType(DisabilityServiceNeedStatus, {
  name: 'DisabilityServiceNeedStatus',
  description: 'Where a service need stands.',
  valuesMap: { OPEN: { description: 'Open: no service delivered against it yet.' }, MET: { description: 'Met: a service was delivered against it.' }, WITHDRAWN: { description: 'Withdrawn (no longer needed).' } },
});
registerEnumType(ChildRehabAidStatus, {
  name: 'ChildRehabAidStatus',
  description: "A rehabilitation service's place in the children's rehabilitation aid (残疾儿童康复救助), decided when it is recorded.",
  valuesMap: {
    AIDED: { description: "A child at most disability.child_rehab_aid_max_age years old on the day, with disability.child_rehab_aid in force: aided (救助)." },
    NOT_CHILD: { description: 'Older than the age bound on the day.' },
    NOT_IN_FORCE: { description: 'disability.child_rehab_aid not in force (or false) on the day in the village (before 2018-10-01): an ordinary rehabilitation service.' },
    NOT_CONFIGURED: { description: 'The aid is in force but its age bound (disability.child_rehab_aid_max_age) is not configured: not decided, never guessed.' },
  },
});

@ObjectType('DisabilityServiceNeed', { description: "A disabled member's service need (残疾人服务需求): kind, care mode, the day assessed, what is needed, status. Region: the household's village; the disabled persons' federation keeps it." })
export class DisabilityServiceNeed {
  @Field(() => ID, { description: 'Unique id (a UUID).' }) id: string;
  @Field(() => ID, { description: 'The member (certified, or marked disabled in the registry).' }) memberId: string;
  @Field(() => ID, { description: "The member's household." }) householdId: string;
  @Field(() => DisabilityServiceKind, { description: 'The kind of service needed.' }) kind: DisabilityServiceKind;
  @Field(() => DisabilityCareMode, { nullable: true, description: 'Care only: centralised or at home.' }) careMode: DisabilityCareMode | null;
  @Field(() => GraphQLLocalDateScalar, { description: 'The day assessed (评估日期).' }) assessedOn: string;
  @Field({ description: 'What is needed.' }) description: string;
  @Field(() => DisabilityServiceNeedStatus, { description: 'Open, met or withdrawn.' }) status: DisabilityServiceNeedStatus;
  @Field({ description: "The household's village (12-digit division code)." }) regionCode: string;
  @Field(() => Int, { description: 'Send it back with updateDisabilityServiceNeed; a stale version is a CONFLICT.' }) version: number;
  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' }) createdAt: Date;
  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' }) updatedAt: Date;

  static from(e: DisabilityServiceNeedEntity): DisabilityServiceNeed {
    const { sector: _s, ...rest } = e;
    return Object.assign(new DisabilityServiceNeed(), rest);
  }
}

@ObjectType({ description: connectionDescription('disability service needs (残疾人服务需求)') })
export class DisabilityServiceNeedConnection extends ConnectionType(DisabilityServiceNeed) {}

@ObjectType({ description: connectionDescription('unmet disability service needs as of a day') })
export class UnmetDisabilityServiceNeedConnection extends ConnectionType(DisabilityServiceNeed, 'UnmetDisabilityServiceNeed') {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day the needs are unmet on.' })
  asOf: string;
}

@ObjectType('DisabilityService', {
  description:
    "A service delivered to a disabled member (残疾人服务), against a need or directly: the day, the provider, the kind's detail, cost and subsidy (exact decimals), and for rehabilitation its place in the children's rehabilitation aid. Region: the household's village; the disabled persons' federation keeps it.",
})
export class DisabilityService {
  @Field(() => ID, { description: 'Unique id (a UUID).' }) id: string;
  @Field(() => ID, { nullable: true, description: 'The need it meets, when recorded against one.' }) needId: string | null;
  @Field(() => ID, { description: 'The member served.' }) memberId: string;
  @Field(() => ID, { description: "The member's household." }) householdId: string;
  @Field(() => DisabilityServiceKind, { description: 'The kind of service.' }) kind: DisabilityServiceKind;
  @Field(() => GraphQLLocalDateScalar, { description: 'The day delivered.' }) deliveredOn: string;
  @Field({ description: 'Who delivered it (服务机构).' }) provider: string;
  @Field(() => String, { nullable: true, description: 'Rehabilitation: the programme (康复项目).' }) programme: string | null;
  @Field(() => Int, { nullable: true, description: 'Rehabilitation: the sessions given.' }) sessions: number | null;
  @Field(() => String, { nullable: true, description: 'Assistive device: its type.' }) deviceType: string | null;
  @Field(() => Int, { nullable: true, description: 'Assistive device: how many.' }) quantity: number | null;
  @Field(() => String, { nullable: true, description: 'Home adaptation: the items done.' }) adaptationItems: string | null;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Home adaptation: the day completed.' }) completedOn: string | null;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Home adaptation: the day accepted (验收); null until then.' }) acceptedOn: string | null;
  @Field(() => DisabilityCareMode, { nullable: true, description: 'Care: centralised or at home.' }) careMode: DisabilityCareMode | null;
  @Field(() => String, { nullable: true, description: 'Care: the institution or the organisation caring at home.' }) institution: string | null;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: "Care: the period's first day." }) periodStart: string | null;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: "Care: the period's last day; null while it goes on." }) periodEnd: string | null;
  @Field(() => GraphQLDecimal, { description: 'The cost, yuan (exact decimal).' }) cost: string;
  @Field(() => GraphQLDecimal, { description: 'The subsidy, yuan (exact decimal), not above the cost.' }) subsidy: string;
  @Field(() => ChildRehabAidStatus, { nullable: true, description: "Rehabilitation only: its place in the children's rehabilitation aid; null for other kinds." }) childRehabAid: ChildRehabAidStatus | null;
  @Field({ description: "The household's village (12-digit division code)." }) regionCode: string;
  @Field(() => Int, { description: 'Send it back with updateDisabilityService or deleteDisabilityService; a stale version is a CONFLICT.' }) version: number;
  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' }) createdAt: Date;
  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' }) updatedAt: Date;

  static from(e: DisabilityServiceEntity): DisabilityService {
    const { sector: _s, ...rest } = e;
    return Object.assign(new DisabilityService(), rest);
  }
}

@ObjectType({ description: connectionDescription('delivered disability services (残疾人服务)') })
export class DisabilityServiceConnection extends ConnectionType(DisabilityService) {}

@ObjectType({ description: 'The result of a service mutation.' })
export class DisabilityServicePayload {
  @Field(() => DisabilityService, { description: 'The service as stored (for a deletion: as it was).' })
  service: DisabilityService;

  @Field(() => DisabilityServiceNeed, { nullable: true, description: 'The need after the write (met by the service, or open again after a deletion), when it was recorded against one.' })
  need: DisabilityServiceNeed | null;

  @Field(() => [ParameterValue], { description: "The parameters read, each with its status: disability.services, and for rehabilitation disability.child_rehab_aid (and its age bound when in force)." })
  parametersUsed: ParameterValue[];
}

@ObjectType('DisabilityServiceTotals', { description: "A year's delivered services of a village and kind: counts and exact sums." })
export class DisabilityServiceTotals {
  @Field({ description: 'The village (12-digit division code).' }) regionCode: string;
  @Field(() => DisabilityServiceKind, { description: 'The kind of service.' }) kind: DisabilityServiceKind;
  @Field(() => Int, { description: 'Services delivered.' }) services: number;
  @Field(() => Int, { description: 'Members served (each counted once).' }) members: number;
  @Field(() => Int, { description: "Rehabilitation services aided under the children's rehabilitation aid (AIDED)." }) childRehabAid: number;
  @Field(() => GraphQLDecimal, { description: 'Sum of the costs, yuan (exact).' }) cost: string;
  @Field(() => GraphQLDecimal, { description: 'Sum of the subsidies, yuan (exact).' }) subsidy: string;

  static from(r: ServiceTotalsRow): DisabilityServiceTotals {
    return Object.assign(new DisabilityServiceTotals(), r);
  }
}

@InputType({ isAbstract: true })
class ServiceNeedFields {
  @Field(() => DisabilityServiceKind, { description: 'The kind of service needed.' })
  @IsEnum(DisabilityServiceKind)
  kind: DisabilityServiceKind;

  @Field(() => DisabilityCareMode, { nullable: true, description: 'Care: its mode (required for CARE, refused otherwise: SERVICE_DETAIL_MISMATCH).' })
  @IsOptional()
  @IsEnum(DisabilityCareMode)
  careMode?: DisabilityCareMode | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day assessed: not in the future; the member certified (a certificate valid on it) or marked disabled in the registry.' })
  @IsString()
  assessedOn: string;

  @Field({ description: 'What is needed, 1–500 characters.' })
  @IsString()
  @MaxLength(500)
  description: string;
}

@InputType({ description: "A disabled member's service need." })
export class CreateDisabilityServiceNeedInput extends ServiceNeedFields {
  @Field(() => ID, { description: 'The member: a current member in your write scope, certified or marked disabled (SERVICE_MEMBER_NOT_DISABLED otherwise).' })
  @IsUUID()
  memberId: string;
}

@InputType({ description: 'Corrections to a need, or its withdrawal or reopening; send the version you read. Omitted fields are unchanged.' })
export class UpdateDisabilityServiceNeedInput extends RecordVersionInput {
  @Field(() => DisabilityServiceKind, { nullable: true, description: 'The kind (not once a service was delivered against it).' })
  @IsOptional()
  @IsEnum(DisabilityServiceKind)
  kind?: DisabilityServiceKind;

  @Field(() => DisabilityCareMode, { nullable: true, description: 'Care: its mode.' })
  @IsOptional()
  @IsEnum(DisabilityCareMode)
  careMode?: DisabilityCareMode | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day assessed (not once a service was delivered against it).' })
  @IsOptional()
  @IsString()
  assessedOn?: string;

  @Field({ nullable: true, description: 'What is needed, 1–500 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @Field(() => DisabilityServiceNeedStatus, { nullable: true, description: 'WITHDRAWN, or OPEN to reopen (a need with a service stays MET); MET is refused (INVALID_VALUE): it comes from a delivered service.' })
  @IsOptional()
  @IsEnum(DisabilityServiceNeedStatus)
  status?: DisabilityServiceNeedStatus;
}

@InputType({ description: 'Rehabilitation: the programme and the sessions given.' })
export class RehabilitationDetailInput {
  @Field({ description: 'The programme (康复项目), 1–200 characters.' }) @IsString() @MaxLength(200) programme: string;
  @Field(() => Int, { description: 'Sessions given: at least 1 (INVALID_VALUE).' }) @IsInt() sessions: number;
}

@InputType({ description: 'Assistive device: its type and how many.' })
export class DeviceDetailInput {
  @Field({ description: 'The device type (轮椅, 助听器 …), 1–100 characters.' }) @IsString() @MaxLength(100) deviceType: string;
  @Field(() => Int, { description: 'How many: at least 1 (INVALID_VALUE).' }) @IsInt() quantity: number;
}

@InputType({ description: 'Home adaptation: the items, the day completed and the day accepted.' })
export class AdaptationDetailInput {
  @Field({ description: 'The items done, 1–500 characters.' }) @IsString() @MaxLength(500) items: string;
  @Field(() => GraphQLLocalDateScalar, { description: 'The day completed.' }) @IsString() completedOn: string;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day accepted (验收): not before completion (INVALID_PERIOD); omitted until then.' }) @IsOptional() @IsString() acceptedOn?: string | null;
}

@InputType({ description: 'Care: the mode, the institution and the period.' })
export class CareDetailInput {
  @Field(() => DisabilityCareMode, { description: "Centralised or at home (the need's mode, when recorded against a need)." }) @IsEnum(DisabilityCareMode) mode: DisabilityCareMode;
  @Field({ description: 'The institution or the organisation caring at home, 1–200 characters.' }) @IsString() @MaxLength(200) institution: string;
  @Field(() => GraphQLLocalDateScalar, { description: "The period's first day." }) @IsString() periodStart: string;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: "The period's last day: not before its start (INVALID_PERIOD); omitted while it goes on." }) @IsOptional() @IsString() periodEnd?: string | null;
}

@InputType({ isAbstract: true })
class ServiceFields {
  @Field(() => DisabilityServiceKind, { description: 'The kind: listed in disability.services in force on the day in the village (CODE_NOT_LISTED; no list: PARAMETER_NOT_CONFIGURED).' })
  @IsEnum(DisabilityServiceKind)
  kind: DisabilityServiceKind;

  @Field(() => GraphQLLocalDateScalar, { description: "The day delivered: not in the future, not before the need's assessment (INVALID_PERIOD)." })
  @IsString()
  deliveredOn: string;

  @Field({ description: 'Who delivered it, 1–200 characters.' })
  @IsString()
  @MaxLength(200)
  provider: string;

  @Field(() => GraphQLDecimal, { description: 'The cost, yuan: not negative, at most 2 decimals (INVALID_DECIMAL).' })
  @IsString()
  cost: string;

  @Field(() => GraphQLDecimal, { description: 'The subsidy, yuan: not negative, at most 2 decimals, not above the cost (SERVICE_SUBSIDY_ABOVE_COST).' })
  @IsString()
  subsidy: string;

  @Field(() => RehabilitationDetailInput, { nullable: true, description: 'REHABILITATION only.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RehabilitationDetailInput)
  rehabilitation?: RehabilitationDetailInput | null;

  @Field(() => DeviceDetailInput, { nullable: true, description: 'ASSISTIVE_DEVICE only.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeviceDetailInput)
  device?: DeviceDetailInput | null;

  @Field(() => AdaptationDetailInput, { nullable: true, description: 'HOME_ADAPTATION only.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdaptationDetailInput)
  adaptation?: AdaptationDetailInput | null;

  @Field(() => CareDetailInput, { nullable: true, description: 'CARE only.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CareDetailInput)
  care?: CareDetailInput | null;
}

@InputType({ description: "A service delivered to a disabled member, against a need or directly; exactly the kind's detail (SERVICE_DETAIL_MISMATCH otherwise)." })
export class CreateDisabilityServiceInput extends ServiceFields {
  @Field(() => ID, { nullable: true, description: 'The need it meets (its member and kind; not withdrawn); the need becomes MET.' })
  @IsOptional()
  @IsUUID()
  needId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The member, when not against a need: current, in your write scope, certified or marked disabled on the day.' })
  @IsOptional()
  @IsUUID()
  memberId?: string | null;
}

@InputType({ description: "Corrections to a service (its member and need stay); send the version you read. Omitted fields are unchanged; a new kind needs its own detail. Checked again as a new service." })
export class UpdateDisabilityServiceInput extends IntersectionType(RecordVersionInput as ClassType<RecordVersionInput>, PartialType(ServiceFields)) {}

@InputType({ description: 'Deletes a service entered in error, with the reason (the audit trail keeps it); a need it alone met is open again.' })
export class DeleteDisabilityServiceInput extends RecordDeletionInput {}

@ArgsType()
class ServiceListArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code); omitted: your region." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => DisabilityServiceKind, { nullable: true, description: 'Only this kind.' })
  @IsOptional()
  @IsEnum(DisabilityServiceKind)
  kind?: DisabilityServiceKind;
}

@ArgsType()
export class DisabilityServiceNeedsArgs extends ServiceListArgs {
  @Field(() => ID, { nullable: true, description: "Only this member's needs." }) @IsOptional() @IsUUID() memberId?: string;
  @Field(() => ID, { nullable: true, description: "Only this household's needs." }) @IsOptional() @IsUUID() householdId?: string;
  @Field(() => DisabilityServiceNeedStatus, { nullable: true, description: 'Only needs in this status.' }) @IsOptional() @IsEnum(DisabilityServiceNeedStatus) status?: DisabilityServiceNeedStatus;
}

@ArgsType()
export class UnmetDisabilityServiceNeedsArgs extends ServiceListArgs {
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day (default today): needs assessed by it, not withdrawn, without a service delivered against them by it.' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

@ArgsType()
export class DisabilityServicesArgs extends ServiceListArgs {
  @Field(() => ID, { nullable: true, description: "Only this member's services." }) @IsOptional() @IsUUID() memberId?: string;
  @Field(() => ID, { nullable: true, description: "Only this household's services." }) @IsOptional() @IsUUID() householdId?: string;
  @Field(() => ID, { nullable: true, description: 'Only the services against this need.' }) @IsOptional() @IsUUID() needId?: string;
  @Field(() => Int, { nullable: true, description: 'Only services delivered in this year.' }) @IsOptional() @IsInt() @Min(2010) @Max(2100) year?: number;
}

@ArgsType()
export class DisabilityServiceTotalsArgs {
  @Field(() => Int, { description: 'The year delivered (2010–2100).' }) @IsInt() @Min(2010) @Max(2100) year: number;
  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code); omitted: your region." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
  @Field(() => DisabilityServiceKind, { nullable: true, description: 'Only this kind.' }) @IsOptional() @IsEnum(DisabilityServiceKind) kind?: DisabilityServiceKind;
}

@ArgsType()
export class ServiceIdArgs {
  @Field(() => ID, { description: 'Id (UUID) of the record.' })
  @IsUUID()
  id: string;
}
