/**
 * The columns of the civil-affairs social-assistance roster (民政 低保 / 特困 / 临时救助 名册,
 * kind `social-assistance`): one row a person covered, keyed by the category, the ID number and
 * the start date.
 */
import { columnTable, ImportColumn } from '../../common/imports/columns';
import { SOCIAL_ASSISTANCE_CATEGORY_CODES } from '../social-assistance-rules';

const C = (c: Omit<ImportColumn, 'scope' | 'role'>): ImportColumn => ({ ...c, scope: 'record', role: 'stored' });

export const SOCIAL_ASSISTANCE_COLUMNS = columnTable(
  [
    C({ header: '救助类别', aliases: ['类别', '保障类别'], key: 'category', kind: 'code', list: SOCIAL_ASSISTANCE_CATEGORY_CODES, required: true }),
    C({ header: '民政户编号', aliases: ['户编号', '低保户编号', '家庭编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    C({ header: '所在村代码', aliases: ['村代码', '行政区划代码'], key: 'regionCode', kind: 'text', required: true, maxLength: 12 }),
    C({ header: '姓名', aliases: ['保障对象姓名', '成员姓名'], key: 'personName', kind: 'text', required: true, maxLength: 50, verbatim: true }),
    C({ header: '身份证号', aliases: ['身份证号码', '公民身份号码', '成员身份证号'], key: 'idNumber', kind: 'text', required: true, maxLength: 30, protected: true }),
    C({ header: '月救助金额（元）', aliases: ['月救助金额(元)', '月保障金额', '月救助金额'], key: 'monthlyAmount', kind: 'decimal', required: true, integerDigits: 10 }),
    C({ header: '低保标准（元/人/年）', aliases: ['低保标准(元/人/年)', '低保标准', '执行标准'], key: 'dibaoStandard', kind: 'decimal', integerDigits: 10 }),
    C({ header: '开始日期', aliases: ['享受起始日期', '起始日期'], key: 'startsOn', kind: 'date', required: true }),
    C({ header: '结束日期', aliases: ['享受终止日期', '终止日期', '退出日期'], key: 'endsOn', kind: 'date' }),
  ],
  // One row a record: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);
