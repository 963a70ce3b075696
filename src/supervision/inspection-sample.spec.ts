import { sampleOf, SeededRandom } from '../common/random/seeded-random';
import { drawSample, SamplePopulation } from './inspection-sample';

/** Two towns: T1 with villages V11..V14 (V1k has 5k households), T2 with V21, V22 (3 households each). */
const VILLAGES: Record<string, string[]> = { T1: ['V11', 'V12', 'V13', 'V14'], T2: ['V21', 'V22'], T3: ['V31'] };
const HOUSEHOLDS: Record<string, string[]> = {
  V11: hh('V11', 5), V12: hh('V12', 10), V13: hh('V13', 15), V14: hh('V14', 20), V21: hh('V21', 3), V22: hh('V22', 3), V31: hh('V31', 2),
};
function hh(v: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${v}-h${String(i + 1).padStart(2, '0')}`);
}
const population: SamplePopulation = { villagesOf: (t) => VILLAGES[t] ?? [], householdsOf: (v) => HOUSEHOLDS[v] ?? [] };

describe('drawSample (an inspection’s stratified sample)', () => {
  const strata = [
    { townCode: 'T2', villages: 1, households: 2 },
    { townCode: 'T1', villages: 2, households: 3 },
  ];

  it('draws per stratum the sizes asked, each level from its own stream of the seed, towns in code order', () => {
    const d = drawSample('seed-1', null, strata, population);
    if (!d.ok) throw new Error('expected a sample');
    // Computed independently with the kit's sampleOf and the documented streams.
    const t1Villages = sampleOf(VILLAGES.T1, 2, new SeededRandom('seed-1/T1'));
    const t2Villages = sampleOf(VILLAGES.T2, 1, new SeededRandom('seed-1/T2'));
    const expected = [
      ...t1Villages.flatMap((v) => sampleOf(HOUSEHOLDS[v], 3, new SeededRandom(`seed-1/${v}`)).map((h) => ['T1', v, h])),
      ...t2Villages.flatMap((v) => sampleOf(HOUSEHOLDS[v], 2, new SeededRandom(`seed-1/${v}`)).map((h) => ['T2', v, h])),
    ];
    expect(d.households.map((h) => [h.townCode, h.villageCode, h.householdId])).toEqual(expected);
    expect(d.households.map((h) => h.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(d.plan).toEqual({
      towns: null,
      strata: [
        { townCode: 'T1', villages: 2, households: 3, drawn: true, villagePopulation: 4, sampledVillages: t1Villages.map((v) => ({ villageCode: v, householdPopulation: HOUSEHOLDS[v].length })) },
        { townCode: 'T2', villages: 1, households: 2, drawn: true, villagePopulation: 2, sampledVillages: t2Villages.map((v) => ({ villageCode: v, householdPopulation: 3 })) },
      ],
    });
  });

  it('gives the same sample for the same seed over the same population, whatever the order of the strata', () => {
    const a = drawSample('repeat', null, strata, population);
    const b = drawSample('repeat', null, [...strata].reverse(), population);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
  });

  it('keeps one town’s sample when another town’s size changes (streams per stratum)', () => {
    const a = drawSample('iso', null, strata, population);
    const b = drawSample('iso', null, [{ townCode: 'T2', villages: 2, households: 1 }, strata[1]], population);
    if (!a.ok || !b.ok) throw new Error('expected samples');
    expect(b.households.filter((h) => h.townCode === 'T1').map((h) => h.householdId)).toEqual(a.households.filter((h) => h.townCode === 'T1').map((h) => h.householdId));
  });

  it('draws `towns` of the listed towns with the towns stream and records the others as not drawn', () => {
    const three = [...strata, { townCode: 'T3', villages: 1, households: 1 }];
    const d = drawSample('towns', 2, three, population);
    if (!d.ok) throw new Error('expected a sample');
    const drawn = sampleOf(['T1', 'T2', 'T3'], 2, new SeededRandom('towns/towns'));
    expect(d.plan.strata.filter((s) => s.drawn).map((s) => s.townCode).sort()).toEqual([...drawn].sort());
    expect([...new Set(d.households.map((h) => h.townCode))].sort()).toEqual([...drawn].sort());
    expect(d.plan.towns).toBe(2);
  });

  it('reports every size larger than its population, with both numbers, and draws nothing', () => {
    const d = drawSample('over', 3, [
      { townCode: 'T2', villages: 3, households: 1 },
      { townCode: 'T1', villages: 4, households: 6 },
    ], population);
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.overflows).toEqual([
      { field: 'input.towns', requested: 3, population: 2, regionCode: null },
      // T1: all 4 villages sampled; V11 has 5 households (< 6), the others have 10, 15, 20.
      { field: 'input.strata.1.households', requested: 6, population: 5, regionCode: 'V11' },
      { field: 'input.strata.0.villages', requested: 3, population: 2, regionCode: 'T2' },
    ]);
  });

  it('accepts a size equal to its population (the whole stratum)', () => {
    const d = drawSample('all', null, [{ townCode: 'T2', villages: 2, households: 3 }], population);
    if (!d.ok) throw new Error('expected a sample');
    expect(d.households.map((h) => h.householdId).sort()).toEqual([...HOUSEHOLDS.V21, ...HOUSEHOLDS.V22].sort());
  });
});
