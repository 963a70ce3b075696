/**
 * Every benchmark scenario, in the order `npm run bench` runs them. To add one: write a
 * `Scenario` in a file of this folder and list it here (see ../README.md).
 */
import { healthReady } from './health';
import { householdById, householdPageDeep, householdPageFirst, householdPageNested, householdPageNestedTotal, viewerId } from './households';
import { regionByCode, regionsPage } from './regions';
import type { Scenario } from './types';

export const SCENARIOS: readonly Scenario[] = [
  regionsPage,
  regionByCode,
  healthReady,
  householdPageNested,
  householdPageNestedTotal,
  householdPageFirst,
  householdPageDeep,
  householdById,
  viewerId,
];

export * from './types';
