/**
 * The exchange columns as a Markdown table, for the README (between the markers below). A test
 * keeps the README's copy equal to this; `npm run docs:columns` rewrites it.
 */
import { COLUMNS, ExchangeColumn } from '../../households/import/registry-columns';

export const COLUMNS_DOC_START = '<!-- exchange-columns:start (npm run docs:columns) -->';
export const COLUMNS_DOC_END = '<!-- exchange-columns:end -->';

function values(c: ExchangeColumn): string {
  switch (c.kind) {
    case 'text':
      return c.maxLength ? `text, ≤ ${c.maxLength}` : 'text';
    case 'code':
    case 'codes': {
      const keys = Object.keys(c.list!.values);
      const shown = keys.slice(0, 2).map((k) => `\`${c.list!.code[k]}\` ${c.list!.label[k]} \`${k}\``);
      const more = keys.length > 2 ? `, … (${keys.length})` : '';
      return `${c.kind === 'codes' ? 'codes, 、-separated' : 'code'}: ${shown.join(', ')}${more}`;
    }
    case 'bool':
      return '是/否';
    case 'int':
      return c.min !== undefined || c.max !== undefined ? `integer ${c.min ?? ''}–${c.max ?? ''}` : 'integer';
    case 'decimal':
      return c.integerDigits !== undefined ? `amount, 2 decimals, ≤ ${c.integerDigits} digits before the point` : 'amount, 2 decimals';
    case 'date':
      return 'date';
  }
}

function notes(c: ExchangeColumn): string {
  const n: string[] = [];
  if (c.required) n.push('required');
  if (c.protected) n.push('personal data: masked unless revealed');
  if (c.role === 'info') n.push('export only, not read back');
  if (c.role === 'unstored') n.push('national column not kept');
  if (c.verbatim) n.push('kept as written');
  return n.join('; ');
}

export function columnsTable(): string {
  const head = ['| 表头 (aliases) | key | scope | values | notes |', '| --- | --- | --- | --- | --- |'];
  const rows = COLUMNS.map((c) => {
    const header = c.aliases?.length ? `${c.header} (${c.aliases.join('、')})` : c.header;
    return `| ${header} | \`${c.key}\` | ${c.scope} | ${values(c)} | ${notes(c)} |`;
  });
  return [...head, ...rows].join('\n');
}

/** The README with its column table replaced by the current one (markers must be present). */
export function withColumnsTable(readme: string): string {
  const start = readme.indexOf(COLUMNS_DOC_START);
  const end = readme.indexOf(COLUMNS_DOC_END);
  if (start < 0 || end < start) throw new Error('README has no exchange-columns markers');
  return `${readme.slice(0, start + COLUMNS_DOC_START.length)}\n${columnsTable()}\n${readme.slice(end)}`;
}
