/**
 * The columns of a hospital-stay roster (医保一站式结算名册, import kind `hospital-stays`): one row
 * per stay of a member, Chinese headers as the medical insurance bureau's (医保) one-stop
 * settlement writes them (aliases where rosters commonly differ). The household is found by
 * 户编号; the member among its members by 成员身份证号 (its blind index, never the clear value), else
 * by 成员姓名 (with 与户主关系 where two share a name). A stay is known by its member, 医院名称 and
 * 入院日期.
 *
 * 各层级报销（元） holds what each insurance layer paid, as `layer：amount` items separated by ；
 * (基本医疗保险：7000.00；大病保险：1500.00；医疗救助：800.00): the layers are codes of
 * health.insurance_layers in force on discharge, which the service checks, so no layer is a
 * column of its own (nor a name in the code). The amounts are text here: the service checks them
 * (not negative, at most 2 decimals: INVALID_DECIMAL; a layer above the total:
 * LAYER_PAID_ABOVE_TOTAL; all payments above it: PAYMENTS_ABOVE_TOTAL), with the codes the
 * mutations answer, reported under these columns.
 */
import { CodeListLike, columnTable, ImportColumn } from '../../common/imports/columns';
import { rosterMemberColumns } from '../../households/import/roster-member';
import { codeList } from '../../households/registry-codes';

export type HospitalStayColumn = ImportColumn<'record' | 'none'>;
const C = (c: Omit<HospitalStayColumn, 'scope' | 'role'>): HospitalStayColumn => ({ role: 'stored', scope: 'record', ...c });

/** 医院等级 as the roster writes it. */
export const HOSPITAL_LEVEL_CODES = codeList({ PRIMARY: ['1', '一级'], SECONDARY: ['2', '二级'], TERTIARY: ['3', '三级'], UNGRADED: ['9', '未定级'] });

/** The most layer items a cell of 各层级报销（元） holds (the list has four layers; a few more are refused by the service's checks, not silently cut). */
export const MAX_LAYER_ITEMS = 10;

export const HOSPITAL_STAY_COLUMNS = columnTable<HospitalStayColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    ...rosterMemberColumns(['患者姓名', '住院人姓名']).map(C),
    C({ header: '医院名称', aliases: ['就诊医院', '医疗机构名称', '定点医疗机构'], key: 'hospital', kind: 'text', required: true, maxLength: 200, verbatim: true }),
    C({ header: '医院等级', aliases: ['医疗机构等级'], key: 'hospitalLevel', kind: 'code', list: HOSPITAL_LEVEL_CODES as unknown as CodeListLike, required: true }),
    C({ header: '是否县域内', aliases: ['县域内', '县域内就医'], key: 'inCounty', kind: 'bool', required: true }),
    C({ header: '入院日期', key: 'admittedOn', kind: 'date', required: true }),
    C({ header: '出院日期', key: 'dischargedOn', kind: 'date', required: true }),
    C({ header: '诊断', aliases: ['出院诊断', '疾病诊断', '疾病名称'], key: 'diagnosis', kind: 'text', required: true, maxLength: 500, verbatim: true }),
    // The shape (a capital letter, two digits, optionally a dot and digits) is the service's check (ICD10_INVALID).
    C({ header: 'ICD-10编码', aliases: ['ICD10编码', '疾病编码', 'ICD-10'], key: 'icd10Code', kind: 'text', maxLength: 10 }),
    C({ header: '总费用（元）', aliases: ['总费用(元)', '医疗总费用', '住院总费用'], key: 'totalCost', kind: 'text', required: true, maxLength: 20 }),
    C({ header: '各层级报销（元）', aliases: ['各层级报销(元)', '报销明细'], key: 'layerPayments', kind: 'text', maxLength: 500 }),
    C({ header: '个人自付（元）', aliases: ['个人自付(元)', '个人负担', '个人自付金额'], key: 'householdPaid', kind: 'text', required: true, maxLength: 20 }),
    C({ header: '先诊疗后付费', aliases: ['是否先诊疗后付费'], key: 'treatFirstPayLater', kind: 'bool' }),
  ],
  // One row a record: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the hospital stays service names (`input.totalCost` → 总费用（元）; each layer payment's → 各层级报销（元）). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.memberId': 'idNumber',
  'input.id': 'idNumber',
  'input.hospital': 'hospital',
  'input.hospitalLevel': 'hospitalLevel',
  'input.inCounty': 'inCounty',
  'input.admittedOn': 'admittedOn',
  'input.dischargedOn': 'dischargedOn',
  'input.diagnosis': 'diagnosis',
  'input.icd10Code': 'icd10Code',
  'input.totalCost': 'totalCost',
  'input.householdPaid': 'householdPaid',
  ...Object.fromEntries(Array.from({ length: MAX_LAYER_ITEMS }, (_, i) => [[`input.layerPayments.${i}.layer`, 'layerPayments'], [`input.layerPayments.${i}.amount`, 'layerPayments']]).flat()),
};

/** 各层级报销 as the export writes it (and the import reads it): `layer：amount` items joined by ；. */
export function formatLayerPayments(payments: readonly { layer: string; amount: string }[]): string {
  return payments.map((p) => `${p.layer}：${p.amount}`).join('；');
}

/**
 * A cell of 各层级报销 read into its items (the cell already folded to half-width: ：→ :, ；→ ;):
 * items separated by ; or 、 or a line break, each `layer:amount` (or `layer amount`); the layer
 * and amount as written, for the service to check. A malformed item, or more than
 * MAX_LAYER_ITEMS, answers the message of the refusal.
 */
export function parseLayerPayments(cell: string): { payments: { layer: string; amount: string }[] } | { refused: string } {
  const items = cell.split(/[;、\n]/).map((s) => s.trim()).filter(Boolean);
  if (items.length > MAX_LAYER_ITEMS) return { refused: `“各层级报销（元）”最多 ${MAX_LAYER_ITEMS} 项 (at most ${MAX_LAYER_ITEMS} layers)` };
  const payments: { layer: string; amount: string }[] = [];
  for (const item of items) {
    const m = /^(.+?)\s*[:=\s]\s*(\S+)$/.exec(item);
    if (!m) return { refused: `“各层级报销（元）”的“${item.slice(0, 40)}”应为“险种：金额”，多项以“；”分隔 (each item is layer: amount, items separated by ;)` };
    payments.push({ layer: m[1].trim(), amount: m[2] });
  }
  return { payments };
}
