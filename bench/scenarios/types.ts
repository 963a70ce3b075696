import type { Client } from 'pg';

export type DbMode = 'embedded' | 'server';

export interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** One request of a scenario: by default a GraphQL body POSTed to /graphql. */
export interface ScenarioRequest {
  /** Default POST. */
  method?: 'GET' | 'POST';
  /** Path on the service (always http://127.0.0.1:<port>); default /graphql. */
  path?: string;
  /** A GraphQL body (sent as JSON) or a raw string. */
  body?: GraphQLBody | string;
  headers?: Record<string, string>;
}

/** What a scenario's setup and request builder may use. */
export interface ScenarioContext {
  db: DbMode;
  /** The service's environment (DATA_DIR, key material), for scenarios that load data. */
  serviceEnv: Readonly<NodeJS.ProcessEnv>;
  /** http://127.0.0.1:<port> of the service under test. */
  baseUrl: string;
  /**
   * The service's database (server mode only). With the embedded database the data lives
   * inside the service process and is reached through the service itself.
   */
  databaseUrl?: string;
  /** --households and --seed, for scenarios that load generated registry data. */
  households: number;
  seed: string;
  /** One GraphQL request to the service; throws on HTTP or GraphQL errors. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  /** Runs `fn` with a connected pg client on the service's database (server mode only). */
  withPg<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  /** Progress message to stderr. */
  log(message: string): void;
}

export interface Scenario {
  /** kebab-case, unique; what --scenario selects. */
  name: string;
  description: string;
  /** Database modes it can run in; default both. Others record it as skipped. */
  modes?: readonly DbMode[];
  /** Runs once before the load (seeding data, reading ids...); not timed into the results. */
  setup?(ctx: ScenarioContext): Promise<void>;
  /** Requests sent in turn on every connection, fixed or built after setup. */
  requests: readonly ScenarioRequest[] | ((ctx: ScenarioContext) => readonly ScenarioRequest[] | Promise<readonly ScenarioRequest[]>);
  /**
   * Whether a 2xx response body is a success; failures count as "bad bodies". Default: for
   * /graphql, no top-level `errors`; otherwise any body.
   */
  verify?(body: string): boolean;
}

/** A GraphQL request for `requests`. */
export function gql(query: string, variables?: Record<string, unknown>): ScenarioRequest {
  return { body: variables ? { query, variables } : { query } };
}
