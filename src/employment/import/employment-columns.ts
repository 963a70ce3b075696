/**
 * The columns of an employment roster (务工就业台账, import kind `employment`): one row per job of
 * a member in a year, Chinese headers as the human resources department (人社) writes them
 * (aliases where rosters commonly differ), the record's create input as cells. The household is
 * found by 户编号; the member among its members by 成员身份证号 (its blind index, never the clear
 * value), else by 成员姓名 (with 与户主关系 where two share a name); the employer, when it is an
 * implementing entity, by its unified social credit code; the channel is a code of the policy
 * parameter employment.channels in force in the year.
 */
import { CodeListLike, columnTable, ImportColumn } from '../../common/imports/columns';
import { rosterMemberColumns } from '../../households/import/roster-member';
import { CodeList, WorkPlace } from '../../households/registry-codes';

export type EmploymentColumn = ImportColumn<'record' | 'none'>;
const C = (c: Omit<EmploymentColumn, 'scope' | 'role'>): EmploymentColumn => ({ role: 'stored', scope: 'record', ...c });
const list = <K extends string>(l: CodeList<K>) => l as unknown as CodeListLike;

export const EMPLOYMENT_COLUMNS = columnTable<EmploymentColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    // The member: by ID number where the file has it; an export (which never reveals it) names the member instead.
    ...rosterMemberColumns(['务工人员姓名']).map(C),
    C({ header: '年度', aliases: ['年份', '台账年度'], key: 'year', kind: 'int', required: true, min: 1900, max: 2999 }),
    C({ header: '就业渠道', aliases: ['就业方式', '务工渠道'], key: 'channel', kind: 'text', required: true, maxLength: 100 }),
    C({ header: '务工地点', aliases: ['务工所在地', '就业地点'], key: 'place', kind: 'code', list: list(WorkPlace), required: true }),
    C({ header: '用工单位', aliases: ['用工单位名称', '就业单位'], key: 'employerName', kind: 'text', maxLength: 200, verbatim: true }),
    C({ header: '用工单位统一社会信用代码', aliases: ['统一社会信用代码', '信用代码'], key: 'employerCreditCode', kind: 'text', maxLength: 40 }),
    C({ header: '开始日期', aliases: ['务工开始日期', '起始日期'], key: 'startsOn', kind: 'date', required: true }),
    C({ header: '结束日期', aliases: ['务工结束日期', '终止日期'], key: 'endsOn', kind: 'date' }),
    // Months and income: their bounds are the record's rules (checkEmploymentTerms), reported under these columns.
    C({ header: '务工月数', aliases: ['务工时间（月）', '务工时间(月)', '务工月份数'], key: 'monthsWorked', kind: 'int', required: true }),
    C({ header: '月收入（元）', aliases: ['月收入(元)', '月收入', '月工资'], key: 'monthlyIncome', kind: 'decimal', required: true, integerDigits: 10 }),
    C({ header: '重叠原因', aliases: ['兼职说明'], key: 'overlapReason', kind: 'text', maxLength: 500, verbatim: true }),
    // 联系方式 (RULES.md employment.ledger_fields): protected; the export leaves it blank, and a blank cell keeps the stored phone.
    C({ header: '联系方式', aliases: ['联系电话', '手机号码'], key: 'contactPhone', kind: 'text', maxLength: 30, protected: true }),
  ],
  // One row a record: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the employment service names (`input.monthsWorked` → 务工月数). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.memberId': 'idNumber',
  'input.id': 'idNumber',
  'input.year': 'year',
  'input.channel': 'channel',
  'input.place': 'place',
  'input.employerEntityId': 'employerCreditCode',
  'input.employerName': 'employerName',
  'input.startsOn': 'startsOn',
  'input.endsOn': 'endsOn',
  'input.monthsWorked': 'monthsWorked',
  'input.monthlyIncome': 'monthlyIncome',
  'input.overlapReason': 'overlapReason',
  'input.contactPhone': 'contactPhone',
};
