/**
 * The import port: what a module supplies so that the generic import (src/exchange/imports:
 * upload, job rows, readers, runner with its batches, checkpoint and all-or-nothing pass, report,
 * CLI) can load its files. The registry's port is src/households/import/registry-import.port.ts;
 * later modules (students, insurance, 低保 lists) add theirs and register them with ImportPorts.
 *
 * The runner reads the file with the port's column table, groups adjacent rows by the port's
 * `groupKey`, lets the session `assemble` each group (pure: rows → a checked unit with its
 * problems) and hands batches of units to the session's `write`, inside the batch's transaction.
 */
import type { EntityManager } from 'typeorm';
import type { KindExportParameter, KindExportParams } from './export-parameters';
import type { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import type { ScopeHolder } from '../access/region-scope';
import type { ColumnTable, ImportColumn } from './columns';
import type { CountsByUnit, ImportProblem, ImportStrategy, RawRow } from './import-types';
import type { UnitRows } from './unit-rows';

/**
 * Who is the authority of an import's records. SYNC: the provincial/national system; records
 * land active, audited as synced. PROPOSE: the file proposes; new records go through the
 * module's approval procedure.
 */
export enum ImportMode {
  SYNC = 'SYNC',
  PROPOSE = 'PROPOSE',
}

/** A unit as the port's `assemble` answers it: its problems, and whether it may be written. */
export interface AssembledUnit {
  problems: ImportProblem[];
  /** No ERROR problem. */
  valid: boolean;
}

/** Who runs an import (the job's uploader), as the port needs it for audit and procedures. */
export interface ImportActor {
  userId: string | null;
  name: string | null;
  /**
   * PROPOSE: the person who proposes what the import creates (the uploader, when they held the
   * port's `proposePermission` at upload); null: records are created without a proposal.
   */
  proposerId: string | null;
}

/** What one import asks of a port: the job, the file's columns and what the runner knows of the scope. */
export interface ImportContext {
  jobId: string;
  /** The columns the file has (NDJSON: all). Absent columns keep stored values on update. */
  columns: readonly ImportColumn[];
  /** Keys whose rows are not adjacent in the file. */
  splitKeys: ReadonlySet<string>;
  /** Rows a unit may span (IMPORT_MAX_HOUSEHOLD_ROWS). */
  maxRows: number;
  /** The subtree the import may write into (region-code prefix), and the levels of its regions by code. */
  scopePrefix: string;
  /**
   * The import's write scope for the kit's region-scope helpers: the subtree above with the
   * uploader's roles and sector as at upload, so a sector officer's roster writes only its own
   * sector's records (`inRegionScope(ctx.scope, code, { sector: { value, access: 'write' } })`).
   */
  scope: ScopeHolder;
  regionLevels: ReadonlyMap<string, string>;
  strategy: ImportStrategy;
  mode: ImportMode;
  /** A dry run's report lists what it would create or update (INFO rows). */
  listChanges: boolean;
  actor: ImportActor;
  /**
   * The date the records hold from (not after today): a SYNC of records as they stood then
   * (the demo's history) dates its events and joins by it. Default today, as for every upload.
   */
  effectiveOn?: string;
}

/** What one batch did: counts per unit, the report's lines, and how many units digests settled unchecked. */
export interface BatchResult {
  counts: CountsByUnit;
  problems: ImportProblem[];
  /** Units found unchanged by their import digest alone (neither checked nor compared): the runner stops checking up front when most are. */
  settledByDigest: number;
}

/** One import's use of a port. */
export interface ImportSession<U extends AssembledUnit = AssembledUnit> {
  /** Pure: one group of rows → the checked unit. */
  assemble(group: UnitRows<U>): U;
  /**
   * Writes a batch in the caller's transaction (nothing on a dry run): locked reads, plans, rows
   * and the audit records of what changed. Units without `parsed` are assembled when needed.
   */
  write(m: EntityManager, batch: readonly UnitRows<U>[], options: { dryRun: boolean }): Promise<BatchResult>;
  /**
   * Optional, for a port that settles units by their digest: of `units` (read, not assembled),
   * those the write would settle by their digest as the database stands now, read outside any
   * transaction and without locks. The runner releases their cells (releaseCells), so that a
   * re-imported file's rows die young instead of living until their batch is written. A hint, not
   * a promise: `write` settles under its locks again, and reading the cells of a unit it must
   * check after all throws CellsReleased; the runner then writes the batch again from the file.
   */
  settledHint?(m: EntityManager, units: readonly UnitRows<U>[]): Promise<readonly UnitRows<U>[]>;
}

/** What an export of a kind covers: the caller's records under a region prefix (the caller's whole scope when none was asked). */
export interface KindExportFilter {
  regionPrefix?: string;
  /** The record a per-record export is of (`of`, e.g. an inspection's id for its visit sheet); only for a KindExport with `record`. */
  of?: string;
  /** The values of the kind's declared parameters (KindExport.parameters), parsed; empty for a kind without. */
  params?: KindExportParams;
}

/**
 * One page of a kind's export: its records as rows in the port's columns, and the cursor after the
 * last (null: no more). A unit of several rows (a project and its funding lines) is whole in one page.
 */
export interface KindExportPage {
  rows: readonly Readonly<Record<string, string>>[];
  next: string | null;
}

/**
 * A kind's export (GET /exchange/exports/{kind}), in the port's own columns: a file it writes
 * re-imports unchanged. Rows are records of column key → cell text as a file holds it (labels for
 * code columns), protected columns masked (an export of a kind never reveals).
 */
export interface KindExport {
  /** The permission that reads the kind's records (e.g. projects.read); exchange.export is the registry's. */
  readonly permission: Permission;
  /**
   * A per-record export (one record's rows: an inspection's visit sheet) takes the record's id as
   * `of` (required; other kinds refuse it), described here for the error naming it.
   */
  readonly record?: { readonly description: string };
  /**
   * Checks run before the audit row and the first byte (a coded error answers as JSON): e.g. the
   * record of a per-record export exists in the caller's scope, or a permission finer than `permission`.
   */
  check?(principal: Principal, filter: KindExportFilter): Promise<void>;
  /**
   * Query parameters of its own (a report's year, date and grouping), validated by the route with
   * coded errors naming them (src/common/imports/export-parameters.ts) and passed as `filter.params`;
   * a kind without refuses them as any unknown parameter.
   */
  readonly parameters?: readonly KindExportParameter[];
  /** File names: ASCII stem (e.g. `linkages`) and the Chinese one (e.g. 利益联结). */
  readonly fileName: string;
  readonly displayName: string;
  /**
   * A page of the caller's records (region, and sector where the kind has one, as its GraphQL
   * list reads them) in a stable order, after the opaque cursor `after` (null: from the start).
   */
  page(principal: Principal, filter: KindExportFilter, after: string | null, limit: number): Promise<KindExportPage>;
}

/**
 * An export with no import (a ledger exported for people, not for re-import: findings with their
 * rectification ledger, an inspection's visit sheet): its kind, its columns (Chinese headers) and
 * its pages, served by GET /exchange/exports/{kind} as a port's export is.
 */
export interface ExportOnlyKind {
  readonly kind: string;
  readonly table: ColumnTable;
  readonly export: KindExport;
}

export interface ImportPort<U extends AssembledUnit = AssembledUnit> {
  /** What it imports, e.g. 'households': how exchange finds it (ImportPorts.get). */
  readonly kind: string;
  readonly table: ColumnTable;
  /** The units it counts, e.g. ['households', 'members']: the job's counts have one entry each. */
  readonly units: readonly string[];
  /** The modes it supports. */
  readonly modes: readonly ImportMode[];
  /** PROPOSE: the permission an uploader needs for the import to propose what it creates (e.g. households.propose). */
  readonly proposePermission?: Permission;
  /**
   * The module's own write permission an uploader needs besides `exchange.import` (e.g. a
   * sector's roster: `relief.write`); none for the registry, whose writers hold exchange.import.
   */
  readonly permission?: Permission;
  /**
   * The import template's example (GET /exchange/imports/template.csv|xlsx?kind=…): one fictional
   * unit's rows, each a record of column key → cell text as a file holds it (labels for code
   * columns), valid under the port's own checks. A port without it has a header-only template.
   */
  example?(): readonly Readonly<Record<string, string>>[];
  /** The kind's export in the same columns, when it has one. */
  readonly export?: KindExport;
  /** A row's unit key (cellText of the key column): adjacent rows of one key are one unit. */
  groupKey(row: RawRow): string;
  /** Starts one import (or one pass of it: the all-or-nothing check). */
  open(ctx: ImportContext): ImportSession<U>;
}
