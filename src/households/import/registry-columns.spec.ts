import { csvCell, xlsxCell } from '../../exchange/exports/export-rows';
import { COLUMN_BY_KEY, isUnguardedFormula, needsFormulaGuard, parseCell, unguardFormula } from './registry-columns';

const column = (key: string) => COLUMN_BY_KEY.get(key)!;

describe('exchange format: the CSV export formula guard', () => {
  it("drops exactly one leading ' before = + - @ (after more apostrophes or blanks, full-width too), and only then", () => {
    expect(unguardFormula("'=1+1")).toBe('=1+1');
    expect(unguardFormula("'+8613800000000")).toBe('+8613800000000');
    expect(unguardFormula("'-张三")).toBe('-张三');
    expect(unguardFormula("'@中国农业银行")).toBe('@中国农业银行');
    expect(unguardFormula("''=1")).toBe("'=1");
    expect(unguardFormula("'＝1")).toBe('＝1');
    expect(unguardFormula("' =1")).toBe(' =1');
    expect(unguardFormula("'\tx")).toBe('\tx');
    for (const kept of ["'abc", "'123", "'", "''", " '=1", '=1+1', '-5', "O'Brien", "'张三", '']) expect(unguardFormula(kept)).toBe(kept);
    for (const plain of ['abc', '张三', '138', "O'Brien", '  张三', '']) expect(needsFormulaGuard(plain)).toBe(false);
  });

  it('undoes what the CSV export writes: every text the export guards comes back as it was', () => {
    const values = ['=1+1', '+86 138 0000 0000', '-张三', '@农行', '=HYPERLINK("http://x")', '-', '+', '=', 'plain', "'abc", '-12.50', "'=x", "''+1", "'-12.5", '\tabc', ' =1', '＝1', "'", "''"];
    for (const value of values) {
      const written = csvCell(value).replace(/^"(.*)"$/s, (_, q: string) => q.replace(/""/g, '"'));
      expect(unguardFormula(written)).toBe(value);
      // XLSX: text cells, guarded only where the import would otherwise drop an apostrophe.
      expect(unguardFormula(xlsxCell(value)!)).toBe(value);
    }
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('＝1')).toBe("'＝1");
    expect(xlsxCell('=1+1')).toBe('=1+1');
  });

  it('finds unguarded formula text in free-text columns only, not in 联系电话 and not for a dash', () => {
    const bankName = column('bankName');
    for (const formula of ['=1+1', '+SUM(A1)', '@x', '  =1', '＝1', '＋1', '＠x']) expect(isUnguardedFormula(bankName, formula)).toBe(true);
    for (const text of ['-', '-张三', '中国=银行', 'abc', '1+1', "'=1"]) expect(isUnguardedFormula(bankName, text)).toBe(false);
    expect(isUnguardedFormula(column('contactPhone'), '+8613800000000')).toBe(false);
    expect(isUnguardedFormula(column('relation'), '=1')).toBe(false); // a code column: parseCell refuses it as UNKNOWN_CODE
  });

  it('parseCell takes text as text: formulas are refused by the readers, which know the cell', () => {
    expect(parseCell(column('bankName'), '=1+1')).toEqual({ ok: true, value: '=1+1' });
    expect(parseCell(column('name'), '-张三')).toEqual({ ok: true, value: '-张三' });
    expect(parseCell(column('contactPhone'), '+8613800000000')).toEqual({ ok: true, value: '+8613800000000' });
    expect(parseCell(column('relation'), '=1')).toMatchObject({ ok: false, code: 'UNKNOWN_CODE' });
    expect(parseCell(column('name'), 'x'.repeat(51))).toMatchObject({ ok: false, code: 'TOO_LONG' });
  });
});

describe('exchange format: text as written', () => {
  it('keeps free text as written (only trimmed), and folds identifiers and codes to half-width', () => {
    expect(parseCell(column('bankName'), ' 中国农业银行（上街支行） ')).toEqual({ ok: true, value: '中国农业银行（上街支行）' });
    expect(parseCell(column('name'), '张　三')).toEqual({ ok: true, value: '张　三' });
    expect(parseCell(column('name'), '\u3000张三\u3000')).toEqual({ ok: true, value: '张三' });
    expect(parseCell(column('householdNumber'), '４１０１０６')).toEqual({ ok: true, value: '410106' });
    expect(parseCell(column('contactPhone'), '１３８００００００００')).toEqual({ ok: true, value: '13800000000' });
    for (const label of ['乡（镇）内', '乡(镇)内']) expect(parseCell(column('workPlace'), label)).toEqual({ ok: true, value: 'WITHIN_TOWN' });
  });
});

describe('exchange format: numbers in text columns', () => {
  it('refuses a number of more than 15 digits (a spreadsheet has dropped its last digits), keeps shorter ones', () => {
    for (const key of ['bankAccount', 'householdNumber', 'idNumber']) {
      expect(parseCell(column(key), 6228480000000000000)).toMatchObject({ ok: false, code: 'NUMBER_PRECISION' });
      // The same number as Excel shows it, saved to CSV as shown (issue #10, item 20).
      expect(parseCell(column(key), '3.40524E+17')).toMatchObject({ ok: false, code: 'NUMBER_PRECISION', message: expect.stringContaining('科学计数法') });
    }
    expect(parseCell(column('contactPhone'), 13800000000)).toEqual({ ok: true, value: '13800000000' });
    expect(parseCell(column('householdNumber'), 410106100201001)).toEqual({ ok: true, value: '410106100201001' });
    expect(parseCell(column('bankAccount'), '6228480000000000011')).toEqual({ ok: true, value: '6228480000000000011' });
  });
});
