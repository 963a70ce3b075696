import {
  CitizenIdErrorCode,
  CitizenIdParseResult,
  computeCheckChar,
  isValidCitizenId,
  makeCitizenId,
  parseCitizenId,
} from './citizen-id';

const TODAY = '2025-06-15';

function expectError(result: CitizenIdParseResult, code: CitizenIdErrorCode): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.code).toBe(code);
  return result.message;
}

/** 17 digits + correct check char, bypassing makeCitizenId's own validation. */
function withCheck(first17: string): string {
  return first17 + computeCheckChar(first17);
}

describe('computeCheckChar', () => {
  it('matches the GB 11643-1999 examples (hand-checked)', () => {
    // 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 mod 11 = 2 → 'X'
    expect(computeCheckChar('11010519491231002')).toBe('X');
    // 4*7+4*9+0+5*5+2*8+4*4+1*2+8*1+8*6+0+0+1*9+0+1*5+0+0+1*2 = 195; 195 mod 11 = 8 → '4'
    expect(computeCheckChar('44052418800101001')).toBe('4');
  });

  it('covers every remainder 0..10 with the 1,0,X,9..2 mapping', () => {
    // Position 8 has weight 1, so varying it walks through all remainders.
    const seen = new Map<number, string>();
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (let d = 0; d <= 9; d += 1) {
      for (let e = 0; e <= 9; e += 1) {
        const first17 = `4101061${d}8001011${e}3`.slice(0, 17);
        const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
        seen.set(sum % 11, computeCheckChar(first17));
      }
    }
    expect(seen.size).toBe(11);
    expect([...seen.entries()].sort(([a], [b]) => a - b).map(([, c]) => c).join('')).toBe('10X98765432');
  });

  it.each(['', '1234567890123456', '123456789012345678', '1101051949123100X', '１１０１０５１９４９１２３１００２'])(
    'rejects %j',
    (input) => {
      expect(() => computeCheckChar(input)).toThrow(RangeError);
    },
  );
});

describe('parseCitizenId', () => {
  it('accepts the standard example 11010519491231002X', () => {
    expect(parseCitizenId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'FEMALE',
      regionCode: '110105',
    });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const result = parseCitizenId('11010519491231002x', TODAY);
    expect(result.ok && result.value).toBe('11010519491231002X');
  });

  it('trims surrounding whitespace and accepts full-width digits', () => {
    expect(parseCitizenId('  11010519491231002X\t', TODAY).ok).toBe(true);
    const fullWidth = parseCitizenId('１１０１０５１９４９１２３１００２ｘ', TODAY);
    expect(fullWidth.ok && fullWidth.value).toBe('11010519491231002X');
  });

  it('reads sex from the 17th digit', () => {
    const male = parseCitizenId(withCheck('41010619800101123'), TODAY);
    const female = parseCitizenId(withCheck('41010619800101124'), TODAY);
    expect(male.ok && male.sex).toBe('MALE');
    expect(female.ok && female.sex).toBe('FEMALE');
  });

  it('rejects empty input', () => {
    expectError(parseCitizenId('', TODAY), 'CITIZEN_ID_EMPTY');
    expectError(parseCitizenId('   ', TODAY), 'CITIZEN_ID_EMPTY');
    expectError(parseCitizenId(null, TODAY), 'CITIZEN_ID_EMPTY');
    expectError(parseCitizenId(undefined, TODAY), 'CITIZEN_ID_EMPTY');
  });

  it('refuses 15-digit numbers with an upgrade message', () => {
    const message = expectError(parseCitizenId('110105491231002', TODAY), 'CITIZEN_ID_15_DIGIT');
    expect(message).toContain('15');
    expect(message).toContain('18');
    expect(message).toContain('升级');
  });

  it.each(['1101051949123100', '11010519491231002XX', '1101051949123100211', '41010619800101123'])(
    'rejects wrong length %s',
    (input) => {
      const message = expectError(parseCitizenId(input, TODAY), 'CITIZEN_ID_LENGTH');
      expect(message).toContain(`实际为 ${input.length} 位`);
    },
  );

  it('does not treat a 15-character non-numeric value as an old number', () => {
    expectError(parseCitizenId('11010549123100X', TODAY), 'CITIZEN_ID_LENGTH');
  });

  it.each([
    ['letter inside', '1101051949123A002X'],
    ['X not last', '110105194912310X21'],
    ['other letter last', '11010519491231002Y'],
    ['inner space', '110105 9491231002X'],
    ['symbol', '110105-9491231002X'],
  ])('rejects bad format: %s', (_label, input) => {
    expectError(parseCitizenId(input, TODAY), 'CITIZEN_ID_FORMAT');
  });

  it('rejects a wrong check character and names the expected one', () => {
    const message = expectError(parseCitizenId('110105194912310021', TODAY), 'CITIZEN_ID_CHECKSUM');
    expect(message).toBe('身份证号校验位错误：应为 X');
    const valid = makeCitizenId('410106', '1980-01-01', 123, 'MALE');
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(expectError(parseCitizenId(wrong, TODAY), 'CITIZEN_ID_CHECKSUM')).toContain(`应为 ${valid[17]}`);
  });

  it('detects a single-digit typo through the checksum', () => {
    // 1949 → 1948: still a valid date, so only the check character catches it.
    expectError(parseCitizenId('11010519481231002X', TODAY), 'CITIZEN_ID_CHECKSUM');
  });

  it('detects a transposition of adjacent digits', () => {
    expectError(parseCitizenId('11010519491213002X', TODAY), 'CITIZEN_ID_CHECKSUM');
  });

  it.each([
    ['Feb 30', '19800230'],
    ['Feb 29 in a non-leap year', '19000229'],
    ['Apr 31', '19800431'],
    ['month 13', '19801301'],
    ['month 00', '19800001'],
    ['day 00', '19800100'],
  ])('rejects impossible birth date: %s', (_label, date) => {
    const message = expectError(parseCitizenId(withCheck(`410106${date}123`), TODAY), 'CITIZEN_ID_BIRTH_DATE');
    expect(message).toContain(date);
  });

  it('accepts Feb 29 in leap years', () => {
    expect(parseCitizenId(withCheck('41010620000229123'), TODAY).ok).toBe(true);
    expect(parseCitizenId(withCheck('41010619960229123'), TODAY).ok).toBe(true);
  });

  it('rejects birth dates before 1900-01-01', () => {
    // Checksum-valid example from the standard itself, born 1880.
    expect(computeCheckChar('44052418800101001')).toBe('4');
    const message = expectError(parseCitizenId('440524188001010014', TODAY), 'CITIZEN_ID_BIRTH_DATE');
    expect(message).toContain('1900-01-01');
    expectError(parseCitizenId(withCheck('41010618991231123'), TODAY), 'CITIZEN_ID_BIRTH_DATE');
    expect(parseCitizenId(withCheck('41010619000101123'), TODAY).ok).toBe(true);
  });

  it('rejects future birth dates and accepts today', () => {
    const tomorrow = withCheck('41010620250616123');
    const today = withCheck('41010620250615123');
    expect(expectError(parseCitizenId(tomorrow, TODAY), 'CITIZEN_ID_BIRTH_DATE')).toContain('晚于今天');
    expect(parseCitizenId(today, TODAY).ok).toBe(true);
    expectError(parseCitizenId(withCheck('41010620990101123')), 'CITIZEN_ID_BIRTH_DATE');
  });

  it('evaluates "today" in China time (UTC+8)', () => {
    const id = withCheck('41010620250615123');
    // 2025-06-14T16:30Z is 2025-06-15 00:30 in Beijing.
    expect(parseCitizenId(id, new Date('2025-06-14T16:30:00Z')).ok).toBe(true);
    expectError(parseCitizenId(id, new Date('2025-06-14T15:30:00Z')), 'CITIZEN_ID_BIRTH_DATE');
  });

  it('rejects unknown province prefixes', () => {
    expectError(parseCitizenId(withCheck('00010619800101123'), TODAY), 'CITIZEN_ID_REGION');
    expectError(parseCitizenId(withCheck('99010619800101123'), TODAY), 'CITIZEN_ID_REGION');
  });

  it('isValidCitizenId mirrors parseCitizenId', () => {
    expect(isValidCitizenId('11010519491231002X', TODAY)).toBe(true);
    expect(isValidCitizenId('110105194912310021', TODAY)).toBe(false);
  });
});

describe('makeCitizenId', () => {
  it('generates a number that parses back to the same fields', () => {
    const id = makeCitizenId('410106', '1980-01-01', 123, 'MALE');
    // Hand-checked: weighted sum 161, 161 mod 11 = 7 → '5'.
    expect(id).toBe('410106198001011235');
    expect(parseCitizenId(id, TODAY)).toEqual({
      ok: true,
      value: id,
      birthDate: '1980-01-01',
      sex: 'MALE',
      regionCode: '410106',
    });
  });

  it('reproduces the standard example', () => {
    expect(makeCitizenId('110105', '1949-12-31', 2, 'FEMALE')).toBe('11010519491231002X');
  });

  it('accepts YYYYMMDD birth dates', () => {
    expect(makeCitizenId('110105', '19491231', 2, 'FEMALE')).toBe('11010519491231002X');
  });

  it('adjusts the sequence so its parity matches sex', () => {
    expect(makeCitizenId('410106', '1980-01-01', 124, 'MALE').slice(14, 17)).toBe('125');
    expect(makeCitizenId('410106', '1980-01-01', 123, 'FEMALE').slice(14, 17)).toBe('124');
    expect(makeCitizenId('410106', '1980-01-01', 0, 'MALE').slice(14, 17)).toBe('001');
    expect(makeCitizenId('410106', '1980-01-01', 0, 'FEMALE').slice(14, 17)).toBe('000');
    expect(makeCitizenId('410106', '1980-01-01', 999, 'FEMALE').slice(14, 17)).toBe('998');
    expect(makeCitizenId('410106', '1980-01-01', 999, 'MALE').slice(14, 17)).toBe('999');
  });

  it('generates valid numbers across many inputs', () => {
    const regions = ['110105', '410106', '522731', '650102', '810000'];
    let count = 0;
    for (const region of regions) {
      for (let seq = 0; seq < 1000; seq += 37) {
        for (const sex of ['MALE', 'FEMALE'] as const) {
          const year = 1900 + ((seq * 7) % 120);
          const birthDate = `${year}-${String((seq % 12) + 1).padStart(2, '0')}-${String((seq % 28) + 1).padStart(2, '0')}`;
          const id = makeCitizenId(region, birthDate, seq, sex);
          const parsed = parseCitizenId(id, TODAY);
          expect(parsed).toMatchObject({ ok: true, regionCode: region, birthDate, sex });
          // every single-digit change among the first 17 is caught
          const pos = seq % 17;
          const digit = (Number(id[pos]) + 1 + (seq % 9)) % 10;
          const typo = id.slice(0, pos) + String(digit) + id.slice(pos + 1);
          if (typo !== id) expect(parseCitizenId(typo, TODAY).ok).toBe(false);
          count += 1;
        }
      }
    }
    expect(count).toBe(regions.length * 28 * 2);
  });

  it.each<[string, () => string]>([
    ['short region', () => makeCitizenId('41010', '1980-01-01', 1, 'MALE')],
    ['non-digit region', () => makeCitizenId('41010A', '1980-01-01', 1, 'MALE')],
    ['unknown province', () => makeCitizenId('990106', '1980-01-01', 1, 'MALE')],
    ['Feb 30', () => makeCitizenId('410106', '1980-02-30', 1, 'MALE')],
    ['bad date format', () => makeCitizenId('410106', '1980/01/01', 1, 'MALE')],
    ['before 1900', () => makeCitizenId('410106', '1899-12-31', 1, 'MALE')],
    ['future date', () => makeCitizenId('410106', '2999-01-01', 1, 'MALE')],
    ['negative sequence', () => makeCitizenId('410106', '1980-01-01', -1, 'MALE')],
    ['sequence > 999', () => makeCitizenId('410106', '1980-01-01', 1000, 'MALE')],
    ['fractional sequence', () => makeCitizenId('410106', '1980-01-01', 1.5, 'MALE')],
    ['bad sex', () => makeCitizenId('410106', '1980-01-01', 1, 'OTHER' as 'MALE')],
  ])('rejects %s', (_label, fn) => {
    expect(fn).toThrow(RangeError);
  });
});
