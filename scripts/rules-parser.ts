/**
 * Reads the parameter tables of docs/RULES.md into typed seed rows (seeds/policy-parameters.json,
 * written by `npm run parameters:seed`; test/parameters/rules-seed.spec.ts checks the two agree).
 *
 * RULES.md conventions (its §0): `x.{a,b}` = keys x.a, x.b (a value of as many `;` items gives one
 * each, else all share it); `—` = not configured; eff. `2018` = that year, `A→` open, `A→B`
 * closed, `≤2018→` = from 2018-01-01, `per year` = one row per `year: value` item; scope
 * N/H/Z/S; status seed/verified/unverified. §10's table has no eff./scope/status columns: 2018,
 * S, seed.
 */
import { ParameterStatus, ParameterType, SCOPE_CODES, SeedParameter } from '../src/parameters/parameter-types';

const DASH = '—';

/** Splits a markdown table row into trimmed cells. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** `x.{a,b}` → [x.a, x.b]; a single placeholder (`x.{layer}`) names the key x itself. */
export function expandKey(key: string): string[] {
  const m = /^(.*)\.\{([^}]*)\}$/.exec(key);
  if (!m) return [key];
  const names = m[2].split(',').map((n) => n.trim());
  return names.length === 1 ? [m[1]] : names.map((n) => `${m[1]}.${n}`);
}

/** The period of an eff. cell (not `per year`). */
export function parsePeriod(eff: string): { effectiveFrom: string; effectiveTo: string | null } {
  const day = (s: string, end: boolean) => (/^\d{4}$/.test(s) ? `${s}-${end ? '12-31' : '01-01'}` : s);
  const text = eff.replace(/^≤/, '');
  if (!text.includes('→')) return { effectiveFrom: day(text, false), effectiveTo: day(text, true) };
  const [from, to] = text.split('→').map((s) => s.trim());
  return { effectiveFrom: day(from, false), effectiveTo: to ? day(to, true) : null };
}

const NUMBER = /^[≥>]?\s*(\d+(?:\.\d+)?)/;

/** The type a unit implies, and the typed value of one value cell. */
export function typeValue(unit: string, stated: string): { type: ParameterType; value: unknown } {
  const u = unit.trim();
  const n = NUMBER.exec(stated)?.[1];
  if (u === 'bool') return { type: ParameterType.BOOLEAN, value: stated === 'true' };
  if (u === 'list' || u === 'ordered list') return { type: ParameterType.CODE_LIST, value: stated.split(';').map((s) => s.trim()).filter(Boolean) };
  if (u === 'ratios') {
    const items = stated.split(';').map((s) => s.trim());
    const labelled = items.map((i) => /^(.*\S)\s+(\d+(?:\.\d+)?)$/.exec(i));
    if (labelled.every((l) => l)) return { type: ParameterType.RATIOS, value: Object.fromEntries(labelled.map((l) => [l![1], l![2]])) };
    return { type: ParameterType.RATIOS, value: items };
  }
  if (u === 'days' && n != null) {
    if (/working/.test(stated)) return { type: ParameterType.WORKING_DAYS, value: Number(n) };
    return { type: ParameterType.DAYS, value: Number(n) };
  }
  if (u === 'working days' && n != null) return { type: ParameterType.WORKING_DAYS, value: Number(n) };
  if (u === 'ratio' && n != null) return { type: Number(n) > 1 ? ParameterType.FACTOR : ParameterType.RATIO, value: n };
  if (u.startsWith('元') && n != null) return { type: ParameterType.AMOUNT, value: Number(n).toFixed(2) };
  if (['persons', 'projects', 'persons/household', 'months/year'].includes(u) && n != null) return { type: ParameterType.INTEGER, value: Number(n) };
  if (['enum', 'quarter', '—'].includes(u)) return { type: ParameterType.CODE, value: stated };
  return { type: ParameterType.RULE, value: { text: stated } };
}

/** The type a NOT_CONFIGURED row would have once entered (from its unit). */
function typeOfUnit(unit: string): ParameterType {
  const u = unit.trim();
  if (u.includes(';')) return ParameterType.RULE;
  if (u.startsWith('元')) return ParameterType.AMOUNT;
  if (u === 'ratio') return ParameterType.RATIO;
  if (u === 'days') return ParameterType.DAYS;
  return ParameterType.RULE;
}

function statusOf(cell: string): ParameterStatus {
  const s = cell.trim().toUpperCase();
  if (s === 'SEED' || s === 'VERIFIED' || s === 'UNVERIFIED') return s as ParameterStatus;
  throw new Error(`unknown status "${cell}"`);
}

function scopesOf(cell: string): string[] {
  return cell.split(',').map((s) => {
    const code = SCOPE_CODES[s.trim() as keyof typeof SCOPE_CODES];
    if (code === undefined) throw new Error(`unknown scope "${s}"`);
    return code;
  });
}

/** Every parameter row of RULES.md, in document order. */
export function parseRules(markdown: string): SeedParameter[] {
  const out: SeedParameter[] = [];
  let header: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    const row = cells(line);
    if (!header) {
      header = row.map((h) => h.toLowerCase());
      continue;
    }
    if (row.every((c) => /^-+$/.test(c))) continue;
    const col = (name: string) => {
      const i = header!.indexOf(name);
      return i < 0 ? undefined : row[i];
    };
    if (header[0] !== 'key') continue;
    const keyCell = col('key')!.replace(/`/g, '');
    const valueCell = col('value')!;
    const unit = col('unit')!;
    const eff = col('eff.') ?? '2018';
    const scopes = scopesOf(col('scope') ?? 'S');
    const status = statusOf(col('status') ?? 'seed');
    const sourceCell = col('source')!;
    const source = sourceCell === DASH || sourceCell.startsWith(`${DASH} `) ? (sourceCell === DASH ? null : sourceCell) : sourceCell;
    const noteCell = col('note') ?? col('data needed') ?? '';
    const note = noteCell || null;
    const keys = expandKey(keyCell);
    // value items: per year, per key, or one for all
    const periods: { stated: string; period: { effectiveFrom: string; effectiveTo: string | null }; keys: string[] }[] = [];
    if (eff === 'per year') {
      for (const item of valueCell.split(';')) {
        const m = /^\s*(\d{4}):\s*(.+?)\s*$/.exec(item);
        if (!m) throw new Error(`${keyCell}: per-year item "${item}"`);
        periods.push({ stated: m[2], period: parsePeriod(m[1]), keys });
      }
    } else {
      const items = valueCell.split(';').map((s) => s.trim());
      const period = parsePeriod(eff);
      if (keys.length > 1 && items.length === keys.length) keys.forEach((k, i) => periods.push({ stated: items[i], period, keys: [k] }));
      else periods.push({ stated: valueCell, period, keys });
    }
    for (const p of periods) {
      for (const key of p.keys) {
        for (const scopeCode of scopes) {
          const notConfigured = p.stated === DASH || p.stated.startsWith(`${DASH} `);
          const typed = notConfigured ? { type: typeOfUnit(unit), value: null } : typeValue(unit, p.stated);
          out.push({
            key,
            type: typed.type,
            value: typed.value,
            unit,
            ...p.period,
            scopeCode,
            source,
            status: notConfigured ? ParameterStatus.NOT_CONFIGURED : status,
            note,
            stated: p.stated,
          });
        }
      }
    }
  }
  return out;
}
