/**
 * The columns of a benefit-linkage roster (利益联结名单, import kind `linkages`): one row per
 * linkage of a household, Chinese headers (aliases where rosters commonly differ), the linkage's
 * create input as cells. The household is found by 户编号, the project by its id, 项目库编号 or name,
 * the implementing entity by its unified social credit code; the type is a code of the policy
 * parameter project.linkage_types as of the start.
 */
import { CodeListLike, columnTable, ImportColumn } from '../../common/imports/columns';
import { LinkageIncomeComponent } from '../linkage.entity';

export type LinkageColumn = ImportColumn<'linkage' | 'none'>;
const C = (c: Omit<LinkageColumn, 'scope' | 'role'>): LinkageColumn => ({ role: 'stored', scope: 'linkage', ...c });

/** The income component a linkage's payments feed: labels as the registry's income structure names them. */
const INCOME_COMPONENT_LABELS: Record<LinkageIncomeComponent, string> = {
  [LinkageIncomeComponent.WAGE]: '工资性收入',
  [LinkageIncomeComponent.PRODUCTION_BUSINESS]: '生产经营性收入',
  [LinkageIncomeComponent.PROPERTY]: '财产性收入',
  [LinkageIncomeComponent.ASSET_INCOME_DIVIDEND]: '资产收益扶贫分红',
};
const COMPONENTS = Object.values(LinkageIncomeComponent);
export const INCOME_COMPONENT_LIST: CodeListLike = {
  values: Object.fromEntries(COMPONENTS.map((k) => [k, k])),
  code: Object.fromEntries(COMPONENTS.map((k) => [k, k])),
  label: INCOME_COMPONENT_LABELS,
};

export const LINKAGE_COLUMNS = columnTable<LinkageColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    C({ header: '项目', aliases: ['项目名称', '项目编号', '扶贫项目'], key: 'project', kind: 'text', maxLength: 200, verbatim: true }),
    C({ header: '经营主体统一社会信用代码', aliases: ['统一社会信用代码', '信用代码', '经营主体信用代码'], key: 'entityCreditCode', kind: 'text', maxLength: 40 }),
    C({ header: '联结方式', aliases: ['联结类型', '利益联结方式', '利益联结类型'], key: 'type', kind: 'text', required: true, maxLength: 100 }),
    C({ header: '协议内容', aliases: ['联结内容', '约定内容', '协议约定'], key: 'agreedTerms', kind: 'text', required: true, maxLength: 4000, verbatim: true }),
    C({ header: '约定金额/年', aliases: ['约定金额', '年约定金额', '每年约定金额', '约定金额(元/年)'], key: 'agreedAmountPerYear', kind: 'decimal', required: true, integerDigits: 10 }),
    C({ header: '收入类别', aliases: ['计入收入', '收入构成'], key: 'incomeComponent', kind: 'code', list: INCOME_COMPONENT_LIST, required: true }),
    C({ header: '起始日期', aliases: ['开始日期', '联结开始日期'], key: 'startsOn', kind: 'date', required: true }),
    C({ header: '终止日期', aliases: ['结束日期', '联结终止日期'], key: 'endsOn', kind: 'date' }),
    C({ header: '退出时返还股金', aliases: ['退出返还', '优先股退出返还'], key: 'returnedAtExit', kind: 'bool' }),
  ],
  // One row a linkage: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'linkage', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the linkage service names (`input.projectId` → 项目). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.householdId': 'householdNumber',
  'input.projectId': 'project',
  'input.entityId': 'entityCreditCode',
  'input.type': 'type',
  'input.agreedTerms': 'agreedTerms',
  'input.agreedAmountPerYear': 'agreedAmountPerYear',
  'input.incomeComponent': 'incomeComponent',
  'input.startsOn': 'startsOn',
  'input.endsOn': 'endsOn',
  'input.returnedAtExit': 'returnedAtExit',
};
