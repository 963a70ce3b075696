/**
 * The import templates: the header row, example rows, and for XLSX a second sheet 代码表 listing
 * every code column's codes and labels. The registry's (kind households, also GET
 * /exchange/households/template.*) has one fictional head of household of the demo village
 * 北峡窝村 with a checksum-valid ID number; any other import port's is built from its column table
 * and its example() (GET /exchange/imports/template.csv|xlsx?kind=…). Small: built in memory.
 */
import { loadExcelJs } from './exceljs-lazy';
import { makeCitizenId } from '../../common/identity-number/citizen-id';
import { incomeTotals, IncomeComponents, perCapitaNetIncome } from '../../households/household-income';
import { COLUMNS } from '../../households/import/registry-columns';
import type { ImportColumn } from '../../common/imports/columns';
import { csvLine, ExportRecord, tableRows } from './export-rows';
import { DATA_SHEET } from './export-writers';

export const CODE_SHEET = '代码表';

const EXAMPLE_INCOME: IncomeComponents = {
  wages: '6000.00',
  productionBusiness: '1200.00',
  property: '300.00',
  assetIncomeDividend: '300.00',
  transferFamilyPlanning: '0.00',
  transferLowIncome: '1500.00',
  transferExtremePoverty: '0.00',
  transferPension: '0.00',
  transferEcological: '200.00',
  transferOther: '0.00',
  productionCosts: '800.00',
};

/** A fictional one-person household, valid under the registry's rules. */
export function exampleRecord(): ExportRecord {
  const idNumber = makeCitizenId('410106', '1968-04-12', 1, 'MALE');
  const totals = incomeTotals(EXAMPLE_INCOME);
  const income: Record<string, unknown> = { 'income.year': 2018 };
  for (const [k, v] of Object.entries(EXAMPLE_INCOME)) income[`income.${k}`] = v;
  Object.assign(income, {
    'income.transfer': totals.transfers,
    'income.annual': totals.annualIncome,
    'income.net': totals.netIncome,
    'income.perCapitaNet': perCapitaNetIncome(EXAMPLE_INCOME, 1),
  });
  return {
    household: {
      householdNumber: '41010610020100001',
      regionCode: '410106100201',
      villageName: '北峡窝村',
      headName: '王示例',
      headIdNumber: idNumber,
      memberCount: 1,
      identificationStandard: 'NATIONAL',
      attribute: 'GENERAL_POOR',
      primaryCause: 'LACK_OF_SKILLS',
      otherCauses: ['LACK_OF_FUNDS'],
      yearRegistered: 2016,
      status: 'NOT_EXITED',
      militaryFamily: false,
      onlyChild: false,
      twoDaughters: false,
      foodClothingSecure: true,
      ownsHousing: true,
      safeDrinkingWater: true,
      drinkingWaterDifficulty: false,
      hasElectricity: true,
      dilapidatedHousing: false,
      housingArea: '65.00',
      sanitaryToilet: true,
      roadType: 'CEMENT',
      mainFuel: 'FIREWOOD',
      distanceToRoadKm: '0.50',
      cooperativeMember: false,
      cultivatedLandMu: '3.50',
      forestLandMu: '0.00',
      relocated: false,
      contactPhone: '13800000000',
      bankName: '中国农业银行',
      bankAccount: '6228480000000000000',
      ...income,
    },
    members: [
      {
        name: '王示例',
        sex: 'MALE',
        idType: 'RESIDENT_ID_CARD',
        idNumber,
        birthDate: '1968-04-12',
        relation: 'HEAD',
        ethnicity: '汉族',
        politicalStatus: '群众',
        educationLevel: 'PRIMARY',
        health: ['HEALTHY'],
        labourSkill: 'ORDINARY',
        workPlace: 'WITHIN_PROVINCE',
        monthsWorked: 6,
        'insurance.basicMedical': true,
        'insurance.seriousIllness': true,
        'insurance.pension': true,
        'insurance.supplementaryMedical': false,
        'insurance.accidentSubsidy': false,
        lowIncomeSupport: true,
        extremePovertySupport: false,
      },
    ],
  };
}

/** The CSV template: UTF-8 with a BOM, the header and the example row. */
export function templateCsv(): Buffer {
  return tableTemplateCsv(COLUMNS, tableRows(exampleRecord(), 'labels'));
}

/** The XLSX template: the data sheet (every column formatted as text, so ID numbers stay text) and the code table. */
export function templateXlsx(): Promise<Buffer> {
  return tableTemplateXlsx(COLUMNS, tableRows(exampleRecord(), 'labels'), DATA_SHEET);
}

/** An import port's example units (records of column key → cell text) as table rows in its columns' order. */
export function exampleRows(columns: readonly ImportColumn[], records: readonly Readonly<Record<string, string>>[]): string[][] {
  return records.map((r) => columns.map((c) => r[c.key] ?? ''));
}

/** A CSV template of any column table: UTF-8 with a BOM, the header row and the example rows. */
export function tableTemplateCsv(columns: readonly ImportColumn[], rows: readonly (readonly string[])[]): Buffer {
  const text = '\uFEFF' + csvLine(columns.map((c) => c.header)) + rows.map(csvLine).join('');
  return Buffer.from(text, 'utf8');
}

/**
 * An XLSX template of any column table: the data sheet (every column text-formatted, header
 * notes 必填 / 仅供阅读 / 本系统不保存) and, when a column has a code list, the sheet 代码表.
 */
export async function tableTemplateXlsx(columns: readonly ImportColumn[], rows: readonly (readonly string[])[], sheetName: string): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ width: Math.max(10, c.header.length * 2 + 2), style: { numFmt: '@' } }));
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (v === '' ? null : v)));
  columns.forEach((c, i) => {
    const note = [c.required ? '必填' : '', c.role === 'info' ? '仅供阅读，导入时忽略' : '', c.role === 'unstored' ? '本系统不保存' : '']
      .filter(Boolean)
      .join('；');
    if (note) sheet.getRow(1).getCell(i + 1).note = note;
  });

  const codeRows = codeTableRows(columns);
  if (codeRows.length) {
    const codes = workbook.addWorksheet(CODE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    codes.columns = [
      { header: '列名', width: 24, style: { numFmt: '@' } },
      { header: '代码', width: 8, style: { numFmt: '@' } },
      { header: '名称', width: 32, style: { numFmt: '@' } },
      { header: '英文名', width: 28, style: { numFmt: '@' } },
    ];
    codes.getRow(1).font = { bold: true };
    for (const row of codeRows) codes.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** [header, code, label, English name] of every code column of a table (default: the registry's), in its order. */
export function codeTableRows(columns: readonly ImportColumn[] = COLUMNS): string[][] {
  const rows: string[][] = [];
  for (const c of columns) {
    if (!c.list || (c.kind !== 'code' && c.kind !== 'codes')) continue;
    for (const name of Object.keys(c.list.values)) rows.push([c.header, c.list.code[name], c.list.label[name], name]);
  }
  return rows;
}
