import { SchoolingStatus } from '../households/registry-codes';

/** 学段: the stage of schooling an enrolment is in. */
export enum SchoolStage {
  PRESCHOOL = 'PRESCHOOL',
  PRIMARY = 'PRIMARY',
  JUNIOR = 'JUNIOR',
  SENIOR_HIGH = 'SENIOR_HIGH',
  SECONDARY_VOCATIONAL = 'SECONDARY_VOCATIONAL',
  HIGHER_VOCATIONAL = 'HIGHER_VOCATIONAL',
  BACHELOR = 'BACHELOR',
  MASTER = 'MASTER',
  DOCTOR = 'DOCTOR',
}

/**
 * 学期: the term of a school year (the school year named by the calendar year it starts in, in
 * September). An enrolment or an aid record of the whole school year covers both terms.
 */
export enum SchoolTerm {
  AUTUMN = 'AUTUMN',
  SPRING = 'SPRING',
  WHOLE_YEAR = 'WHOLE_YEAR',
}

/** 资助项目: the student aid programmes of RULES.md §4. */
export enum AidProgramme {
  PRESCHOOL_FEE_WAIVER = 'PRESCHOOL_FEE_WAIVER',
  PRESCHOOL_LIVING = 'PRESCHOOL_LIVING',
  COMPULSORY_LIVING = 'COMPULSORY_LIVING',
  HIGH_SCHOOL_WAIVER = 'HIGH_SCHOOL_WAIVER',
  HIGH_SCHOOL_GRANT = 'HIGH_SCHOOL_GRANT',
  VOCATIONAL_AID = 'VOCATIONAL_AID',
  COLLEGE_GRANT = 'COLLEGE_GRANT',
  UNIVERSITY_GRANT = 'UNIVERSITY_GRANT',
  STUDENT_LOAN = 'STUDENT_LOAN',
  YULU_PLAN = 'YULU_PLAN',
}

/**
 * How many years (grades) each stage has, and the registry's schooling status of each grade (the
 * exit standard's codes). Grades count from 1 within the stage (junior grade 1 is 七年级). This is
 * the structure of the school system, not a policy value.
 */
export const STAGE_GRADES: Record<SchoolStage, readonly SchoolingStatus[]> = {
  [SchoolStage.PRESCHOOL]: ['PRESCHOOL', 'PRESCHOOL', 'PRESCHOOL'],
  [SchoolStage.PRIMARY]: ['PRIMARY', 'PRIMARY', 'PRIMARY', 'PRIMARY', 'PRIMARY', 'PRIMARY'],
  [SchoolStage.JUNIOR]: ['GRADE_7', 'GRADE_8', 'GRADE_9'],
  [SchoolStage.SENIOR_HIGH]: ['SENIOR_1', 'SENIOR_2', 'SENIOR_3'],
  [SchoolStage.SECONDARY_VOCATIONAL]: ['VOCATIONAL_SECONDARY_1', 'VOCATIONAL_SECONDARY_2', 'VOCATIONAL_SECONDARY_3'],
  [SchoolStage.HIGHER_VOCATIONAL]: ['VOCATIONAL_TERTIARY_1', 'VOCATIONAL_TERTIARY_2', 'VOCATIONAL_TERTIARY_3'],
  [SchoolStage.BACHELOR]: ['TERTIARY', 'TERTIARY', 'TERTIARY', 'TERTIARY', 'TERTIARY'],
  [SchoolStage.MASTER]: ['TERTIARY', 'TERTIARY', 'TERTIARY'],
  [SchoolStage.DOCTOR]: ['TERTIARY', 'TERTIARY', 'TERTIARY', 'TERTIARY', 'TERTIARY', 'TERTIARY'],
};

/** The registry's schooling status of a stage and grade (a grade checked against STAGE_GRADES). */
export function schoolingStatusOf(stage: SchoolStage, grade: number): SchoolingStatus {
  return STAGE_GRADES[stage][grade - 1];
}

/**
 * A programme: the stages it is for, the parameter of its yearly amount for a stage (RULES.md
 * §4; a RULE-typed parameter states the aid in words and gives no amount), and whether an
 * enrolled student of those stages is due it (a loan is applied for, never a gap).
 */
export interface ProgrammeRule {
  stages: readonly SchoolStage[];
  key: (stage: SchoolStage) => string;
  due: boolean;
}

const one = (key: string) => () => key;

export const PROGRAMMES: Record<AidProgramme, ProgrammeRule> = {
  [AidProgramme.PRESCHOOL_FEE_WAIVER]: { stages: [SchoolStage.PRESCHOOL], key: one('education.preschool.fee_waiver'), due: true },
  [AidProgramme.PRESCHOOL_LIVING]: { stages: [SchoolStage.PRESCHOOL], key: one('education.preschool.living'), due: true },
  [AidProgramme.COMPULSORY_LIVING]: {
    stages: [SchoolStage.PRIMARY, SchoolStage.JUNIOR],
    key: (s) => (s === SchoolStage.PRIMARY ? 'education.compulsory_living.primary' : 'education.compulsory_living.junior'),
    due: true,
  },
  [AidProgramme.HIGH_SCHOOL_WAIVER]: { stages: [SchoolStage.SENIOR_HIGH], key: one('education.high_school_waiver'), due: true },
  [AidProgramme.HIGH_SCHOOL_GRANT]: { stages: [SchoolStage.SENIOR_HIGH], key: one('education.high_school_grant'), due: true },
  [AidProgramme.VOCATIONAL_AID]: { stages: [SchoolStage.SECONDARY_VOCATIONAL], key: one('education.vocational'), due: true },
  [AidProgramme.COLLEGE_GRANT]: { stages: [SchoolStage.HIGHER_VOCATIONAL], key: one('education.college_grant'), due: true },
  [AidProgramme.UNIVERSITY_GRANT]: {
    stages: [SchoolStage.BACHELOR, SchoolStage.MASTER, SchoolStage.DOCTOR],
    key: (s) => `education.university_grant.${s === SchoolStage.BACHELOR ? 'bachelor' : s === SchoolStage.MASTER ? 'master' : 'doctor'}`,
    due: true,
  },
  [AidProgramme.STUDENT_LOAN]: {
    stages: [SchoolStage.HIGHER_VOCATIONAL, SchoolStage.BACHELOR, SchoolStage.MASTER, SchoolStage.DOCTOR],
    key: one('education.student_loan'),
    due: false,
  },
  [AidProgramme.YULU_PLAN]: { stages: [SchoolStage.SECONDARY_VOCATIONAL, SchoolStage.HIGHER_VOCATIONAL], key: one('education.yulu_subsidy'), due: true },
};

/** The programmes an enrolled student of `stage` is due (a gap where no record exists). */
export function dueProgrammes(stage: SchoolStage): AidProgramme[] {
  return (Object.keys(PROGRAMMES) as AidProgramme[]).filter((p) => PROGRAMMES[p].due && PROGRAMMES[p].stages.includes(stage));
}

/** Two terms of one school year share a term (the whole year covers both). */
export function termsOverlap(a: SchoolTerm, b: SchoolTerm): boolean {
  return a === b || a === SchoolTerm.WHOLE_YEAR || b === SchoolTerm.WHOLE_YEAR;
}

/** The terms that overlap `term` (for SQL: `term = ANY(...)`). */
export function overlappingTerms(term: SchoolTerm): SchoolTerm[] {
  return (Object.values(SchoolTerm) as SchoolTerm[]).filter((t) => termsOverlap(t, term));
}

/**
 * The day the age is reckoned on and the parameters read as of for a school year: 31 August of
 * the calendar year it starts in (RULES.md §4, the dropout watch's reference day; the exit
 * standard counts ages on the same day).
 */
export function schoolYearReferenceDay(schoolYear: number): string {
  return `${schoolYear}-08-31`;
}

/** The parameter of the ages of each stage (declared by this module: not in RULES.md). */
export const STAGE_AGES_KEY = 'education.stage_ages';
/** The parameters of the dropout watch's ages (RULES.md §4: "watch ages 6–15 unverified"). */
export const WATCH_AGE_FROM_KEY = 'education.dropout_watch.age_from';
export const WATCH_AGE_TO_KEY = 'education.dropout_watch.age_to';
/** Whether a home-teaching arrangement (送教上门) counts as enrolled (RULES.md §4). */
export const HOME_TEACHING_KEY = 'education.home_teaching_counts_enrolled';

/**
 * The ages [from, to] of `stage` in the value of education.stage_ages (an object of stage → [from,
 * to]); null when the value does not give the stage (then no age check is made).
 */
export function stageAges(value: unknown, stage: SchoolStage): [number, number] | null {
  const range = (value as Record<string, unknown> | null)?.[stage];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n))) return null;
  return [range[0] as number, range[1] as number];
}

/** 劝返复学 case status. */
export enum ReturnCaseStatus {
  OPEN = 'OPEN',
  RETURNED = 'RETURNED',
  CLOSED = 'CLOSED',
}

/** A step of a return-to-school case: a visit, persuasion, the return (closes it as RETURNED), or closing it without return (with the reason). */
export enum ReturnCaseStepKind {
  VISIT = 'VISIT',
  PERSUASION = 'PERSUASION',
  RETURNED = 'RETURNED',
  CLOSED = 'CLOSED',
}
