import { ASSISTANCE } from './assistance/assistance.declaration';
import { AUDIT } from './audit/audit.declaration';
import { Role } from './common/access/permissions';
import { definePermissionEnum } from './common/access/permission-enum';
import { definePersonalDataSubjectEnum } from './common/access/personal-data';
import { subjectDescriptionOf } from './common/protection/protected-field';
import { defineChangeRootTypes } from './common/feed/change-root-type';
import { JOBS } from './common/jobs/jobs.declaration';
import { MergedDeclarations, mergeDeclarations, ModuleDeclaration } from './common/kit/module-declaration';
import { DISCLOSURE } from './disclosure/disclosure.declaration';
import { EXCHANGE } from './exchange/exchange.declaration';
import { HOUSEHOLDS } from './households/households.declaration';
import { IDENTITY } from './identity/identity.declaration';
import { PARAMETERS } from './parameters/parameters.declaration';
import { PROJECTS } from './projects/projects.declaration';
import { EMPLOYMENT } from './employment/employment.declaration';
import { EDUCATION } from './education/education.declaration';
import { HEALTH } from './health/health.declaration';
import { DISABILITY } from './disability/disability.declaration';
import { FUNDS } from './funds/funds.declaration';
import { SUPERVISION } from './supervision/supervision.declaration';
import { REGIONS } from './regions/regions.declaration';

/**
 * The settings of the kit and the process itself (HTTP, database, GraphQL limits, field keys,
 * rate limits, demo seeding), which belong to no domain module.
 */
export const CORE: ModuleDeclaration = {
  name: 'core',
  entities: [],
  permissions: {},
  protectedFields: [],
  settings: {
    NODE_ENV: 'production turns off introspection and field suggestions',
    HOST: 'address to listen on',
    PORT: 'HTTP port (0 picks a free one)',
    DATABASE_URL: 'PostgreSQL server; unset = embedded database in DATA_DIR',
    DATA_DIR: 'embedded database files (pgdata/) and its lock (service.lock)',
    EMBEDDED_DB_PORT: "the embedded database's port on 127.0.0.1 while the service runs (0 picks a free one), for psql or a reporting tool",
    EMBEDDED_DB_THREAD: "the embedded database (PGlite and its wire server) in a worker thread of the service's process, so that the database and the service's JavaScript use two cores (false: on the service's own thread)",
    DB_POOL_SIZE: 'connections in the pool',
    DB_STATEMENT_TIMEOUT_MS: 'per-statement limit on a server (0 = none)',
    DB_PREPARED_READS: "statement texts of the compiled reads each server connection may prepare by name, whose plans PostgreSQL may keep (0 = none; never on the embedded database); one text per read shape and region subtree; the texts run most recently hold the names",
    MIGRATIONS_RUN: 'run pending migrations at start-up',
    SEED_DEMO: 'auto: seed demo data on an empty embedded database, except in production; true/false force (true is refused with NODE_ENV=production)',
    SEED_DEMO_HOUSEHOLDS: 'registered households the demo seed generates',
    LOG_LEVEL: 'fatal error warn info debug trace silent',
    BODY_LIMIT: 'largest request body (413 beyond)',
    GRAPHQL_MAX_DEPTH: 'deepest selection accepted',
    GRAPHQL_MAX_ALIASES: 'aliases per operation',
    GRAPHQL_MAX_COST: 'estimated cost per operation (page sizes count, whether given as literals or variables: a page of 100 households with members, incomes and helpers is about 23,000)',
    GRAPHQL_MAX_TOKENS: 'tokens per document',
    GRAPHQL_INTROSPECTION: 'auto = on except in production',
    GRAPHIQL: 'GraphiQL for browsers at GET /graphql; auto = on except in production, true is refused in production',
    OPENAPI_DOCS: 'serve the REST endpoints\' OpenAPI document (/api/openapi.json) and Swagger UI (/api/docs); auto = on except in production',
    SHUTDOWN_GRACE_MS: 'time to finish requests on SIGTERM/SIGINT before exiting',
    FIELD_KEYS: 'personal-data encryption keys, id:base64key[,id:base64key…] (32-byte AES-256-GCM keys)',
    FIELD_KEY_ACTIVE: 'id of the key that encrypts new values (the others still decrypt: rotation)',
    BLIND_INDEX_KEY: 'HMAC-SHA256 key of the blind indexes (exact lookup of ID and phone numbers)',
    RATE_LIMIT_PER_MINUTE: 'operations per minute per caller (user, API key, or address when anonymous)',
    RATE_LIMIT_IP_PER_MINUTE: 'operations per minute per client address',
  },
};

/**
 * Every module of the app, in floor order (see ARCHITECTURE.md). A new module adds its
 * declaration here, and nowhere else: entities, permissions, personal-data subjects and
 * settings are merged from this list.
 */
export const MODULE_DECLARATIONS: readonly ModuleDeclaration[] = [CORE, JOBS, REGIONS, IDENTITY, AUDIT, PARAMETERS, DISCLOSURE, HOUSEHOLDS, ASSISTANCE, PROJECTS, EMPLOYMENT, EDUCATION, HEALTH, DISABILITY, FUNDS, SUPERVISION, EXCHANGE];

/**
 * The declarations of the app's modules and of `plugged` ones, merged (checked: each entity,
 * permission, subject and setting has one owner), with the GraphQL enums that list permissions
 * and personal-data subjects defined from them.
 */
export function appDeclarations(plugged: readonly ModuleDeclaration[] = []): MergedDeclarations {
  const merged = mergeDeclarations([...MODULE_DECLARATIONS, ...plugged], Object.values(Role));
  // The GraphQL Permission enum lists the permissions the modules declared, with what each allows.
  definePermissionEnum(merged.permissions);
  // The GraphQL PersonalDataSubject enum lists the subjects of the declared protected fields.
  definePersonalDataSubjectEnum(merged.protectedFields.map((f) => ({ subject: f.subject, description: subjectDescriptionOf(f) })));
  // The GraphQL ChangeRootType enum lists the aggregate roots the modules publish to the feed.
  defineChangeRootTypes(merged.feedRoots);
  return merged;
}

/** The app's declarations merged. */
export const APP_DECLARATIONS = appDeclarations();
