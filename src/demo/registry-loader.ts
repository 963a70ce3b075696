import { randomUUID } from 'node:crypto';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { AssembledUnit, ImportMode, ImportPort, ImportSession } from '../common/imports/import-port';
import { ImportPorts } from '../common/imports/import-ports';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow } from '../common/imports/import-types';
import type { UnitRows } from '../common/imports/unit-rows';
import { runWithScope } from '../common/request-scope/request-scope';
import { AssistanceBatchWriter, BatchHelper, BatchPairing, BatchVisit } from '../assistance/assistance-batch.writer';
import { UnitKind, VillageRole, VisitDelivery } from '../assistance/assistance.entities';
import { AppError } from '../common/errors/app-error';
import { ProcedureBatchWriter, CompletedProcedure } from '../households/lifecycle/procedure-batch.writer';
import { LifecycleReason } from '../households/lifecycle/lifecycle.errors';
import { ProposalsService } from '../households/lifecycle/proposals.service';
import { ProposalKind } from '../households/proposal.entity';
import { EXIT_LINE_KEY, NATIONAL_LINE_KEY } from '../households/poverty-lines.service';
import { ParametersService } from '../parameters/parameters.service';
import { GeneratedHousehold, generateHouseholds, GeneratorScale, REFERENCE_YEAR } from './generator';
import { Rng } from './prng';
import { toExchangeRows } from './registry-format';

export interface LoadOptions {
  households: number;
  seed: string | number;
  scale?: GeneratorScale;
  /** Also create assisting units, helpers, pairings, visits and village teams. */
  assistance?: boolean;
  batchSize?: number;
  /** Skip the first N generated households (already loaded: a smaller run is a prefix of a larger one). */
  skip?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told what the load leaves out (exits whose notice period the parameter store does not know). */
  logger?: LoggerService;
}

export interface LoadCounts {
  households: number;
  members: number;
  events: number;
  /** Completed procedures recorded (registrations, exits, returns). */
  procedures: number;
  /** Exits left without their procedure's record: no notice period in force on the approval's date. */
  exitsWithoutProcedure: number;
  helpers: number;
  pairings: number;
  visits: number;
}

/** What the loader asks of the running app: its providers (an INestApplication, a test app). */
export interface AppServices {
  get<T>(type: new (...args: never[]) => T): T;
}

const ACTOR = { actor_id: null, actor_name: '示例数据 (demo data)' };
/** The demo as the audit trail and the import see it: a system writer of the whole district. */
const DEMO_ID = '00000000-0000-0000-0000-000000000000';
const DEMO_PRINCIPAL: Principal = {
  kind: 'user',
  id: DEMO_ID,
  personId: DEMO_ID,
  name: ACTOR.actor_name,
  roles: [],
  permissions: new Set(),
  regionCode: '410000000000',
  scopePrefix: '41',
};

/** The demo's refusal: a generated household the registry's rules refuse stops the load (never dropped silently). */
export class DemoRefused extends Error {
  constructor(readonly problems: readonly ImportProblem[]) {
    super(
      `the registry refused ${problems.length} generated record(s): ` +
        problems
          .slice(0, 5)
          .map((p) => `${p.householdNumber} ${p.field ?? ''} ${p.code}: ${p.message}`)
          .join('; '),
    );
    this.name = 'DemoRefused';
  }
}

export function loadDemoRegistry(app: AppServices | INestApplication, options: LoadOptions): Promise<LoadCounts> {
  return loadRegistry(app as AppServices, options);
}

/** The first ANALYZE of a load comes when the registry holds this many households (the demo's thousand never need one). */
const ANALYZE_FROM_HOUSEHOLDS = 10_000;
/** The tables a load writes and its batches read. */
const LOADED_TABLES = ['households', 'members', 'household_events', 'household_incomes', 'member_insurance', 'import_digests', 'household_proposals', 'helpers', 'pairings', 'visits'];

/**
 * Loads a deterministic registry (the generator's households, members, incomes and insurance,
 * with a consistent history: registration, the exit procedure for exited households, returns)
 * in batches, one transaction per batch. Households, members, incomes and insurance go through
 * the registry's import port in SYNC mode (the code a provincial SYNC file runs: assembler,
 * planner, staged writer, audit rows, feed entries), called in-process: a registration pass as
 * of the registration date, then the status changes (exit with the exit year's income and
 * living conditions, return, end of policies) as SYNC passes of the same records as of their
 * dates. The procedures behind them (registration, the exit with its steps and notice, the
 * return) go through the lifecycle module's ProcedureBatchWriter, which checks them as the
 * procedures' service does (the exit standard of the exit year among them) — exits recorded
 * before the return pass changes a returned household's living conditions. The generator's
 * exit incomes are drawn above the lines the parameter store holds for each year. Used by the
 * embedded demo seed (about a thousand households) and by the benchmarks (hundreds of thousands).
 */
export async function loadRegistry(app: AppServices, options: LoadOptions): Promise<LoadCounts> {
  const ds = app.get(DataSource);
  const assistance = app.get(AssistanceBatchWriter);
  const registry = new RegistrySync(app.get(ImportPorts).get('households'), await villageLevels(ds));
  const procedures = new DemoProcedures(app.get(ProcedureBatchWriter), app.get(ProposalsService));
  const counts: LoadCounts = { households: 0, members: 0, events: 0, procedures: 0, exitsWithoutProcedure: 0, helpers: 0, pairings: 0, visits: 0 };
  const batchSize = options.batchSize ?? 2000;
  const rng = new Rng(`assistance/${options.seed}`);
  const exitLines = await exitLinesOf(app.get(ParametersService), options.scale === 'province' ? '410000000000' : '410106000000');
  return runWithScope({ requestId: 'demo-seed', principal: DEMO_PRINCIPAL }, async () => {
    const units = options.assistance ? await ds.transaction((m) => assistance.ensureUnits(m, UNITS.map(([name, kind]) => ({ name, kind, regionCode: '410106000000' })))) : [];
    // The batches read what the registry holds (existing members, households' states as of a
    // date): without statistics, as on a server whose autovacuum is off or has not come round
    // yet, the planner keeps the empty tables' estimates and every batch takes longer than the
    // last (350,000 households: from ~80 to ~25 households a second at 200,000, then ~250 after
    // one ANALYZE). So the loaded tables are analysed each time they have doubled.
    let analyzedAt = Math.max(options.skip ?? 0, ANALYZE_FROM_HOUSEHOLDS / 2);
    const analyzeAsTheyGrow = async () => {
      const held = (options.skip ?? 0) + counts.households;
      if (held < 2 * analyzedAt) return;
      await ds.query(`ANALYZE ${LOADED_TABLES.join(', ')}`);
      analyzedAt = held;
    };
    let batch: GeneratedHousehold[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const part = batch;
      batch = [];
      await ds.transaction(async (m) => {
        const c = await insertBatch(m, registry, procedures, assistance, part, units, rng);
        for (const k of Object.keys(c) as (keyof LoadCounts)[]) counts[k] += c[k];
      });
      options.onProgress?.(counts.households, options.households);
      await analyzeAsTheyGrow();
    };
    let index = 0;
    for (const h of generateHouseholds({ households: options.households, seed: options.seed, scale: options.scale, exitLines })) {
      if (index++ < (options.skip ?? 0)) continue;
      batch.push(h);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    if (options.assistance) await ds.transaction((m) => assignVillageTeams(m, assistance, units, rng));
    if (counts.exitsWithoutProcedure) {
      options.logger?.warn?.(
        `demo data: ${counts.exitsWithoutProcedure} exits without their procedure's record: no exit notice period ` +
          `(registry.exit_notice_days or EXIT_NOTICE_DAYS) is in force on their approval dates (${[...procedures.unconfigured].sort().join(', ')})`,
        'Seed',
      );
    }
    return counts;
  });
}

/** The division tree's levels by code, as the import checks a household's village against them. */
async function villageLevels(ds: DataSource): Promise<Map<string, string>> {
  const rows: { code: string; level: string }[] = await ds.query(`SELECT code, level FROM regions`);
  return new Map(rows.map((r) => [r.code, r.level]));
}

/**
 * One generated household's records as of a date, with the status they have then: the whole
 * record (registration), or only what a status change touches (`statusOnly`: the key, the
 * household and member columns without the year's income and insurance; absent columns keep
 * what is stored).
 */
interface Snapshot {
  household: GeneratedHousehold;
  on: string;
  status: string;
  exitYear: number | null;
  statusOnly?: boolean;
  /** The year's income (and so the year of the members' insurance) when not the reference year's. */
  income?: GeneratedHousehold['income'];
  /** The living conditions then, when not the household's current ones. */
  living?: GeneratedHousehold['living'];
}

/** The line an exit's income must exceed in each year of the demo's history, as the parameter store has it for the region. */
async function exitLinesOf(parameters: ParametersService, regionCode: string): Promise<Record<number, number>> {
  const lines: Record<number, number> = {};
  for (let year = 2014; year <= REFERENCE_YEAR; year += 1) {
    const [exit, national] = await parameters.valuesAt([EXIT_LINE_KEY, NATIONAL_LINE_KEY], `${year}-12-31`, regionCode);
    const line = exit.configured ? exit.value : national.configured ? national.value : null;
    if (line != null) lines[year] = Number(line);
  }
  return lines;
}


/**
 * The registry's import port in SYNC mode, one session per effective date and column set (a
 * session dates its events and joins by its date), written in the caller's transaction.
 */
class RegistrySync {
  private readonly sessions = new Map<string, ImportSession>();
  private readonly full: ReadonlySet<string>;
  private readonly statusKeys: ReadonlySet<string>;

  constructor(
    private readonly port: ImportPort,
    private readonly regionLevels: ReadonlyMap<string, string>,
  ) {
    // As an NDJSON file: every column of the table is present (a missing value is blank).
    this.full = new Set(port.table.columns.map((c) => c.key));
    // A status change: the records without the year's income and insurance (the household and
    // member columns stay, so the registry's checks of a household see it whole).
    this.statusKeys = new Set([...this.full].filter((k) => !k.startsWith('income.') && !k.startsWith('insurance.')));
  }

  private keysOf(s: Snapshot): ReadonlySet<string> {
    return s.statusOnly ? this.statusKeys : this.full;
  }

  private session(on: string, keys: ReadonlySet<string>): ImportSession {
    const id = `${keys === this.statusKeys ? 'status' : 'full'}/${on}`;
    let s = this.sessions.get(id);
    if (!s) {
      s = this.port.open({
        jobId: `demo-${id}`,
        columns: this.port.table.columns.filter((c) => keys.has(c.key)),
        splitKeys: new Set(),
        maxRows: 100,
        scopePrefix: DEMO_PRINCIPAL.scopePrefix,
        scope: DEMO_PRINCIPAL,
        regionLevels: this.regionLevels,
        strategy: ImportStrategy.CREATE_AND_UPDATE,
        mode: ImportMode.SYNC,
        listChanges: false,
        actor: { userId: DEMO_ID, name: ACTOR.actor_name, proposerId: null },
        effectiveOn: on,
      });
      this.sessions.set(id, s);
    }
    return s;
  }

  /** Writes the snapshots, oldest date first; throws DemoRefused when the registry refuses one. */
  async write(m: EntityManager, snapshots: readonly Snapshot[]): Promise<void> {
    const groups = new Map<string, { on: string; keys: ReadonlySet<string>; units: UnitRows<AssembledUnit>[] }>();
    for (const s of snapshots) {
      const keys = this.keysOf(s);
      const id = `${s.on}/${keys === this.statusKeys ? 'status' : 'full'}`;
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { on: s.on, keys, units: [] }));
      g.units.push(this.unitOf(s, keys, g.units.length));
    }
    for (const id of [...groups.keys()].sort()) {
      const g = groups.get(id)!;
      const result = await this.session(g.on, g.keys).write(m, g.units, { dryRun: false });
      const refused = result.problems.filter((p) => p.severity === ProblemSeverity.ERROR);
      if (refused.length) throw new DemoRefused(refused);
    }
  }

  private unitOf(s: Snapshot, keys: ReadonlySet<string>, ordinal: number): UnitRows<AssembledUnit> {
    const h: GeneratedHousehold = {
      ...s.household,
      status: s.status as GeneratedHousehold['status'],
      exitYear: s.exitYear,
      income: s.income ?? s.household.income,
      living: s.living ?? s.household.living,
    };
    const rows: RawRow[] = toExchangeRows(h, (gm) => ({ disabilityCertificate: disabilityCertificate(gm) })).map((values, i) => ({
      rowNumber: ordinal + i + 1,
      values: new Map([...values].filter(([key]) => keys.has(key))),
      problems: [],
    }));
    return { key: h.householdNumber, rows, firstRow: ordinal, size: rows.length, digest: null };
  }
}

/** The national status codes (脱贫状态) the demo's history passes through. */
const STATUS = { NOT_EXITED: '0', EXITED: '1', EXIT_IN_PROGRESS: '2', RETURNED: '3', EXITED_NO_POLICY: '4' } as const;

async function insertBatch(
  m: EntityManager,
  registry: RegistrySync,
  procedures: DemoProcedures,
  assistance: AssistanceBatchWriter,
  batch: GeneratedHousehold[],
  units: string[],
  rng: Rng,
): Promise<LoadCounts> {
  const helpers: BatchHelper[] = [];
  const pairings: BatchPairing[] = [];
  const visits: BatchVisit[] = [];
  const helperOfTown = new Map<string, { id: string; households: number }>();

  // The registry through its import port: registered (not exited) as of the registration date,
  // then each later status as of its date — an exit with the exit year's income, insurance and
  // living conditions. The demo keeps no procedure half-way: "exit in progress" households are
  // still poor. The procedures behind the changes through the lifecycle module's writer: the
  // registrations and exits after the exit pass (the exit standard reads the exit year's
  // records), the returns after the pass that records them.
  const registered: Snapshot[] = [];
  const exits: Snapshot[] = [];
  const after: Snapshot[] = [];
  for (const g of batch) {
    registered.push({ household: g, on: registeredOn(g), status: STATUS.NOT_EXITED, exitYear: null });
    const y = g.exitYear;
    if (g.status === STATUS.NOT_EXITED || g.status === STATUS.EXIT_IN_PROGRESS || !y) continue;
    const income = g.incomes.find((i) => i.year === y);
    exits.push({ household: g, on: exitDates(y).announced, status: STATUS.EXITED, exitYear: y, income, living: g.livingAtExit ?? undefined });
    if (g.status === STATUS.RETURNED) after.push({ household: g, on: returnDates(y).approved, status: STATUS.RETURNED, exitYear: y, statusOnly: true });
    if (g.status === STATUS.EXITED_NO_POLICY) after.push({ household: g, on: `${Math.min(y + 2, REFERENCE_YEAR)}-12-31`, status: STATUS.EXITED_NO_POLICY, exitYear: y, statusOnly: true });
  }
  await registry.write(m, registered);
  await registry.write(m, exits);

  const stored: { id: string; household_number: string; region_code: string }[] = await m.query(
    `SELECT id, household_number, region_code FROM households WHERE household_number = ANY($1::varchar[])`,
    [batch.map((g) => g.householdNumber)],
  );
  const idOf = new Map(stored.map((r) => [r.household_number, r.id]));
  const recorded = await procedures.record(m, batch, idOf, 'registration-and-exit');
  await registry.write(m, after);
  const returned = await procedures.record(m, batch, idOf, 'return');

  for (const g of batch) {
    const id = idOf.get(g.householdNumber)!;
    const region = g.villageCode;
    const regOn = registeredOn(g);

    // Assistance: a helper of one of the units for every household but a few (kept unpaired
    // so "households without a helper" has something to show), visits during the reference year.
    if (units.length && rng.float() > 0.03) {
      // A helper looks after up to five households of one town.
      const town = region.slice(0, 9) + '000';
      let current = helperOfTown.get(town);
      if (!current || current.households >= 5) {
        const phone = `13${String(rng.int(100000000, 999999999))}`;
        current = { id: randomUUID(), households: 0 };
        helperOfTown.set(town, current);
        helpers.push({
          id: current.id,
          name: `${HELPER_SURNAMES[rng.int(0, HELPER_SURNAMES.length - 1)]}${HELPER_GIVEN[rng.int(0, HELPER_GIVEN.length - 1)]}`,
          unitId: units[rng.int(0, units.length - 1)],
          regionCode: town,
          position: '帮扶责任人',
          phone,
        });
      }
      current.households += 1;
      const helperId = current.id;
      pairings.push({ helperId, householdId: id, startOn: regOn });
      const n = rng.int(2, 6);
      // Visits only while paired: a household registered in the reference year from June on.
      const firstMonth = g.yearRegistered === REFERENCE_YEAR ? 6 : 1;
      for (let v = 0; v < n; v++) {
        const month = String(firstMonth + Math.floor((v * (13 - firstMonth)) / n)).padStart(2, '0');
        const delivered = [VisitDelivery.TECHNOLOGY, VisitDelivery.INFORMATION, VisitDelivery.SERVICES, VisitDelivery.POLICY, VisitDelivery.GOODS, VisitDelivery.FUNDS].filter(() => rng.float() < 0.35);
        visits.push({
          helperId,
          householdId: id,
          visitedOn: `${REFERENCE_YEAR}-${month}-${String(rng.int(1, 28)).padStart(2, '0')}`,
          delivered: delivered.length ? delivered : [VisitDelivery.INFORMATION],
          notes: '入户走访，宣讲政策，了解生产生活情况',
        });
      }
    }
  }

  const assisted = await assistance.write(m, { helpers, pairings, visits });
  const [{ members, events: eventCount }] = await m.query(
    `SELECT (SELECT count(*)::int FROM members WHERE household_id = ANY($1::uuid[])) AS members,
            (SELECT count(*)::int FROM household_events WHERE household_id = ANY($1::uuid[])) AS events`,
    [stored.map((r) => r.id)],
  );
  return {
    households: stored.length,
    members,
    events: eventCount,
    procedures: recorded.procedures + returned.procedures,
    exitsWithoutProcedure: recorded.exitsWithoutProcedure,
    ...assisted,
  };
}

/** The demo's dates: registered on 15 May of its year after the village's proposal and the town's review. */
const registeredOn = (g: GeneratedHousehold) => `${g.yearRegistered}-05-15`;
const registrationDates = (year: number) => ({ proposed: `${year}-04-20`, reviewed: `${year}-05-05`, approved: `${year}-05-15` });
/** An exit: appraised and proposed 10 October, announced 10 November (after a notice from 1 November). */
const exitDates = (year: number) => ({ appraised: `${year}-10-10`, proposed: `${year}-10-10`, agreed: `${year}-10-12`, reviewed: `${year}-10-20`, approved: `${year}-11-01`, announced: `${year}-11-10` });
/** A return to poverty the spring after the exit. */
const returnDates = (exitYear: number) => ({ proposed: `${exitYear + 1}-03-20`, reviewed: `${exitYear + 1}-04-05`, approved: `${exitYear + 1}-04-20` });

/**
 * The demo's completed procedures through the lifecycle module's ProcedureBatchWriter. An exit
 * whose approval date has no notice period in force (the parameter store knows
 * registry.exit_notice_days for 2018 only) cannot be recorded as the procedure ran: it is left
 * out and counted (exitsWithoutProcedure), the household's exit stays in its history.
 */
class DemoProcedures {
  /** Approval dates and regions without a notice period, as `date region`. */
  readonly unconfigured = new Set<string>();
  private readonly noticeKnown = new Map<string, boolean>();

  constructor(
    private readonly writer: ProcedureBatchWriter,
    private readonly proposals: ProposalsService,
  ) {}

  async record(
    m: EntityManager,
    batch: readonly GeneratedHousehold[],
    idOf: ReadonlyMap<string, string>,
    which: 'registration-and-exit' | 'return',
  ): Promise<{ procedures: number; exitsWithoutProcedure: number }> {
    const records: CompletedProcedure[] = [];
    let exitsWithoutProcedure = 0;
    for (const g of batch) {
      const householdId = idOf.get(g.householdNumber)!;
      const y = g.exitYear;
      const exited = g.status !== STATUS.NOT_EXITED && g.status !== STATUS.EXIT_IN_PROGRESS && y;
      if (which === 'return') {
        if (exited && g.status === STATUS.RETURNED) {
          const d = returnDates(y);
          records.push({
            householdId,
            kind: ProposalKind.RETURN_TO_POVERTY,
            year: y + 1,
            reason: '因病返贫，住房成为危房 (returned after illness; the house is unsafe)',
            steps: [
              { step: 'PROPOSED', on: d.proposed },
              { step: 'TOWN_REVIEWED', on: d.reviewed },
              { step: 'DISTRICT_APPROVED', on: d.approved },
            ],
          });
        }
        continue;
      }
      const r = registrationDates(g.yearRegistered);
      records.push({
        householdId,
        kind: ProposalKind.REGISTRATION,
        year: g.yearRegistered,
        reason: '农户申请、村民主评议、乡镇审核、县级审批 (registration)',
        steps: [
          { step: 'PROPOSED', on: r.proposed },
          { step: 'TOWN_REVIEWED', on: r.reviewed },
          { step: 'DISTRICT_APPROVED', on: r.approved },
        ],
      });
      if (!exited) continue;
      const d = exitDates(y);
      if (!(await this.noticeInForce(m, d.approved, g.villageCode))) {
        exitsWithoutProcedure += 1;
        continue;
      }
      records.push({
        householdId,
        kind: ProposalKind.EXIT,
        year: y,
        reason: '人均纯收入稳定超过当年扶贫标准，两不愁三保障 (exit standard met)',
        appraisalOn: d.appraised,
        steps: [
          { step: 'PROPOSED', on: d.proposed },
          { step: 'HOUSEHOLD_AGREED', on: d.agreed },
          { step: 'TOWN_REVIEWED', on: d.reviewed },
          { step: 'DISTRICT_APPROVED', on: d.approved },
          { step: 'ANNOUNCED', on: d.announced },
        ],
      });
    }
    const written = await this.writer.recordCompleted(m, records, DEMO_PRINCIPAL);
    return { procedures: written.length, exitsWithoutProcedure };
  }

  /** Whether an exit approved on `on` in the region has a notice period (asked once per date and region). */
  private async noticeInForce(m: EntityManager, on: string, regionCode: string): Promise<boolean> {
    const key = `${on} ${regionCode}`;
    let known = this.noticeKnown.get(key);
    if (known === undefined) {
      try {
        await this.proposals.exitNoticeDays(m, on, regionCode);
        known = true;
      } catch (e) {
        if (!(e instanceof AppError) || e.reason !== LifecycleReason.EXIT_NOTICE_NOT_CONFIGURED) throw e;
        known = false;
        this.unconfigured.add(on);
      }
      this.noticeKnown.set(key, known);
    }
    return known;
  }
}

const HELPER_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const HELPER_GIVEN = ['建军', '秀英', '志强', '丽娟', '国华', '海燕', '伟', '静', '磊', '敏', '军', '洋', '勇', '艳', '杰', '娜'];

const UNITS: readonly (readonly [string, UnitKind])[] = [
  ['中共上街区委办公室', UnitKind.PARTY_GOVERNMENT],
  ['上街区人民政府办公室', UnitKind.PARTY_GOVERNMENT],
  ['上街区财政局', UnitKind.PARTY_GOVERNMENT],
  ['上街区教育局', UnitKind.PARTY_GOVERNMENT],
  ['上街区卫生健康委员会', UnitKind.PARTY_GOVERNMENT],
  ['上街区人力资源和社会保障局', UnitKind.PARTY_GOVERNMENT],
  ['上街区民政局', UnitKind.PARTY_GOVERNMENT],
  ['上街区残疾人联合会', UnitKind.SOCIAL_ORGANISATION],
  ['上街区农业农村工作委员会', UnitKind.PARTY_GOVERNMENT],
  ['上街区人民医院', UnitKind.PUBLIC_INSTITUTION],
];

/** A first secretary and a work-team leader for each village that has registered households and no team yet. */
async function assignVillageTeams(m: EntityManager, assistance: AssistanceBatchWriter, units: string[], rng: Rng): Promise<void> {
  const villages: { region_code: string }[] = await m.query(
    `SELECT DISTINCT h.region_code FROM households h
      WHERE NOT EXISTS (SELECT 1 FROM village_assignments a WHERE a.region_code = h.region_code) ORDER BY h.region_code`,
  );
  await assistance.assignVillages(
    m,
    villages.flatMap((v, i) => [
      { regionCode: v.region_code, personName: `第一书记${i + 1}号`, unitId: units[i % units.length], role: VillageRole.FIRST_SECRETARY, startOn: '2017-03-01' },
      { regionCode: v.region_code, personName: `工作队长${i + 1}号`, unitId: units[(i + rng.int(1, 5)) % units.length], role: VillageRole.WORK_TEAM_LEADER, startOn: '2017-03-01' },
    ]),
  );
}

/**
 * A disabled member's certificate number (残疾证号) in the national form: the ID number, then the
 * category (GB/T 26341 code) and grade digits. Null for a member without a disability.
 */
function disabilityCertificate(gm: GeneratedHousehold['members'][number]): string | null {
  return gm.disabilityType && gm.disabilityGrade ? `${gm.idNumber}${gm.disabilityType}${gm.disabilityGrade}` : null;
}
