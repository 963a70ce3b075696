/**
 * The read path's peer: PostGraphile 5 (amber preset) on Node's http server, over the service's
 * own database. `npm run bench:read` starts it as a child process, like the service:
 *
 *   DATABASE_URL=postgres://… HOST=127.0.0.1 PORT=5678 node dist/bench/peer/postgraphile-server.js
 *
 * It introspects the `public` schema at start and serves POST /graphql (no GraphiQL, no
 * watch mode, no explain). It connects with DATABASE_URL as given: the bench passes the server's
 * superuser (the service's own database), so PostGraphile sees every table and applies no
 * row-level rules: it answers what the tables hold (ciphertext included), with no
 * authentication. Prints `peer: listening on <host>:<port>` once it accepts requests.
 */
import './node20-polyfills';
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { jsonPgSmartTags } from 'postgraphile/utils';
import { runPeer, servePeer } from './serve';

/**
 * `regions.code` is unique through a unique index (TypeORM's), not a constraint, and
 * PostGraphile only takes constraints for unique keys: without this smart tag
 * `regionByRegionCode` fails ("that combination of attributes is not unique"). The tag, not a
 * COMMENT, so that the peer changes nothing in the service's database.
 */
const RegionCodeUnique = jsonPgSmartTags({ version: 1, config: { class: { regions: { tags: { unique: 'code' } } } } });

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is required');
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 5678);
  // The same pool size as the service's default (DB_POOL_SIZE 10), unless set.
  const poolSize = Number(process.env.DB_POOL_SIZE ?? 10);
  // How long an idle connection stays open (pg's default, 10 s, unless set): on the embedded
  // database the bench closes it soon after the peer's round, as the service keeps principals only
  // while its own connection is the only one.
  const idleTimeoutMillis = Number(process.env.DB_IDLE_MS ?? 10_000);

  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    // Conditions and orderings on every column, indexed or not (PostGraphile V4's
    // `ignoreIndexes`): the peer filters members on `active` and pairings on `end_on`, as the
    // service does.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    plugins: [RegionCodeUnique],
    pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: poolSize, idleTimeoutMillis } })],
    grafserv: { graphiql: false, graphqlOverGET: false, watch: false },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  await serv.addTo(server);
  // Builds the schema (introspection) before the first request rather than during it.
  await pgl.getSchemaResult();
  await servePeer(server, host, port, () => pgl.release());
}

runPeer(main);
