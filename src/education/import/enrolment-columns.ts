/**
 * The columns of an enrolment roster (学籍名册, import kind `enrolments`): one row per enrolment
 * of a member in a term, Chinese headers as the education department (教育局) writes them. The
 * household is found by 户编号; the member among its members by 成员身份证号 (its blind index,
 * never the clear value), else by 成员姓名 (with 与户主关系 where two share a name).
 */
import { CodeListLike, columnTable, ImportColumn } from '../../common/imports/columns';
import { rosterMemberColumns } from '../../households/import/roster-member';
import { codeList } from '../../households/registry-codes';

export type EnrolmentColumn = ImportColumn<'record' | 'none'>;
const C = (c: Omit<EnrolmentColumn, 'scope' | 'role'>): EnrolmentColumn => ({ role: 'stored', scope: 'record', ...c });

/** 学期 as the roster writes it. */
export const TERM_CODES = codeList({ AUTUMN: ['1', '秋季学期'], SPRING: ['2', '春季学期'], WHOLE_YEAR: ['3', '全学年'] });
/** 学段 as the roster writes it. */
export const STAGE_CODES = codeList({
  PRESCHOOL: ['1', '学前教育'],
  PRIMARY: ['2', '小学'],
  JUNIOR: ['3', '初中'],
  SENIOR_HIGH: ['4', '普通高中'],
  SECONDARY_VOCATIONAL: ['5', '中职'],
  HIGHER_VOCATIONAL: ['6', '高职'],
  BACHELOR: ['7', '本科'],
  MASTER: ['8', '硕士研究生'],
  DOCTOR: ['9', '博士研究生'],
});

export const ENROLMENT_COLUMNS = columnTable<EnrolmentColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    ...rosterMemberColumns(['学生姓名']).map(C),
    C({ header: '学年', aliases: ['学年度'], key: 'schoolYear', kind: 'int', required: true, min: 2010, max: 2100 }),
    C({ header: '学期', key: 'term', kind: 'code', list: TERM_CODES as unknown as CodeListLike, required: true }),
    C({ header: '学段', aliases: ['就读学段'], key: 'stage', kind: 'code', list: STAGE_CODES as unknown as CodeListLike, required: true }),
    C({ header: '就读学校', aliases: ['学校', '学校名称'], key: 'school', kind: 'text', required: true, maxLength: 200, verbatim: true }),
    // The grade's bounds are the stage's (STAGE_GRADES), reported under this column.
    C({ header: '年级', key: 'grade', kind: 'int', required: true }),
    C({ header: '是否寄宿', aliases: ['寄宿生'], key: 'boarding', kind: 'bool' }),
    C({ header: '是否省外就读', aliases: ['省外就读'], key: 'outsideProvince', kind: 'bool' }),
    C({ header: '年龄不符原因', key: 'ageReason', kind: 'text', maxLength: 500, verbatim: true }),
  ],
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the enrolments service names (`input.grade` → 年级). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.memberId': 'idNumber',
  'input.id': 'idNumber',
  'input.term': 'term',
  'input.stage': 'stage',
  'input.school': 'school',
  'input.grade': 'grade',
  'input.ageReason': 'ageReason',
};
