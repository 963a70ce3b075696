/**
 * The columns of a project list (项目库清单) as a county's spreadsheet holds it: one project per
 * 项目库编号, its own columns on its first row, and one row per funding line (筹资方式) and per
 * performance target (绩效目标) — a project with two funding lines and one target has two rows,
 * the target beside the first line. Later rows of a project repeat its columns or leave them
 * blank. NDJSON: one project a line, its rows' line columns under `lines: [{…}]`.
 *
 * Amounts are yuan (元) with at most 2 decimals; code columns take the Chinese label or the API
 * name; 项目类别 and 产业类型 are codes of the parameter lists (project.categories,
 * project.industry_types) of the project's year, checked by the service.
 */
import { Sector } from '../../common/access/permissions';
import { CodeListLike, columnTable, ColumnRole, ImportColumn } from '../../common/imports/columns';
import { FundingLevel } from '../project-children.entity';
import { ConstructionNature, ProjectStage } from '../project.entity';
import { PROJECT_PROCEDURE } from '../project-procedure';

/** A column of a project list: the project's own, or a row's funding line / performance target. */
export type ProjectColumn = ImportColumn<'project' | 'line'>;

/** A code list of API names with their Chinese labels (the parser takes either). */
function labelled<K extends string>(labels: Record<K, string>): CodeListLike {
  const keys = Object.keys(labels) as K[];
  return { values: Object.fromEntries(keys.map((k) => [k, k])), code: Object.fromEntries(keys.map((k) => [k, k])), label: labels };
}

export const CONSTRUCTION_NATURES = labelled<ConstructionNature>({ NEW: '新建', CONTINUED: '续建', EXPANDED: '改扩建' });
export const FUNDING_LEVELS = labelled<FundingLevel>({ CENTRAL: '中央', PROVINCIAL: '省级', MUNICIPAL: '市级', DISTRICT: '区县级', OTHER: '其他' });
export const SECTORS = labelled<Sector>({
  education: '教育',
  health: '卫生健康',
  civil_affairs: '民政',
  disabled_federation: '残联',
  human_resources: '人力资源和社会保障',
  finance: '财政',
  agriculture: '农业农村',
  discipline_inspection: '纪检监察',
});
export const STAGES = labelled(Object.fromEntries(Object.values(ProjectStage).map((s) => [s, PROJECT_PROCEDURE.stages[s].label])) as Record<ProjectStage, string>);

type Spec = Omit<ProjectColumn, 'scope' | 'role'> & { role?: ColumnRole };
const P = (s: Spec): ProjectColumn => ({ role: 'stored', ...s, scope: 'project' });
const L = (s: Spec): ProjectColumn => ({ role: 'stored', ...s, scope: 'line' });
const count = (header: string, key: string) => P({ header, key, kind: 'int', min: 0, max: 100_000_000 });
const date = (header: string, key: string, aliases?: string[]) => P({ header, key, kind: 'date', aliases });

export const PROJECT_COLUMNS: readonly ProjectColumn[] = [
  P({ header: '项目库编号', key: 'libraryCode', kind: 'text', required: true, maxLength: 40, aliases: ['项目编号', '项目库项目编号'] }),
  P({ header: '行政区划代码', key: 'regionCode', kind: 'text', required: true, maxLength: 12, aliases: ['项目地点代码', '实施地点代码'] }),
  P({ header: '实施地点', key: 'locationName', kind: 'text', role: 'info', verbatim: true, aliases: ['项目地点'] }),
  P({ header: '项目名称', key: 'name', kind: 'text', required: true, maxLength: 200, verbatim: true }),
  P({ header: '年度', key: 'year', kind: 'int', required: true, min: 2010, max: 2100, aliases: ['项目年度', '入库年度'] }),
  P({ header: '项目类别', key: 'category', kind: 'text', required: true, maxLength: 40 }),
  P({ header: '产业类型', key: 'industryType', kind: 'text', required: true, maxLength: 40 }),
  P({ header: '建设性质', key: 'constructionNature', kind: 'code', list: CONSTRUCTION_NATURES, required: true }),
  P({ header: '行业部门', key: 'sector', kind: 'code', list: SECTORS, aliases: ['主管部门'] }),
  P({ header: '项目阶段', key: 'stage', kind: 'code', list: STAGES, aliases: ['项目状态'] }),
  date('计划开工日期', 'plannedStartOn', ['计划开工时间']),
  date('计划完工日期', 'plannedEndOn', ['计划完工时间']),
  P({ header: '责任单位', key: 'responsibleUnit', kind: 'text', maxLength: 200, verbatim: true }),
  P({ header: '责任人', key: 'responsiblePerson', kind: 'text', maxLength: 100, verbatim: true }),
  P({ header: '建设任务', key: 'tasks', kind: 'text', maxLength: 5000, verbatim: true, aliases: ['建设内容'] }),
  P({ header: '资金规模（元）', key: 'budgetTotal', kind: 'decimal', integerDigits: 10, required: true, aliases: ['资金规模', '资金规模(元)', '项目总投资（元）'] }),
  count('受益村数', 'beneficiaryVillages'),
  count('受益贫困村数', 'beneficiaryPoorVillages'),
  count('受益户数', 'beneficiaryHouseholds'),
  count('受益贫困户数', 'beneficiaryPoorHouseholds'),
  count('受益人数', 'beneficiaryPeople'),
  count('受益贫困人数', 'beneficiaryPoorPeople'),
  P({ header: '受益村代码', key: 'beneficiaryVillageCodes', kind: 'text', maxLength: 5000 }),
  P({ header: '受益贫困户户编号', key: 'beneficiaryHouseholdNumbers', kind: 'text', maxLength: 20000, aliases: ['受益户户编号'] }),
  date('党支部提议日期', 'partyBranchProposedOn'),
  date('两委商议日期', 'committeesDeliberatedOn'),
  date('党员大会审议日期', 'partyMembersReviewedOn'),
  date('村民代表会议决议日期', 'representativesResolvedOn'),
  date('决议公开日期', 'resolutionDisclosedOn'),
  date('实施结果公开日期', 'resultDisclosedOn', ['结果公开日期']),
  P({ header: '带贫减贫机制', key: 'povertyReductionMechanism', kind: 'text', maxLength: 5000, verbatim: true, aliases: ['群众参与和带贫减贫机制'] }),

  L({ header: '资金层级', key: 'fundingLevel', kind: 'code', list: FUNDING_LEVELS, aliases: ['资金来源'] }),
  L({ header: '资金渠道', key: 'fundingChannel', kind: 'text', maxLength: 100, verbatim: true }),
  L({ header: '资金金额（元）', key: 'fundingAmount', kind: 'decimal', integerDigits: 10, aliases: ['资金金额', '资金金额(元)'] }),
  L({ header: '绩效指标', key: 'targetIndicator', kind: 'text', maxLength: 200, verbatim: true }),
  L({ header: '目标值', key: 'targetValue', kind: 'text', maxLength: 20, aliases: ['指标值'] }),
  L({ header: '计量单位', key: 'targetUnit', kind: 'text', maxLength: 20, verbatim: true, aliases: ['指标单位'] }),
  L({ header: '实际值', key: 'targetActualValue', kind: 'text', maxLength: 20 }),
];

/** Rows grouped by 项目库编号; NDJSON nests a project's line columns under `lines`. */
export const PROJECT_TABLE = columnTable(PROJECT_COLUMNS, { unitKey: 'libraryCode', nesting: { unitScope: 'project', childScope: 'line', childrenKey: 'lines' } });

/** The funding line's columns and the performance target's, each group given whole on a row. */
export const FUNDING_KEYS = ['fundingLevel', 'fundingChannel', 'fundingAmount'] as const;
export const TARGET_KEYS = ['targetIndicator', 'targetValue', 'targetUnit'] as const;
