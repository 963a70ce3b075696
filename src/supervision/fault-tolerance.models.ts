import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import type { Permission } from '../common/access/permissions';
import { actionDescriptions, availableActions } from '../common/procedure/procedure';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { FAULT_TOLERANCE_ACTIONS, FAULT_TOLERANCE_PROCEDURE, FaultToleranceAction } from './fault-tolerance-procedure';
import { FaultToleranceDistinction, FaultToleranceFactor, FaultToleranceRequestEntity, FaultToleranceStage } from './fault-tolerance.entity';

registerEnumType(FaultToleranceStage, {
  name: 'FaultToleranceStage',
  description: 'Where a fault-tolerance request stands (申请→核实→认定→反馈).',
  valuesMap: Object.fromEntries(Object.values(FaultToleranceStage).map((s) => [s, { description: `${FAULT_TOLERANCE_PROCEDURE.stages[s].label}${FAULT_TOLERANCE_PROCEDURE.stages[s].final ? ' (final)' : ''}` }])),
});

registerEnumType(FaultToleranceDistinction, {
  name: 'FaultToleranceDistinction',
  description: 'The three distinctions (三个区分开来, supervision.fault_tolerance).',
  valuesMap: {
    INEXPERIENCE_VS_KNOWING: { description: '因缺乏经验、先行先试出现的失误错误，同明知故犯的违纪违法行为区分开来' },
    EXPLORATION_VS_DEFIANCE: { description: '尚无明确限制的探索性试验中的失误错误，同明令禁止后依然我行我素的违纪违法行为区分开来' },
    UNINTENDED_VS_SELF_INTEREST: { description: '为推动发展的无意过失，同为谋取私利的违纪违法行为区分开来' },
  },
});

registerEnumType(FaultToleranceFactor, {
  name: 'FaultToleranceFactor',
  description: 'A factor the verification weighs (supervision.fault_tolerance).',
  valuesMap: {
    MOTIVE: { description: '动机态度' }, CONDITIONS: { description: '客观条件' }, PROCEDURE: { description: '程序方法' },
    GRAVITY: { description: '性质程度' }, CONSEQUENCES: { description: '后果影响' }, RECOVERY: { description: '挽回损失' },
  },
});

export const FaultToleranceActionEnum = Object.fromEntries(FAULT_TOLERANCE_ACTIONS.map((a) => [a, a])) as { [K in FaultToleranceAction]: K };
registerEnumType(FaultToleranceActionEnum, {
  name: 'FaultToleranceAction',
  description: 'A step of a fault-tolerance request.',
  valuesMap: actionDescriptions(FAULT_TOLERANCE_PROCEDURE),
});

@ObjectType('FaultToleranceFactorAssessment', { description: 'The verification’s assessment of one factor.' })
export class FaultToleranceFactorAssessment {
  @Field(() => FaultToleranceFactor, { description: 'The factor.' })
  factor: FaultToleranceFactor;

  @Field({ description: 'The assessment.' })
  assessment: string;
}

@ObjectType('FaultToleranceRequest', { description: '容错申请: a request that a person or unit of an accountability case be excused or treated more lightly (§27).' })
export class FaultToleranceRequest {
  @Field(() => ID, { description: 'Unique id of the request.' })
  id: string;

  @Field(() => ID, { description: 'The accountability case.' })
  caseId: string;

  @Field({ description: 'Who asks: a person’s name or a unit of the case.' })
  applicant: string;

  @Field({ description: 'The grounds.' })
  grounds: string;

  @Field(() => [FaultToleranceDistinction], { description: 'The distinctions invoked.' })
  distinctions: FaultToleranceDistinction[];

  @Field(() => GraphQLLocalDateScalar, { description: 'The date requested.' })
  requestedOn: string;

  @Field(() => FaultToleranceStage, { description: 'Where it stands.' })
  stage: FaultToleranceStage;

  @Field(() => String, { nullable: true, description: '核实情况: the verification’s findings.' })
  verification: string | null;

  @Field(() => [FaultToleranceFactorAssessment], { description: 'The factors weighed, in the order of FaultToleranceFactor.' })
  factors: FaultToleranceFactorAssessment[];

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date verified.' })
  verifiedOn: string | null;

  @Field(() => String, { nullable: true, description: 'The decision: a code of supervision.fault_tolerance_decisions (免责, 从轻, 减轻, 不予容错).' })
  decision: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date decided.' })
  decidedOn: string | null;

  @Field(() => String, { nullable: true, description: '反馈: what was told to the applicant.' })
  feedback: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date fed back.' })
  fedBackOn: string | null;

  @Field(() => [FaultToleranceActionEnum], { description: 'The steps you may take now.' })
  availableActions: FaultToleranceAction[];

  @Field(() => Int, { description: 'Send it back with each step; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: FaultToleranceRequestEntity, held: ReadonlySet<Permission>): FaultToleranceRequest {
    return Object.assign(new FaultToleranceRequest(), {
      id: e.id, caseId: e.caseId, applicant: e.applicant, grounds: e.grounds, distinctions: e.distinctions, requestedOn: e.requestedOn, stage: e.stage,
      verification: e.verification, verifiedOn: e.verifiedOn, decision: e.decision, decidedOn: e.decidedOn, feedback: e.feedback, fedBackOn: e.fedBackOn,
      version: e.version, createdAt: e.createdAt,
      factors: Object.values(FaultToleranceFactor).filter((f) => e.factors[f] !== undefined).map((f) => ({ factor: f, assessment: e.factors[f]! })),
      availableActions: availableActions(FAULT_TOLERANCE_PROCEDURE, e.stage, held),
    });
  }
}

@ObjectType({ description: 'The result of a fault-tolerance mutation.' })
export class FaultToleranceRequestPayload {
  @Field(() => FaultToleranceRequest, { description: 'The request as stored.' })
  faultToleranceRequest: FaultToleranceRequest;
}

@InputType({ description: 'A fault-tolerance request for a person or unit of an accountability case.' })
export class RequestFaultToleranceInput {
  @Field(() => ID, { description: 'The accountability case (in your scope).' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'Who asks: a person’s name or a unit of the case.' })
  @IsString()
  @MaxLength(100)
  applicant: string;

  @Field({ description: 'The grounds.' })
  @IsString()
  @MaxLength(4000)
  grounds: string;

  @Field(() => [FaultToleranceDistinction], { description: 'The distinctions invoked (one at least).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsEnum(FaultToleranceDistinction, { each: true })
  distinctions: FaultToleranceDistinction[];

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date requested (not before the case was opened, not in the future); omitted: today.' })
  @IsOptional()
  @IsString()
  requestedOn?: string | null;
}

@InputType({ description: 'A factor weighed by the verification.' })
export class FaultToleranceFactorInput {
  @Field(() => FaultToleranceFactor, { description: 'The factor.' })
  @IsEnum(FaultToleranceFactor)
  factor: FaultToleranceFactor;

  @Field({ description: 'The assessment.' })
  @IsString()
  @MaxLength(2000)
  assessment: string;
}

@InputType({ description: 'A step of a fault-tolerance request: VERIFY (note, factors), DECIDE (decision), FEED_BACK (note).' })
export class FaultToleranceStepInput {
  @Field(() => ID, { description: 'Id of the request.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => FaultToleranceActionEnum, { description: 'The step.' })
  @IsIn(FAULT_TOLERANCE_ACTIONS)
  action: FaultToleranceAction;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date of the step (not before the previous one, not in the future); omitted: today.' })
  @IsOptional()
  @IsString()
  effectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: 'VERIFY: the verification’s findings; FEED_BACK: the feedback.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string | null;

  @Field(() => [FaultToleranceFactorInput], { nullable: true, description: 'VERIFY: the factors weighed.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => FaultToleranceFactorInput)
  factors?: FaultToleranceFactorInput[] | null;

  @Field(() => String, { nullable: true, description: 'DECIDE: a code of supervision.fault_tolerance_decisions in force on the date.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  decision?: string | null;
}
