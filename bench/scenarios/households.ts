import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { encodeCursor } from '../../src/common/pagination/keyset';
import { startService } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { HOUSEHOLD_SORTS, HouseholdSort } from '../../src/households/households.repository';
import { loadDemoRegistry } from '../../src/demo/registry-loader';
import { PasswordHasher } from '../../src/identity/password-hasher';
import { gql, Scenario, ScenarioContext } from './types';

/**
 * The registry at scale. Server mode loads `--households` households (the demo's first thousand
 * are the same generator's prefix, so the rest is appended) and signs in a district officer;
 * embedded mode uses the demo seed's thousand households and its demo account.
 */
const BENCH_USER = 'bench-district';
/** The bench account's region (server mode): the demo district, 上街区. */
export const BENCH_REGION = '410106000000';
const BENCH_PASSWORD = 'Bench-Passw0rd-2018!';

/**
 * The database a context reads: its URL on a server, its DATA_DIR embedded. The data, the
 * account and the sampled ids are kept per database: a context of the loading instance and one of
 * the instance measured on the same database share them (the token of the sign-in stays valid:
 * same keys, same sessions), while `bench:read --growth` reads two databases in one run.
 */
function databaseOf(ctx: ScenarioContext): string {
  return ctx.databaseUrl ?? `embedded:${String(ctx.serviceEnv.DATA_DIR)}`;
}

function once<T>(cache: Map<string, Promise<T>>, ctx: ScenarioContext, make: () => Promise<T>): Promise<T> {
  const key = databaseOf(ctx);
  let value = cache.get(key);
  if (!value) cache.set(key, (value = make()));
  return value;
}

const loaded = new Map<string, Promise<void>>();
const signedIn = new Map<string, { at: number; headers: Promise<Record<string, string>> }>();
/**
 * A sign-in is used for this long, then made again: an access token lasts 15 minutes by default
 * (ACCESS_TOKEN_TTL_SECONDS, 900), and a growth run loads its second database for longer than that
 * after the first one's sign-in (seen: TOKEN_EXPIRED on the base's first round).
 */
const SIGN_IN_REUSE_MS = 5 * 60_000;

/**
 * Loads the data (server mode) once per run and database; signs in (again when the last sign-in
 * on that database is older than SIGN_IN_REUSE_MS); the authorization header.
 */
export async function prepareHouseholds(ctx: ScenarioContext): Promise<Record<string, string>> {
  if (ctx.db === 'server') await once(loaded, ctx, () => loadServer(ctx));
  const key = databaseOf(ctx);
  const last = signedIn.get(key);
  if (last && Date.now() - last.at < SIGN_IN_REUSE_MS) return last.headers;
  const headers = ctx.db === 'server' ? signIn(ctx, BENCH_USER, BENCH_PASSWORD) : signInDemo(ctx);
  signedIn.set(key, { at: Date.now(), headers });
  headers.catch(() => signedIn.delete(key));
  return headers;
}

function signInDemo(ctx: ScenarioContext): Promise<Record<string, string>> {
  const demo = readFileSync(join(String(ctx.serviceEnv.DATA_DIR), 'demo-accounts.txt'), 'utf8');
  const password = /Password of each: (\S+)/.exec(demo)?.[1];
  if (!password) return Promise.reject(new Error('demo-accounts.txt has no password'));
  return signIn(ctx, 'district', password);
}

async function loadServer(ctx: ScenarioContext): Promise<void> {
  // The service's own modules write the data (the demo loader goes through their writers): a
  // second instance of the service in this process, on the same database, not listening.
  const env = ctx.serviceEnv;
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    DATABASE_URL: ctx.databaseUrl!,
    DB_POOL_SIZE: '2',
    // Loading only: no statement timeout (the service's DB_STATEMENT_TIMEOUT_MS, 30 s by default,
    // is for requests; a batch's statements and the ANALYZE of a large load take longer). The
    // instance measured keeps the service's own.
    DB_STATEMENT_TIMEOUT_MS: '0',
    ...Object.fromEntries(['FIELD_KEYS', 'FIELD_KEY_ACTIVE', 'BLIND_INDEX_KEY', 'JWT_SECRET', 'AUDIT_CHAIN_KEY'].filter((k) => env[k]).map((k) => [k, String(env[k])])),
  });
  const service = await startService(config, { listen: false });
  const ds = service.app.get(DataSource);
  try {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM households`);
    if (n < ctx.households) {
      const started = Date.now();
      const counts = await loadDemoRegistry(service.app, {
        households: ctx.households,
        skip: n,
        seed: 'shangjie-2018',
        // District scale, like the demo, so the demo's households are this run's prefix.
        scale: 'district',
        assistance: true,
        batchSize: 5000,
        onProgress: (done) => ctx.log(`loaded ${done + n} / ${ctx.households} households`),
      });
      ctx.log(`loaded ${counts.households} households, ${counts.members} members in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await ds.query('ANALYZE');
    }
    const hash = await new PasswordHasher(12).hash(BENCH_PASSWORD);
    await ds.query(
      `INSERT INTO users (username, display_name, password_hash, region_code, roles)
       VALUES ($1, '基准测试', $2, $3, '{district_officer}') ON CONFLICT (username) DO NOTHING`,
      [BENCH_USER, hash, BENCH_REGION],
    );
  } finally {
    await service.close();
  }
}

async function signIn(ctx: ScenarioContext, username: string, password: string): Promise<Record<string, string>> {
  const data = await ctx.graphql<{ login: { accessToken: string } }>(
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
    { u: username, p: password },
  );
  return { authorization: `Bearer ${data.login.accessToken}` };
}

export const NESTED_PAGE = `query HouseholdPage($first: Int!, $after: String) {
  households(first: $first, after: $after) {
    edges {
      cursor
      node {
        householdNumber status { value } yearRegistered primaryCause { value } relocated contactPhone
        region { code name }
        head { name idNumber }
        members { name idNumber sex { value } birthDate relation { label } health { value } labourSkill { value } age }
        incomes { year netIncome perCapitaNetIncome }
        helpers { helper { name } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The nested page with its totalCount (the list counted under the page's conditions). */
export const NESTED_PAGE_TOTAL = NESTED_PAGE.replace('households(first: $first, after: $after) {', 'households(first: $first, after: $after) {\n    totalCount');

export const PLAIN_PAGE = `query Page($first: Int!, $after: String) {
  households(first: $first, after: $after) { edges { cursor node { householdNumber status { value } } } pageInfo { hasNextPage } }
}`;

export const ok = (body: string) => !body.includes('"errors":[') && body.includes('"edges":[{');

export const householdPageNested: Scenario = {
  name: 'household-page-nested',
  description: 'A page of 50 households with region, head, members, incomes and helpers (keyset page + five loaders)',
  // SQL statements per page are counted by test/households/registry-queries.e2e-spec.ts (the
  // same for 5 and 50 households); pg_stat_database proved too coarse to count them here.
  setup: async (ctx) => void (await prepareHouseholds(ctx)),
  requests: async (ctx) => [{ ...gql(NESTED_PAGE, { first: 50 }), headers: await prepareHouseholds(ctx) }],
  verify: ok,
};

export const householdPageNestedTotal: Scenario = {
  name: 'household-page-nested-total',
  description: 'The nested page of 50 households with its totalCount',
  setup: async (ctx) => void (await prepareHouseholds(ctx)),
  requests: async (ctx) => [{ ...gql(NESTED_PAGE_TOTAL, { first: 50 }), headers: await prepareHouseholds(ctx) }],
  verify: (body) => ok(body) && body.includes('"totalCount":'),
};

export const householdPageFirst: Scenario = {
  name: 'household-page-1',
  description: 'Page 1 of the household list, 20 a page',
  setup: async (ctx) => void (await prepareHouseholds(ctx)),
  requests: async (ctx) => [{ ...gql(PLAIN_PAGE, { first: 20 }), headers: await prepareHouseholds(ctx) }],
  verify: ok,
};

/** The row whose keyset cursor `household-page-10000` pages after: 199,980, or 20 before the end of a smaller list. */
export const DEEP_PAGE_POSITION = (ctx: Pick<ScenarioContext, 'households'>) => Math.min(199_980, Math.max(1, ctx.households - 20));

export const householdPageDeep: Scenario = {
  name: 'household-page-10000',
  description: 'Page 10,000 of the household list, 20 a page (keyset cursor of row 199,980)',
  modes: ['server'],
  setup: async (ctx) => void (await prepareHouseholds(ctx)),
  requests: async (ctx) => {
    const headers = await prepareHouseholds(ctx);
    const position = DEEP_PAGE_POSITION(ctx);
    const [row] = await ctx.withPg(async (c) =>
      (await c.query(`SELECT household_number, id FROM households WHERE validity = 'ACTIVE' ORDER BY household_number, id OFFSET $1 LIMIT 1`, [position - 1])).rows,
    );
    return [{ ...gql(PLAIN_PAGE, { first: 20, after: encodeCursor(HOUSEHOLD_SORTS[HouseholdSort.HOUSEHOLD_NUMBER], row.household_number, row.id) }), headers }];
  },
  verify: ok,
};


export const HOUSEHOLD_BY_ID = `query Household($id: ID!) {
  household(id: $id) {
    householdNumber status { value } primaryCause { value }
    members { name idNumber sex { value } birthDate relation { label } }
  }
}`;

/** How many households `household-by-id` cycles through (each connection asks them in turn). */
export const BY_ID_SAMPLE = 200;

const sampledIds = new Map<string, Promise<string[]>>();

/**
 * Ids of households on the roll, the same for the service and its peer: in server mode every
 * k-th of the whole list by 户编号 (from SQL), embedded every 5th of the first thousand (through
 * the API, the only way in).
 */
export function sampleHouseholdIds(ctx: ScenarioContext): Promise<string[]> {
  return once(sampledIds, ctx, async () => {
    if (ctx.db === 'server') {
      return ctx.withPg(async (c) =>
        (
          await c.query<{ id: string }>(
            `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY household_number, id) AS n, count(*) OVER () AS total
                               FROM households WHERE validity = 'ACTIVE') t
              WHERE n % greatest(1, total / $1) = 0 ORDER BY n LIMIT $1`,
            [BY_ID_SAMPLE],
          )
        ).rows.map((r) => r.id),
      );
    }
    const headers = await prepareHouseholds(ctx);
    const ids: string[] = [];
    let after: string | undefined;
    while (ids.length < BY_ID_SAMPLE * 5) {
      const data = await ctx.graphql<{ households: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        `query($after: String) { households(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        after ? { after } : {},
        headers,
      );
      ids.push(...data.households.edges.map((e) => e.node.id));
      if (!data.households.pageInfo.hasNextPage) break;
      after = data.households.pageInfo.endCursor;
    }
    const step = Math.max(1, Math.floor(ids.length / BY_ID_SAMPLE));
    return ids.filter((_, i) => i % step === 0).slice(0, BY_ID_SAMPLE);
  });
}

export const householdById: Scenario = {
  name: 'household-by-id',
  description: `One household by id with its members, cycling through ${BY_ID_SAMPLE} households`,
  setup: async (ctx) => void (await sampleHouseholdIds(ctx)),
  requests: async (ctx) => {
    const headers = await prepareHouseholds(ctx);
    return (await sampleHouseholdIds(ctx)).map((id) => ({ ...gql(HOUSEHOLD_BY_ID, { id }), headers }));
  },
  verify: (body) => !body.includes('"errors":[') && body.includes('"household":{'),
};

export const DATA_QUALITY_REPORT = `query Report($limit: Int!) {
  dataQualityReport(limit: $limit) { code count households { id householdNumber } }
}`;

/**
 * The data-quality report over the district, 20 households listed per rule (server mode: its peer
 * reads the database). The generator's households break no warning rule, so that the report has
 * something to count and list, `setup` makes one in fifty households of the ones eligible break
 * each rule (same households on every run: picked by their number), writing the tables directly,
 * once per database. Both sides of every later pair read the same rows.
 */
export const dataQualityReport: Scenario = {
  name: 'data-quality-report',
  description: 'The data-quality report over the district: per warning rule, its count and first 20 households',
  modes: ['server'],
  setup: async (ctx) => {
    await prepareHouseholds(ctx);
    await once(offendersMade, ctx, () =>
      ctx.withPg(async (c) => {
        await c.query(
          `UPDATE households h SET primary_cause = 'ILLNESS'
            WHERE hashtext(h.household_number) % 50 = 0 AND h.primary_cause <> 'ILLNESS'
              AND EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active)
              AND NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.health <> '{HEALTHY}')`,
        );
        await c.query(
          `UPDATE households h SET attribute = 'LOW_INCOME_POOR'
            WHERE hashtext(h.household_number) % 50 = 1 AND h.attribute <> 'LOW_INCOME_POOR'
              AND NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.low_income_support)`,
        );
        await c.query('ANALYZE households');
      }),
    );
  },
  requests: async (ctx) => [{ ...gql(DATA_QUALITY_REPORT, { limit: 20 }), headers: await prepareHouseholds(ctx) }],
  verify: (body) => !body.includes('"errors":[') && body.includes('"dataQualityReport":[') && body.includes('"households":[{'),
};
const offendersMade = new Map<string, Promise<void>>();

export const VIEWER = `{ viewer { id } }`;

/**
 * The per-request floor of an authenticated read: the HTTP stack, the principal's lookup (one
 * statement), the rate limiter, the guards, Apollo's request pipeline and one trivial field.
 */
export const viewerId: Scenario = {
  name: 'viewer',
  description: 'Who am I ({ viewer { id } }) as the signed-in district officer: the per-request floor',
  setup: async (ctx) => void (await prepareHouseholds(ctx)),
  requests: async (ctx) => [{ ...gql(VIEWER), headers: await prepareHouseholds(ctx) }],
  verify: (body) => !body.includes('"errors":[') && body.includes('"viewer":{"id":'),
};
