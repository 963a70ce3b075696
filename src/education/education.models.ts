import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import type { ParameterValue as ParameterValueData } from '../parameters/parameters.service';
import { REGION_CODE } from '../regions/regions.args';
import { AidProgramme, SchoolStage, SchoolTerm } from './education-rules';
import { EducationAidRecordEntity, EnrolmentEntity } from './education.entities';

/** The school years a record may be of. */
export const SCHOOL_YEAR = { min: 2010, max: 2100 };
const SCHOOL_YEAR_TEXT = 'The school year, by the calendar year it starts in (2018: the school year 2018–2019).';
const REGION_FILTER = { nullable: true, description: "Only this region's subtree (12-digit division code)." };

registerEnumType(SchoolStage, {
  name: 'SchoolStage',
  description: '学段: the stage of schooling.',
  valuesMap: {
    PRESCHOOL: { description: '学前教育 (grades 1–3).' },
    PRIMARY: { description: '小学 (grades 1–6).' },
    JUNIOR: { description: '初中 (grades 1–3: 七至九年级).' },
    SENIOR_HIGH: { description: '普通高中 (grades 1–3).' },
    SECONDARY_VOCATIONAL: { description: '中等职业教育 (grades 1–3).' },
    HIGHER_VOCATIONAL: { description: '高等职业教育 / 专科 (grades 1–3).' },
    BACHELOR: { description: '本科 (grades 1–5).' },
    MASTER: { description: '硕士研究生 (grades 1–3).' },
    DOCTOR: { description: '博士研究生 (grades 1–6).' },
  },
});

registerEnumType(SchoolTerm, {
  name: 'SchoolTerm',
  description: '学期 of a school year (named by the calendar year it starts in).',
  valuesMap: {
    AUTUMN: { description: '秋季学期: from September.' },
    SPRING: { description: '春季学期: from March of the next calendar year.' },
    WHOLE_YEAR: { description: '全学年: both terms.' },
  },
});

registerEnumType(AidProgramme, {
  name: 'AidProgramme',
  description: '资助项目: the student aid programmes of RULES.md §4, each with its parameter (education.*).',
  valuesMap: {
    PRESCHOOL_FEE_WAIVER: { description: '学前教育保教费减免 (education.preschool.fee_waiver; PRESCHOOL).' },
    PRESCHOOL_LIVING: { description: '学前教育生活补助 (education.preschool.living; PRESCHOOL).' },
    COMPULSORY_LIVING: { description: '两免一补: 义务教育寄宿生生活补助 (education.compulsory_living.primary / .junior; PRIMARY, JUNIOR).' },
    HIGH_SCHOOL_WAIVER: { description: '普通高中免学杂费 (education.high_school_waiver: a rule in words, no amount; SENIOR_HIGH).' },
    HIGH_SCHOOL_GRANT: { description: '普通高中国家助学金 (education.high_school_grant; SENIOR_HIGH).' },
    VOCATIONAL_AID: { description: '中职免学费、国家助学金 (education.vocational: a rule in words, no amount; SECONDARY_VOCATIONAL).' },
    COLLEGE_GRANT: { description: '专科国家助学金 (education.college_grant; HIGHER_VOCATIONAL).' },
    UNIVERSITY_GRANT: { description: '本科、研究生国家助学金 (education.university_grant.bachelor / master / doctor).' },
    STUDENT_LOAN: { description: '生源地信用助学贷款 (education.student_loan: a rule in words; applied for, never a gap).' },
    YULU_PLAN: { description: '雨露计划 (education.yulu_subsidy; SECONDARY_VOCATIONAL, HIGHER_VOCATIONAL).' },
  },
});

/** The fields every record of the education module shares: the member, the region and department, the version. */
@ObjectType({ isAbstract: true })
export abstract class EducationMemberRecord {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The member (家庭成员).' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (EDUCATION): only its officers (and the offices) change the record.' })
  sector: Sector;

  @Field(() => Int, { description: "Send it back with the record's mutations; a stale version is a CONFLICT." })
  version: number;
}

/** A student's record of a school year and term. */
@ObjectType({ isAbstract: true })
abstract class StudentRecord extends EducationMemberRecord {
  @Field(() => Int, { description: SCHOOL_YEAR_TEXT })
  schoolYear: number;

  @Field(() => SchoolTerm, { description: 'The term (or the whole school year).' })
  term: SchoolTerm;
}

@ObjectType('Enrolment', {
  description: "学籍: a registered member enrolled in a school in a term of a school year: stage, school, grade, boarding, in or outside the province. Its region is the household's village; the education department (and the offices) keep it.",
})
export class Enrolment extends StudentRecord {
  @Field(() => SchoolStage, { description: '学段.' })
  stage: SchoolStage;

  @Field({ description: '学校: the school.' })
  school: string;

  @Field(() => Int, { description: 'The grade within the stage, from 1 (junior grade 1 is 七年级).' })
  grade: number;

  @Field({ description: '寄宿生.' })
  boarding: boolean;

  @Field({ description: '省外就读: the school lies outside the province.' })
  outsideProvince: boolean;

  @Field(() => String, { nullable: true, description: "Why the student's age lies outside the stage's ages (education.stage_ages); null when it does not." })
  ageReason: string | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the enrolment was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: EnrolmentEntity): Enrolment {
    return Object.assign(new Enrolment(), e);
  }
}

@ObjectType({ description: connectionDescription('enrolments (学籍)') })
export class EnrolmentConnection extends ConnectionType(Enrolment) {}

@ObjectType({ description: 'The result of an enrolment mutation (for a deletion: the enrolment as it was, no parameters).' })
export class EnrolmentPayload {
  @Field(() => Enrolment, { description: 'The enrolment.' })
  enrolment: Enrolment;

  @Field(() => [ParameterValue], { description: "The parameters the checks read, with their status: education.stage_ages (not in RULES.md: configured=false until the district enters the ages, and then no age check was made)." })
  parametersUsed: ParameterValue[];

  static of(e: EnrolmentEntity, used: readonly ParameterValueData[]): EnrolmentPayload {
    return { enrolment: Enrolment.from(e), parametersUsed: used.map(ParameterValue.from) };
  }
}

@ObjectType('EducationAidRecord', { description: "学生资助: the aid of a programme to an enrolled student for a term: due (by the parameters), paid, when. Its region is the household's village." })
export class EducationAidRecord extends StudentRecord {
  @Field(() => ID, { description: 'The enrolment of the term the aid is for.' })
  enrolmentId: string;

  @Field(() => AidProgramme, { description: '资助项目.' })
  programme: AidProgramme;

  @Field(() => GraphQLDecimal, {
    nullable: true,
    description: "Due by the programme's parameter as of the term's start in the village (yuan; the yearly amount for the whole year, half for a term); null where the parameter gives no amount or is not configured.",
  })
  dueAmount: string | null;

  @Field(() => GraphQLDecimal, { description: 'Paid (or waived), yuan (a Decimal string).' })
  amount: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was paid; null while not paid.' })
  paidOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why the amount differs from the due amount; null when it does not.' })
  amountReason: string | null;

  static from(e: EducationAidRecordEntity): EducationAidRecord {
    return Object.assign(new EducationAidRecord(), e);
  }
}

@ObjectType({ description: connectionDescription('student aid records (学生资助)') })
export class EducationAidRecordConnection extends ConnectionType(EducationAidRecord) {}

@ObjectType({ description: 'The result of an aid record mutation (for a deletion: the record as it was, no parameters).' })
export class EducationAidRecordPayload {
  @Field(() => EducationAidRecord, { description: 'The record.' })
  record: EducationAidRecord;

  @Field(() => [ParameterValue], { description: "The programme's parameter the due amount was read from, with its status (configured=false: no due amount, no comparison)." })
  parametersUsed: ParameterValue[];

  static of(e: EducationAidRecordEntity, used: readonly ParameterValueData[]): EducationAidRecordPayload {
    return { record: EducationAidRecord.from(e), parametersUsed: used.map(ParameterValue.from) };
  }
}

@ObjectType('StudentAidGap', { description: '应助未助: an enrolled registered student due programmes (by stage) with no record in the term, and the records the student has.' })
export class StudentAidGap {
  @Field(() => Enrolment, { description: "The student's enrolment in the term." })
  enrolment: Enrolment;

  @Field(() => [AidProgramme], { description: 'The due programmes without a record in the term (or the whole year).' })
  missingProgrammes: AidProgramme[];

  @Field(() => [EducationAidRecord], { description: "The student's aid records of the term (or the whole year)." })
  records: EducationAidRecord[];
}

@ObjectType({ description: connectionDescription('students without their due aid (应助未助)') })
export class StudentAidGapConnection extends ConnectionType(StudentAidGap) {}

@ArgsType()
export class EducationRecordArgs {
  @Field(() => ID, { description: 'Id (UUID) of the record.' })
  @IsUUID()
  id: string;
}

/** The filters both lists of student records take: a member, a household, a school year, a region's subtree. */
@ArgsType()
abstract class StudentRecordsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only this member's records." })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @Field(() => ID, { nullable: true, description: "Only this household's members' records." })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => Int, { nullable: true, description: 'Only this school year.' })
  @IsOptional()
  @IsInt()
  @Min(SCHOOL_YEAR.min)
  @Max(SCHOOL_YEAR.max)
  schoolYear?: number;

  @Field(() => String, REGION_FILTER)
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class EnrolmentsArgs extends StudentRecordsArgs {
  @Field(() => SchoolStage, { nullable: true, description: 'Only this stage.' })
  @IsOptional()
  @IsEnum(SchoolStage)
  stage?: SchoolStage;
}

@ArgsType()
export class EducationAidRecordsArgs extends StudentRecordsArgs {
  @Field(() => AidProgramme, { nullable: true, description: 'Only this programme.' })
  @IsOptional()
  @IsEnum(AidProgramme)
  programme?: AidProgramme;
}

@ArgsType()
export class StudentsWithoutDueAidArgs extends ConnectionArgs {
  @Field(() => Int, { description: SCHOOL_YEAR_TEXT })
  @IsInt()
  @Min(SCHOOL_YEAR.min)
  @Max(SCHOOL_YEAR.max)
  year: number;

  @Field(() => SchoolTerm, { description: 'The term asked about (WHOLE_YEAR: enrolments of either term; a record of either term counts).' })
  @IsEnum(SchoolTerm)
  term: SchoolTerm;

  @Field(() => String, REGION_FILTER)
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@InputType({ description: "A member's enrolment in a term." })
export class CreateEnrolmentInput {
  @Field(() => ID, { description: 'The member: current, in your write scope.' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: SCHOOL_YEAR_TEXT })
  @IsInt()
  @Min(SCHOOL_YEAR.min)
  @Max(SCHOOL_YEAR.max)
  schoolYear: number;

  @Field(() => SchoolTerm, { description: 'The term, or WHOLE_YEAR; a term overlapping another enrolment of the member is refused (ENROLMENT_TERM_OVERLAP).' })
  @IsEnum(SchoolTerm)
  term: SchoolTerm;

  @Field(() => SchoolStage, { description: '学段.' })
  @IsEnum(SchoolStage)
  stage: SchoolStage;

  @Field({ description: '学校.' })
  @IsString()
  @MaxLength(200)
  school: string;

  @Field(() => Int, { description: 'The grade within the stage, from 1 (ENROLMENT_GRADE_OUTSIDE_STAGE beyond its grades).' })
  @IsInt()
  grade: number;

  @Field(() => Boolean, { nullable: true, description: '寄宿生 (default false).' })
  @IsOptional()
  @IsBoolean()
  boarding?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '省外就读 (default false).' })
  @IsOptional()
  @IsBoolean()
  outsideProvince?: boolean | null;

  @Field(() => String, { nullable: true, description: "Why the student's age (on 31 August of the school year) lies outside the stage's ages: without it such an enrolment is refused (STUDENT_AGE_OUTSIDE_STAGE)." })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  ageReason?: string | null;
}

@InputType({ description: 'Corrects an enrolment (not its member, year or term: delete it and record another). Omitted fields keep their value.' })
export class UpdateEnrolmentInput extends RecordVersionInput {
  @Field(() => SchoolStage, { nullable: true, description: 'Corrected stage (refused while aid records rest on the enrolment: ENROLMENT_HAS_AID).' })
  @IsOptional()
  @IsEnum(SchoolStage)
  stage?: SchoolStage;

  @Field(() => String, { nullable: true, description: 'Corrected school.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  school?: string;

  @Field(() => Int, { nullable: true, description: 'Corrected grade.' })
  @IsOptional()
  @IsInt()
  grade?: number;

  @Field(() => Boolean, { nullable: true, description: 'Corrected boarding.' })
  @IsOptional()
  @IsBoolean()
  boarding?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Corrected in or outside the province.' })
  @IsOptional()
  @IsBoolean()
  outsideProvince?: boolean;

  @Field(() => String, { nullable: true, description: 'Corrected age reason; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  ageReason?: string | null;
}

@InputType({ description: 'Deletes an enrolment entered in error (refused while aid records rest on it), with the reason.' })
export class DeleteEnrolmentInput extends RecordDeletionInput {}

@InputType({ description: "A programme's aid to a student for a term." })
export class CreateEducationAidRecordInput {
  @Field(() => ID, { description: 'The student: a current member in your write scope, enrolled in the term (AID_WITHOUT_ENROLMENT) at a stage of the programme (AID_PROGRAMME_NOT_FOR_STAGE).' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: SCHOOL_YEAR_TEXT })
  @IsInt()
  @Min(SCHOOL_YEAR.min)
  @Max(SCHOOL_YEAR.max)
  schoolYear: number;

  @Field(() => SchoolTerm, { description: 'The term, or WHOLE_YEAR; a second record of the programme in an overlapping term is refused (AID_DUPLICATE).' })
  @IsEnum(SchoolTerm)
  term: SchoolTerm;

  @Field(() => AidProgramme, { description: '资助项目.' })
  @IsEnum(AidProgramme)
  programme: AidProgramme;

  @Field(() => GraphQLDecimal, { description: 'Paid (or waived), yuan: not negative, at most 2 decimals.' })
  @IsString()
  amount: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was paid; omit while not paid.' })
  @IsOptional()
  @IsString()
  paidOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the amount differs from the due amount: without it such an amount is refused (AID_AMOUNT_REASON_REQUIRED).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  amountReason?: string | null;
}

@InputType({ description: 'Corrects an aid record: amount, day paid, reason (checked again against the due amount recorded). Omitted fields keep their value.' })
export class UpdateEducationAidRecordInput extends RecordVersionInput {
  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected amount.' })
  @IsOptional()
  @IsString()
  amount?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected day paid; null: not paid.' })
  @IsOptional()
  @IsString()
  paidOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected reason; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  amountReason?: string | null;
}

@InputType({ description: 'Deletes an aid record entered in error, with the reason.' })
export class DeleteEducationAidRecordInput extends RecordDeletionInput {}
