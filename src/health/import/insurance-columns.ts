/**
 * The columns of an insurance roster (参保台账, import kind `insurance`): one row per member, year
 * and layer, Chinese headers as the medical insurance bureau (医保) writes them (aliases where
 * rosters commonly differ). The household is found by 户编号; the member among its members by
 * 成员身份证号 (its blind index, never the clear value), else by 成员姓名 (with 与户主关系 where two
 * share a name); the layer is a code of health.insurance_layers in force for the year.
 */
import { columnTable, ImportColumn } from '../../common/imports/columns';
import { rosterMemberColumns } from '../../households/import/roster-member';

export type InsuranceColumn = ImportColumn<'record' | 'none'>;
const C = (c: Omit<InsuranceColumn, 'scope' | 'role'>): InsuranceColumn => ({ role: 'stored', scope: 'record', ...c });

export const INSURANCE_COLUMNS = columnTable<InsuranceColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    ...rosterMemberColumns(['参保人姓名']).map(C),
    C({ header: '年度', aliases: ['年份', '参保年度'], key: 'year', kind: 'int', required: true, min: 1900, max: 2999 }),
    C({ header: '险种', aliases: ['参保险种', '保障层级'], key: 'layer', kind: 'text', required: true, maxLength: 100 }),
    // Amounts: their bounds are the enrolment's rules (the service's checks), reported under these columns.
    // Blank: not stated, or no individual premium for the layer (大病保险, 医疗救助).
    C({ header: '个人缴费（元）', aliases: ['个人缴费(元)', '保费', '缴费金额'], key: 'premium', kind: 'decimal', required: false, integerDigits: 10 }),
    C({ header: '资助金额（元）', aliases: ['资助金额(元)', '资助参保金额', '财政资助'], key: 'subsidy', kind: 'decimal', required: false, integerDigits: 10 }),
  ],
  // One row a record: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the insurance service names (`input.premium` → 个人缴费（元）). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.memberId': 'idNumber',
  'input.id': 'idNumber',
  'input.year': 'year',
  'input.layer': 'layer',
  'input.premium': 'premium',
  'input.subsidy': 'subsidy',
};
