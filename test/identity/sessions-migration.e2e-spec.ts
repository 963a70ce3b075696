import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AuthSessionsAndSignInDelays1795911300000 as Migration } from '../../migrations/1795911300000-AuthSessionsAndSignInDelays';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ENTITIES } from '../../src/app.entities';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The migration on a database that already has sign-ins: refresh-token families become sessions
 * (ended when every token of the family is revoked), tokens of accounts that no longer exist go.
 */
describe('migration AuthSessionsAndSignInDelays on existing data', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    const before = (MIGRATIONS as Function[]).slice(0, (MIGRATIONS as Function[]).indexOf(Migration));
    ds = new DataSource({ ...dataSourceOptions({ url: db.url, poolSize: 1, embedded: !!db.embedded, entities: ENTITIES }), migrations: before });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('turns refresh-token families into sessions, and has a down', async () => {
    await ds.query(`INSERT INTO regions (code, name, level) VALUES ('410106000000', '上街区', 'district')`);
    const [user] = await ds.query(
      `INSERT INTO users (username, display_name, password_hash, region_code, roles, failed_logins, locked_until)
       VALUES ('li', '李', 'x', '410106000000', '{town_officer}', 2, now()) RETURNING id`,
    );
    const open = '11111111-1111-4111-8111-111111111111';
    const ended = '22222222-2222-4222-8222-222222222222';
    const orphan = '33333333-3333-4333-8333-333333333333';
    const token = (family: string, userId: string, n: number, revoked: boolean) =>
      ds.query(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, used_at, revoked_at)
         VALUES ($1, $2, $3, now() + interval '1 day', CASE WHEN $4 THEN now() END, CASE WHEN $5 THEN now() END)`,
        [userId, family, `${family.slice(0, 8)}${n}`.padEnd(64, '0'), n === 1, revoked],
      );
    await token(open, user.id, 1, false);
    await token(open, user.id, 2, false);
    await token(ended, user.id, 1, true);
    await token(ended, user.id, 2, true);
    await token(orphan, '44444444-4444-4444-8444-444444444444', 1, false);

    const runner = ds.createQueryRunner();
    try {
      await new Migration().up(runner);
      const sessions = await runner.query(`SELECT id, user_id, revoked_at IS NOT NULL AS ended FROM auth_sessions ORDER BY id`);
      expect(sessions).toEqual([
        { id: open, user_id: user.id, ended: false },
        { id: ended, user_id: user.id, ended: true },
      ]);
      expect((await runner.query(`SELECT count(*)::int AS n FROM refresh_tokens`))[0].n).toBe(4);
      const [u] = await runner.query(`SELECT must_change_password FROM users`);
      expect(u).toEqual({ must_change_password: false });
      const fks = await runner.query(
        `SELECT conname FROM pg_constraint WHERE contype = 'f' AND conname IN ('auth_sessions_user_id_fkey', 'refresh_tokens_family_id_fkey') ORDER BY conname`,
      );
      expect(fks.map((r: { conname: string }) => r.conname)).toEqual(['auth_sessions_user_id_fkey', 'refresh_tokens_family_id_fkey']);

      await new Migration().down(runner);
      const tables = await runner.query(`SELECT to_regclass('auth_sessions') AS s, to_regclass('login_throttle') AS t`);
      expect(tables).toEqual([{ s: null, t: null }]);
      const columns = await runner.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name IN ('failed_logins', 'locked_until', 'must_change_password') ORDER BY 1`,
      );
      expect(columns.map((c: { column_name: string }) => c.column_name)).toEqual(['failed_logins', 'locked_until']);
    } finally {
      await runner.release();
    }
  });
});
