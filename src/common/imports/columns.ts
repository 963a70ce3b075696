/**
 * The kit's import columns: what a column of an exchange file is (key, header and aliases, kind,
 * parser bounds), a module's column table built from its list, and the generic cell parsing,
 * formatting and formula (CSV injection) rules. A module owns its list of columns (the registry's
 * is src/households/import/registry-columns.ts); the readers, the import runner and the export
 * work on any table.
 *
 * Values: a code list accepts the national code, the label or the English name; a list separates
 * items with 、 , ， ; or ；; yes/no accepts 是/否, 1/0, true/false, Y/N; dates YYYY-MM-DD,
 * YYYY/MM/DD, YYYYMMDD or an Excel date.
 */
import { isLocalDate } from '../dates/local-date';
export type ColumnKind = 'text' | 'code' | 'codes' | 'bool' | 'int' | 'decimal' | 'date';

/**
 * stored: the import writes it. info: written by the export for people (names, derived sums),
 * ignored by the import. unstored: a national column this service does not keep (the import
 * says so once per file when it is filled).
 */
export type ColumnRole = 'stored' | 'info' | 'unstored';

/** A code list as the parser reads it (the registry's CodeList fits): names, national codes, labels. */
export interface CodeListLike {
  values: Record<string, string>;
  code: Record<string, string>;
  label: Record<string, string>;
}

export interface ImportColumn<Scope extends string = string> {
  header: string;
  aliases?: readonly string[];
  /** The field: API name; a dotted key (`income.x`) is a nested object in NDJSON. */
  key: string;
  /** The unit's own columns (e.g. household) or its children's (e.g. member: one row each). */
  scope: Scope;
  kind: ColumnKind;
  role: ColumnRole;
  list?: CodeListLike;
  /** A row without it is refused (and a file without the column). */
  required?: boolean;
  maxLength?: number;
  /** Digits before the point of a decimal column (numeric(p, 2): p − 2). */
  integerDigits?: number;
  min?: number;
  max?: number;
  /** Personal data: masked in exports unless revealed. */
  protected?: boolean;
  /**
   * Free text (names, bank names) kept as written, only trimmed: not folded to half-width
   * (NFKC would turn 中国农业银行（上街支行） into …(上街支行) and 张　三 into 张 三, so data
   * entered in the service would not re-import unchanged). Identifiers and codes are folded.
   */
  verbatim?: boolean;
  /** A text column whose values may start with + (a phone number, +86…): never refused as a formula. */
  formulaTextAllowed?: boolean;
}

/**
 * A module's columns as the readers use them: by key, by header (or alias, or English key), the
 * required ones, the column that keys a unit (its rows are grouped by it), and how NDJSON nests a
 * unit's children (`members: [{…}]`): the key of the array and the two scopes.
 */
export interface ColumnTable<C extends ImportColumn = ImportColumn> {
  readonly columns: readonly C[];
  readonly byKey: ReadonlyMap<string, C>;
  forHeader(header: string): C | undefined;
  readonly required: readonly C[];
  /** The key of the column that identifies a unit (户编号 for the registry). */
  readonly unitKey: string;
  /** NDJSON: one unit a line, its children in an array under `childrenKey`. */
  readonly nesting: { unitScope: string; childScope: string; childrenKey: string };
}

/** Builds a table from a module's list of columns. */
export function columnTable<C extends ImportColumn>(columns: readonly C[], o: { unitKey: string; nesting: ColumnTable['nesting'] }): ColumnTable<C> {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  if (!byKey.has(o.unitKey)) throw new Error(`column table: the unit key ${o.unitKey} is not a column`);
  const byHeader = new Map<string, C>();
  for (const c of columns) for (const h of [c.header, ...(c.aliases ?? []), c.key]) byHeader.set(normalizeHeader(h), c);
  return {
    columns,
    byKey,
    forHeader: (header) => byHeader.get(normalizeHeader(header)),
    required: columns.filter((c) => c.required),
    unitKey: o.unitKey,
    nesting: o.nesting,
  };
}

/** Header text compared trimmed, blanks dropped, full-width forms folded (NFKC). */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').replace(/^\uFEFF/, '').replace(/\s+/g, '').trim();
}

/** The API field of a column as a problem report names it (children under `<childrenKey>.`). */
export function fieldOf(column: ImportColumn, table: Pick<ColumnTable, 'nesting'>): string {
  return column.scope === table.nesting.childScope ? `${table.nesting.childrenKey}.${column.key}` : column.key;
}

// ------------------------------------------------------------------ parsing cells

export type Raw = string | number | boolean | Date | null | undefined;
export type CellValue = string | number | boolean | string[] | null;
export type CellResult = { ok: true; value: CellValue } | { ok: false; code: string; message: string };

const TRUE = new Set(['是', '1', 'true', 'y', 'yes', '有', '√']);
const FALSE = new Set(['否', '0', 'false', 'n', 'no', '无', '×']);
const LIST_SEPARATOR = /[、,，;；|]/;

/** Code-list lookup insensitive to full-width/half-width forms (NFKC): 乡（镇）内 = 乡(镇)内. */
const NORMALIZED = new WeakMap<CodeListLike, Map<string, string>>();
function lookupCode(list: CodeListLike, text: string): string | undefined {
  let map = NORMALIZED.get(list);
  if (!map) {
    map = new Map();
    for (const k of Object.keys(list.values)) for (const v of [k, list.code[k], list.label[k]]) map.set(v.normalize('NFKC'), k);
    NORMALIZED.set(list, map);
  }
  return map.get(text.normalize('NFKC'));
}

const ok = (value: CellValue): CellResult => ({ ok: true, value });
const bad = (code: string, message: string): CellResult => ({ ok: false, code, message });

/** Excel's day 0 is 1899-12-30 (with its 1900 leap-year bug folded in). */
function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  return new Date(Math.round((serial - 25569) * 86400 * 1000)).toISOString().slice(0, 10);
}


// ------------------------------------------------------------------ formulas (CSV injection)

const APOSTROPHE = 0x27;
/** = + - @ and their full-width forms: a spreadsheet may take a cell starting with one as a formula. */
const FORMULA_TRIGGERS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0xff1d, 0xff0b, 0xff0d, 0xff20]);

/**
 * Whether the CSV export writes `text` behind a `'` (CSV injection): it starts, after any
 * apostrophes and blanks, with = + - @ (or a full-width form), or with a tab or carriage return.
 * Text already starting with apostrophes before such a character is guarded too, so that
 * unguardFormula, dropping exactly one `'`, always gives the stored text back.
 */
export function needsFormulaGuard(text: string): boolean {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === APOSTROPHE) i++;
  if (i === text.length) return false;
  const c = text.charCodeAt(i);
  if (FORMULA_TRIGGERS.has(c) || c === 0x09 || c === 0x0d) return true;
  if (c > 0x20 && c < 0x7f) return false; // fast path: other printable ASCII
  const rest = text.slice(i).trimStart();
  return rest.length > 0 && rest.length < text.length - i && FORMULA_TRIGGERS.has(rest.charCodeAt(0));
}

/**
 * The export's formula guard undone: one leading `'` is dropped when what follows needsFormulaGuard
 * (the export's CSV-injection prefix, or Excel's "text, not formula" mark): `'=1+1` → `=1+1`,
 * `'+8613800000000` → `+8613800000000`, `''=x` → `'=x`; `'abc` and `'123` stay as written.
 */
export function unguardFormula(text: string): string {
  return text.length > 1 && text.charCodeAt(0) === APOSTROPHE && needsFormulaGuard(text.slice(1)) ? text.slice(1) : text;
}

/**
 * Text a spreadsheet would run as a formula, where the column is free text: a CSV reader refuses
 * it (FORMULA_NOT_ALLOWED) instead of storing a formula as data. = + @ after blanks and
 * full-width forms (NFKC); not '-' (a dash is a common placeholder), and not in 联系电话 (+86…).
 * A guarded cell (`'=…`, see unguardFormula) is text and never comes here.
 */
export function isUnguardedFormula(column: ImportColumn, text: string): boolean {
  if (!formulaChecked(column)) return false;
  const c = text.charCodeAt(0);
  if (c === 0x3d || c === 0x2b || c === 0x40) return true;
  // Fast paths (a reader calls this for every text cell): other printable ASCII, and CJK ideographs.
  if ((c > 0x20 && c < 0x80) || (c >= 0x3400 && c < 0xf900)) return false;
  const first = text.trimStart().codePointAt(0);
  return first !== undefined && /^[=+@]/.test(String.fromCodePoint(first).normalize('NFKC'));
}

/** Whether a column's cells are checked for formula text (free text, except 联系电话). */
export function formulaChecked(column: ImportColumn): boolean {
  return column.kind === 'text' && !column.formulaTextAllowed;
}

// ------------------------------------------------------------------ parsing cells, continued

/**
 * A cell as the column's value; blank is null (required-ness is checked by the caller). The
 * readers have already undone the CSV formula guard and refused formulas.
 */
/** A number as a spreadsheet displays it in scientific notation (3.40524E+17). */
const SCIENTIFIC = /^\d(\.\d+)?E\+\d{1,3}$/i;

export function parseCell(column: ImportColumn, raw: Raw): CellResult {
  if (raw === null || raw === undefined) return ok(null);
  if (raw instanceof Date) {
    if (column.kind !== 'date') raw = raw.toISOString().slice(0, 10);
    else return Number.isNaN(raw.getTime()) ? bad('DATE_FORMAT', '日期格式错误 (invalid date)') : ok(raw.toISOString().slice(0, 10));
  }
  if (typeof raw === 'number' && column.kind === 'text' && Math.abs(raw) >= 1e15) {
    // A spreadsheet keeps 15 significant digits: an ID, bank account or household number typed as a number has lost its last ones.
    return bad('NUMBER_PRECISION', `“${column.header}”是超过 15 位的数字，末几位已丢失；请将该列设为文本格式后重新填写 (a number of more than 15 digits has lost its last digits: format the column as text)`);
  }
  if (typeof raw === 'boolean') {
    return column.kind === 'bool' ? ok(raw) : bad('VALUE_TYPE', `“${column.header}”不是是/否字段 (not a yes/no column)`);
  }
  const text = typeof raw === 'number' ? String(raw) : column.verbatim ? raw.trim() : raw.normalize('NFKC').trim();
  if (text === '') return ok(null);
  // A masked value (an export's 6222 **** **** 0123) is not the value: taking it would overwrite the stored one.
  if (column.protected && text.includes('*')) {
    return bad('MASKED_VALUE', `“${column.header}”是导出时脱敏的值，请填写完整的值或删除此列 (a masked value from an export: give the full value or leave the column out)`);
  }
  switch (column.kind) {
    case 'text': {
      // Formulas are the readers' concern (a formula cell in XLSX, unguarded formula text in CSV): here text is text.
      if (SCIENTIFIC.test(text)) {
        // Excel shows a long number as 3.40524E+17 and saves a CSV as shown: the digits are gone.
        return bad(
          'NUMBER_PRECISION',
          `“${column.header}”的值“${text.slice(0, 20)}”是电子表格的科学计数法，数字已丢失；请将该列设为文本格式后重新填写 (a spreadsheet wrote the number in scientific notation and its digits are lost: format the column as text and type it again)`,
        );
      }
      if (column.maxLength && text.length > column.maxLength) return bad('TOO_LONG', `“${column.header}”超过 ${column.maxLength} 个字符 (longer than ${column.maxLength})`);
      return ok(text);
    }
    case 'code': {
      const v = lookupCode(column.list!, text);
      return v ? ok(v) : bad('UNKNOWN_CODE', `“${column.header}”的值“${text.slice(0, 40)}”不在代码表中 (not a code or label of the list)`);
    }
    case 'codes': {
      const items = text.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);
      const values: string[] = [];
      for (const item of items) {
        const v = lookupCode(column.list!, item);
        if (!v) return bad('UNKNOWN_CODE', `“${column.header}”的值“${item.slice(0, 40)}”不在代码表中 (not a code or label of the list)`);
        values.push(v);
      }
      return ok(values);
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (TRUE.has(t)) return ok(true);
      if (FALSE.has(t)) return ok(false);
      return bad('BOOLEAN_FORMAT', `“${column.header}”应填“是”或“否” (yes or no)`);
    }
    case 'int': {
      if (!/^-?\d+$/.test(text)) return bad('INTEGER_FORMAT', `“${column.header}”应为整数 (an integer)`);
      const n = Number(text);
      if ((column.min !== undefined && n < column.min) || (column.max !== undefined && n > column.max)) {
        return bad('OUT_OF_RANGE', `“${column.header}”应在 ${column.min}–${column.max} 之间 (out of range)`);
      }
      return ok(n);
    }
    case 'decimal': {
      const t = text.replace(/,/g, '');
      if (!/^\d+(\.\d+)?$/.test(t)) return bad('DECIMAL_FORMAT', `“${column.header}”应为非负数 (a non-negative number)`);
      const [int, frac = ''] = t.split('.');
      if (frac.replace(/0+$/, '').length > 2) return bad('DECIMAL_FORMAT', `“${column.header}”最多两位小数 (at most 2 decimals)`);
      const integer = int.replace(/^0+(?=\d)/, '');
      if (column.integerDigits !== undefined && integer.length > column.integerDigits) return bad('OUT_OF_RANGE', `“${column.header}”数值过大 (too large)`);
      return ok(`${integer}.${(frac + '00').slice(0, 2)}`);
    }
    case 'date': {
      if (typeof raw === 'number' || /^\d{5}(\.\d+)?$/.test(text)) {
        const d = excelSerialToDate(Number(text));
        return d ? ok(d) : bad('DATE_FORMAT', `“${column.header}”日期格式错误 (invalid date)`);
      }
      const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
      if (!m) return bad('DATE_FORMAT', `“${column.header}”日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)`);
      const d = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
      return isLocalDate(d) ? ok(d) : bad('DATE_FORMAT', `“${column.header}”不是有效日期 (not a real date)`);
    }
  }
}

/**
 * A flat row (one record a row: a roster) parsed by its columns: the values by key (blank cells
 * absent), and each refused cell as its column key with the code and message (a blank required
 * cell: REQUIRED). A port turns these into its report's problems.
 */
export function parseRowCells(columns: readonly ImportColumn[], values: { get(key: string): Raw | undefined }): { values: Record<string, CellValue>; refused: { key: string; code: string; message: string }[] } {
  const out: Record<string, CellValue> = {};
  const refused: { key: string; code: string; message: string }[] = [];
  for (const column of columns) {
    const raw = values.get(column.key);
    if (raw === undefined || raw === null || cellText(raw) === '') {
      if (column.required) refused.push({ key: column.key, code: 'REQUIRED', message: `“${column.header}”不能为空 (required)` });
      continue;
    }
    const parsed = parseCell(column, raw);
    if (parsed.ok) out[column.key] = parsed.value;
    else refused.push({ key: column.key, code: parsed.code, message: parsed.message });
  }
  return { values: out, refused };
}

// ------------------------------------------------------------------ formatting cells (export)

export type Cell = string | number | boolean | null;

/** A stored value as the export writes it: labels (or codes), 是/否, decimals as strings. */
export function formatCell(column: ImportColumn, value: unknown, values: 'labels' | 'codes' = 'labels'): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'bool':
      return value ? '是' : '否';
    case 'code': {
      const k = value as string;
      return values === 'codes' ? (column.list!.code[k] ?? k) : (column.list!.label[k] ?? k);
    }
    case 'codes': {
      const ks = value as string[];
      return values === 'codes' ? ks.map((k) => column.list!.code[k] ?? k).join(',') : ks.map((k) => column.list!.label[k] ?? k).join('、');
    }
    default:
      return String(value);
  }
}

/**
 * A raw cell as text to compare by: blank is '', a date its ISO form, anything else folded to
 * half-width (NFKC) and trimmed. Unit keys (户编号) are grouped and matched by it.
 */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return raw.toISOString();
  return String(raw).normalize('NFKC').trim();
}
