import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(300_000);

/**
 * Every migration can be taken back: on an empty database, all of them up, then each one's
 * `down` in turn until nothing is left but TypeORM's own `migrations` table, then all of them up
 * again, which must give exactly the schema of the first run (tables, columns, constraints,
 * indexes, triggers, functions, sequences, types, views, privileges).
 */

/** Everything the migrations create in the database, as sorted text, without TypeORM's table. */
async function schemaOf(ds: DataSource): Promise<Record<string, string[]>> {
  const rows = async (sql: string) => ((await ds.query(sql)) as { d: string }[]).map((r) => r.d).sort();
  const user = `NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;
  return {
    schemas: await rows(`SELECT nspname AS d FROM pg_namespace WHERE nspname ${user} AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%'`),
    extensions: await rows(`SELECT extname AS d FROM pg_extension WHERE extname <> 'plpgsql'`),
    tables: await rows(
      `SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text AS d FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname ${user} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> 'migrations'`,
    ),
    columns: await rows(
      `SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(udt_name, '') || ' ' ||
              is_nullable || ' ' || coalesce(column_default, '') || ' ' || coalesce(generation_expression, '') AS d
         FROM information_schema.columns WHERE table_schema ${user} AND table_name <> 'migrations'`,
    ),
    constraints: await rows(
      `SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS d
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname ${user} AND c.conrelid <> 0 AND c.conrelid::regclass::text <> 'migrations'`,
    ),
    indexes: await rows(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname ${user} AND tablename <> 'migrations'`),
    triggers: await rows(`SELECT pg_get_triggerdef(t.oid) AS d FROM pg_trigger t WHERE NOT t.tgisinternal`),
    functions: await rows(
      `SELECT pg_get_functiondef(p.oid) AS d FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname ${user} AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
    ),
    sequences: await rows(
      `SELECT sequence_schema || '.' || sequence_name || ' ' || data_type || ' ' || start_value || ' ' || increment AS d
         FROM information_schema.sequences WHERE sequence_schema ${user} AND sequence_name <> 'migrations_id_seq'`,
    ),
    types: await rows(
      `SELECT n.nspname || '.' || t.typname || ' ' || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '') AS d
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname ${user} AND t.typtype IN ('e', 'd', 'c') AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')`,
    ),
    views: await rows(`SELECT schemaname || '.' || viewname || ' ' || definition AS d FROM pg_views WHERE schemaname ${user}`),
    comments: await rows(
      `SELECT c.relname || ' ' || coalesce(a.attname, '') || ' ' || d.description AS d FROM pg_description d
         JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
        WHERE n.nspname ${user}`,
    ),
    privileges: await rows(
      `SELECT table_name || ' ' || grantee || ' ' || privilege_type AS d FROM information_schema.table_privileges
        WHERE table_schema ${user} AND table_name <> 'migrations'`,
    ),
  };
}

const nothingLeft = (schema: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(schema).filter(([kind, list]) => list.length > 0 && !(kind === 'schemas' && list.join() === 'public')));

describe('migrations: every down runs, back to an empty database, and up again gives the same schema', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 2, embedded: !!db.embedded, applicationName: 'jzfp-test-migrations-down', entities: [] }));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('up, down one by one to nothing, up again', async () => {
    const before = await schemaOf(ds);
    expect(nothingLeft(before)).toEqual({});

    const names = await runMigrations(ds);
    expect(names).toHaveLength((MIGRATIONS as Function[]).length);
    const first = await schemaOf(ds);
    for (const kind of ['tables', 'columns', 'constraints', 'indexes', 'triggers', 'functions', 'privileges']) expect([kind, first[kind].length]).not.toEqual([kind, 0]);

    const reverted: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const [{ name }] = await ds.query(`SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`);
      try {
        await ds.undoLastMigration({ transaction: 'each' });
      } catch (e) {
        throw new Error(`down of ${name} failed: ${(e as Error).message}`, { cause: e });
      }
      reverted.push(name);
    }
    expect(reverted).toEqual([...names].reverse());
    expect(await ds.query(`SELECT name FROM migrations`)).toEqual([]);
    expect(nothingLeft(await schemaOf(ds))).toEqual({});

    expect(await runMigrations(ds)).toEqual(names);
    expect(await schemaOf(ds)).toEqual(first);
  });
});
