import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { AssembledUnit, ImportMode, ImportPort, ImportSession } from '../common/imports/import-port';
import { ImportPorts } from '../common/imports/import-ports';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow } from '../common/imports/import-types';
import type { UnitRows } from '../common/imports/unit-rows';
import { runWithScope } from '../common/request-scope/request-scope';
import { AssistanceBatchWriter, BatchHelper, BatchPairing, BatchVisit } from '../assistance/assistance-batch.writer';
import { UnitKind, VillageRole, VisitDelivery } from '../assistance/assistance.entities';
import { Row, StagedWriter } from '../database/staged-writer';
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
}

export interface LoadCounts {
  households: number;
  members: number;
  events: number;
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

/**
 * Loads a deterministic registry (the generator's households, members, incomes and insurance,
 * with a consistent history: registration, the exit procedure for exited households, returns)
 * in batches, one transaction per batch. Households, members, incomes and insurance go through
 * the registry's import port in SYNC mode (the code a provincial SYNC file runs: assembler,
 * planner, staged writer, audit rows, feed entries), called in-process: a registration pass as
 * of the registration date, then the status changes (exit, return, end of policies) as SYNC
 * passes of the same records as of their dates. Used by the embedded demo seed (about a
 * thousand households) and by the benchmarks (hundreds of thousands).
 */
export async function loadRegistry(app: AppServices, options: LoadOptions): Promise<LoadCounts> {
  const ds = app.get(DataSource);
  const assistance = app.get(AssistanceBatchWriter);
  const registry = new RegistrySync(app.get(ImportPorts).get('households'), await villageLevels(ds));
  const counts: LoadCounts = { households: 0, members: 0, events: 0, helpers: 0, pairings: 0, visits: 0 };
  const batchSize = options.batchSize ?? 2000;
  const rng = new Rng(`assistance/${options.seed}`);
  return runWithScope({ requestId: 'demo-seed', principal: DEMO_PRINCIPAL }, async () => {
    const units = options.assistance ? await ds.transaction((m) => assistance.ensureUnits(m, UNITS.map(([name, kind]) => ({ name, kind, regionCode: '410106000000' })))) : [];
    let batch: GeneratedHousehold[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const part = batch;
      batch = [];
      await ds.transaction(async (m) => {
        const c = await insertBatch(m, registry, assistance, part, units, rng);
        for (const k of Object.keys(c) as (keyof LoadCounts)[]) counts[k] += c[k];
      });
      options.onProgress?.(counts.households, options.households);
    };
    let index = 0;
    for (const h of generateHouseholds({ households: options.households, seed: options.seed, scale: options.scale })) {
      if (index++ < (options.skip ?? 0)) continue;
      batch.push(h);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    if (options.assistance) await ds.transaction((m) => assignVillageTeams(m, assistance, units, rng));
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
    const h: GeneratedHousehold = { ...s.household, status: s.status as GeneratedHousehold['status'], exitYear: s.exitYear };
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

async function insertBatch(m: EntityManager, registry: RegistrySync, assistance: AssistanceBatchWriter, batch: GeneratedHousehold[], units: string[], rng: Rng): Promise<LoadCounts> {
  const proposals: Row[] = [];
  const events: Row[] = [];
  const helpers: BatchHelper[] = [];
  const pairings: BatchPairing[] = [];
  const visits: BatchVisit[] = [];
  const helperOfTown = new Map<string, { id: string; households: number }>();

  // The registry through its import port: registered (not exited) as of the registration date,
  // then each later status as of its date. The demo keeps no procedure half-way: "exit in
  // progress" households are still poor.
  const registered: Snapshot[] = [];
  const exits: Snapshot[] = [];
  const after: Snapshot[] = [];
  for (const g of batch) {
    registered.push({ household: g, on: registeredOn(g), status: STATUS.NOT_EXITED, exitYear: null });
    const y = g.exitYear;
    if (g.status === STATUS.NOT_EXITED || g.status === STATUS.EXIT_IN_PROGRESS || !y) continue;
    exits.push({ household: g, on: `${y}-11-10`, status: STATUS.EXITED, exitYear: y, statusOnly: true });
    if (g.status === STATUS.RETURNED) after.push({ household: g, on: `${y + 1}-04-20`, status: STATUS.RETURNED, exitYear: y, statusOnly: true });
    if (g.status === STATUS.EXITED_NO_POLICY) after.push({ household: g, on: `${Math.min(y + 2, REFERENCE_YEAR)}-12-31`, status: STATUS.EXITED_NO_POLICY, exitYear: y, statusOnly: true });
  }
  for (const pass of [registered, exits, after]) await registry.write(m, pass);

  const stored: { id: string; household_number: string; region_code: string }[] = await m.query(
    `SELECT id, household_number, region_code FROM households WHERE household_number = ANY($1::varchar[])`,
    [batch.map((g) => g.householdNumber)],
  );
  const idOf = new Map(stored.map((r) => [r.household_number, r.id]));

  for (const g of batch) {
    const id = idOf.get(g.householdNumber)!;
    const region = g.villageCode;
    const regOn = registeredOn(g);

    // The procedures' records: registration, the exit procedure with its steps, the return.
    proposals.push(proposal(randomUUID(), id, region, 'REGISTRATION', g.yearRegistered, regOn, { reason: '农户申请、村民主评议、乡镇审核、县级审批 (registration)' }));
    const y = g.exitYear;
    if (g.status !== STATUS.NOT_EXITED && g.status !== STATUS.EXIT_IN_PROGRESS && y) {
      const ex = randomUUID();
      proposals.push(
        proposal(ex, id, region, 'EXIT', y, `${y}-11-10`, {
          appraisal_on: `${y}-10-10`,
          household_agreed_on: `${y}-10-12`,
          notice_days: 7,
          notice_starts_on: `${y}-11-01`,
          notice_ends_on: `${y}-11-08`,
          reason: '人均纯收入稳定超过当年扶贫标准，两不愁三保障 (exit standard met)',
        }),
      );
      for (const [step, on] of [['PROPOSED', `${y}-10-10`], ['HOUSEHOLD_AGREED', `${y}-10-12`], ['TOWN_REVIEWED', `${y}-10-20`], ['IN_NOTICE', `${y}-11-01`], ['COMPLETED', `${y}-11-10`]] as const) {
        events.push({ household_id: id, region_code: region, kind: 'PROCEDURE_STEP', effective_on: on, step, proposal_id: ex, ...ACTOR });
      }
      if (g.status === STATUS.RETURNED) {
        proposals.push(proposal(randomUUID(), id, region, 'RETURN_TO_POVERTY', y + 1, `${y + 1}-04-20`, { reason: '因病返贫 (returned after illness)' }));
      }
    }

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

  await insert(m, 'household_proposals', proposals, PROPOSAL_COLUMNS);
  await insert(m, 'household_events', events, EVENT_COLUMNS);
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
    ...assisted,
  };
}

const registeredOn = (g: GeneratedHousehold) => `${g.yearRegistered}-05-15`;

function proposal(id: string, householdId: string, region: string, kind: string, year: number, completedOn: string, extra: Row): Row {
  return {
    id,
    household_id: householdId,
    region_code: region,
    kind,
    stage: 'COMPLETED',
    year,
    completed_on: completedOn,
    proposed_by: '00000000-0000-0000-0000-000000000000',
    objections: 0,
    ...extra,
  };
}

interface Column {
  name: string;
  type: string;
}

const cols = (spec: string): Column[] =>
  spec
    .trim()
    .split(/\s*,\s*/)
    .map((c) => {
      const [name, type] = c.split(':');
      return { name, type };
    });

const PROPOSAL_COLUMNS = cols(`id:uuid, household_id:uuid, region_code:varchar, kind:proposal_kind, stage:proposal_stage,
  year:smallint, reason:text, appraisal_on:date, household_agreed_on:date, notice_days:smallint,
  notice_starts_on:date, notice_ends_on:date, objections:smallint, proposed_by:uuid, completed_on:date`);
const EVENT_COLUMNS = cols(`household_id:uuid, region_code:varchar, member_id:uuid, kind:household_event_kind, effective_on:date,
  from_status:poverty_status, to_status:poverty_status, from_validity:household_validity, to_validity:household_validity,
  exit_year:smallint, step:varchar, reason:text, proposal_id:uuid, actor_id:varchar, actor_name:varchar`);

/** One jsonb parameter per chunk (the embedded database does not speak COPY FROM STDIN): see StagedWriter. */
const WRITER = new StagedWriter(false);

/** The rows into the table with the shared staged writer: every row writes `columns` (a missing value is NULL). */
async function insert(m: EntityManager, table: string, rows: Row[], columns: Column[]): Promise<void> {
  await WRITER.write(m, { table, mode: 'INSERT', rows, columns: columns.map((c) => c.name) });
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
