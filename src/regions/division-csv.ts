import { parse } from 'csv-parse/sync';
import { FieldProblem } from '../common/errors/app-error';
import { isWithin, LEVEL_PREFIX_LENGTH, RegionLevel } from '../common/region/region-code';
import { RegionsErrors, RegionsReason } from './regions.errors';
import type { RegionRow } from './regions.repository';
import { CommonReason } from '../common/errors/reasons';

const HEADER = ['code', 'name', 'parent_code', 'level'];
const LEVELS = Object.values(RegionLevel) as string[];
const DEPTH = new Map(LEVELS.map((l, i) => [l, i]));

/** A row of a division list with its line in the file (for problems). */
export interface DivisionRow extends RegionRow {
  line: number;
}

/** Depth of a level in the tree: province 0 … village 4. */
export function levelDepth(level: RegionLevel): number {
  return DEPTH.get(level)!;
}

/**
 * Parses and checks a division list: header `code,name,parent_code,level`, one region a row,
 * 12-digit codes, a parent one level up whose code is the child's prefix. Problems name the row
 * (line number in the file) and column; nothing is returned unless every row is good.
 * Rows come back sorted parents first.
 */
export function parseDivisionCsv(input: string | Buffer): DivisionRow[] {
  let records: string[][];
  try {
    records = parse(input, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    throw RegionsErrors.invalidCsv([{ field: 'file', reason: RegionsReason.CSV_SYNTAX, message: `CSV 格式错误: ${(e as Error).message}` }]);
  }
  const header = records[0]?.map((h) => h.toLowerCase());
  if (!header || HEADER.some((h, i) => header[i] !== h)) {
    throw RegionsErrors.invalidCsv([
      { field: 'header', reason: RegionsReason.BAD_HEADER, message: `表头应为 ${HEADER.join(',')} (header must be ${HEADER.join(',')})` },
    ]);
  }
  const problems: FieldProblem[] = [];
  const rows: DivisionRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((rec, i) => {
    const line = i + 2;
    const at = (column: string) => `row ${line}.${column}`;
    const [code = '', name = '', parentCode = '', level = ''] = rec;
    const before = problems.length;
    if (rec.length !== 4) problems.push({ field: at('row'), reason: RegionsReason.COLUMN_COUNT, message: '应有 4 列 (4 columns expected)' });
    if (!/^\d{12}$/.test(code)) problems.push({ field: at('code'), reason: RegionsReason.INVALID_CODE, message: '区划代码应为 12 位数字' });
    if (!name || name.length > 100) problems.push({ field: at('name'), reason: RegionsReason.INVALID_NAME, message: '名称不能为空且不超过 100 字' });
    if (!LEVELS.includes(level)) {
      problems.push({ field: at('level'), reason: RegionsReason.INVALID_LEVEL, message: `级别应为 ${LEVELS.join('/')}` });
    }
    if (parentCode && !/^\d{12}$/.test(parentCode)) {
      problems.push({ field: at('parent_code'), reason: RegionsReason.INVALID_CODE, message: '上级区划代码应为 12 位数字' });
    }
    if (problems.length > before) return;
    const lvl = level as RegionLevel;
    if (lvl !== RegionLevel.PROVINCE && !parentCode) {
      problems.push({ field: at('parent_code'), reason: RegionsReason.PARENT_REQUIRED, message: '非省级区划必须有上级' });
      return;
    }
    if (parentCode) {
      const parentLevel = LEVELS[(DEPTH.get(lvl) ?? 0) - 1] as RegionLevel;
      if (code.slice(0, LEVEL_PREFIX_LENGTH[parentLevel]) !== parentCode.slice(0, LEVEL_PREFIX_LENGTH[parentLevel])) {
        problems.push({ field: at('parent_code'), reason: RegionsReason.PARENT_MISMATCH, message: '区划代码与上级代码不一致' });
        return;
      }
    }
    if (seen.has(code)) {
      problems.push({ field: at('code'), reason: RegionsReason.DUPLICATE_CODE, message: `与第 ${seen.get(code)} 行重复` });
      return;
    }
    seen.set(code, line);
    rows.push({ code, name, level: lvl, parentCode: parentCode || null, line });
  });
  if (problems.length) throw RegionsErrors.invalidCsv(problems);
  return rows.sort((a, b) => (DEPTH.get(a.level)! - DEPTH.get(b.level)!) || (a.code < b.code ? -1 : 1));
}

/**
 * Region scope of a division list loaded by a caller: every row must lie in the subtree of the
 * caller's home region (`prefix` = its scope prefix). The home region's own row may change only
 * its name (its level and parent decide the caller's scope); a row below it must keep its parent
 * inside the subtree and sit at a lower level (so nobody homed there sees beyond the subtree).
 * `home` null (the home region is gone) refuses every row. Problems name the row and column.
 */
export function divisionScopeProblems(
  rows: readonly DivisionRow[],
  home: Pick<RegionRow, 'code' | 'level' | 'parentCode'> | null,
  prefix: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const out = (line: number, column: string, message: string) =>
    problems.push({ field: `row ${line}.${column}`, reason: CommonReason.REGION_OUT_OF_SCOPE, message });
  for (const r of rows.slice().sort((a, b) => a.line - b.line)) {
    if (!home || !isWithin(r.code, prefix)) {
      out(r.line, 'code', `区划 ${r.code} 不在本级管辖范围内 (region outside your region)`);
    } else if (r.code === home.code) {
      if (r.level !== home.level) out(r.line, 'level', '本级区划只能改名 (your own region: only its name may change)');
      else if (r.parentCode !== home.parentCode) out(r.line, 'parent_code', '本级区划只能改名 (your own region: only its name may change)');
    } else if (!r.parentCode || !isWithin(r.parentCode, prefix)) {
      out(r.line, 'parent_code', `上级区划 ${r.parentCode ?? ''} 不在本级管辖范围内 (parent outside your region)`);
    } else if (levelDepth(r.level) <= levelDepth(home.level)) {
      out(r.line, 'level', '级别应低于本级区划 (must be below your region)');
    }
  }
  return problems;
}
