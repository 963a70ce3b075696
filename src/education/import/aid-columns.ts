/**
 * The columns of a student aid roster (学生资助名册, import kind `education-aid`): one row per aid
 * record of a member, Chinese headers as the student-aid management centre (学生资助管理中心) writes
 * them (aliases where rosters commonly differ). The household is found by 户编号; the member among
 * its members by 成员身份证号 (its blind index, never the clear value), else by 成员姓名 (with
 * 与户主关系 where two share a name). A record is known by its member, 学年, 学期 and 资助项目.
 *
 * The amount is text here: the service checks it (not negative, at most 2 decimals:
 * INVALID_DECIMAL; other than the due amount without 金额不符原因: AID_AMOUNT_REASON_REQUIRED), with
 * the codes the mutations answer, reported under these columns.
 */
import { CodeListLike, columnTable, ImportColumn } from '../../common/imports/columns';
import { rosterMemberColumns } from '../../households/import/roster-member';
import { codeList } from '../../households/registry-codes';
import { TERM_CODES } from './enrolment-columns';

export type AidColumn = ImportColumn<'record' | 'none'>;
const C = (c: Omit<AidColumn, 'scope' | 'role'>): AidColumn => ({ role: 'stored', scope: 'record', ...c });

/** 资助项目 as the roster writes it: the AidProgramme values with the Chinese names their GraphQL descriptions give. */
export const PROGRAMME_CODES = codeList({
  PRESCHOOL_FEE_WAIVER: ['1', '学前教育保教费减免'],
  PRESCHOOL_LIVING: ['2', '学前教育生活补助'],
  COMPULSORY_LIVING: ['3', '义务教育寄宿生生活补助'],
  HIGH_SCHOOL_WAIVER: ['4', '普通高中免学杂费'],
  HIGH_SCHOOL_GRANT: ['5', '普通高中国家助学金'],
  VOCATIONAL_AID: ['6', '中职免学费、国家助学金'],
  COLLEGE_GRANT: ['7', '专科国家助学金'],
  UNIVERSITY_GRANT: ['8', '本科、研究生国家助学金'],
  STUDENT_LOAN: ['9', '生源地信用助学贷款'],
  YULU_PLAN: ['10', '雨露计划'],
});

export const AID_COLUMNS = columnTable<AidColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    ...rosterMemberColumns(['学生姓名', '受助学生姓名']).map(C),
    C({ header: '学年', aliases: ['学年度'], key: 'schoolYear', kind: 'int', required: true, min: 2010, max: 2100 }),
    C({ header: '学期', key: 'term', kind: 'code', list: TERM_CODES as unknown as CodeListLike, required: true }),
    C({ header: '资助项目', aliases: ['资助类别', '资助项目名称'], key: 'programme', kind: 'code', list: PROGRAMME_CODES as unknown as CodeListLike, required: true }),
    C({ header: '资助金额（元）', aliases: ['资助金额(元)', '资助金额', '发放金额'], key: 'amount', kind: 'text', required: true, maxLength: 20 }),
    C({ header: '发放日期', aliases: ['发放时间', '资助日期'], key: 'paidOn', kind: 'date' }),
    C({ header: '金额不符原因', aliases: ['金额差异原因'], key: 'amountReason', kind: 'text', maxLength: 500, verbatim: true }),
  ],
  // One row a record: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the aid service names (`input.amountReason` → 金额不符原因). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.memberId': 'idNumber',
  'input.id': 'idNumber',
  'input.schoolYear': 'schoolYear',
  'input.term': 'term',
  'input.programme': 'programme',
  'input.amount': 'amount',
  'input.paidOn': 'paidOn',
  'input.amountReason': 'amountReason',
};
