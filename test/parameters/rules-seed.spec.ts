import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandKey, parsePeriod, parseRules, typeValue } from '../../scripts/rules-parser';
import { RULES_FILE, SEED_FILE, seedText } from '../../scripts/parameters-seed';
import { ParameterStatus, ParameterType, SeedParameter } from '../../src/parameters/parameter-types';
import { declaredSeedRows } from '../../src/parameters/parameters.service';
import { APP_DECLARATIONS } from '../../src/app.modules';

const root = join(__dirname, '..', '..');
const rules = readFileSync(join(root, RULES_FILE), 'utf8');
const seed: SeedParameter[] = JSON.parse(readFileSync(join(root, SEED_FILE), 'utf8'));
const find = (key: string, from?: string) => seed.filter((r) => r.key === key && (!from || r.effectiveFrom === from));

describe('policy parameters: docs/RULES.md and seeds/policy-parameters.json cannot drift (issue #13)', () => {
  it('the committed seed is exactly a fresh parse of docs/RULES.md (run `npm run parameters:seed` after editing it)', () => {
    expect(readFileSync(join(root, SEED_FILE), 'utf8')).toBe(seedText(rules));
  });

  it('every key cell of every RULES.md table is in the seed', () => {
    const keys = [...rules.matchAll(/^\| `?([a-z_]+\.[a-z_.{},]+)`? \|/gm)].flatMap((m) => expandKey(m[1]));
    expect(keys.length).toBeGreaterThan(120);
    for (const key of keys) expect(find(key).length).toBeGreaterThan(0);
  });

  it('money is a decimal string, per-year lines are one row per year, with their own status', () => {
    expect(find('registry.poverty_line_national', '2016-01-01')).toEqual([
      expect.objectContaining({ type: ParameterType.AMOUNT, value: '2952.00', unit: '元/人/年', effectiveTo: '2016-12-31', scopeCode: '', status: ParameterStatus.VERIFIED }),
    ]);
    expect(find('registry.poverty_line_national', '2018-01-01')[0]).toMatchObject({ value: '2995.00', status: ParameterStatus.UNVERIFIED });
    expect(find('registry.exit_income_line', '2018-01-01')[0]).toMatchObject({ value: '3535.00', scopeCode: '410000000000', status: ParameterStatus.UNVERIFIED });
    expect(find('registry.poverty_line_national')).toHaveLength(8);
  });

  it("the modules' declared parameters are keys RULES.md does not list, of known types, seeded NOT_CONFIGURED with a source saying so", () => {
    const rows = declaredSeedRows(APP_DECLARATIONS.parameters, new Set(seed.map((r) => r.key)));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.find((r) => r.key === 'employment.monthly_income_ceiling')).toEqual({
      key: 'employment.monthly_income_ceiling', type: ParameterType.AMOUNT, value: null, unit: '元/月', effectiveFrom: '2014-01-01', effectiveTo: null, scopeCode: '',
      source: 'not in RULES.md; declared by the employment module', status: ParameterStatus.NOT_CONFIGURED, note: expect.any(String), stated: '—',
    });
    const declared = { key: 'employment.channels', type: 'CODE_LIST', unit: '—', description: 'd', scopeCode: '', effectiveFrom: '2014-01-01', module: 'employment' };
    expect(() => declaredSeedRows([declared], new Set(seed.map((r) => r.key)))).toThrow('parameter employment.channels is declared by module employment but RULES.md lists it');
    expect(() => declaredSeedRows([{ ...declared, key: 'employment.other', type: 'MONEY' }], new Set())).toThrow('has unknown type MONEY');
  });

  it('a declared parameter may be seeded with a value and its status (never NOT_CONFIGURED), checked against its type', () => {
    const rows = declaredSeedRows(APP_DECLARATIONS.parameters, new Set(seed.map((r) => r.key)));
    expect(rows.find((r) => r.key === 'education.dropout_watch.age_from')).toMatchObject({
      type: ParameterType.INTEGER, value: 6, status: ParameterStatus.UNVERIFIED, source: 'not in RULES.md; declared by the education module', stated: expect.stringContaining('6–15'),
    });
    expect(rows.find((r) => r.key === 'education.dropout_watch.age_to')).toMatchObject({ value: 15, status: ParameterStatus.UNVERIFIED });
    // No source gives the ages of each school stage: not configured, never a guess.
    expect(rows.find((r) => r.key === 'education.stage_ages')).toMatchObject({ value: null, status: ParameterStatus.NOT_CONFIGURED });
    // Nor does any give the threshold of catastrophic health spending (a share of the household's income).
    expect(rows.find((r) => r.key === 'health.catastrophic_spending_ratio')).toMatchObject({
      type: ParameterType.RATIO, value: null, unit: 'ratio', status: ParameterStatus.NOT_CONFIGURED, source: 'not in RULES.md; declared by the health module',
    });
    const declared = { key: 'education.other', type: 'INTEGER', unit: '周岁', description: 'd', scopeCode: '', effectiveFrom: '2014-01-01', module: 'education' };
    expect(() => declaredSeedRows([{ ...declared, seeded: { value: 'six', status: 'UNVERIFIED' as const, stated: 'six' } }], new Set())).toThrow('seeded with a value its type refuses');
    expect(() => declaredSeedRows([{ ...declared, seeded: { value: 6, status: 'NOT_CONFIGURED' as never, stated: '6' } }], new Set())).toThrow('seeded with status NOT_CONFIGURED');
  });

  it('`—` is NOT_CONFIGURED with a null value, never a zero', () => {
    for (const key of ['employment.pwp_monthly_pay', 'disability.amount.living', 'assistance.dibao_rural_local', 'health.layer_params']) {
      expect(find(key)[0]).toMatchObject({ status: ParameterStatus.NOT_CONFIGURED, value: null });
    }
    expect(seed.filter((r) => r.status === ParameterStatus.NOT_CONFIGURED).every((r) => r.value === null)).toBe(true);
    expect(seed.filter((r) => r.value === null).every((r) => r.status === ParameterStatus.NOT_CONFIGURED)).toBe(true);
  });

  it('expands `x.{a,b}` keys, one value each or one shared, and reads working days', () => {
    expect(find('education.preschool.living')[0]).toMatchObject({ value: '400.00', effectiveFrom: '2016-09-01', effectiveTo: null });
    expect(find('project.notice_days.plan')[0]).toMatchObject({ type: ParameterType.DAYS, value: 10, scopeCode: '410106000000' });
    expect(find('supervision.hotline_deadline.inquiry')[0]).toMatchObject({ type: ParameterType.WORKING_DAYS, value: 10 });
    expect(find('supervision.hotline_deadline.investigation')[0]).toMatchObject({ type: ParameterType.DAYS, value: 15 });
    expect(find('funds.allocation_disclosure_deadline')[0]).toMatchObject({ type: ParameterType.WORKING_DAYS, value: 15 });
  });

  it('types ratios, lists, booleans and weights; keeps the stated text', () => {
    expect(find('funds.district_own_input_min_ratio')[0]).toMatchObject({ type: ParameterType.RATIO, value: '0.40', status: ParameterStatus.SEED });
    expect(find('registry.village_exit_incidence_max')[0]).toMatchObject({ type: ParameterType.RATIO, value: '0.02', stated: '0.02 (strict <)' });
    expect(find('assistance.tekun_support_min')[0]).toMatchObject({ type: ParameterType.FACTOR, value: '1.3' });
    expect(find('registry.exit_criteria')[0].value).toEqual(['吃穿不愁', '义务教育有保障', '基本医疗有保障', '住房安全有保障']);
    expect(find('supervision.appraisal_weights')[0].value).toEqual({ 日常督查: '0.40', 年度核查: '0.30', 第三方评估: '0.30' });
    expect(find('registry.exit_keeps_support')[0]).toMatchObject({ type: ParameterType.BOOLEAN, value: true });
    expect(find('target.district_input')[0]).toMatchObject({ value: '0.40', stated: '≥0.40', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31', status: ParameterStatus.SEED });
    // "N, H": one row per scope.
    expect(find('education.vocational').map((r) => r.scopeCode)).toEqual(['', '410000000000']);
  });

  it('periods follow RULES.md §0', () => {
    expect(parsePeriod('2018')).toEqual({ effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31' });
    expect(parsePeriod('≤2018→')).toEqual({ effectiveFrom: '2018-01-01', effectiveTo: null });
    expect(parsePeriod('2018→2020-12-31')).toEqual({ effectiveFrom: '2018-01-01', effectiveTo: '2020-12-31' });
    expect(parsePeriod('2016-09-01→')).toEqual({ effectiveFrom: '2016-09-01', effectiveTo: null });
    expect(typeValue('元/人/年', '2995')).toEqual({ type: ParameterType.AMOUNT, value: '2995.00' });
  });

  it('a table row with an unknown status or scope fails the parse instead of being dropped', () => {
    const table = (status: string, scope = 'S') => `| key | value | unit | eff. | scope | source | status | note |\n|---|---|---|---|---|---|---|---|\n| a.b | 1 | days | 2018 | ${scope} | x | ${status} | |\n`;
    expect(parseRules(table('seed'))).toHaveLength(1);
    expect(() => parseRules(table('maybe'))).toThrow('unknown status');
    expect(() => parseRules(table('seed', 'Q'))).toThrow('unknown scope');
  });
});
