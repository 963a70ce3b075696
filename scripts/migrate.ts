/**
 * Migrations without the TypeORM CLI (which hangs on the embedded database):
 *   npm run migration:run                 apply pending migrations
 *   npm run migration:revert              undo the last one
 *   npm run migration:generate -- Name    write migrations/<timestamp>-Name.ts from the entity diff
 *   npm run migration:show                list applied and pending
 * With DATABASE_URL: that server. Without: run/revert/show use the embedded database in
 * DATA_DIR (stop the service first: the data directory is locked); generate diffs the entities
 * against a fresh in-memory embedded database brought up to date, so it never depends on the
 * state of anyone's data.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { projectRoot } from '../src/common/project-root';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ENTITIES } from '../src/app.entities';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { MigrationContext, withMigrationContext } from '../src/database/migration-context';
import { resolveSecrets } from '../src/config/secrets';
import { pendingSchemaChanges, SchemaQuery } from '../src/database/schema-diff';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await EmbeddedPostgres.start({ dataDir: command === 'generate' ? undefined : config.dataDir });
  const url = config.databaseUrl ?? embedded!.url;
  const ds = new DataSource(dataSourceOptions({ url, poolSize: 2, embedded: !!embedded, entities: ENTITIES }));
  // Migrations that convert personal data need the field keys, resolved as the service does
  // (configuration, or the embedded data directory's secrets.json); only when one asks.
  const context: MigrationContext = { cipher: () => resolveSecrets(config, embedded ? { persistent: command !== 'generate' } : undefined).cipher };
  await ds.initialize();
  try {
    switch (command) {
      case 'run': {
        const done = await runMigrations(ds, undefined, context);
        process.stdout.write(done.length ? `applied: ${done.join(', ')}\n` : 'no pending migrations\n');
        break;
      }
      case 'revert':
        await withMigrationContext(context, () => ds.undoLastMigration({ transaction: 'each' }));
        process.stdout.write('reverted the last migration\n');
        break;
      case 'show': {
        const pending = await ds.showMigrations();
        process.stdout.write(pending ? 'there are pending migrations\n' : 'up to date\n');
        break;
      }
      case 'generate': {
        if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error('usage: migration:generate -- Name (letters and digits)');
        await runMigrations(ds, undefined, context);
        const { up, down } = dedupeEnumTypes(await pendingSchemaChanges(ds));
        if (!up.length) {
          process.stdout.write('entities and migrations agree: nothing to generate\n');
          break;
        }
        const file = writeMigration(name, up, down);
        process.stdout.write(`wrote ${file}; review it before committing\n`);
        break;
      }
      default:
        throw new Error('usage: migrate.js run|revert|show|generate Name');
    }
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

/**
 * TypeORM emits CREATE TYPE (and DROP TYPE) once per table that uses a shared enum type; keep
 * the first creation and the last drop.
 */
function dedupeEnumTypes({ up, down }: { up: SchemaQuery[]; down: SchemaQuery[] }) {
  const typeOf = (q: SchemaQuery, verb: string) => new RegExp(`^${verb} TYPE "[^"]+"\\."([^"]+)"`).exec(q.query)?.[1];
  const created = new Set<string>();
  const upOut = up.filter((q) => {
    const t = typeOf(q, 'CREATE');
    if (!t) return true;
    if (created.has(t)) return false;
    created.add(t);
    return true;
  });
  const lastDrop = new Map<string, number>();
  down.forEach((q, i) => {
    const t = typeOf(q, 'DROP');
    if (t) lastDrop.set(t, i);
  });
  const downOut = down.filter((q, i) => {
    const t = typeOf(q, 'DROP');
    return !t || lastDrop.get(t) === i;
  });
  return { up: upOut, down: downOut };
}

function writeMigration(name: string, up: SchemaQuery[], down: SchemaQuery[]): string {
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
  const call = (s: SchemaQuery) => (s.parameters ? `${q(s.query)}, ${JSON.stringify(s.parameters)}` : q(s.query));
  const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map((s) => `    await queryRunner.query(${call(s)});`).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map((s) => `    await queryRunner.query(${call(s)});`).join('\n')}
  }
}
`;
  const root = projectRoot();
  const fileBase = `${timestamp}-${name}`;
  writeFileSync(join(root, 'migrations', `${fileBase}.ts`), body);
  const indexPath = join(root, 'migrations', 'index.ts');
  let index = readFileSync(indexPath, 'utf8');
  index = index.replace(/(import \{ MixedList \} from 'typeorm';\n)/, `$1import { ${className} } from './${fileBase}';\n`);
  index = index.replace(/export const MIGRATIONS: MixedList<Function> = \[([\s\S]*?)\];/, (_m, list: string) => {
    const items = list.split(',').map((s) => s.trim()).filter(Boolean);
    items.push(className);
    return `export const MIGRATIONS: MixedList<Function> = [\n${items.map((i) => `  ${i},`).join('\n')}\n];`;
  });
  writeFileSync(indexPath, index);
  return `migrations/${fileBase}.ts`;
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
