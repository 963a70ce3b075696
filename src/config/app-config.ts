import { z } from 'zod';

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
  DB_POOL_SIZE: int(10, 1, 200),
  DB_STATEMENT_TIMEOUT_MS: int(30000, 0, 3_600_000),
  MIGRATIONS_RUN: bool(true),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 1mb, 512kb or 1048576b')
    .default('1mb'),
  GRAPHQL_MAX_DEPTH: int(10, 2, 50),
  GRAPHQL_MAX_ALIASES: int(15, 0, 500),
  GRAPHQL_MAX_COST: int(5000, 10, 1_000_000),
  GRAPHQL_MAX_TOKENS: int(2000, 50, 100_000),
  GRAPHQL_INTROSPECTION: z.enum(['auto', 'true', 'false']).default('auto'),
  SHUTDOWN_GRACE_MS: int(10000, 0, 600_000),
});

export type Env = z.input<typeof envSchema>;

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server; undefined means the embedded database in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  dbPoolSize: number;
  dbStatementTimeoutMs: number;
  migrationsRun: boolean;
  seedDemo: 'auto' | 'true' | 'false';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimit: string;
  graphql: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    introspection: boolean;
  };
  shutdownGraceMs: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const value = env[variable];
    const shown = variable === 'DATABASE_URL' || value === undefined ? '' : ` (got "${value}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    dbPoolSize: e.DB_POOL_SIZE,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    migrationsRun: e.MIGRATIONS_RUN,
    seedDemo: e.SEED_DEMO,
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
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
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
