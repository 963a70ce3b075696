import { EmbeddedMaintenance } from '../../src/database/embedded-maintenance';
import { loadRegions } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

const onServer = !!process.env.TEST_DATABASE_URL;

/**
 * Autovacuum's work on the embedded database (src/database/embedded-maintenance.ts): PGlite has no
 * autovacuum launcher, so without it no table would ever be analysed.
 */
describe('embedded database maintenance', () => {
  let t: TestApp;
  let maintenance: EmbeddedMaintenance;

  beforeAll(async () => {
    t = await startTestApp();
    maintenance = t.get(EmbeddedMaintenance);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  const reltuples = async (table: string) => Number((await t.dataSource.query(`SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, [table]))[0].reltuples);

  (onServer ? it.skip : it)('analyses the tables changed beyond autovacuum\'s thresholds, and only those, then has nothing to do', async () => {
    await maintenance.run();
    await loadRegions(t);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM regions`);
    expect(n).toBeGreaterThan(50);
    const round = await maintenance.run();
    expect(round.analysed).toContain('regions');
    expect(round.analysed).not.toContain('households');
    expect(await reltuples('regions')).toBe(n);
    // Inserts beyond autovacuum_vacuum_insert_threshold (1,000 by default) would vacuum too; these did not.
    expect(round.vacuumed).not.toContain('regions');
    expect((await maintenance.run()).analysed).toEqual([]);
  });

  (onServer ? it : it.skip)('does nothing on a PostgreSQL server, whose autovacuum does it', async () => {
    expect(await maintenance.run()).toEqual({ analysed: [], vacuumed: [], ms: 0 });
  });
});
