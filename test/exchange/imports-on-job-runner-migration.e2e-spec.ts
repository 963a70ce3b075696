import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ImportsOnJobRunner1795927000000 as Migration } from '../../migrations/1795927000000-ImportsOnJobRunner';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(300_000);

/**
 * The migration on a database with imports: every import gets its job on the job runner (open
 * ones queued to resume, ended ones completed, each with its attempts and region), the import's
 * claim columns and the old drain schedule go; its down gives the attempts back.
 */
describe('migration ImportsOnJobRunner on existing data', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    const before = (MIGRATIONS as Function[]).slice(0, (MIGRATIONS as Function[]).indexOf(Migration));
    ds = new DataSource({ ...dataSourceOptions({ url: db.url, poolSize: 1, embedded: !!db.embedded, entities: [] }), migrations: before });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('moves queued, running and ended imports into jobs and drops attempts/heartbeat_at; down restores the attempts', async () => {
    await ds.query(`INSERT INTO regions (code, name, level) VALUES ('410106000000', '上街区', 'district'), ('410106001000', '济源路街道', 'town')`);
    const imp = (status: string, attempts: number, region: string) =>
      ds
        .query(
          `INSERT INTO import_jobs (status, format, file_name, file_path, file_sha256, file_size, region_code, attempts, heartbeat_at)
           VALUES ($1, 'CSV', 'a.csv', '/nowhere', $2, 1, $3, $4, now()) RETURNING id`,
          [status, `${status}${attempts}`.padEnd(64, '0'), region, attempts],
        )
        .then((r: { id: string }[]) => r[0].id);
    const queued = await imp('QUEUED', 0, '410106001000');
    const running = await imp('RUNNING', 2, '410106000000');
    const done = await imp('SUCCEEDED', 1, '410106000000');
    await ds.query(`INSERT INTO jobs (queue, max_attempts, singleton_key, recurrence) VALUES ('imports.drain', 5, 'imports.drain', '{"everyMs": 1000}')`);

    const runner = ds.createQueryRunner();
    try {
      await new Migration().up(runner);
      const jobs = await runner.query(`SELECT queue, payload, state, region_code, attempts, singleton_key FROM jobs ORDER BY singleton_key`);
      expect(jobs).toEqual(
        [
          { queue: 'imports.run', payload: { importId: queued }, state: 'queued', region_code: '410106001000', attempts: 0, singleton_key: `import:${queued}` },
          { queue: 'imports.run', payload: { importId: running }, state: 'queued', region_code: '410106000000', attempts: 2, singleton_key: `import:${running}` },
          { queue: 'imports.run', payload: { importId: done }, state: 'completed', region_code: '410106000000', attempts: 1, singleton_key: `import:${done}` },
        ].sort((a, b) => a.singleton_key.localeCompare(b.singleton_key)),
      );
      const columns = async () =>
        (await runner.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'import_jobs' AND column_name IN ('attempts', 'heartbeat_at') ORDER BY 1`)).map(
          (c: { column_name: string }) => c.column_name,
        );
      expect(await columns()).toEqual([]);
      // The running import stays RUNNING: its job resumes it from its checkpoint.
      expect((await runner.query(`SELECT status FROM import_jobs WHERE id = $1`, [running]))[0].status).toBe('RUNNING');

      await new Migration().down(runner);
      expect(await columns()).toEqual(['attempts', 'heartbeat_at']);
      const back = await runner.query(`SELECT id, attempts FROM import_jobs ORDER BY attempts`);
      expect(back).toEqual([
        { id: queued, attempts: 0 },
        { id: done, attempts: 1 },
        { id: running, attempts: 2 },
      ]);
      expect((await runner.query(`SELECT count(*)::int AS n FROM jobs`))[0].n).toBe(0);
    } finally {
      await runner.release();
    }
  });
});
