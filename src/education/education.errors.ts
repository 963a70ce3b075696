import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the education module (`extensions.reason`). */
export const EducationReason = defineReasons('education', [
  'ENROLMENT_NOT_FOUND',
  'ENROLMENT_TERM_OVERLAP',
  'STUDENT_AGE_OUTSIDE_STAGE',
  'ENROLMENT_GRADE_OUTSIDE_STAGE',
  'EDUCATION_MEMBER_NOT_CURRENT',
  'AID_RECORD_NOT_FOUND',
  'AID_DUPLICATE',
  'AID_PROGRAMME_NOT_FOR_STAGE',
  'AID_WITHOUT_ENROLMENT',
  'AID_AMOUNT_REASON_REQUIRED',
  'ENROLMENT_HAS_AID',
  'HOME_TEACHING_NOT_FOUND',
  'HOME_TEACHING_EXISTS',
  'RETURN_CASE_NOT_FOUND',
  'RETURN_CASE_ALREADY_OPEN',
  'RETURN_CASE_NOT_OPEN',
  'RETURN_CASE_REASON_REQUIRED',
]);

const termWords = (schoolYear: number, term: string) => `${schoolYear}–${schoolYear + 1} 学年${term === 'AUTUMN' ? '秋季学期' : term === 'SPRING' ? '春季学期' : '全学年'}`;

/** Coded errors of the education module: Chinese message, English in parentheses. */
export const EducationErrors = {
  enrolmentNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '学籍记录不存在 (enrolment not found)', { reason: EducationReason.ENROLMENT_NOT_FOUND, field }),
  aidNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '资助记录不存在 (aid record not found)', { reason: EducationReason.AID_RECORD_NOT_FOUND, field }),
  outOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能登记管辖范围（或本部门）以外的学生记录 (outside your write scope: the education department and the offices keep student records)', {
      reason: CommonReason.REGION_OUT_OF_SCOPE,
      field,
    }),
  notCurrent: (field = 'input.memberId') =>
    AppError.badInput([{ field, reason: EducationReason.EDUCATION_MEMBER_NOT_CURRENT, message: '该成员不是本户在册成员（已迁出或死亡）(not a current member of the household)' }]),
  termOverlap: (other: { schoolYear: number; term: string }) =>
    AppError.badInput([
      { field: 'input.term', reason: EducationReason.ENROLMENT_TERM_OVERLAP, message: `该成员已有${termWords(other.schoolYear, other.term)}的学籍记录 (the member already has an enrolment in an overlapping term)` },
    ]),
  ageOutsideStage: (age: number, from: number, to: number) =>
    AppError.badInput([
      {
        field: 'input.ageReason',
        reason: EducationReason.STUDENT_AGE_OUTSIDE_STAGE,
        message: `学生 8 月 31 日 ${age} 周岁，不在该学段 ${from}–${to} 周岁内；须填写原因 (the student's age is outside the stage's ages: give ageReason)`,
      },
    ]),
  gradeOutsideStage: (grades: number) =>
    AppError.badInput([{ field: 'input.grade', reason: EducationReason.ENROLMENT_GRADE_OUTSIDE_STAGE, message: `年级须为 1 至 ${grades} (the stage has ${grades} grades)` }]),
  hasAid: (field: string) =>
    new AppError('CONFLICT', '该学籍已有资助记录，不能删除或改变学段；请先处理资助记录 (aid records rest on the enrolment: delete or correct them first)', {
      reason: EducationReason.ENROLMENT_HAS_AID,
      field,
    }),
  invalidValue: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message }]),
  invalidAmount: (field: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_DECIMAL, message: '金额须为非负数，最多两位小数 (an amount, not negative, with at most 2 decimals)' }]),
  duplicateAid: (other: { schoolYear: number; term: string }) =>
    new AppError('CONFLICT', `该学生${termWords(other.schoolYear, other.term)}已有此项目的资助记录 (a record of the programme in an overlapping term exists: a duplicate)`, {
      reason: EducationReason.AID_DUPLICATE,
      field: 'input.programme',
    }),
  programmeNotForStage: (stage: string) =>
    AppError.badInput([{ field: 'input.programme', reason: EducationReason.AID_PROGRAMME_NOT_FOR_STAGE, message: `该资助项目不适用于学段 ${stage} (the programme is not for the student's stage)` }]),
  withoutEnrolment: () =>
    AppError.badInput([{ field: 'input.term', reason: EducationReason.AID_WITHOUT_ENROLMENT, message: '该学生在此学期没有学籍记录；请先登记学籍 (no enrolment of the student in the term: record it first)' }]),
  amountReasonRequired: (due: string) =>
    AppError.badInput([
      { field: 'input.amountReason', reason: EducationReason.AID_AMOUNT_REASON_REQUIRED, message: `资助金额与标准 ${due} 元不同，须填写原因 (the amount differs from the parameter's: give amountReason)` },
    ]),
  homeTeachingNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '送教上门记录不存在 (home-teaching arrangement not found)', { reason: EducationReason.HOME_TEACHING_NOT_FOUND, field }),
  homeTeachingExists: () =>
    new AppError('CONFLICT', '该成员本学年已有送教上门记录 (the member already has a home-teaching arrangement in the school year)', { reason: EducationReason.HOME_TEACHING_EXISTS, field: 'input.schoolYear' }),
  caseNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '劝返复学案件不存在 (return-to-school case not found)', { reason: EducationReason.RETURN_CASE_NOT_FOUND, field }),
  caseAlreadyOpen: () =>
    new AppError('CONFLICT', '该成员已有未结的劝返复学案件 (the member has an open return-to-school case)', { reason: EducationReason.RETURN_CASE_ALREADY_OPEN, field: 'input.memberId' }),
  caseNotOpen: () => new AppError('CONFLICT', '该劝返复学案件已结 (the case is no longer open)', { reason: EducationReason.RETURN_CASE_NOT_OPEN, field: 'input.id' }),
  caseReasonRequired: () =>
    AppError.badInput([{ field: 'input.note', reason: EducationReason.RETURN_CASE_REASON_REQUIRED, message: '未复学而结案须填写原因 (closing a case without a return needs the reason)' }]),
  invalidPeriod: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_PERIOD, message }]),
};
