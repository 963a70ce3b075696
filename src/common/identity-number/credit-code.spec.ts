import {
  computeCreditCheckChar,
  computeOrganisationCheckChar,
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_WEIGHTS,
  CreditCodeErrorCode,
  CreditCodeParseResult,
  isValidCreditCode,
  makeCreditCode,
  parseCreditCode,
} from './credit-code';

function expectError(result: CreditCodeParseResult, code: CreditCodeErrorCode): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.code).toBe(code);
  return result.message;
}

/**
 * Real, published codes. The first group is from python-stdnum's test data
 * (tests/test_cn_uscc.doctest, "found online"): enterprises (91), individual businesses (92) and a
 * public institution (12), with letters in the organisation code and X check characters. The second
 * group are codes well-known companies print on their business licences and annual reports.
 * Both check characters (GB 11714 and GB 32100) hold for every one of them.
 */
const PUBLISHED = [
  '121200004013590816',
  '91110000600037341L',
  '91120224064012553U',
  '91152201078371135X',
  '9115220107837757XE',
  '9115220107837941X1',
  '91310115MA1K3BTP2B',
  '9131012056010553X5',
  '91340600MA2PBM9HXD',
  '91620105L015101280',
  '92340602MA2PBMEM24',
  '92340621MA2UK3PJXE',
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '914403001922038216', // 华为技术有限公司
  '91110000710925462X', // 中国石油天然气股份有限公司
  '91100000100003962T', // 中国工商银行股份有限公司 (registered centrally: division 100000)
];

describe('the code alphabet and weights (GB 32100-2015)', () => {
  it('has 31 characters, without I, O, Z, S, V, valued in order', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const c of 'IOZSV') expect(CREDIT_CODE_ALPHABET).not.toContain(c);
    expect(CREDIT_CODE_ALPHABET.indexOf('A')).toBe(10);
    expect(CREDIT_CODE_ALPHABET.indexOf('Y')).toBe(30);
  });

  it('weights are 3^(i-1) mod 31 (the standard\'s table)', () => {
    expect([...CREDIT_CODE_WEIGHTS]).toEqual(Array.from({ length: 17 }, (_, i) => 3 ** i % 31));
  });
});

describe('computeCreditCheckChar', () => {
  it('reproduces the published check characters', () => {
    for (const code of PUBLISHED) expect(computeCreditCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('hand-checked: 91440300708461136 → T', () => {
    // 9·1+1·3+4·9+4·27+0·19+3·26+0·16+0·17+7·20+0·29+8·25+4·13+6·8+1·24+1·10+3·30+6·28 = 966;
    // 966 mod 31 = 5; 31 − 5 = 26 → 'T'
    expect(computeCreditCheckChar('91440300708461136')).toBe('T');
  });

  it('writes a remainder of 0 as 0 (31 − 0 = 31 → 0)', () => {
    let found = false;
    for (let n = 0; n < 1000 && !found; n += 1) {
      const first17 = `9141010600${String(n).padStart(7, '0')}`;
      if (computeCreditCheckChar(first17) === '0') found = true;
    }
    expect(found).toBe(true);
  });

  it.each(['', '9144030070846113', '9144030070846113I', '９１４４０３００７０８４６１１３６'])('refuses %j', (input) => {
    expect(() => computeCreditCheckChar(input)).toThrow(RangeError);
  });
});

describe('computeOrganisationCheckChar (GB 11714-1997)', () => {
  it('reproduces the organisation codes inside published credit codes', () => {
    for (const code of PUBLISHED) expect(computeOrganisationCheckChar(code.slice(8, 16))).toBe(code[16]);
  });

  it('writes 10 as X and 11 as 0', () => {
    // 00000000: Σ = 0 → 11 → '0'; 00000006: Σ = 12, 12 mod 11 = 1 → 10 → 'X'
    expect(computeOrganisationCheckChar('00000000')).toBe('0');
    expect(computeOrganisationCheckChar('00000006')).toBe('X');
    // MA2PBM9H: 22·3+10·7+2·9+25·10+11·5+22·8+9·4+17·2 = 705, 705 mod 11 = 1 → X (91340600MA2PBM9HXD)
    expect(computeOrganisationCheckChar('MA2PBM9H')).toBe('X');
  });
});

describe('parseCreditCode', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    const r = parseCreditCode(code);
    expect(r.ok && r.value).toBe(code);
  });

  it('decodes the parts', () => {
    expect(parseCreditCode('91440300708461136T')).toEqual({
      ok: true,
      value: '91440300708461136T',
      authority: '9',
      authorityName: '工商',
      type: '1',
      typeName: '企业',
      regionCode: '440300',
      organisationCode: '708461136',
    });
    const r = parseCreditCode('92340602MA2PBMEM24');
    expect(r.ok && [r.authorityName, r.typeName]).toEqual(['工商', '个体工商户']);
  });

  it('normalises: blanks, dashes, lower case, full-width characters', () => {
    expect(parseCreditCode(' 9144 0300-7084 6113 6t ').ok && parseCreditCode(' 9144 0300-7084 6113 6t ')).toMatchObject({ value: '91440300708461136T' });
    const full = parseCreditCode('９１４４０３００７０８４６１１３６Ｔ');
    expect(full.ok && full.value).toBe('91440300708461136T');
  });

  it('accepts a village collective economic organisation (authority N, agriculture; type 2 村级)', () => {
    // No code of a real village collective was found published; this one is built by the
    // standard's rules for 郑州市上街区 (410106), the district the service runs for.
    const code = makeCreditCode('N', '2', '410106', 'MA45X7K1');
    const r = parseCreditCode(code);
    expect(r.ok && [r.authorityName, r.typeName, r.regionCode]).toEqual(['农业', '村级集体经济组织', '410106']);
    expect(parseCreditCode(makeCreditCode('N', '3', '410106', '0745A21B')).ok).toBe(true);
  });

  it('refuses a wrong check character, naming the right one', () => {
    const message = expectError(parseCreditCode('91440300708461136U'), 'CREDIT_CODE_CHECKSUM');
    expect(message).toContain('应为 T');
    expectError(parseCreditCode('914403001922038217'), 'CREDIT_CODE_CHECKSUM');
    expectError(parseCreditCode('91110000710925462Y'), 'CREDIT_CODE_CHECKSUM');
  });

  it('refuses a wrong organisation code check character even when position 18 is recomputed', () => {
    const body = '91440300708461137';
    expectError(parseCreditCode(body + computeCreditCheckChar(body)), 'CREDIT_CODE_ORGANISATION');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the excluded letter %s', (letter) => {
    expectError(parseCreditCode(`9144030070846113${letter}T`), 'CREDIT_CODE_ALPHABET');
  });

  it('refuses other characters', () => {
    expect(expectError(parseCreditCode('91440300708461136#'), 'CREDIT_CODE_ALPHABET')).toContain('#');
    expectError(parseCreditCode('9144030070846113六T'), 'CREDIT_CODE_ALPHABET');
  });

  it.each([
    ['91440300708461136', 17],
    ['91440300708461136T1', 19],
    ['708461136', 9],
  ])('refuses %s (length %i)', (input, length) => {
    expect(expectError(parseCreditCode(input), 'CREDIT_CODE_LENGTH')).toContain(`${length} 位`);
  });

  it('refuses an empty or missing code', () => {
    expectError(parseCreditCode(''), 'CREDIT_CODE_EMPTY');
    expectError(parseCreditCode(' - '), 'CREDIT_CODE_EMPTY');
    expectError(parseCreditCode(null), 'CREDIT_CODE_EMPTY');
    expectError(parseCreditCode(undefined), 'CREDIT_CODE_EMPTY');
  });

  it('refuses an unknown authority, or a type its authority does not have, with correct check characters', () => {
    const withCheck = (first17: string) => first17 + computeCreditCheckChar(first17);
    expectError(parseCreditCode(withCheck('B1440300708461136')), 'CREDIT_CODE_AUTHORITY');
    // 工商 (9) has types 1, 2, 3 only; 民政 (5) has no type 4.
    expectError(parseCreditCode(withCheck('94440300708461136')), 'CREDIT_CODE_AUTHORITY');
    expectError(parseCreditCode(withCheck('54440300708461136')), 'CREDIT_CODE_AUTHORITY');
    // 农业 (N) has no type 4.
    expectError(parseCreditCode(withCheck('N4410106708461136')), 'CREDIT_CODE_AUTHORITY');
  });

  it('refuses a division that is not one (letters, or no such province)', () => {
    const withCheck = (first17: string) => first17 + computeCreditCheckChar(first17);
    expectError(parseCreditCode(withCheck('9199030070846113' + '6')), 'CREDIT_CODE_REGION');
    expectError(parseCreditCode(withCheck('91A4030070846113' + '6')), 'CREDIT_CODE_REGION');
  });

  it('isValidCreditCode is its boolean form', () => {
    expect(isValidCreditCode('91440300708461136T')).toBe(true);
    expect(isValidCreditCode('91440300708461136U')).toBe(false);
  });
});

describe('makeCreditCode', () => {
  it('builds codes parseCreditCode accepts', () => {
    for (const [a, t] of [['9', '3'], ['N', '2'], ['5', '1'], ['Y', '1']]) {
      expect(isValidCreditCode(makeCreditCode(a!, t!, '410106', '3954K2L7'))).toBe(true);
    }
  });

  it('refuses what the standard does not allow', () => {
    expect(() => makeCreditCode('9', '4', '410106', '3954K2L7')).toThrow(RangeError);
    expect(() => makeCreditCode('9', '1', '410106', '3954K2LI')).toThrow(RangeError);
  });
});
