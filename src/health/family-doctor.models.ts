import type { Type } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int, IntersectionType, ObjectType, OmitType, PartialType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { MemberEntity } from '../households/member.entity';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { FamilyDoctorContractEntity, FamilyDoctorFollowUpEntity } from './family-doctor.entity';
import { MemberRecordsArgs } from './health.args';

const DISEASE = 'The priority disease followed: a disease of health.family_doctor in force on the start (高血压, 糖尿病, 结核病, 严重精神障碍); null for none.';

@ObjectType('FamilyDoctorFollowUp', { description: '随访记录: a follow-up done under a family-doctor contract.' })
export class FamilyDoctorFollowUp {
  @Field(() => ID, { description: 'Unique id of the follow-up (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The contract.' })
  contractId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day of the follow-up (within the contract\'s period).' })
  followedOn: string;

  @Field({ description: 'What was done and found.' })
  note: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'Send it back with removeFollowUp; a stale version is a CONFLICT.' })
  version: number;

  static from(e: FamilyDoctorFollowUpEntity): FamilyDoctorFollowUp {
    return Object.assign(new FamilyDoctorFollowUp(), e);
  }
}

@ObjectType('FamilyDoctorContract', {
  description: "家庭医生签约: a member's contract with a family doctor, its priority disease and the follow-ups due and done. Its region is the household's village; the health department (and the offices) keep it.",
})
export class FamilyDoctorContract {
  @Field(() => ID, { description: 'Unique id of the contract (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The member (家庭成员) under contract.' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: "The family doctor's name." })
  doctor: string;

  @Field({ description: 'The clinic or team (乡镇卫生院, 村卫生室…).' })
  clinic: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day of the contract.' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day; null while it runs.' })
  endsOn: string | null;

  @Field(() => String, { nullable: true, description: DISEASE })
  priorityDisease: string | null;

  @Field(() => Int, { description: 'The follow-ups agreed over the period (应随访次数).' })
  followUpsDue: number;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (HEALTH).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateFamilyDoctorContract or deleteFamilyDoctorContract; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the contract was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: FamilyDoctorContractEntity): FamilyDoctorContract {
    return Object.assign(new FamilyDoctorContract(), e);
  }
}

@ObjectType({ description: connectionDescription('family-doctor contracts (家庭医生签约)') })
export class FamilyDoctorContractConnection extends ConnectionType(FamilyDoctorContract) {}

@ObjectType({ description: 'The result of a family-doctor contract mutation.' })
export class FamilyDoctorContractPayload {
  @Field(() => FamilyDoctorContract, { description: 'The contract as stored (for a deletion: as it was).' })
  contract: FamilyDoctorContract;

  @Field(() => [ParameterValue], { description: 'The parameters the checks read, each with its status (health.family_doctor when a priority disease is given).' })
  parametersUsed: ParameterValue[];
}

@ObjectType({ description: 'The result of a follow-up mutation.' })
export class FamilyDoctorFollowUpPayload {
  @Field(() => FamilyDoctorFollowUp, { description: 'The follow-up as stored (for a removal: as it was).' })
  followUp: FamilyDoctorFollowUp;
}

@ArgsType()
export class FamilyDoctorContractsArgs extends MemberRecordsArgs {
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Only contracts running on this day.' })
  @IsOptional()
  @IsString()
  activeOn?: string;

  @Field(() => String, { nullable: true, description: 'Only contracts of this priority disease.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  priorityDisease?: string;
}

@ArgsType()
export class FamilyDoctorContractArgs {
  @Field(() => ID, { description: 'Id (UUID) of the contract.' })
  @IsUUID()
  id: string;
}

@InputType({ description: "A member's contract with a family doctor." })
export class CreateFamilyDoctorContractInput {
  @Field(() => ID, { description: 'The member: a current member in your write scope, in the household on the start.' })
  @IsUUID()
  memberId: string;

  @Field({ description: "The family doctor's name." })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  doctor: string;

  @Field({ description: 'The clinic or team.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  clinic: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day; the member has no other contract running in the period (FAMILY_DOCTOR_CONTRACT_OVERLAP).' })
  @IsString()
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day (not before the start); omit while it runs.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: DISEASE })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  priorityDisease?: string | null;

  @Field(() => Int, { nullable: true, description: 'The follow-ups agreed over the period (0–366; default 0).' })
  @IsOptional()
  @IsInt()
  followUpsDue?: number;
}

@InputType({ description: 'Corrections to a family-doctor contract (its member stays); send the version you read. Omitted fields are unchanged; endsOn and priorityDisease null clear them.' })
export class UpdateFamilyDoctorContractInput extends IntersectionType(RecordVersionInput as Type<RecordVersionInput>, PartialType(OmitType(CreateFamilyDoctorContractInput, ['memberId'] as const))) {}

@InputType({ description: 'Deletes a contract entered in error with its follow-ups, with the reason (the audit trail keeps them).' })
export class DeleteFamilyDoctorContractInput extends RecordDeletionInput {}

@InputType({ description: 'A follow-up done under a contract.' })
export class RecordFollowUpInput {
  @Field(() => ID, { description: 'The contract (in your write scope).' })
  @IsUUID()
  contractId: string;

  @Field(() => GraphQLLocalDateScalar, { description: "The day: within the contract's period (FOLLOW_UP_OUTSIDE_CONTRACT), not in the future." })
  @IsString()
  followedOn: string;

  @Field({ description: 'What was done and found.' })
  @IsString()
  @MaxLength(1000)
  note: string;
}

@InputType({ description: 'Removes a follow-up entered in error, with the reason (the audit trail keeps it).' })
export class RemoveFollowUpInput extends RecordDeletionInput {}

@ArgsType()
export class PriorityPatientsArgs extends ConnectionArgs {
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day asked about (members on it, contracts running on it); default today in China.' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ObjectType('PriorityPatient', { description: '应签尽签: a member whose registry health conditions (长期慢性病, 患有大病) make a priority patient, without a family-doctor contract running on the day asked.' })
export class PriorityPatient {
  @Field(() => ID, { description: 'The member.' })
  memberId: string;

  @Field({ description: "The member's name." })
  name: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => [String], { description: "The registry's health conditions of the member (HealthCondition codes)." })
  healthConditions: string[];

  static from(m: MemberEntity): PriorityPatient {
    return Object.assign(new PriorityPatient(), { memberId: m.id, name: m.name, householdId: m.householdId, regionCode: m.regionCode, healthConditions: [...m.health] });
  }
}

@ObjectType({ description: connectionDescription('priority patients without a family-doctor contract (应签尽签)') })
export class PriorityPatientConnection extends ConnectionType(PriorityPatient) {
  @Field(() => [ParameterValue], { description: 'The parameters used, each with its status (health.family_doctor on the day asked).' })
  parametersUsed: ParameterValue[];
}

