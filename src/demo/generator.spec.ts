import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { parseCitizenId } from '../common/identity-number/citizen-id';
import { assessExit, ExitAssessmentResult } from '../households/lifecycle/exit-standard/exit-standard';
import { SchoolingStatus } from '../households/registry-codes';
import { districtVillages, GeneratedHousehold, GeneratedIncome, generateHouseholds, GeneratorOptions, REFERENCE_YEAR } from './generator';
import { csvHeaderLine, MEMBER_COLUMNS, HOUSEHOLD_COLUMNS, toCsvRows, toNdjsonLine } from './registry-format';

const TODAY = '2025-06-15';

/** Lines as a district's parameter store has them (the exit line where one is set, else the national one). */
const EXIT_LINES = { 2014: 2800, 2015: 2855, 2016: 2952, 2017: 3335, 2018: 3535 };

/**
 * The registry's exit assessment (exitAssessment's pure part) of a generated household as the
 * demo loads it: for `year`, its income of that year and the members it had at the end of it,
 * with the living conditions given.
 */
function assess(h: GeneratedHousehold, year: number, living: GeneratedHousehold['living']): ExitAssessmentResult {
  const members = h.members.filter((m) => Number(m.birthDate.slice(0, 4)) <= year);
  const income: GeneratedIncome | undefined = h.incomes.find((i) => i.year === year);
  const money = (n: number) => n.toFixed(2);
  return assessExit({
    householdId: h.householdNumber,
    year,
    membersOn: `${year}-12-31`,
    income: {
      year,
      householdSize: members.length,
      line: { nationalLine: null, provincialExitLine: String(EXIT_LINES[year as keyof typeof EXIT_LINES]) },
      income: income
        ? {
            wages: money(income.wage),
            productionBusiness: money(income.business),
            property: money(income.property),
            assetIncomeDividend: money(income.assetDividend),
            transferFamilyPlanning: money(income.familyPlanning),
            transferLowIncome: money(income.dibao),
            transferExtremePoverty: money(income.tekun),
            transferPension: money(income.pension),
            transferEcological: money(income.ecological),
            transferOther: money(income.otherTransfer),
            productionCosts: money(income.businessExpense),
          }
        : null,
    },
    foodClothing: { foodClothingSecure: living.foodClothingSecure },
    compulsorySchooling: {
      year,
      members: members.map((m) => ({ memberId: m.idNumber, name: m.name, birthDate: m.birthDate, schoolingStatus: m.schooling ? SchoolingStatus.parse(m.schooling)! : null, schoolingExemption: null })),
    },
    basicMedical: {
      year,
      members: members.map((m) => ({ memberId: m.idNumber, name: m.name, basicMedical: m.insurance.basicMedical, seriousIllness: m.insurance.criticalIllness })),
    },
    safeHousing: { ownsHousing: living.ownsHousing, dilapidatedHousing: living.dilapidatedHouse !== null, dilapidationGrade: living.dilapidatedHouse },
    safeWater: { safeDrinkingWater: living.safeDrinkingWater },
    parametersUsed: [],
  });
}

function all(options: GeneratorOptions): GeneratedHousehold[] {
  return [...generateHouseholds(options)];
}

function digest(options: GeneratorOptions, format: 'ndjson' | 'csv'): string {
  const hash = createHash('sha256');
  if (format === 'csv') hash.update(csvHeaderLine());
  for (const h of generateHouseholds(options)) hash.update(format === 'csv' ? toCsvRows(h) : toNdjsonLine(h));
  return hash.digest('hex');
}

describe('generateHouseholds', () => {
  const households = all({ households: 5000, seed: 20180101 });
  const members = households.flatMap((h) => h.members);

  it('gives byte-identical output for the same seed and size, different output for another seed', () => {
    const options = { households: 800, seed: 'bench' };
    expect(digest(options, 'ndjson')).toBe(digest(options, 'ndjson'));
    expect(digest(options, 'csv')).toBe(digest(options, 'csv'));
    expect(digest({ ...options, seed: 'bench2' }, 'ndjson')).not.toBe(digest(options, 'ndjson'));
    // A smaller run is a prefix of a larger one (district scale).
    expect(all({ households: 50, seed: 7 })).toEqual(all({ households: 120, seed: 7 }).slice(0, 50));
  });

  it('is lazy: the first households of a huge run come at once', () => {
    const it = generateHouseholds({ households: 100_000_000, seed: 1 });
    expect(it.next().value?.members.length).toBeGreaterThan(0);
  });

  it('gives every member a valid ID number agreeing with sex and birth date, unique across the set', () => {
    const problems = members.flatMap((m) => {
      const parsed = parseCitizenId(m.idNumber, TODAY);
      if (!parsed.ok) return [`${m.idNumber}: ${parsed.message}`];
      if (parsed.birthDate !== m.birthDate) return [`${m.idNumber}: birth date ${m.birthDate}`];
      if (parsed.sex !== (m.sex === '1' ? 'MALE' : 'FEMALE')) return [`${m.idNumber}: sex ${m.sex}`];
      return [];
    });
    expect(problems).toEqual([]);
    expect(new Set(members.map((m) => m.idNumber)).size).toBe(members.length);
  });

  it('keeps ID numbers unique at province scale too', () => {
    const province = all({ households: 3000, seed: 3, scale: 'province' }).flatMap((h) => h.members);
    expect(new Set(province.map((m) => m.idNumber)).size).toBe(province.length);
  });

  it('gives unique opaque 14-digit household numbers and the district villages', () => {
    const villageCodes = new Set(districtVillages().map((v) => v.code));
    expect(villageCodes.size).toBe(64);
    expect(households.filter((h) => !/^[1-9]\d{13}$/.test(h.householdNumber) || !villageCodes.has(h.villageCode))).toEqual([]);
    expect(new Set(households.map((h) => h.householdNumber)).size).toBe(households.length);
  });

  it('has exactly one head per household, listed first, and a spouse of the other sex', () => {
    const problems = households.filter(
      (h) =>
        h.members.filter((m) => m.relation === '01').length !== 1 ||
        h.members[0]!.relation !== '01' ||
        h.members.some((m) => m.relation === '02' && m.sex === h.members[0]!.sex),
    );
    expect(problems).toEqual([]);
  });

  it('has 1–7 members per household, about 2.9 on average', () => {
    expect(households.filter((h) => h.members.length < 1 || h.members.length > 7)).toEqual([]);
    const average = members.length / households.length;
    expect(average).toBeGreaterThan(2.8);
    expect(average).toBeLessThan(3.0);
  });

  it('passes the national consistency checks', () => {
    // Problems are collected rather than asserted one by one: thousands of expect() calls are slow.
    const problems: string[] = [];
    const check = (ok: boolean, what: string, h: GeneratedHousehold) => {
      if (!ok) problems.push(`${h.householdNumber}: ${what}`);
    };
    for (const h of households) {
      const causes = [h.primaryCause, ...h.otherCauses];
      check(h.otherCauses.length <= 2, 'more than two other causes', h);
      check(new Set(causes).size === causes.length, 'repeated cause', h);
      if (causes.includes('01')) check(h.members.some((m) => m.health.includes('02') || m.health.includes('03')), '因病 but nobody ill', h);
      if (causes.includes('02')) check(h.members.some((m) => m.health.includes('04')), '因残 but nobody disabled', h);
      if (h.attribute === '04') check(h.members.some((m) => m.dibao), '低保贫困户 without 低保', h);
      check(h.yearRegistered >= 2014 && h.yearRegistered <= 2018, 'year registered', h);
      for (const m of h.members) {
        check(m.monthsWorked >= 0 && m.monthsWorked <= 12, '务工时间 outside 0–12', h);
        check((m.education === null) !== (m.schooling === null), 'not exactly one of 文化程度 / 在校生状况', h);
        check(m.health.length === 1 || !m.health.includes('01'), '健康 with an illness', h);
        check(m.health.includes('04') === (m.disabilityGrade !== null), 'disability grade without 残疾', h);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps school status consistent with age', () => {
    const problems = members.filter((m) => {
      const age = 2018 - Number(m.birthDate.slice(0, 4));
      return (
        (age < 3 && m.education !== '06') ||
        (m.schooling === '03' && age < 6) ||
        (age >= 23 && m.schooling !== null && m.schooling !== '16')
      );
    });
    expect(problems).toEqual([]);
  });

  it('adds up the income of the year, with per-capita net income around the poverty line', () => {
    const problems = households.filter(({ income: i, members: ms }) => {
      return (
        i.transfer !== i.familyPlanning + i.dibao + i.tekun + i.pension + i.ecological + i.otherTransfer ||
        i.annual !== i.wage + i.business + i.property + i.transfer ||
        i.net !== i.annual - i.businessExpense ||
        Math.abs(i.perCapitaNet - i.net / ms.length) > 0.005 ||
        i.assetDividend > i.property
      );
    });
    expect(problems).toEqual([]);
    const perCapita = households.map((h) => h.income.perCapitaNet).sort((a, b) => a - b);
    const median = perCapita[Math.floor(perCapita.length / 2)]!;
    expect(median).toBeGreaterThan(2500);
    expect(median).toBeLessThan(4500);
  });

  it('writes CSV with Chinese headers, one row per member, household columns repeated', () => {
    const sample = households.slice(0, 50);
    const csv = csvHeaderLine() + sample.map((h) => toCsvRows(h)).join('');
    const rows = parse(csv) as string[][];
    const width = HOUSEHOLD_COLUMNS.length + MEMBER_COLUMNS.length;
    expect(rows[0]).toContain('户编号');
    expect(rows[0]).toContain('证件号码');
    expect(rows).toHaveLength(1 + sample.reduce((s, h) => s + h.members.length, 0));
    for (const row of rows) expect(row).toHaveLength(width);
    const first = sample[0]!;
    expect(rows.slice(1, 1 + first.members.length).every((r) => r[0] === first.householdNumber)).toBe(true);
    expect(rows[1]![rows[0]!.indexOf('与户主关系')]).toBe('户主');
  });

  describe('history the registry accepts (issue #11)', () => {
    const lined = all({ households: 3000, seed: 'shangjie-2018', exitLines: EXIT_LINES });
    const failing = (r: ExitAssessmentResult) => r.results.filter((c) => !c.passed).map((c) => `${c.criterion}: ${c.reason}`);

    it('has an income (and insurance) for every year a household exits, and the reference year’s last', () => {
      const exited = lined.filter((h) => h.exitYear !== null);
      expect(new Set(exited.map((h) => h.exitYear))).toEqual(new Set([2015, 2016, 2017, 2018]));
      const problems = lined.filter((h) => {
        const years = h.incomes.map((i) => i.year);
        const wanted = h.exitYear !== null && h.exitYear !== REFERENCE_YEAR ? [h.exitYear, REFERENCE_YEAR] : [REFERENCE_YEAR];
        return JSON.stringify(years) !== JSON.stringify(wanted) || h.incomes[h.incomes.length - 1] !== h.income;
      });
      expect(problems.map((h) => h.householdNumber)).toEqual([]);
    });

    it('meets the exit standard in the year each household exited, with the lines given', () => {
      const problems = lined
        .filter((h) => h.exitYear !== null)
        .map((h) => ({ h: h.householdNumber, status: h.status, year: h.exitYear, failing: failing(assess(h, h.exitYear!, h.livingAtExit ?? h.living)) }))
        .filter((p) => p.failing.length);
      expect(problems).toEqual([]);
    });

    it('gives a household that returned to poverty (返贫) living conditions that no longer meet the standard at its return', () => {
      const returned = lined.filter((h) => h.status === '3');
      expect(returned.length).toBeGreaterThan(10);
      const problems = returned.filter((h) => !h.livingAtExit || failing(assess(h, h.exitYear!, h.living)).every((f) => f.startsWith('INCOME')));
      expect(problems.map((h) => h.householdNumber)).toEqual([]);
    });

    it('keeps the main stream as it was: the lines change exit-year incomes only', () => {
      const plain = all({ households: 300, seed: 'shangjie-2018' });
      expect(plain.map((h) => [h.householdNumber, h.members.map((m) => m.idNumber), h.status, h.exitYear])).toEqual(
        lined.slice(0, 300).map((h) => [h.householdNumber, h.members.map((m) => m.idNumber), h.status, h.exitYear]),
      );
    });
  });
});
