/**
 * The steps every roster port shares (a flat file, one row a record of a household: benefit
 * linkages, employment records): reading a row into its values and problems, the report's problems
 * naming a column, a service's coded error as problems, the batch loop (duplicates in the file,
 * refusals, counts) and settling one record as created, corrected or unchanged under the upload's
 * strategy and dry run, and a page of its export. A port keeps what is its own: its columns, its lookups and its service's
 * checks and writes.
 */
import { AppError } from '../errors/app-error';
import { CommonReason } from '../errors/reasons';
import { CellValue, ColumnTable, cellText, formatCell, parseRowCells } from './columns';
import { exportPageOf } from './export-page';
import type { BatchResult, ImportContext, KindExportPage } from './import-port';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow, zeroCountsByUnit } from './import-types';
import type { UnitRows } from './unit-rows';

/** What a roster port's checked unit has besides its own fields. */
export interface RosterUnit {
  householdNumber: string;
  rowNumber: number;
  /** Adjacent rows of the same record after the first: refused as duplicates. */
  duplicates: number;
  /** The roster's key of the record (as parsed): a later row of the same key is a duplicate. */
  key: string;
  problems: ImportProblem[];
  valid: boolean;
}

type Where = Pick<RosterUnit, 'householdNumber' | 'rowNumber'>;

/** How one record was settled, with the report's line when there is one. */
export interface RosterOutcome {
  count: 'created' | 'updated' | 'unchanged' | 'rejected';
  problem?: ImportProblem;
  /** The WARNINGs of a record written (or, in a dry run, to be written): the row stands. */
  warnings?: readonly ImportProblem[];
}

/** A roster row's unit key: the cells of `keys` as text, joined (a port's groupKey: adjacent rows of one key are one unit). */
export function rosterKey(row: RawRow, keys: readonly string[]): string {
  return keys.map((k) => cellText(row.values.get(k))).join('|');
}

/** The report's problems of a roster, naming the table's columns. */
export interface RosterProblems {
  /** An ERROR naming the row and the column of `key`. */
  problem(u: Where, key: string, code: string, message: string): ImportProblem;
  /** A WARNING naming the row and the column of `key`: the row is written all the same (a service's WriteWarning). */
  warning(u: Where, key: string, code: string, message: string): ImportProblem;
  /** An INFO of the row (a dry run's WOULD_CREATE / WOULD_UPDATE). */
  info(u: Where, code: string, message: string): ImportProblem;
  /**
   * A service's coded error as problems: each field it names as the column `columnOf(field)`,
   * its reason as the code; the sector write scope's refusal (REGION_OUT_OF_SCOPE) is `outOfScope`.
   */
  fromError(u: Where, e: AppError, columnOf: (field: string) => string, outOfScope: string): ImportProblem[];
}

export function rosterProblems(table: ColumnTable): RosterProblems {
  const at = (severity: ProblemSeverity) => (u: Where, key: string, code: string, message: string): ImportProblem => {
    const column = table.byKey.get(key)!;
    return { severity, rowNumber: u.rowNumber, householdNumber: u.householdNumber || null, column: column.header, field: key, code, message };
  };
  const problem = at(ProblemSeverity.ERROR);
  return {
    problem,
    warning: at(ProblemSeverity.WARNING),
    info: (u, code, message) => ({ severity: ProblemSeverity.INFO, rowNumber: u.rowNumber, householdNumber: u.householdNumber || null, column: null, field: null, code, message }),
    fromError: (u, e, columnOf, outOfScope) => {
      const items = e.problems?.length ? e.problems : [{ field: e.field ?? '', reason: e.reason ?? e.code, message: e.message }];
      return items.map((p) => problem(u, columnOf(p.field), p.reason === CommonReason.REGION_OUT_OF_SCOPE ? outOfScope : String(p.reason), p.message));
    },
  };
}

/**
 * A roster record's row (adjacent rows of one key: the first stands, the others are refused as
 * `duplicate`) read by the table's columns: its household number, values and problems so far
 * (the reader's, the duplicates', the refused cells').
 */
export function readRosterRow(
  table: ColumnTable,
  group: UnitRows,
  duplicate: { code: string; message: (firstRow: number) => string },
): { householdNumber: string; rowNumber: number; values: Record<string, CellValue>; problems: ImportProblem[] } {
  const { problem } = rosterProblems(table);
  const [row] = group.rows;
  const householdNumber = cellText(row.values.get('householdNumber'));
  const problems: ImportProblem[] = row.problems.map((p) => ({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: householdNumber || null, ...p }));
  for (const dup of group.rows.slice(1)) problems.push(problem({ householdNumber, rowNumber: dup.rowNumber }, 'householdNumber', duplicate.code, duplicate.message(row.rowNumber)));
  const { values, refused } = parseRowCells(table.columns, row.values);
  for (const r of refused) problems.push(problem({ householdNumber, rowNumber: row.rowNumber }, r.key, r.code, r.message));
  return { householdNumber, rowNumber: row.rowNumber, values, problems };
}

/**
 * A batch of a roster's units: each unit's problems reported; an invalid unit, a later row of a
 * key seen before in the file (`firstRowOf`, by row number, so the all-or-nothing pass's second
 * run over the same file agrees) and a unit `settle` refuses (its problems, or a coded error it
 * throws, as `fromError`) counted rejected; the others counted as `settle` answers.
 */
export async function writeRosterBatch<U extends RosterUnit>(o: {
  unit: string;
  units: readonly U[];
  firstRowOf: Map<string, number>;
  duplicate: (u: U, firstRow: number) => ImportProblem;
  fromError: (u: U, e: AppError) => ImportProblem[];
  settle: (u: U) => Promise<RosterOutcome | { refused: ImportProblem[] }>;
}): Promise<BatchResult> {
  const counts = zeroCountsByUnit([o.unit]);
  const c = counts[o.unit];
  const problems: ImportProblem[] = [];
  const refuse = (p: readonly ImportProblem[]) => {
    problems.push(...p);
    c.rejected++;
  };
  for (const u of o.units) {
    problems.push(...u.problems);
    c.rejected += u.duplicates;
    if (!u.valid) {
      c.rejected++;
      continue;
    }
    const first = o.firstRowOf.get(u.key);
    if (first !== undefined && first !== u.rowNumber) {
      refuse([o.duplicate(u, first)]);
      continue;
    }
    o.firstRowOf.set(u.key, u.rowNumber);
    try {
      const outcome = await o.settle(u);
      if ('refused' in outcome) {
        refuse(outcome.refused);
        continue;
      }
      c[outcome.count]++;
      if (outcome.problem) problems.push(outcome.problem);
      if (outcome.warnings) problems.push(...outcome.warnings);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      refuse(o.fromError(u, e));
    }
  }
  return { counts, problems, settledByDigest: 0 };
}

/**
 * One record of a roster settled under the upload's strategy: none stored (`before` undefined) →
 * `create` checks (throwing the service's coded errors) and answers its write, done unless a dry
 * run; one stored → `update` checks the row's terms over it and answers what changed and its
 * write: nothing changed is `unchanged`. A dry run listing changes reports WOULD_CREATE /
 * WOULD_UPDATE; strategy UPDATE refuses a new record (`notFound`), CREATE a changed one (`exists`).
 */
export async function settleRosterRecord<B>(o: {
  ctx: ImportContext;
  dryRun: boolean;
  before: B | undefined;
  /** The record in the report's words: 联结 / linkage. */
  noun: { zh: string; en: string };
  /** The refusals of the strategy: code and message on the port's key column. */
  notFound: (message: string) => ImportProblem;
  exists: (message: string) => ImportProblem;
  info: (code: string, message: string) => ImportProblem;
  create: () => Promise<() => Promise<unknown>>;
  update: (before: B) => Promise<{ changed: readonly string[]; apply: () => Promise<unknown> }>;
}): Promise<RosterOutcome> {
  const { ctx, dryRun, noun } = o;
  if (o.before === undefined) {
    if (ctx.strategy === ImportStrategy.UPDATE) return { count: 'rejected', problem: o.notFound(`没有此${noun.zh}（仅更新模式）(no such ${noun.en}; the strategy updates only)`) };
    const write = await o.create();
    if (dryRun) return { count: 'created', problem: ctx.listChanges ? o.info('WOULD_CREATE', `将新增此${noun.zh} (would create the ${noun.en})`) : undefined };
    await write();
    return { count: 'created' };
  }
  const { changed, apply } = await o.update(o.before);
  if (!changed.length) return { count: 'unchanged' };
  if (ctx.strategy === ImportStrategy.CREATE) return { count: 'rejected', problem: o.exists(`已有此${noun.zh}，不能新增（仅新增模式）(the ${noun.en} exists; the strategy creates only)`) };
  if (dryRun) return { count: 'updated', problem: ctx.listChanges ? o.info('WOULD_UPDATE', `将修改：${changed.join('、')} (would update: ${changed.join(', ')})`) : undefined };
  await apply();
  return { count: 'updated' };
}

/**
 * A page of a roster's export from the records a port read in the roster's keyset order (household
 * number, start, id): one row a record in the table's columns as formatCell writes them, the
 * columns `blank` left empty (a value the export does not give, such as an ID number).
 */
export function rosterExportPage<R extends { id: string; householdNumber: string; startsOn: string }>(
  table: ColumnTable,
  records: readonly R[],
  limit: number,
  blank: ReadonlySet<string> = new Set(),
): KindExportPage {
  return exportPageOf(
    records,
    limit,
    (r) => [r.householdNumber, r.startsOn, r.id],
    (r) => [Object.fromEntries(table.columns.map((c) => [c.key, blank.has(c.key) ? '' : formatCell(c, r[c.key as keyof R])]))],
  );
}
