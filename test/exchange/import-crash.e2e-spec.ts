import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { FieldCipher, parseBlindIndexKey, parseKeyring } from '../../src/common/crypto/field-cipher';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { generateHouseholds, GeneratedHousehold } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { DEMO_REGIONS_FILE } from '../../src/demo/seed';
import {
  assertBuilt,
  cleanupSpawned,
  copyDataDir,
  gql,
  http,
  runScript,
  secretsEnv,
  spawnService,
  SpawnedService,
  tempDir,
} from '../support/spawn-service';
import { ImportJobView } from '../support/import-job';
import { createDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/**
 * Issue #5, faults: "The service killed with `kill -9` in the middle of an import, restarted,
 * the same file imported again: the database ends exactly as after one clean import (no
 * duplicates, no partial households, the job record tells the truth)."
 *
 * The compiled service runs as a child process and is killed with SIGKILL while its import
 * worker commits batches of 5 households; it is killed a second time during the resumed run,
 * then started again. The job must end SUCCEEDED (resumed after its last committed batch), the
 * same file imported again must change nothing, and the registry, its events, incomes,
 * insurance, audit rows and change feed must equal those of one clean import of the same file
 * into a fresh database made from the same template. On the embedded database (a data
 * directory) or, with TEST_DATABASE_URL, on the PostgreSQL server (a database per run, made
 * from a template database and dropped afterwards).
 */

jest.setTimeout(1_200_000);

const ROOT = join(__dirname, '..', '..');
const DISTRICT = '410106000000';
const OFFICER = { username: 'crash-officer', password: 'Crash-Test-Passw0rd!' };
/** Households of the first attempt; a file the worker finishes before a kill doubles it (at most twice). */
const FIRST_SIZE = 150;
/** Where the service is killed, as a share of the file's rows committed: once, then again during the resumed run. */
const KILL_AT = [0.2, 0.6];
/** Deadline of one command-line script (it starts the whole service). */
const SCRIPT_TIMEOUT_MS = 300_000;
/** Deadline of every wait for a condition: far beyond an idle machine's need, for a loaded one. */
const SLOW_MS = 300_000;

const SERVICE_ENV: Record<string, string> = {
  PASSWORD_HASH_COST: '10',
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_IP_PER_MINUTE: '1000000',
  WEBHOOKS_ENABLED: 'false',
  IMPORT_BATCH_HOUSEHOLDS: '5',
  JOBS_POLL_INTERVAL_MS: '50',
  // Server: an import's job whose lease (renewed by the runner's heartbeat) expired a second ago belongs to the killed process.
  IMPORT_STALE_AFTER_MS: '1000',
};

type Job = ImportJobView;

type Row = Record<string, unknown>;

/**
 * waitFor (test/support/wait-for.ts) with SLOW_MS as the deadline, for a check that answers a
 * value when its condition holds and undefined while it does not. An error the check throws (the
 * service exited, answered wrongly, an expectation failed) ends the wait at once instead of being
 * retried until the deadline; at the deadline, `state` tells what was last seen.
 */
async function until<T>(what: string, intervalMs: number, check: () => Promise<T | undefined>, state?: () => string): Promise<T> {
  const outcome = await waitFor(
    async () => {
      try {
        const value = await check();
        return value === undefined ? undefined : { value };
      } catch (error) {
        return { error };
      }
    },
    { what, timeoutMs: SLOW_MS, intervalMs },
  ).catch((e: Error) => {
    throw state ? new Error(`${e.message}: ${state()}`) : e;
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** One database the service runs on: its environment, and SQL access to it from the test. */
interface Target {
  env: Record<string, string>;
  /** Embedded: only while no service runs on it (the data directory is locked). */
  query<T>(fn: (c: Client) => Promise<T>): Promise<T>;
  cipher(): FieldCipher;
}

const usingServer = !!process.env.TEST_DATABASE_URL;
const serverSecrets = usingServer ? secretsEnv() : {};
const createdDatabases: string[] = [];

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function serverUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

function cipherFrom(s: { fieldKeys: string; fieldKeyActive: string; blindIndexKey: string }): FieldCipher {
  return new FieldCipher(parseKeyring(s.fieldKeys, s.fieldKeyActive), parseBlindIndexKey(s.blindIndexKey));
}

function serverTarget(name: string): Target {
  const url = serverUrl(name);
  return {
    env: { DATABASE_URL: url, DATA_DIR: tempDir('jzfp-crash-'), ...serverSecrets },
    async query(fn) {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    },
    cipher: () =>
      cipherFrom({ fieldKeys: serverSecrets.FIELD_KEYS, fieldKeyActive: serverSecrets.FIELD_KEY_ACTIVE, blindIndexKey: serverSecrets.BLIND_INDEX_KEY }),
  };
}

function embeddedTarget(dataDir: string): Target {
  return {
    env: { DATA_DIR: dataDir },
    async query(fn) {
      const db = await EmbeddedPostgres.start({ dataDir, maxConnections: 1 });
      try {
        const c = new Client({ connectionString: db.url });
        await c.connect();
        try {
          return await fn(c);
        } finally {
          await c.end();
        }
      } finally {
        await db.stop();
      }
    },
    cipher: () => cipherFrom(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))),
  };
}

const csvOf = (hs: GeneratedHousehold[]) => csvHeaderLine() + hs.map((h) => toCsvRows(h)).join('');
const membersIn = (hs: GeneratedHousehold[]) => hs.reduce((n, h) => n + h.members.length, 0);

describe('kill -9 in the middle of an import (导入中途强制终止)', () => {
  let apiKey: string;
  /** A migrated database with the division list, a district officer and an import API key, stopped cleanly. */
  let newTarget: () => Promise<Target>;

  beforeAll(async () => {
    assertBuilt();
    let template: Target;
    if (usingServer) {
      const tpl = `jzfp_crash_tpl_${process.pid}_${randomBytes(4).toString('hex')}`;
      await adminQuery(`CREATE DATABASE "${tpl}"`);
      createdDatabases.push(tpl);
      template = serverTarget(tpl);
      newTarget = async () => {
        const name = `jzfp_crash_${process.pid}_${randomBytes(4).toString('hex')}`;
        const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
        await admin.connect();
        try {
          // The template service's sessions may outlive its stop by a moment.
          await createDatabase(admin, name, tpl);
        } finally {
          await admin.end();
        }
        createdDatabases.push(name);
        return serverTarget(name);
      };
    } else {
      const dir = tempDir('jzfp-crash-tpl-');
      template = embeddedTarget(dir);
      newTarget = async () => embeddedTarget(copyDataDir(dir));
    }

    // Scripts start the whole service: on a busy machine that takes longer than runScript's default minute.
    const regions = await runScript('regions-import', [join(ROOT, DEMO_REGIONS_FILE)], { env: template.env, timeoutMs: SCRIPT_TIMEOUT_MS });
    if (regions.code !== 0) throw new Error(`regions-import exited ${regions.code}: ${regions.stderr}`);
    expect(regions.stdout).toMatch(/regions: \d+ created/);

    // API keys are issued by the district office (which holds the exchange scopes), created by the operator.
    const officer = await runScript('create-admin', ['--username', OFFICER.username, '--region', DISTRICT, '--role', 'district_officer'], {
      env: { ...template.env, PASSWORD_HASH_COST: SERVICE_ENV.PASSWORD_HASH_COST, ADMIN_PASSWORD: OFFICER.password },
      timeoutMs: SCRIPT_TIMEOUT_MS,
    });
    if (officer.code !== 0) throw new Error(`create-admin exited ${officer.code}: ${officer.stderr}`);
    const svc = await spawnService({ env: { ...template.env, ...SERVICE_ENV, IMPORT_WORKER_ENABLED: 'false' } });
    await svc.waitReady(SLOW_MS);
    const login = await gql(svc.baseUrl, `mutation { login(input: { username: "${OFFICER.username}", password: "${OFFICER.password}" }) { accessToken } }`);
    const token = login.json<{ data?: { login: { accessToken: string } } }>().data?.login.accessToken;
    if (!token) throw new Error(`login failed: ${login.text}`);
    const key = await gql(
      svc.baseUrl,
      `mutation { createApiKey(input: { name: "省级平台 (provincial platform)", regionCode: "${DISTRICT}", scopes: [EXCHANGE_IMPORT, HOUSEHOLDS_IMPORT] }) { secret } }`,
      { authorization: `Bearer ${token}` },
    );
    const secret = key.json<{ data?: { createApiKey: { secret: string } } }>().data?.createApiKey.secret;
    if (!secret) throw new Error(`createApiKey failed: ${key.text}`);
    apiKey = secret;
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 3 * SCRIPT_TIMEOUT_MS);

  afterAll(async () => {
    await cleanupSpawned();
    for (const name of createdDatabases) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  });

  const start = async (target: Target): Promise<SpawnedService> => {
    const svc = await spawnService({ env: { ...target.env, ...SERVICE_ENV } });
    await svc.waitReady(SLOW_MS);
    return svc;
  };

  async function upload(svc: SpawnedService, csv: string): Promise<Job> {
    const res = await request(svc.baseUrl).post('/exchange/imports').set('x-api-key', apiKey).attach('file', Buffer.from(csv, 'utf8'), 'households.csv');
    if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${res.text}`);
    return res.body as Job;
  }

  async function getJob(svc: SpawnedService, id: string): Promise<Job> {
    const res = await http(`${svc.baseUrl}/exchange/imports/${id}`, { headers: { 'x-api-key': apiKey } });
    if (res.status !== 200) throw new Error(`GET job answered ${res.status}: ${res.text}`);
    return res.json<Job>();
  }

  /** Polls until the job is SUCCEEDED or FAILED; a job still QUEUED or RUNNING after SLOW_MS fails the test. */
  async function finished(svc: SpawnedService, id: string): Promise<Job> {
    let job: Job | undefined;
    return until(
      `job ${id} to finish`,
      50,
      async () => {
        job = await getJob(svc, id);
        if (job.status !== 'QUEUED' && job.status !== 'RUNNING') return job;
        if (svc.hasExited()) throw new Error(`the service exited while job ${id} was ${job.status}; stderr: ${svc.stderr()}`);
        return undefined;
      },
      () => JSON.stringify(job),
    );
  }

  /**
   * Watches the job and kills the service (SIGKILL) once at least `share` of the file's rows,
   * and more than `after` rows, are committed. Returns false when the job ended before that
   * (the file was too small to be caught).
   */
  async function killWhenCommitted(svc: SpawnedService, id: string, share: number, after: number): Promise<boolean> {
    let job: Job | undefined;
    return until(
      `job ${id} to reach ${share} of its rows`,
      10,
      async () => {
        job = await getJob(svc, id);
        if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return false;
        if (job.status === 'RUNNING' && job.rowsTotal && job.rowsCommitted > after && job.rowsCommitted >= job.rowsTotal * share) {
          expect(await svc.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
          return true;
        }
        return undefined;
      },
      () => JSON.stringify(job),
    );
  }

  /**
   * The database as the killed process left it: the job still RUNNING part-way, and exactly the
   * households its checkpoint counts are there, whole, each with its one audit row and feed
   * entries: the batch in flight left nothing. Returns null when the job had in fact finished.
   */
  async function checkKilledState(target: Target, jobId: string, file: GeneratedHousehold[]): Promise<Row | null> {
    return target.query(async (c) => {
      if (usingServer) {
        // The killed process's sessions end once the server notices; a COMMIT it sent may land until then.
        const others = async () =>
          Number((await c.query(`SELECT count(*) n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows[0].n);
        await until('the killed service to have no session left on the database', 50, async () => ((await others()) === 0 ? true : undefined));
      }
      // One snapshot for every read below.
      await c.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      try {
        const [job] = (await c.query(`SELECT * FROM import_jobs WHERE id = $1`, [jobId])).rows as Row[];
        if (job.status !== 'RUNNING' || (job.rows_committed as number) >= (job.rows_total as number)) return null;
        const counts = job.counts as Record<string, Record<string, number>>;
        const created = counts.households.created;
        expect(created).toBeGreaterThan(0);
        expect(created % 5).toBe(0); // whole batches only
        const landed = file.slice(0, created);
        expect(job.rows_committed).toBe(membersIn(landed));
        expect(counts.members.created).toBe(membersIn(landed));
        expect(counts.households.rejected).toBe(0);
        const perHousehold = (await c.query(`SELECT h.household_number, count(m.id)::int AS n FROM households h LEFT JOIN members m ON m.household_id = h.id GROUP BY 1 ORDER BY 1`)).rows;
        expect(perHousehold).toEqual(landed.map((h) => ({ household_number: h.householdNumber, n: h.members.length })).sort((a, b) => a.household_number.localeCompare(b.household_number)));
        const n = async (sql: string) => Number((await c.query(sql)).rows[0].n);
        expect(await n(`SELECT count(*) n FROM households WHERE head_member_id IS NULL`)).toBe(0);
        expect(await n(`SELECT count(*) n FROM audit_log WHERE operation = 'households.import.create'`)).toBe(created);
        // One feed entry per household (its row, members, income and events in one transaction).
        expect(await n(`SELECT count(*) n FROM change_feed WHERE root_type = 'Household' AND operation = 'CREATED'`)).toBe(created);
        expect(await n(`SELECT count(*) n FROM change_feed WHERE 'members' = ANY(parts)`)).toBe(created);
        return job;
      } finally {
        await c.query('ROLLBACK');
      }
    });
  }

  const uploadedFile = (target: Target, jobId: string) => join(target.env.DATA_DIR, 'imports', `${jobId}.csv`);

  interface Crash {
    target: Target;
    /** The service started again after the last kill. */
    svc: SpawnedService;
    file: GeneratedHousehold[];
    csv: string;
    jobId: string;
    /** rows_committed as each kill left it. */
    killedAt: number[];
  }

  /**
   * Imports a file, and kills the service once at each share of its rows (checking what each
   * kill left), starting it again after each kill (`beforeRestart` first). A file the worker
   * finishes before a kill tests nothing: then everything starts again on a fresh database
   * with a file twice the size, at most twice, and else the test fails.
   */
  async function importAndKill(shares: number[], beforeRestart: (target: Target, jobId: string) => void = () => undefined): Promise<Crash> {
    let size = FIRST_SIZE;
    for (let attempt = 0; attempt < 3; attempt++, size *= 2) {
      const file = [...generateHouseholds({ households: size, seed: `import-crash-${size}` })];
      const csv = csvOf(file);
      const target = await newTarget();
      let svc = await start(target);
      const jobId = (await upload(svc, csv)).id;
      const killedAt: number[] = [];
      for (const share of shares) {
        if (!(await killWhenCommitted(svc, jobId, share, killedAt.at(-1) ?? 0))) break;
        const left = await checkKilledState(target, jobId, file);
        if (!left) break; // it committed its last batch just before the signal
        expect(existsSync(uploadedFile(target, jobId))).toBe(true);
        killedAt.push(left.rows_committed as number);
        beforeRestart(target, jobId);
        svc = await start(target);
      }
      if (killedAt.length === shares.length) return { target, svc, file, csv, jobId, killedAt };
      await svc.stop('SIGKILL');
    }
    throw new Error(`the import finished before it could be killed, even with ${size / 2} households`);
  }

  /** One clean import of each file into a fresh database: what a crashed run must end as. */
  const references = new Map<string, Promise<{ target: Target; job: Job }>>();
  function referenceFor(csv: string): Promise<{ target: Target; job: Job }> {
    if (!references.has(csv)) {
      references.set(
        csv,
        (async () => {
          const target = await newTarget();
          const svc = await start(target);
          const job = await finished(svc, (await upload(svc, csv)).id);
          expect(job.status).toBe('SUCCEEDED');
          expect(job.attempts).toBe(1);
          expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
          await auditChainOk(target);
          return { target, job };
        })(),
      );
    }
    return references.get(csv)!;
  }

  /** Everything an import writes, keyed by what the file says (household number, ID number), never by generated ids. */
  async function snapshot(target: Target, jobId: string) {
    const cipher = target.cipher();
    const dec = (v: unknown) => (typeof v === 'string' ? cipher.decrypt(v) : null);
    const strip = (r: Row, ...keys: string[]) => {
      const out = { ...r };
      for (const k of keys) delete out[k];
      return out;
    };
    const stable = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
    return target.query(async (c) => {
      // Records date from the upload's day (in China): a clean import made after midnight differs by that alone.
      const [{ day }] = (await c.query(`SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM import_jobs WHERE id = $1`, [jobId])).rows as { day: string }[];
      const q = async (sql: string, params: unknown[] = []) =>
        JSON.parse(JSON.stringify((await c.query(sql, params)).rows).replaceAll(`"${day}"`, '"UPLOAD_DAY"')) as Row[];
      const households = (
        await q(`SELECT h.*, hm.id_number_hash AS head_id_number_hash FROM households h LEFT JOIN members hm ON hm.id = h.head_member_id ORDER BY h.household_number`)
      ).map((r) => ({
        ...strip(r, 'id', 'head_member_id', 'created_at', 'updated_at', 'contact_phone_enc', 'bank_account_enc'),
        contact_phone: dec(r.contact_phone_enc),
        bank_account: dec(r.bank_account_enc),
      }));
      const members = (await q(`SELECT h.household_number, m.* FROM members m JOIN households h ON h.id = m.household_id ORDER BY h.household_number, m.id_number_hash`)).map((r) => ({
        ...strip(r, 'id', 'household_id', 'created_at', 'updated_at', 'id_number_enc', 'disability_certificate_enc'),
        id_number: dec(r.id_number_enc),
        disability_certificate: dec(r.disability_certificate_enc),
      }));
      const events = stable(
        (
          await q(
            `SELECT h.household_number, em.id_number_hash AS member_id_number_hash, e.* FROM household_events e
             JOIN households h ON h.id = e.household_id LEFT JOIN members em ON em.id = e.member_id`,
          )
        ).map((r) => strip(r, 'id', 'household_id', 'member_id', 'proposal_id', 'created_at')),
      );
      const incomes = stable(
        (await q(`SELECT h.household_number, i.* FROM household_incomes i JOIN households h ON h.id = i.household_id`)).map((r) => strip(r, 'household_id', 'created_at', 'updated_at')),
      );
      const insurance = stable(
        (await q(`SELECT m.id_number_hash, i.* FROM member_insurance i JOIN members m ON m.id = i.member_id`)).map((r) => strip(r, 'member_id', 'household_id', 'updated_at')),
      );
      // What the last import wrote per household (a later file with the same rows is unchanged by it).
      const digests = await q(`SELECT h.household_number, d.digest FROM import_digests d JOIN households h ON h.id = d.household_id ORDER BY 1`);
      // The import's audit rows without what names the job (its id, its request id).
      const importAudit = stable(
        await q(
          `SELECT a.operation, a.entity_type, h.household_number, a.region_code, a.actor_type, a.actor_name, a.actor_roles, a.changes - 'importJob' AS changes
           FROM audit_log a LEFT JOIN households h ON h.id::text = a.entity_id WHERE a.operation LIKE 'households.import.%'`,
        ),
      );
      const auditByOperation = await q(`SELECT operation, count(*)::int AS n FROM audit_log GROUP BY 1 ORDER BY 1`);
      // Change-feed entries per household, keyed by what the file says.
      const feed = stable(
        await q(
          `SELECT f.root_type t, f.operation, h.household_number k, array_to_string(f.parts, ',') parts, f.root_version, count(*)::int n
           FROM change_feed f JOIN households h ON h.id = f.root_id GROUP BY 1, 2, 3, 4, 5`,
        ),
      );
      const feedTotals = await q(`SELECT root_type, operation, count(*)::int AS n FROM change_feed GROUP BY 1, 2 ORDER BY 1, 2`);
      const problems = stable(
        (await q(`SELECT * FROM import_problems WHERE job_id = $1`, [jobId])).map((r) => strip(r, 'id', 'job_id')),
      );
      const invariants = {
        duplicateHouseholdNumbers: await q(`SELECT household_number FROM households GROUP BY 1 HAVING count(*) > 1`),
        duplicateActiveIdNumbers: await q(`SELECT id_number_hash FROM members WHERE active GROUP BY 1 HAVING count(*) > 1`),
        householdsWithoutHead: await q(`SELECT household_number FROM households WHERE head_member_id IS NULL`),
        householdsWithoutOneCreateAudit: await q(
          `SELECT h.household_number, count(a.seq)::int AS n FROM households h
           LEFT JOIN audit_log a ON a.entity_id = h.id::text AND a.operation = 'households.import.create' GROUP BY 1 HAVING count(a.seq) <> 1`,
        ),
        importUpdateAudits: await q(`SELECT entity_id FROM audit_log WHERE operation = 'households.import.update'`),
        openJobs: await q(`SELECT id, status FROM import_jobs WHERE status IN ('QUEUED', 'RUNNING')`),
      };
      return { households, members, events, incomes, insurance, digests, importAudit, auditByOperation, feed, feedTotals, problems, invariants };
    });
  }

  async function auditChainOk(target: Target): Promise<void> {
    const verify = await runScript('audit-verify', [], { env: target.env });
    expect(`${verify.code} ${verify.stdout}`).toMatch(/^0 audit chain OK: \d+ rows/);
  }

  /** Log lines at level error or above (pino JSON on stdout), and anything on stderr. */
  const errorsLogged = (svc: SpawnedService) => [
    ...svc.stdoutLines().filter((l) => !l.startsWith('{') || (JSON.parse(l) as { level: number }).level >= 50),
    ...svc.stderrLines(),
  ];

  /** Waits until the log says that the job left RUNNING is taken up again; the pipe may lag a little behind. */
  async function resumeLogged(svc: SpawnedService, jobId: string): Promise<void> {
    const logged = () =>
      svc.stdoutLines().some((l) => l.includes('resuming an import job left running by a stopped process') && l.includes(jobId));
    await waitFor(logged, { what: `the log line resuming job ${jobId}`, timeoutMs: SLOW_MS, intervalMs: 50 });
  }

  /** The database a crashed run ended with equals the clean import's: records, events, incomes, insurance, audit rows, feed. */
  async function expectSameAsCleanImport(crash: Crash, jobId: string): Promise<void> {
    const reference = await referenceFor(crash.csv);
    const crashed = await snapshot(crash.target, jobId);
    const expected = await snapshot(reference.target, reference.job.id);
    expect(crashed.invariants).toEqual({
      duplicateHouseholdNumbers: [],
      duplicateActiveIdNumbers: [],
      householdsWithoutHead: [],
      householdsWithoutOneCreateAudit: [],
      importUpdateAudits: [],
      openJobs: [],
    });
    expect(expected.invariants).toEqual(crashed.invariants);
    // Nothing compared below is vacuous: the file has every kind of record an import writes.
    const members = membersIn(crash.file);
    expect(expected.households).toHaveLength(crash.file.length);
    expect(expected.members).toHaveLength(members);
    expect(expected.events).toHaveLength(2 * crash.file.length); // registration (STATUS_CHANGED) and first head (HEAD_CHANGED) of each
    expect(expected.incomes).toHaveLength(crash.file.length);
    expect(expected.insurance).toHaveLength(members);
    expect(expected.importAudit).toHaveLength(crash.file.length);
    expect(expected.digests).toHaveLength(crash.file.length);
    // One feed entry per household: its row, members, income and events were written in one transaction.
    expect(expected.feed).toHaveLength(crash.file.length);
    expect(expected.feed.map((f) => JSON.parse(f)).filter((f) => f.n !== 1 || f.operation !== 'CREATED')).toEqual([]);
    // Every household holds exactly the file's people.
    const idsOf = (members: Row[]) => {
      const by = new Map<string, string[]>();
      for (const m of members.filter((x) => x.active)) by.set(m.household_number as string, [...(by.get(m.household_number as string) ?? []), m.id_number as string]);
      return Object.fromEntries([...by].map(([k, v]) => [k, v.sort()]));
    };
    expect(idsOf(crashed.members)).toEqual(Object.fromEntries(crash.file.map((h) => [h.householdNumber, h.members.map((m) => m.idNumber).sort()])));
    expect(crashed.households).toEqual(expected.households);
    expect(crashed.members).toEqual(expected.members);
    expect(crashed.events).toEqual(expected.events);
    expect(crashed.incomes).toEqual(expected.incomes);
    expect(crashed.insurance).toEqual(expected.insurance);
    expect(crashed.digests).toEqual(expected.digests);
    expect(crashed.importAudit).toEqual(expected.importAudit);
    expect(crashed.auditByOperation).toEqual(expected.auditByOperation);
    expect(crashed.feed).toEqual(expected.feed);
    expect(crashed.feedTotals).toEqual(expected.feedTotals);
    expect(crashed.problems).toEqual(expected.problems);
    // The audit hash chain survived the kills.
    await auditChainOk(crash.target);
  }

  const pick = (j: Job) => ({ rowsTotal: j.rowsTotal, rowsCommitted: j.rowsCommitted, counts: j.counts, problemCount: j.problemCount, warningCount: j.warningCount, errorCode: j.errorCode });

  it('killed twice part-way: the job resumes after its last committed batch and succeeds, the same file again changes nothing, and the database equals one clean import', async () => {
    const crash = await importAndKill(KILL_AT);
    const { svc, file, csv, jobId, killedAt } = crash;
    expect(killedAt[1]).toBeGreaterThan(killedAt[0]); // the second run went on from the first checkpoint
    await resumeLogged(svc, jobId);

    // The job resumed to its end and its record adds up: every row once, every household created once.
    const rows = membersIn(file);
    const job = await finished(svc, jobId);
    expect(job.errorMessage).toBeNull();
    expect(job.status).toBe('SUCCEEDED');
    expect(job.attempts).toBe(KILL_AT.length + 1);
    expect(job.rowsTotal).toBe(rows);
    expect(job.rowsCommitted).toBe(rows);
    expect(job.counts).toEqual({
      householdsCreated: file.length,
      householdsUpdated: 0,
      householdsUnchanged: 0,
      householdsRejected: 0,
      membersCreated: rows,
      membersUpdated: 0,
      membersUnchanged: 0,
      membersLeft: 0,
    });

    // The same file again: every household unchanged, nothing written.
    const again = await finished(svc, (await upload(svc, csv)).id);
    expect(again.status).toBe('SUCCEEDED');
    expect(again.rowsCommitted).toBe(rows);
    expect(again.counts).toEqual({ ...job.counts, householdsCreated: 0, householdsUnchanged: file.length, membersCreated: 0, membersUnchanged: rows });
    expect(again.problemCount).toBe(job.problemCount);
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(errorsLogged(svc)).toEqual([]);
    // A finished job's file is removed from the data directory.
    expect(existsSync(uploadedFile(crash.target, jobId))).toBe(false);

    // The job record tells what the clean import's tells; the database is the same.
    expect(pick(job)).toEqual(pick((await referenceFor(csv)).job));
    await expectSameAsCleanImport(crash, jobId);
  });

  it('killed part-way with its file gone: the job fails as INTERRUPTED keeping its committed batches, and the same file imported again ends as one clean import', async () => {
    const crash = await importAndKill([0.3], (target, jobId) => rmSync(uploadedFile(target, jobId)));
    const { svc, file, csv, jobId, killedAt } = crash;

    // Never left RUNNING: failed, and its record says what was committed.
    const job = await finished(svc, jobId);
    expect(job.status).toBe('FAILED');
    expect(job.errorCode).toBe('INTERRUPTED');
    expect(job.errorMessage).toMatch(/已提交的批次保留.*import the file again/);
    expect(job.rowsCommitted).toBe(killedAt[0]);
    const kept = file.filter((_, i) => membersIn(file.slice(0, i + 1)) <= killedAt[0]);
    expect(job.counts).toEqual({
      householdsCreated: kept.length,
      householdsUpdated: 0,
      householdsUnchanged: 0,
      householdsRejected: 0,
      membersCreated: killedAt[0],
      membersUpdated: 0,
      membersUnchanged: 0,
      membersLeft: 0,
    });

    // The same file again: the committed households unchanged, the rest created.
    const rows = membersIn(file);
    const again = await finished(svc, (await upload(svc, csv)).id);
    expect(again.status).toBe('SUCCEEDED');
    expect(again.rowsCommitted).toBe(rows);
    expect(again.counts).toEqual({
      householdsCreated: file.length - kept.length,
      householdsUpdated: 0,
      householdsUnchanged: kept.length,
      householdsRejected: 0,
      membersCreated: rows - killedAt[0],
      membersUpdated: 0,
      membersUnchanged: killedAt[0],
      membersLeft: 0,
    });
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(errorsLogged(svc)).toEqual([]);
    await expectSameAsCleanImport(crash, again.id);
  });
});
