import { z } from 'zod';
import { DETECTABLE_FILE_TYPES } from '../common/files/file-signature';

/**
 * The service's whole configuration, read once from the environment and validated at boot.
 * A wrong value stops the start with a message naming the variable (see ConfigError).
 * Every variable is documented in README.md ("Configuration").
 */
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** A whole number with no default: undefined when unset. */
const optionalInt = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return Number(v);
    });

/** A comma-separated list of file types told by their bytes (src/common/files/file-signature.ts). */
const fileTypes = (dflt: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const names = (v === undefined || v.trim() === '' ? dflt : v).split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
      const unknown = names.filter((n) => !DETECTABLE_FILE_TYPES.includes(n));
      if (unknown.length) {
        ctx.addIssue({ code: 'custom', message: `must list types of ${DETECTABLE_FILE_TYPES.join(', ')} (not ${unknown.join(', ')})` });
        return z.NEVER;
      }
      return [...new Set(names)];
    });

const postgresUrl = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    try {
      const url = new URL(v);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('scheme');
      return v;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a postgres:// or postgresql:// URL' });
      return z.NEVER;
    }
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(3000, 0, 65535),
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_DB_PORT: int(0, 0, 65535),
  EMBEDDED_DB_THREAD: bool(true),
  DB_POOL_SIZE: int(10, 1, 200),
  DB_STATEMENT_TIMEOUT_MS: int(30000, 0, 3_600_000),
  DB_PREPARED_READS: int(200, 0, 10_000),
  MIGRATIONS_RUN: bool(true),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  SEED_DEMO_HOUSEHOLDS: int(1000, 0, 200_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 1mb, 512kb or 1048576b')
    .default('1mb'),
  GRAPHQL_MAX_DEPTH: int(10, 2, 50),
  GRAPHQL_MAX_ALIASES: int(15, 0, 500),
  GRAPHQL_MAX_COST: int(25000, 10, 1_000_000),
  GRAPHQL_MAX_TOKENS: int(2000, 50, 100_000),
  GRAPHQL_INTROSPECTION: z.enum(['auto', 'true', 'false']).default('auto'),
  OPENAPI_DOCS: z.enum(['auto', 'true', 'false']).default('auto'),
  GRAPHIQL: z.enum(['auto', 'true', 'false']).default('auto'),
  SHUTDOWN_GRACE_MS: int(10000, 0, 600_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: int(900, 30, 86_400),
  REFRESH_TOKEN_TTL_DAYS: int(14, 1, 365),
  PRINCIPAL_CACHE_SECONDS: int(60, 0, 3600),
  FIELD_KEYS: z.string().optional(),
  FIELD_KEY_ACTIVE: z.string().optional(),
  BLIND_INDEX_KEY: z.string().optional(),
  AUDIT_CHAIN_KEY: z.string().optional(),
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  AUDIT_CHECKPOINT_INTERVAL_MS: int(60_000, 100, 86_400_000),
  PASSWORD_HASH_COST: int(15, 10, 20),
  LOGIN_DELAY_BASE_MS: int(1000, 1, 60_000),
  LOGIN_DELAY_FREE_FAILURES: int(3, 0, 1000),
  LOGIN_DELAY_MAX_SECONDS: int(900, 1, 86_400),
  LOGIN_ACCOUNT_DELAY_FREE_FAILURES: int(10, 0, 1000),
  LOGIN_ACCOUNT_DELAY_MAX_SECONDS: int(60, 1, 86_400),
  LOGIN_ADDRESS_DELAY_FREE_FAILURES: int(30, 0, 100_000),
  LOGIN_ADDRESS_DELAY_MAX_SECONDS: int(300, 1, 86_400),
  LOGIN_DELAY_FORGET_MINUTES: int(60, 1, 10_080),
  RATE_LIMIT_PER_MINUTE: int(600, 1, 1_000_000),
  RATE_LIMIT_IP_PER_MINUTE: int(1200, 1, 1_000_000),
  LOGIN_RATE_LIMIT_PER_MINUTE: int(20, 1, 1_000_000),
  EXIT_NOTICE_DAYS: optionalInt(1, 90),
  PUBLIC_OBJECTIONS_PER_ADDRESS_PER_HOUR: int(5, 1, 10_000),
  EVIDENCE_MAX_BYTES: int(10 * 1024 * 1024, 16, 1024 * 1024 * 1024),
  EVIDENCE_TYPES: fileTypes('jpeg,png,pdf'),
  IMPORT_MAX_FILE_BYTES: int(1024 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024),
  IMPORT_MAX_ROW_BYTES: int(1024 * 1024, 1024, 64 * 1024 * 1024),
  IMPORT_BATCH_HOUSEHOLDS: int(1000, 1, 100_000),
  IMPORT_WORKER_ENABLED: bool(true),
  IMPORT_THREAD: z.enum(['auto', 'true', 'false']).default('auto'),
  IMPORT_THREAD_HEAP_MB: int(384, 64, 64 * 1024),
  IMPORT_THREAD_IDLE_MS: int(60_000, 0, 86_400_000),
  IMPORT_CONCURRENCY: int(2, 1, 64),
  IMPORT_STALE_AFTER_MS: int(30_000, 100, 86_400_000),
  IMPORT_MAX_ATTEMPTS: int(5, 1, 1000),
  IMPORT_MAX_HOUSEHOLD_ROWS: int(100, 1, 100_000),
  IMPORT_MAX_CELL_BYTES: int(64 * 1024, 256, 64 * 1024 * 1024),
  IMPORT_XLSX_MAX_PART_BYTES: int(4 * 1024 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024),
  IMPORT_XLSX_MAX_SHARED_STRINGS: int(4_000_000, 1, 100_000_000),
  IMPORT_XLSX_MAX_SHARED_STRING_BYTES: int(128 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
  IMPORT_PART_MAX_AGE_MS: int(3_600_000, 1000, 30 * 86_400_000),
  IMPORT_PART_SWEEP_INTERVAL_MS: int(600_000, 100, 86_400_000),
  JOBS_POLL_INTERVAL_MS: int(1000, 10, 3_600_000),
  JOBS_LEASE_MS: int(30_000, 100, 86_400_000),
  JOBS_MAX_ATTEMPTS: int(5, 1, 1000),
  JOBS_BACKOFF_BASE_MS: int(1000, 1, 3_600_000),
  JOBS_BACKOFF_MAX_MS: int(3_600_000, 1, 86_400_000),
  JOBS_CONCURRENCY: int(4, 1, 64),
  JOBS_SHUTDOWN_GRACE_MS: int(10_000, 0, 600_000),
  WEBHOOKS_ENABLED: bool(true),
  WEBHOOK_POLL_INTERVAL_MS: int(1000, 10, 3_600_000),
  WEBHOOK_BATCH_SIZE: int(100, 1, 1000),
  WEBHOOK_TIMEOUT_MS: int(10_000, 100, 300_000),
  WEBHOOK_BACKOFF_BASE_MS: int(1000, 1, 3_600_000),
  WEBHOOK_BACKOFF_MAX_MS: int(3_600_000, 1, 86_400_000),
  WEBHOOK_MAX_ATTEMPTS: int(8, 1, 100),
  WEBHOOK_PRIVATE_TARGETS: bool(false),
  BOOTSTRAP_ADMIN_USERNAME: z.string().regex(/^[a-z0-9_.-]{3,64}$/, 'must be 3-64 lower-case letters, digits, _ . -').optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  BOOTSTRAP_ADMIN_REGION: z.string().regex(/^\d{12}$/, 'must be a 12-digit division code').optional(),
});

export type Env = z.input<typeof envSchema>;

/** Every environment setting the service reads (each declared by one module, see src/app.modules.ts). */
export const SETTING_NAMES = Object.keys(envSchema.shape) as (keyof Env)[];

/** A setting's value when it is unset (undefined: it has none), as the loader below applies it. */
export function settingDefault(name: keyof Env): unknown {
  const r = envSchema.shape[name].safeParse(undefined);
  return r.success ? r.data : undefined;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server; undefined means the embedded database in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /**
   * The embedded database's wire-protocol port on 127.0.0.1 (0: a free one), for psql, a reporting
   * tool or a benchmark's peer beside the running service.
   */
  embeddedDbPort: number;
  /** The service's own embedded database runs in a worker thread of its own (EMBEDDED_DB_THREAD). */
  embeddedDbThread: boolean;
  dbPoolSize: number;
  dbStatementTimeoutMs: number;
  /**
   * Statement texts of the compiled reads prepared by name on a server's connections (0: none;
   * src/common/sql/read-statements.ts). Never on the embedded database.
   */
  dbPreparedReads: number;
  migrationsRun: boolean;
  seedDemo: 'auto' | 'true' | 'false';
  /** Registered households the demo seed generates. */
  seedDemoHouseholds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimit: string;
  graphql: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    introspection: boolean;
  };
  /** Serve the REST endpoints' OpenAPI document (/api/openapi.json) and Swagger UI (/api/docs). */
  openApiDocs: boolean;
  /** Serve GraphiQL at GET /graphql to browsers; never in production. */
  graphiql: boolean;
  shutdownGraceMs: number;
  auth: {
    jwtSecret?: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    /**
     * How long a signed-in caller's principal is kept between requests at most (0: read on every
     * request). Kept only on a PostgreSQL server, while the service listens to its changes
     * (src/identity/principal-cache.ts).
     */
    principalCacheSeconds: number;
    passwordHashCost: number;
    signInDelays: SignInDelaySettings;
  };
  evidence: EvidenceSettings;
  rateLimit: { perMinute: number; ipPerMinute: number; loginPerMinute: number; publicObjectionsPerHour: number };
  /** Personal-data keys (see secrets.ts); generated and kept in DATA_DIR when embedded. */
  fieldKeys?: string;
  fieldKeyActive?: string;
  blindIndexKey?: string;
  /** Keys of the audit hash chain (see secrets.ts); generated and kept in DATA_DIR when embedded. */
  auditChainKey?: string;
  /** Signed checkpoints of the audit chain's head, kept outside the database (src/audit/audit-checkpoint.ts). */
  audit: AuditSettings;
  bootstrapAdmin?: { username: string; password: string; regionCode: string };
  /**
   * Days of the public notice (公示) of an approved exit before it may be announced, overriding
   * the policy parameter `registry.exit_notice_days`; undefined (the default): the parameter decides.
   */
  exitNoticeDays: number | undefined;
  /** The job runner (src/common/jobs/job-runner.ts). */
  jobs: JobSettings;
  /** The webhook dispatcher (src/exchange/webhooks/webhook-dispatcher.ts). */
  webhooks: WebhookSettings;
  /** Bulk import (src/exchange/imports). */
  imports: ImportSettings;
  /**
   * This process runs the service's background work: the job runner, the audit checkpoints, the
   * principal-change listener, the upload sweep, and the policy parameters' seed at start. False
   * only in an import thread, which runs one import and nothing else
   * (src/exchange/imports/import-thread.ts).
   */
  backgroundWork: boolean;
}

/** One progressive delay: after `freeFailures` wrong passwords, base · 2^(n−1) for the n-th more, at most `maxMs`. */
export interface DelayRule {
  freeFailures: number;
  maxMs: number;
}

/** Sign-in delays (src/identity/sign-in-throttle.ts): no account is ever locked outright. */
export interface SignInDelaySettings {
  baseMs: number;
  /** A counter without a wrong password for this long starts again from zero. */
  forgetMs: number;
  /** Per account and client address: the one trying slows down fast. */
  accountAddress: DelayRule;
  /** Per account from anywhere (gentler: its owner shares it). */
  account: DelayRule;
  /** Per client address over every username (in memory). */
  address: DelayRule;
}

export interface AuditSettings {
  /** The checkpoint file; undefined = no checkpoints. */
  checkpointFile?: string;
  checkpointIntervalMs: number;
}

/** Evidence files of a finding's rectification (整改佐证材料): technical limits, not policy. */
export interface EvidenceSettings {
  /** The largest file accepted (413 EVIDENCE_TOO_LARGE beyond). */
  maxBytes: number;
  /** The accepted types, by the names of detectFileType (told by the bytes). */
  types: readonly string[];
}

export interface ImportSettings {
  maxFileBytes: number;
  maxRowBytes: number;
  batchHouseholds: number;
  workerEnabled: boolean;
  /**
   * Run each import in a worker thread of its own, whose heap the service sizes (threadHeapMb),
   * instead of on the API's event loop (src/exchange/imports/import-thread.ts). Only on a
   * PostgreSQL server and with the app's own modules; IMPORT_THREAD=auto (the default) is on there.
   */
  thread: boolean;
  /**
   * The ceiling of an import thread's old generation, MB (V8's `resourceLimits.maxOldGenerationSizeMb`).
   * V8 also sizes the old generation's growth from it: a lower ceiling keeps less garbage at the
   * price of more marking. Measured at 1 M members against the main thread (710 MiB, 130 CPU s):
   * 192 MB 470 MiB and +40 % CPU; 384, the default, 484 MiB and +13 %; 768 501–532 MiB and the
   * main thread's CPU (bench/README.md, import benchmark).
   */
  threadHeapMb: number;
  /** An import thread without an import this long is closed (the next import starts another). */
  threadIdleMs: number;
  /** Imports run at once by one process (the job runner's queue `imports.run`). */
  concurrency: number;
  /** The lease of an import's job on the runner: without a heartbeat this long, its process is taken for dead and another resumes it. */
  staleAfterMs: number;
  /** An import's job started this many times without ending (its process died, or it kept failing) is dead: the import fails as TOO_MANY_ATTEMPTS. */
  maxAttempts: number;
  /** Rows (members) one household may span; more is HOUSEHOLD_TOO_MANY_ROWS. */
  maxHouseholdRows: number;
  /** XLSX bounds: decompressed part size, shared strings (count, bytes), bytes per cell. */
  xlsx: { maxPartBytes: number; maxSharedStrings: number; maxSharedStringBytes: number; maxCellBytes: number };
  /** An upload's temporary part file untouched this long is left from an aborted upload: deleted. */
  partMaxAgeMs: number;
  /** How often stale part files are looked for (and once at start). */
  partSweepIntervalMs: number;
}

export interface JobSettings {
  /** How often the runner looks for due jobs when nothing wakes it earlier. */
  pollIntervalMs: number;
  /** A claim lasts this long unless the heartbeat renews it; an expired claim is taken over. */
  leaseMs: number;
  /** Attempts of a job before it is dead (a queue may set its own). */
  maxAttempts: number;
  /** Retry delay after the n-th failure: base · 2^(n−1), at most max. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Handlers running at once in this process. */
  concurrency: number;
  /** At shutdown, how long to wait for running handlers before the database closes. */
  shutdownGraceMs: number;
}

export interface WebhookSettings {
  enabled: boolean;
  pollIntervalMs: number;
  batchSize: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
  /** Webhook URLs may reach loopback, private and link-local addresses (development, closed networks). */
  privateTargets: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Settings that no longer exist: set, they would be silently ignored, so the start stops instead. */
const RETIRED: Record<string, string> = {
  LOGIN_MAX_FAILURES: 'accounts are no longer locked after wrong passwords; use the LOGIN_*DELAY_* settings (README, Configuration)',
  LOGIN_LOCK_MINUTES: 'accounts are no longer locked after wrong passwords; use the LOGIN_*DELAY_* settings (README, Configuration)',
  IMPORT_POLL_INTERVAL_MS:
    'imports are jobs of the job runner, started as soon as their upload commits; use JOBS_POLL_INTERVAL_MS for how often the runner looks for due jobs (and IMPORT_CONCURRENCY for imports at once)',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const retired = Object.keys(RETIRED).filter((name) => env[name] !== undefined);
  if (retired.length) throw new ConfigError(retired.join(', '), `${retired.length > 1 ? 'are' : 'is'} no longer supported: ${RETIRED[retired[0]]}; unset ${retired.length > 1 ? 'them' : 'it'}`);
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const value = env[variable];
    const secret = /URL|SECRET|KEY|PASSWORD/.test(variable);
    const shown = secret || value === undefined ? '' : ` (got "${value}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const e = parsed.data;
  if (e.SEED_DEMO === 'true' && e.NODE_ENV === 'production') {
    // Demo accounts (one per role, one shared password) have no place in a real deployment.
    throw new ConfigError('SEED_DEMO', 'must not be true with NODE_ENV=production: demo data and demo accounts are for development and demos');
  }
  if (e.IMPORT_THREAD === 'true' && e.DATABASE_URL === undefined) {
    throw new ConfigError('IMPORT_THREAD', 'true needs DATABASE_URL: the embedded database lives in this process and serves one session');
  }
  if (e.GRAPHIQL === 'true' && e.NODE_ENV === 'production') {
    throw new ConfigError('GRAPHIQL', 'must not be true with NODE_ENV=production: GraphiQL is a development tool');
  }
  return {
    backgroundWork: true,
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    embeddedDbPort: e.EMBEDDED_DB_PORT,
    embeddedDbThread: e.EMBEDDED_DB_THREAD,
    dbPoolSize: e.DB_POOL_SIZE,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbPreparedReads: e.DB_PREPARED_READS,
    migrationsRun: e.MIGRATIONS_RUN,
    seedDemo: e.SEED_DEMO,
    seedDemoHouseholds: e.SEED_DEMO_HOUSEHOLDS,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      introspection:
        e.GRAPHQL_INTROSPECTION === 'auto' ? e.NODE_ENV !== 'production' : e.GRAPHQL_INTROSPECTION === 'true',
    },
    openApiDocs: e.OPENAPI_DOCS === 'auto' ? e.NODE_ENV !== 'production' : e.OPENAPI_DOCS === 'true',
    graphiql: e.GRAPHIQL === 'auto' ? e.NODE_ENV !== 'production' : e.GRAPHIQL === 'true',
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    auth: {
      jwtSecret: e.JWT_SECRET,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      principalCacheSeconds: e.PRINCIPAL_CACHE_SECONDS,
      passwordHashCost: e.PASSWORD_HASH_COST,
      signInDelays: {
        baseMs: e.LOGIN_DELAY_BASE_MS,
        forgetMs: e.LOGIN_DELAY_FORGET_MINUTES * 60_000,
        accountAddress: { freeFailures: e.LOGIN_DELAY_FREE_FAILURES, maxMs: e.LOGIN_DELAY_MAX_SECONDS * 1000 },
        account: { freeFailures: e.LOGIN_ACCOUNT_DELAY_FREE_FAILURES, maxMs: e.LOGIN_ACCOUNT_DELAY_MAX_SECONDS * 1000 },
        address: { freeFailures: e.LOGIN_ADDRESS_DELAY_FREE_FAILURES, maxMs: e.LOGIN_ADDRESS_DELAY_MAX_SECONDS * 1000 },
      },
    },
    rateLimit: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      ipPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      loginPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      publicObjectionsPerHour: e.PUBLIC_OBJECTIONS_PER_ADDRESS_PER_HOUR,
    },
    fieldKeys: e.FIELD_KEYS,
    fieldKeyActive: e.FIELD_KEY_ACTIVE,
    blindIndexKey: e.BLIND_INDEX_KEY,
    auditChainKey: e.AUDIT_CHAIN_KEY,
    audit: {
      checkpointFile: e.AUDIT_CHECKPOINT_FILE || undefined,
      checkpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL_MS,
    },
    bootstrapAdmin: bootstrapAdmin(e),
    exitNoticeDays: e.EXIT_NOTICE_DAYS,
    jobs: {
      pollIntervalMs: e.JOBS_POLL_INTERVAL_MS,
      leaseMs: e.JOBS_LEASE_MS,
      maxAttempts: e.JOBS_MAX_ATTEMPTS,
      backoffBaseMs: e.JOBS_BACKOFF_BASE_MS,
      backoffMaxMs: e.JOBS_BACKOFF_MAX_MS,
      concurrency: e.JOBS_CONCURRENCY,
      shutdownGraceMs: e.JOBS_SHUTDOWN_GRACE_MS,
    },
    webhooks: {
      enabled: e.WEBHOOKS_ENABLED,
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
      batchSize: e.WEBHOOK_BATCH_SIZE,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      backoffBaseMs: e.WEBHOOK_BACKOFF_BASE_MS,
      backoffMaxMs: e.WEBHOOK_BACKOFF_MAX_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      privateTargets: e.WEBHOOK_PRIVATE_TARGETS,
    },
    evidence: { maxBytes: e.EVIDENCE_MAX_BYTES, types: e.EVIDENCE_TYPES },
    imports: {
      maxFileBytes: e.IMPORT_MAX_FILE_BYTES,
      maxRowBytes: e.IMPORT_MAX_ROW_BYTES,
      batchHouseholds: e.IMPORT_BATCH_HOUSEHOLDS,
      workerEnabled: e.IMPORT_WORKER_ENABLED,
      thread: e.IMPORT_THREAD === 'true' || (e.IMPORT_THREAD === 'auto' && e.DATABASE_URL !== undefined),
      threadHeapMb: e.IMPORT_THREAD_HEAP_MB,
      threadIdleMs: e.IMPORT_THREAD_IDLE_MS,
      concurrency: e.IMPORT_CONCURRENCY,
      staleAfterMs: e.IMPORT_STALE_AFTER_MS,
      maxAttempts: e.IMPORT_MAX_ATTEMPTS,
      maxHouseholdRows: e.IMPORT_MAX_HOUSEHOLD_ROWS,
      xlsx: {
        maxPartBytes: e.IMPORT_XLSX_MAX_PART_BYTES,
        maxSharedStrings: e.IMPORT_XLSX_MAX_SHARED_STRINGS,
        maxSharedStringBytes: e.IMPORT_XLSX_MAX_SHARED_STRING_BYTES,
        maxCellBytes: e.IMPORT_MAX_CELL_BYTES,
      },
      partMaxAgeMs: e.IMPORT_PART_MAX_AGE_MS,
      partSweepIntervalMs: e.IMPORT_PART_SWEEP_INTERVAL_MS,
    },
  };
}

function bootstrapAdmin(e: z.output<typeof envSchema>): AppConfig['bootstrapAdmin'] {
  const given = [e.BOOTSTRAP_ADMIN_USERNAME, e.BOOTSTRAP_ADMIN_PASSWORD, e.BOOTSTRAP_ADMIN_REGION];
  if (given.every((v) => v === undefined)) return undefined;
  if (given.some((v) => v === undefined)) {
    const missing = ['BOOTSTRAP_ADMIN_USERNAME', 'BOOTSTRAP_ADMIN_PASSWORD', 'BOOTSTRAP_ADMIN_REGION'][given.indexOf(undefined)];
    throw new ConfigError(missing, 'must be set together with the other BOOTSTRAP_ADMIN_* variables');
  }
  return { username: e.BOOTSTRAP_ADMIN_USERNAME!, password: e.BOOTSTRAP_ADMIN_PASSWORD!, regionCode: e.BOOTSTRAP_ADMIN_REGION! };
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** The URL with its password replaced, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
