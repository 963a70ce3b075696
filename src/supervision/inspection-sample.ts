import { sampleOf, SeededRandom } from '../common/random/seeded-random';
import type { SamplePlanRecord } from './inspection.entity';

/** One stratum asked: a town, how many of its villages, how many households of each sampled village. */
export interface SampleStratum {
  townCode: string;
  villages: number;
  households: number;
}

/** What a sample is drawn from, each list in a stable order (villages by code, households by number then id). */
export interface SamplePopulation {
  villagesOf(townCode: string): readonly string[];
  householdsOf(villageCode: string): readonly string[];
}

/** A size asked beyond its population: the field of the input and both numbers. */
export interface SampleOverflow {
  field: string;
  requested: number;
  population: number;
  /** The town or village whose population it is; null for the towns. */
  regionCode: string | null;
}

export interface DrawnHousehold {
  ordinal: number;
  townCode: string;
  villageCode: string;
  householdId: string;
}

export type SampleDraw = { ok: true; plan: SamplePlanRecord; households: DrawnHousehold[] } | { ok: false; overflows: SampleOverflow[] };

/**
 * The stratified random sample of an inspection (issue #20), reproducible from its seed:
 *
 * 1. the strata are taken in town-code order (the order they were listed in does not matter);
 * 2. towns: when `towns` is given, that many of the listed towns are drawn with the stream
 *    `seed + "/towns"`; otherwise every listed town is;
 * 3. villages: of each drawn town, `villages` of its villages (by code) with the stream
 *    `seed + "/" + townCode`;
 * 4. households: of each sampled village, `households` of its households on the roll (by number,
 *    then id) with the stream `seed + "/" + villageCode`.
 *
 * Each level has its own stream, so the sample of one town does not depend on the sizes asked of
 * another. The same seed over the same population gives the same sample. Every size beyond its
 * population is reported (all of them, with both numbers), and nothing is drawn.
 */
export function drawSample(seed: string, towns: number | null, strata: readonly SampleStratum[], population: SamplePopulation): SampleDraw {
  const indexed = strata.map((s, i) => ({ ...s, i })).sort((a, b) => (a.townCode < b.townCode ? -1 : a.townCode > b.townCode ? 1 : 0));
  const overflows: SampleOverflow[] = [];
  if (towns !== null && towns > indexed.length) overflows.push({ field: 'input.towns', requested: towns, population: indexed.length, regionCode: null });
  const drawnTowns = new Set(
    towns === null || overflows.length ? indexed.map((s) => s.townCode) : sampleOf(indexed.map((s) => s.townCode), towns, new SeededRandom(`${seed}/towns`)),
  );
  const plan: SamplePlanRecord = { towns, strata: [] };
  const households: DrawnHousehold[] = [];
  for (const s of indexed) {
    const villages = population.villagesOf(s.townCode);
    const record = { townCode: s.townCode, villages: s.villages, households: s.households, drawn: drawnTowns.has(s.townCode), villagePopulation: villages.length, sampledVillages: [] as { villageCode: string; householdPopulation: number }[] };
    plan.strata.push(record);
    if (!record.drawn) continue;
    if (s.villages > villages.length) {
      overflows.push({ field: `input.strata.${s.i}.villages`, requested: s.villages, population: villages.length, regionCode: s.townCode });
      continue;
    }
    for (const villageCode of sampleOf(villages, s.villages, new SeededRandom(`${seed}/${s.townCode}`))) {
      const pool = population.householdsOf(villageCode);
      record.sampledVillages.push({ villageCode, householdPopulation: pool.length });
      if (s.households > pool.length) {
        overflows.push({ field: `input.strata.${s.i}.households`, requested: s.households, population: pool.length, regionCode: villageCode });
        continue;
      }
      for (const householdId of sampleOf(pool, s.households, new SeededRandom(`${seed}/${villageCode}`))) {
        households.push({ ordinal: households.length + 1, townCode: s.townCode, villageCode, householdId });
      }
    }
  }
  return overflows.length ? { ok: false, overflows } : { ok: true, plan, households };
}
