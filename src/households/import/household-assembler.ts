/**
 * From file rows to checked households: rows are grouped by 户编号 (a household's rows are
 * adjacent, as national exports write them), every cell is parsed against the registry's column
 * table (registry-columns.ts), and the registry's own rules (src/households/registry-validation.ts, the same the
 * GraphQL mutations apply) run on the household and its members. Pure: no database, no clock
 * but `today`.
 */
import { FieldProblem } from '../../common/errors/app-error';
import { withFastProperties } from '../../common/fast-properties';
import { cellText } from '../../common/imports/columns';
import { ImportProblem, ProblemSeverity, RawRow } from '../../common/imports/import-types';
import type { UnitRows } from '../../common/imports/unit-rows';
import { INCOME_COMPONENTS } from '../household-income';
import { checkHousehold, checkHouseholdMembers, checkIncome, checkMember, warningsOf, WARNING_RULES } from '../registry-validation';
import type { HealthCondition, HouseholdAttribute, IdType, PovertyCause, Relation, Sex } from '../registry-codes';
import { CellValue, COLUMN_BY_KEY, ExchangeColumn, parseCell, Raw, registryFieldOf as fieldOf } from './registry-columns';

export type { ImportProblem } from '../../common/imports/import-types';

export interface ParsedMember {
  rowNumber: number;
  values: Record<string, CellValue>;
  /** Normalised ID number (valid rows only). */
  idNumber: string;
  sex: Sex;
  birthDate: string;
}

export interface ParsedHousehold {
  householdNumber: string;
  /** Data rows (ordinals from 0, in file order) this household spans: the resume checkpoint. */
  rows: number;
  firstRow: number;
  values: Record<string, CellValue>;
  members: ParsedMember[];
  problems: ImportProblem[];
  /** No ERROR problem: it may be written. */
  valid: boolean;
}

export interface AssembleContext {
  /** The columns the file has (NDJSON: all). Absent columns keep stored values on update. */
  columns: readonly ExchangeColumn[];
  today: string;
  /** Household numbers whose rows are not adjacent in the file. */
  splitHouseholds: ReadonlySet<string>;
  /** Null when the village may be written by this import, else the problem. */
  checkRegion(code: string): { code: string; message: string } | null;
}


/** A household's rows as read, before or after they are checked (the kit's unit rows; key: 户编号). */
export type HouseholdRows = UnitRows<ParsedHousehold>;

export function householdNumberOf(row: RawRow): string {
  return cellText(row.values.get('householdNumber'));
}

function isBlank(raw: Raw): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/** The file's stored household and member columns, worked out once per file. */
const STORED = new WeakMap<readonly ExchangeColumn[], { householdColumns: ExchangeColumn[]; memberColumns: ExchangeColumn[]; hasIncome: boolean }>();
/** Income components and their cells' keys (`wages`, `income.wages`). */
const INCOME_CELLS = INCOME_COMPONENTS.map((k) => [k, `income.${k}`] as const);
function storedColumns(columns: readonly ExchangeColumn[]) {
  let split = STORED.get(columns);
  if (!split) {
    const householdColumns = columns.filter((c) => c.scope === 'household' && c.role === 'stored');
    split = {
      householdColumns,
      memberColumns: columns.filter((c) => c.scope === 'member' && c.role === 'stored'),
      hasIncome: householdColumns.some((c) => c.key.startsWith('income.')),
    };
    STORED.set(columns, split);
  }
  return split;
}

/**
 * Parses and checks one household's rows. `firstOrdinal` is the data-row ordinal of rows[0];
 * `size` the rows it spans in the file, more than rows.length when it passed the cap
 * (`maxRows`, IMPORT_MAX_HOUSEHOLD_ROWS): then it is refused as a whole, unchecked.
 */
export function assembleHousehold(rows: readonly RawRow[], firstOrdinal: number, ctx: AssembleContext, size = rows.length, maxRows = rows.length): ParsedHousehold {
  const householdNumber = cellText(rows[0].values.get('householdNumber'));
  const problems: ImportProblem[] = [];
  const problem = (rowNumber: number | null, key: string | null, code: string, message: string, severity = ProblemSeverity.ERROR) => {
    const column = key ? COLUMN_BY_KEY.get(key) : undefined;
    problems.push({ severity, rowNumber, householdNumber: householdNumber || null, column: column?.header ?? null, field: column ? fieldOf(column) : key, code, message });
  };
  if (size > rows.length) {
    problem(
      rows[0].rowNumber,
      'householdNumber',
      'HOUSEHOLD_TOO_MANY_ROWS',
      `户编号 ${householdNumber} 有 ${size} 行，超过每户 ${maxRows} 行的上限 (the household spans ${size} rows, more than the ${maxRows} allowed: IMPORT_MAX_HOUSEHOLD_ROWS)`,
    );
    return { householdNumber, rows: size, firstRow: firstOrdinal, values: {}, members: [], problems, valid: false };
  }
  const { householdColumns, memberColumns, hasIncome } = storedColumns(ctx.columns);

  for (const row of rows) for (const p of row.problems) problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: householdNumber || null, ...p });
  // A cell (or a whole row) the reader already refused is not reported again as missing.
  const refused = (row: RawRow, field: string) => row.problems.some((p) => p.field === null || p.field === field);

  if (ctx.splitHouseholds.has(householdNumber)) {
    problem(rows[0].rowNumber, 'householdNumber', 'HOUSEHOLD_ROWS_NOT_ADJACENT', `户编号 ${householdNumber} 的各行不相邻，请将同一户的成员行排在一起 (a household's rows must be adjacent)`);
  }

  // Household columns: from the first row; the same value on every row of the household.
  const values: Record<string, CellValue> = {};
  const first = rows[0];
  for (const c of householdColumns) {
    const r = parseCell(c, first.values.get(c.key));
    if (!r.ok) problem(first.rowNumber, c.key, r.code, r.message);
    else values[c.key] = r.value;
    if (c.required && r.ok && r.value === null && !refused(first, fieldOf(c))) problem(first.rowNumber, c.key, 'REQUIRED', `“${c.header}”为必填项 (required)`);
  }
  for (const row of rows.slice(1)) {
    for (const c of householdColumns) {
      const a = row.values.get(c.key);
      const b = first.values.get(c.key);
      if (a !== b && cellText(a) !== cellText(b)) {
        problem(row.rowNumber, c.key, 'HOUSEHOLD_VALUE_DIFFERS', `同一户各行的“${c.header}”应相同 (household columns must repeat the same value on each row)`);
      }
    }
  }
  const region = values.regionCode as string | null | undefined;
  if (region) {
    const r = /^\d{12}$/.test(region) ? ctx.checkRegion(region) : { code: 'REGION_CODE_FORMAT', message: '行政区划代码应为 12 位数字 (a 12-digit division code)' };
    if (r) problem(first.rowNumber, 'regionCode', r.code, r.message);
  }
  if (values.exitYear != null && (values.status === 'NOT_EXITED' || values.status === 'EXIT_IN_PROGRESS')) {
    problem(first.rowNumber, 'exitYear', 'EXIT_YEAR_WITHOUT_EXIT', '未脱贫户不能填写脱贫年度 (an exit year needs an exited status)');
  }
  // Dilapidated housing is implied by a grade when the file has no 是否危房 column.
  if (!ctx.columns.some((c) => c.key === 'dilapidatedHousing') && ctx.columns.some((c) => c.key === 'dilapidationGrade')) {
    values.dilapidatedHousing = values.dilapidationGrade != null;
  }
  mapFieldProblems(
    checkHousehold(
      {
        primaryCause: values.primaryCause as PovertyCause | null,
        otherCauses: values.otherCauses as PovertyCause[] | null,
        relocated: values.relocated as boolean | null,
        relocationScope: values.relocationScope,
        resettlementMode: values.resettlementMode,
        dilapidatedHousing: values.dilapidatedHousing as boolean | null,
        dilapidationGrade: values.dilapidationGrade,
        yearRegistered: values.yearRegistered as number | null,
      },
      '',
      ctx.today,
    ),
    () => first.rowNumber,
    problem,
  );
  if (hasIncome) {
    const income: Record<string, string | null> = {};
    for (const [k, cell] of INCOME_CELLS) income[k] = (values[cell] as string | null | undefined) ?? null;
    const anyAmount = INCOME_COMPONENTS.some((k) => income[k] != null);
    if (anyAmount && values['income.year'] == null) problem(first.rowNumber, 'income.year', 'REQUIRED', '填写收入时须填写“收入年度” (income needs its year)');
    mapFieldProblems(checkIncome(income, 'income', INCOME_COMPONENTS), () => first.rowNumber, problem);
  }

  // Members, one per row.
  const members: ParsedMember[] = [];
  const memberFacts: { relation: Relation; sex?: Sex | null; idNumber?: string | null; path: string }[] = [];
  const memberOk: boolean[] = [];
  rows.forEach((row, i) => {
    const mv: Record<string, CellValue> = {};
    let rowOk = true;
    const hasMemberValue = memberColumns.some((c) => !isBlank(row.values.get(c.key)));
    if (!hasMemberValue) {
      if (!row.problems.length) problem(row.rowNumber, 'name', 'NO_MEMBER', '该行没有成员信息，每户至少一名成员 (a row without a member)');
      memberOk.push(false);
      return;
    }
    for (const c of memberColumns) {
      const r = parseCell(c, row.values.get(c.key));
      if (!r.ok) {
        problem(row.rowNumber, c.key, r.code, r.message);
        rowOk = false;
      } else {
        mv[c.key] = r.value;
        if (c.required && r.value === null) {
          if (!refused(row, fieldOf(c))) problem(row.rowNumber, c.key, 'REQUIRED', `“${c.header}”为必填项 (required)`);
          rowOk = false;
        }
      }
    }
    const check = checkMember(
      {
        idType: (mv.idType as IdType | null) ?? null,
        idNumber: mv.idNumber as string | null,
        sex: mv.sex as Sex | null,
        birthDate: mv.birthDate as string | null,
        relation: mv.relation as Relation | null,
        educationLevel: mv.educationLevel as never,
        schoolingStatus: mv.schoolingStatus as never,
        health: (mv.health as HealthCondition[] | null) ?? null,
        disabilityType: mv.disabilityType as never,
        disabilityGrade: mv.disabilityGrade as number | null,
        monthsWorked: mv.monthsWorked as number | null,
      },
      '',
      ctx.today,
    );
    mapFieldProblems(mv.idNumber != null ? check.problems : check.problems.filter((x) => x.field !== 'idNumber'), () => row.rowNumber, problem);
    if (check.problems.length) rowOk = false;
    memberFacts.push({ relation: mv.relation as Relation, sex: check.sex ?? (mv.sex as Sex | null), idNumber: check.idNumber ?? null, path: String(i) });
    memberOk.push(rowOk);
    if (rowOk && check.idNumber && check.sex && check.birthDate) {
      members.push({ rowNumber: row.rowNumber, values: withFastProperties(mv), idNumber: check.idNumber, sex: check.sex, birthDate: check.birthDate });
    }
  });
  // The household's make-up (one head, head and spouse …) once every row could be read: a row
  // the reader refused would only add "no head" noise to its own problem.
  if (!rows.some((r) => r.problems.length)) {
    mapFieldProblems(
      // A household-wide problem (no head) is reported on 与户主关系 of the first row.
      checkHouseholdMembers(
        memberFacts.filter((m) => m.relation),
        'relation',
      ),
      (path) => {
        const i = Number(path.split('.')[0]);
        return Number.isInteger(i) && rows[i] ? rows[i].rowNumber : first.rowNumber;
      },
      problem,
      (field) => field.split('.').slice(1).join('.') || 'relation',
    );
  }

  const valid = !problems.some((p) => p.severity === ProblemSeverity.ERROR);
  if (valid) {
    for (const code of warningsOf(
      { primaryCause: values.primaryCause as PovertyCause, attribute: values.attribute as HouseholdAttribute },
      members.map((m) => ({ health: (m.values.health as HealthCondition[] | null) ?? ['HEALTHY'], lowIncomeSupport: m.values.lowIncomeSupport === true })),
    )) {
      problem(first.rowNumber, null, code, WARNING_RULES.find((w) => w.code === code)!.reason, ProblemSeverity.WARNING);
    }
  }
  return { householdNumber, rows: rows.length, firstRow: firstOrdinal, values: withFastProperties(values), members, problems, valid };
}

/** Registry rules report fields as paths (`otherCauses`, `income.wages`, `2.relation`): to column keys and rows. */
function mapFieldProblems(
  found: readonly FieldProblem[],
  rowOf: (field: string) => number,
  problem: (rowNumber: number | null, key: string | null, code: string, message: string) => void,
  keyOf: (field: string) => string = (f) => f,
): void {
  for (const f of found) {
    const key = f.field ? keyOf(f.field) : null;
    problem(f.field !== undefined ? rowOf(f.field ?? '') : null, key && COLUMN_BY_KEY.has(key) ? key : null, f.reason ?? 'INVALID', f.message ?? 'invalid');
  }
}
