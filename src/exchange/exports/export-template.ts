/**
 * The import template: the header row, one example row (a fictional head of household of the
 * demo village 北峡窝村, with a checksum-valid ID number), and for XLSX a second sheet 代码表
 * listing every code column's codes and labels. Small and fixed: built in memory.
 */
import ExcelJS from 'exceljs';
import { makeCitizenId } from '../../common/identity-number/citizen-id';
import { incomeTotals, IncomeComponents, perCapitaNetIncome } from '../../households/household-income';
import { COLUMNS } from '../../households/import/registry-columns';
import { csvLine, ExportRecord, HEADER_ROW, tableRows } from './export-rows';
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
  const text = '\uFEFF' + csvLine(HEADER_ROW) + tableRows(exampleRecord(), 'labels').map(csvLine).join('');
  return Buffer.from(text, 'utf8');
}

/** The XLSX template: the data sheet (every column formatted as text, so ID numbers stay text) and the code table. */
export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ width: Math.max(10, c.header.length * 2 + 2), style: { numFmt: '@' } }));
  sheet.addRow([...HEADER_ROW]).font = { bold: true };
  for (const row of tableRows(exampleRecord(), 'labels')) sheet.addRow(row.map((v) => (v === '' ? null : v)));
  COLUMNS.forEach((c, i) => {
    const note = [c.required ? '必填' : '', c.role === 'info' ? '仅供阅读，导入时忽略' : '', c.role === 'unstored' ? '本系统不保存' : '']
      .filter(Boolean)
      .join('；');
    if (note) sheet.getRow(1).getCell(i + 1).note = note;
  });

  const codes = workbook.addWorksheet(CODE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  codes.columns = [
    { header: '列名', width: 24, style: { numFmt: '@' } },
    { header: '代码', width: 8, style: { numFmt: '@' } },
    { header: '名称', width: 32, style: { numFmt: '@' } },
    { header: '英文名', width: 28, style: { numFmt: '@' } },
  ];
  codes.getRow(1).font = { bold: true };
  for (const row of codeTableRows()) codes.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** [header, code, label, English name] of every code column, in COLUMNS order. */
export function codeTableRows(): string[][] {
  const rows: string[][] = [];
  for (const c of COLUMNS) {
    if (!c.list || (c.kind !== 'code' && c.kind !== 'codes')) continue;
    for (const name of Object.keys(c.list.values)) rows.push([c.header, c.list.code[name], c.list.label[name], name]);
  }
  return rows;
}
