/**
 * Writes one batch of checked households, inside the caller's transaction: reads what the
 * registry holds for them, locked (import-reads.ts), plans each household (create / update /
 * unchanged / reject: household-planner.ts, pure) and writes the plans' rows with the staged
 * writer (COPY on a PostgreSQL server, one jsonb parameter on the embedded database) in
 * foreign-key order. A household and its members land together or not at all (a rejected
 * household writes nothing); unchanged records write nothing, not even audit rows. Change-feed
 * entries: one per household the batch writes, written by the writer after its statements (the
 * household tables' feed triggers skip the writer's own statements, see deferChangeFeed in
 * src/database/change-feed.ts), in the same transaction.
 */
import { EntityManager } from 'typeorm';
import type { AuditChangeRecord } from '../../audit/audit-descriptor';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { ImportMode } from '../../common/imports/import-port';
import { ImportStrategy, ProblemSeverity } from '../../common/imports/import-types';
import { deferChangeFeed, DeferredFeedEntry, DeferredFeedRoot, writeDeferredFeed } from '../../database/change-feed';
import { Row, StagedWriter, TableWrite } from '../../database/staged-writer';
import { HouseholdRows, ImportProblem, ParsedHousehold } from './household-assembler';
import {
  addCounts,
  BatchCounts,
  emptyRows,
  ExistingState,
  FileColumns,
  fileColumns,
  HouseholdPlan,
  memberHashes,
  planHousehold,
  PlanOptions,
  PlanRows,
  StoredWarning,
  zeroCounts,
} from './household-planner';
import { ExchangeColumn } from './registry-columns';
import { readBatch } from './import-reads';

export { BatchCounts, zeroCounts } from './household-planner';

export interface BatchResult {
  counts: BatchCounts;
  problems: ImportProblem[];
  audit: AuditChangeRecord[];
  /** Households found unchanged by their import digest alone (neither checked nor compared). */
  settledByDigest: number;
  /** The households this batch creates (or, on a dry run, would create). */
  created: { id: string; regionCode: string; householdNumber: string; rowNumber: number | null }[];
  /** Candidates this SYNC batch registers (or, on a dry run, would register): their open registration proposals close (SUPERSEDED_BY_SYNC). */
  registered: { id: string; regionCode: string; householdNumber: string }[];
}

export interface WriterOptions extends PlanOptions {
  dryRun: boolean;
}

/** Updated rows move their version and updated_at; upserted ones their updated_at. */
const BUMP_VERSION = 'version = t.version + 1, updated_at = now()';
const TOUCH = 'updated_at = now()';

/** A batch's rows as table writes, parents first. */
function writesOf(rows: PlanRows): TableWrite[] {
  // Rows keyed by a household or member this batch creates (fresh ids) cannot conflict with
  // stored ones: they go straight in (COPY), not staged and merged with ON CONFLICT; only the
  // rest of the stored households' rows are upserted.
  const newHouseholds = new Set(rows.newHouseholds.map((r) => r.id));
  const newMembers = new Set(rows.newMembers.map((r) => r.id));
  const incomes = split(rows.incomes, (r) => newHouseholds.has(r.household_id));
  const insurance = split(rows.insurance, (r) => newMembers.has(r.member_id));
  const digests = split(rows.digests, (r) => newHouseholds.has(r.household_id));
  return [
    { table: 'households', mode: 'INSERT', rows: rows.newHouseholds },
    { table: 'members', mode: 'INSERT', rows: rows.newMembers },
    { table: 'households', mode: 'UPDATE', rows: rows.changedHouseholds, alsoSet: BUMP_VERSION },
    { table: 'members', mode: 'UPDATE', rows: rows.changedMembers, alsoSet: BUMP_VERSION },
    { table: 'members', mode: 'UPDATE', rows: rows.leftMembers, alsoSet: BUMP_VERSION },
    { table: 'household_incomes', mode: 'INSERT', rows: incomes.fresh },
    { table: 'household_incomes', mode: 'UPSERT', rows: incomes.rest, key: ['household_id', 'year'], alsoSet: TOUCH },
    { table: 'member_insurance', mode: 'INSERT', rows: insurance.fresh },
    { table: 'member_insurance', mode: 'UPSERT', rows: insurance.rest, key: ['member_id', 'year'], alsoSet: TOUCH },
    { table: 'household_events', mode: 'INSERT', rows: rows.events },
    // Last: the writes above forget the digests of the households they touch (triggers).
    { table: 'import_digests', mode: 'INSERT', rows: digests.fresh },
    { table: 'import_digests', mode: 'UPSERT', rows: digests.rest, key: ['household_id'], alsoSet: TOUCH },
  ];
}

/** `rows` in two lists, those `fresh` says of and the rest, each in the order given. */
function split(rows: readonly Row[], isFresh: (r: Row) => boolean): { fresh: Row[]; rest: Row[] } {
  const fresh: Row[] = [];
  const rest: Row[] = [];
  for (const r of rows) (isFresh(r) ? fresh : rest).push(r);
  return { fresh, rest };
}

/** The household aggregate's feed, as migration ImportWritesHouseholdFeed1796431000000 lets the writer write it. */
const HOUSEHOLD_FEED: DeferredFeedRoot = { root: 'Household', rootTable: 'households' };

/** The feed part each of a plan's row lists writes (digests are not fed). */
const FEED_PARTS: [keyof PlanRows, string][] = [
  ['newHouseholds', 'household'],
  ['changedHouseholds', 'household'],
  ['newMembers', 'members'],
  ['changedMembers', 'members'],
  ['leftMembers', 'members'],
  ['incomes', 'incomes'],
  ['insurance', 'insurance'],
  ['events', 'events'],
];

/**
 * The feed entry the plan's rows make for its household (null when they write no fed row): what
 * the feed triggers would merge from the batch's statements for it.
 */
function feedEntryOf(plan: HouseholdPlan, existingId: string | undefined): DeferredFeedEntry | null {
  const parts = new Set<string>();
  for (const [list, part] of FEED_PARTS) if (plan.rows[list].length) parts.add(part);
  if (!parts.size) return null;
  const rootId = (plan.rows.newHouseholds[0]?.id as string | undefined) ?? existingId;
  if (!rootId) throw new Error('import writer: a plan writes rows of a household it neither creates nor found');
  return { rootId, operation: plan.rows.newHouseholds.length ? 'CREATED' : 'UPDATED', parts: [...parts] };
}

/**
 * The parts a batch's moves changed with no row of its own: a household whose village changes takes
 * its incomes along, a member its insurance rows (their foreign keys cascade; migration
 * InsuranceAndIncomesKeyedWithTheirRoot1796432000000). PostgreSQL runs those cascaded updates
 * inside the writer's own statements, so their feed triggers stand down as the writer's own do
 * (deferChangeFeed): the entries name these parts here, as the triggers would have. One query, and
 * only for a batch that moves someone.
 */
async function carriedAlong(m: EntityManager, rows: PlanRows): Promise<DeferredFeedEntry[]> {
  const moved = (list: readonly Row[]) => list.filter((r) => r.region_code !== undefined).map((r) => r.id as string);
  const households = moved(rows.changedHouseholds);
  const members = moved(rows.changedMembers);
  if (!households.length && !members.length) return [];
  const touched: { household_id: string; part: string }[] = await m.query(
    `SELECT household_id, 'incomes' AS part FROM household_incomes WHERE household_id = ANY($1::uuid[])
     UNION SELECT household_id, 'insurance' FROM member_insurance WHERE member_id = ANY($2::uuid[])`,
    [households, members],
  );
  return touched.map((r) => ({ rootId: r.household_id, operation: 'UPDATED', parts: [r.part] }));
}

/** What the registry holds for a household whose number is free and whose persons nobody holds. */
const NOTHING: ExistingState = { members: [], insuranceOf: new Map(), holderOf: new Map(), claimedInBatch: new Map() };

/** A household's blind indexes and, made while an earlier batch was written, its plan as a new household. */
interface Early {
  hashes: string[];
  plan?: HouseholdPlan;
}

export class ImportWriter {
  private readonly writer = new StagedWriter();
  /** Checked households' work done at reading time (see prepare), until their batch is applied. */
  private readonly early = new Map<ParsedHousehold, Early>();
  /** Plan households early while the last batch used most of its early plans (a first import). */
  private planEarly = true;
  private file?: { columns: readonly ExchangeColumn[]; of: FileColumns };

  constructor(private readonly cipher: FieldCipher) {}

  /**
   * At reading time (while the runner's previous batch is written): a checked household's blind
   * indexes and, as long as the households of the last batch were mostly new, its plan as a new
   * household. `apply` uses that plan when the locked reads find the household's number free and
   * none of its persons held in the registry or by an earlier household of the batch: the
   * planner's input is then the very state the early plan assumed (NOTHING), so the plan is the one
   * it would make (new ids and ciphertexts are random either way). Otherwise it plans again.
   */
  prepare(h: ParsedHousehold, source: HouseholdRows, o: PlanOptions): void {
    if (!h.valid) return;
    const hashes = memberHashes(this.cipher, h);
    const plan = this.planEarly ? planHousehold({ household: h, source, hashes, existing: NOTHING }, { cipher: this.cipher, options: o, file: this.fileColumns(o.columns) }) : undefined;
    this.early.set(h, { hashes, plan });
  }

  private fileColumns(columns: readonly ExchangeColumn[]): FileColumns {
    if (this.file?.columns !== columns) this.file = { columns, of: fileColumns(columns) };
    return this.file.of;
  }

  /**
   * `assemble` checks a household's rows when the runner has not done so yet; households whose
   * rows have the digest the last import of them stored are unchanged and never checked.
   */
  async apply(m: EntityManager, households: readonly HouseholdRows[], o: WriterOptions, assemble: (h: HouseholdRows) => ParsedHousehold): Promise<BatchResult> {
    const counts = zeroCounts();
    const problems: ImportProblem[] = [];
    const audit: AuditChangeRecord[] = [];
    const file = this.fileColumns(o.columns);

    // The file's own problems first; warnings travel with households that land.
    const { settled, rest } = await this.settleByDigest(m, households, o);
    counts.householdsUnchanged += settled.length;
    for (const { household: h, warnings } of settled) {
      counts.membersUnchanged += h.rows.length;
      // Unchanged, unchecked: the warnings its last check found are still true of the same rows.
      for (const w of warnings) problems.push(fromStoredWarning(w, h));
    }
    const rowsOf = new Map<ParsedHousehold, HouseholdRows>();
    const batch = rest.map((h) => {
      const parsed = h.parsed ?? assemble(h);
      rowsOf.set(parsed, h);
      return parsed;
    });

    const candidates: ParsedHousehold[] = [];
    for (const h of batch) {
      // One at a time: a spread of a long list overflows the call stack.
      for (const p of h.problems) problems.push(p);
      if (h.valid) candidates.push(h);
      else counts.householdsRejected += 1;
    }
    const hashes = new Map<ParsedHousehold, string[]>();
    for (const h of candidates) hashes.set(h, this.early.get(h)?.hashes ?? memberHashes(this.cipher, h));
    const state = await readBatch(m, candidates, hashes, file, o.dryRun);

    const rows = emptyRows();
    const created: BatchResult['created'] = [];
    const registered: BatchResult['registered'] = [];
    const claimedInBatch = new Map<string, string>();
    const feed: DeferredFeedEntry[] = [];
    const ctx = { cipher: this.cipher, options: o, file };
    let free = 0;
    for (const h of candidates) {
      const existing = state.existingOf(h, claimedInBatch);
      const hs = hashes.get(h)!;
      const isFree = !existing.household && hs.every((x) => !existing.holderOf.has(x) && !existing.claimedInBatch.has(x));
      if (isFree) free++;
      const early = isFree ? this.early.get(h)?.plan : undefined;
      const plan = early ?? planHousehold({ household: h, source: rowsOf.get(h)!, hashes: hs, existing }, ctx);
      addCounts(counts, plan.counts);
      for (const p of plan.problems) problems.push(p);
      if (plan.audit) audit.push(plan.audit);
      if (plan.outcome === 'CREATED') {
        const row = plan.rows.newHouseholds[0];
        created.push({ id: row.id as string, regionCode: row.region_code as string, householdNumber: h.householdNumber, rowNumber: h.members[0]?.rowNumber ?? null });
      }
      if (plan.registersCandidate) {
        const row = state.existingOf(h, claimedInBatch).household!;
        registered.push({ id: row.id as string, regionCode: (plan.rows.changedHouseholds[0]?.region_code as string) ?? (row.region_code as string), householdNumber: h.householdNumber });
      }
      const entry = feedEntryOf(plan, existing.household?.id as string | undefined);
      if (entry) feed.push(entry);
      for (const x of plan.claims) claimedInBatch.set(x, h.householdNumber);
      for (const k of Object.keys(rows) as (keyof PlanRows)[]) for (const r of plan.rows[k]) rows[k].push(r);
    }

    this.planEarly = free * 2 >= candidates.length;
    for (const h of households) if (h.parsed) this.early.delete(h.parsed);
    if (!o.dryRun) {
      await deferChangeFeed(m, HOUSEHOLD_FEED.root);
      await this.writer.writeAll(m, writesOf(rows));
      for (const e of await carriedAlong(m, rows)) feed.push(e);
      await writeDeferredFeed(m, HOUSEHOLD_FEED, feed);
    }
    return { counts, problems, audit, settledByDigest: settled.length, created, registered };
  }

  /**
   * Households whose rows are those the last import of them wrote, with nothing changed since
   * (any other change deletes the digest), are unchanged: the answer the full comparison would
   * give, without it. Never under the create-only strategy (an existing household is an error
   * there) nor for a household outside the import's scope, nor for a candidate under SYNC (the
   * authority's file registers it even when a PROPOSE import of the same rows created it).
   */
  private async settleByDigest(
    m: EntityManager,
    households: readonly HouseholdRows[],
    o: WriterOptions,
  ): Promise<{ settled: { household: HouseholdRows; warnings: StoredWarning[] }[]; rest: HouseholdRows[] }> {
    const settles = await this.digestsSettling(m, households, o);
    const settled: { household: HouseholdRows; warnings: StoredWarning[] }[] = [];
    const rest: HouseholdRows[] = [];
    for (const h of households) {
      const stored = settles(h);
      if (stored) settled.push({ household: h, warnings: ((stored.warnings as { list?: StoredWarning[] } | null)?.list ?? []) });
      else rest.push(h);
    }
    return { settled, rest };
  }

  /**
   * The households (read, not checked) that settleByDigest would settle as the registry stands
   * now, read without locks (ImportSession.settledHint): their cells may go before the batch is
   * written, which settles them again under its locks.
   */
  async settledHint(m: EntityManager, households: readonly HouseholdRows[], o: PlanOptions): Promise<HouseholdRows[]> {
    const settles = await this.digestsSettling(m, households, o);
    return households.filter((h) => settles(h));
  }

  /** The stored digest row that settles a household by its digest, per household (undefined: none). */
  private async digestsSettling(m: EntityManager, households: readonly HouseholdRows[], o: PlanOptions): Promise<(h: HouseholdRows) => Row | undefined> {
    const keyed = households.filter((h) => h.digest && h.key);
    if (o.strategy === ImportStrategy.CREATE || !keyed.length) return () => undefined;
    // One lookup of the digest by its key per household found: as a plain join, the planner chose to
    // hash the whole digest table in the middle of an import (its statistics lag behind the rows the
    // import adds), 6-9 ms for 100 numbers at 30,000 households against about 1 ms this way. The
    // subquery's LIMIT (the key is unique: at most one row anyway) keeps it from being made a join.
    const known: Row[] = await m.query(
      `SELECT h.household_number, h.region_code, h.validity, d.digest, d.warnings FROM households h
         CROSS JOIN LATERAL (SELECT d.digest, d.warnings FROM import_digests d WHERE d.household_id = h.id LIMIT 1) d
        WHERE h.household_number = ANY($1::varchar[])`,
      [keyed.map((h) => h.key)],
    );
    const byNumber = new Map(known.map((r) => [r.household_number as string, r]));
    const syncing = o.mode !== ImportMode.PROPOSE;
    return (h) => {
      const k = h.digest ? byNumber.get(h.key) : undefined;
      return k && k.digest === h.digest && !o.checkRegion(k.region_code as string) && !(syncing && k.validity === 'CANDIDATE') ? k : undefined;
    };
  }
}

function fromStoredWarning(w: StoredWarning, h: HouseholdRows): ImportProblem {
  return { severity: ProblemSeverity.WARNING, rowNumber: h.rows[0].rowNumber + w.offset, householdNumber: h.key, column: w.column, field: w.field, code: w.code, message: w.message };
}
