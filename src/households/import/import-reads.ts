/**
 * The locked reads of an import batch: one query set that loads what the registry holds for
 * the batch's households (by household number), locks those rows (FOR UPDATE, ordered by id;
 * not on a dry run), and answers each household's ExistingState for the planner.
 */
import { EntityManager } from 'typeorm';
import type { Row } from '../../database/staged-writer';
import { ParsedHousehold } from './household-assembler';
import { ExistingState, FileColumns } from './household-planner';

export interface BatchState {
  /** What the registry holds for one household of the batch (claimedInBatch: the caller's, as the batch goes). */
  existingOf(h: ParsedHousehold, claimedInBatch: ReadonlyMap<string, string>): ExistingState;
}

/**
 * Reads (and, unless `dryRun`, locks) the households with the candidates' numbers, their active
 * members, who holds each candidate person anywhere, and the incomes and insurance of the
 * file's years.
 */
export async function readBatch(
  m: EntityManager,
  candidates: readonly ParsedHousehold[],
  hashes: ReadonlyMap<ParsedHousehold, readonly string[]>,
  file: FileColumns,
  dryRun: boolean,
): Promise<BatchState> {
  const numbers = candidates.map((h) => h.householdNumber);
  const existing: Row[] = numbers.length
    ? await m.query(`SELECT * FROM households WHERE household_number = ANY($1::varchar[])${dryRun ? '' : ' ORDER BY id FOR UPDATE'}`, [numbers])
    : [];
  const byNumber = new Map(existing.map((r) => [r.household_number as string, r]));
  const existingIds = existing.map((r) => r.id as string);
  // Every read below is driven by the batch's keys, one index probe per key, so that its cost
  // follows the batch and not the registry. As `= ANY` filters, planned from the statistics of
  // tables the import is filling, they were a seq scan of all members and a scan of the file
  // year's insurance rows for every batch of a full-comparison re-import, whose database CPU per
  // household was 4.4× higher at 1 M members than at 30,000. `OFFSET 0` keeps a lookup of several
  // rows from being made a join (`LIMIT 1` does it where the key is unique).
  const activeMembers: Row[] = existingIds.length
    ? await m.query(
        `SELECT m.* FROM unnest($1::uuid[]) k(id)
          CROSS JOIN LATERAL (SELECT * FROM members m WHERE m.household_id = k.id AND m.active OFFSET 0) m`,
        [existingIds],
      )
    : [];
  const membersOf = new Map<string, Row[]>();
  for (const r of activeMembers) {
    const list = membersOf.get(r.household_id as string) ?? [];
    list.push(r);
    membersOf.set(r.household_id as string, list);
  }
  const allHashes = [...hashes.values()].flat();
  const elsewhere: Row[] = allHashes.length
    ? await m.query(
        // Each person by the index that holds them once (members_one_active_household), their household
        // by its key: as joins on ANY, the planner scanned every member and hashed every household.
        `SELECT k.hash AS id_number_hash, m.household_id, h.household_number, h.region_code
           FROM (SELECT DISTINCT unnest($1::varchar[]) AS hash) k
          CROSS JOIN LATERAL (SELECT m.household_id FROM members m WHERE m.id_number_hash = k.hash AND m.active LIMIT 1) m
          CROSS JOIN LATERAL (SELECT h.household_number, h.region_code FROM households h WHERE h.id = m.household_id LIMIT 1) h`,
        [allHashes],
      )
    : [];
  // Which household holds a person is never told (in the import's scope or not): one neutral refusal.
  const holderOf = new Map(elsewhere.map((r) => [r.id_number_hash as string, r.household_id as string]));
  const incomeYears = [...new Set(candidates.map((h) => h.values['income.year']).filter((y): y is number => typeof y === 'number'))];
  const incomes: Row[] =
    existingIds.length && incomeYears.length && file.present.has('income.year')
      ? await yearRows(m, 'household_incomes', 'household_id', existingIds, incomeYears)
      : [];
  const incomeOf = new Map(incomes.map((r) => [`${r.household_id}/${r.year}`, r]));
  const insuranceRows: Row[] =
    activeMembers.length && incomeYears.length && file.insuranceInFile
      ? await yearRows(m, 'member_insurance', 'member_id', activeMembers.map((r) => r.id as string), incomeYears)
      : [];
  const insuranceOf = new Map(insuranceRows.map((r) => [`${r.member_id}/${r.year}`, r]));

  return {
    existingOf(h, claimedInBatch) {
      const household = byNumber.get(h.householdNumber);
      const members = household ? (membersOf.get(household.id as string) ?? []) : [];
      const year = h.values['income.year'];
      const insurance = new Map<string, Row>();
      if (typeof year === 'number') {
        for (const mem of members) {
          const row = insuranceOf.get(`${mem.id}/${year}`);
          if (row) insurance.set(mem.id as string, row);
        }
      }
      return {
        household,
        members,
        income: household && typeof year === 'number' ? incomeOf.get(`${household.id}/${year}`) : undefined,
        insuranceOf: insurance,
        holderOf,
        claimedInBatch,
      };
    },
  };
}

/**
 * The rows of a table keyed by (`keyColumn`, year) for every id and year given, one index probe
 * per pair: the key is the table's primary key, so `LIMIT 1` drops nothing (it keeps the lookup
 * from being made a join).
 */
function yearRows(m: EntityManager, table: 'household_incomes' | 'member_insurance', keyColumn: 'household_id' | 'member_id', ids: readonly string[], years: readonly number[]): Promise<Row[]> {
  return m.query(
    `SELECT t.* FROM unnest($1::uuid[]) k(id) CROSS JOIN unnest($2::int[]) y(year)
      CROSS JOIN LATERAL (SELECT * FROM ${table} t WHERE t.${keyColumn} = k.id AND t.year = y.year LIMIT 1) t`,
    [ids, years],
  );
}
