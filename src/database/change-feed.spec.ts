import type { QueryRunner } from 'typeorm';
import { attachChangeFeed, DEFERRED_FEED_SETTING, detachChangeFeed } from './change-feed';

/** A query runner that only records the SQL it is given (the e2e tests run the real triggers). */
function recorder(): { q: QueryRunner; sql: string[] } {
  const sql: string[] = [];
  const q = { query: async (s: string) => void sql.push(s) } as unknown as QueryRunner;
  return { q, sql };
}

describe('attachChangeFeed', () => {
  it('a part: one function and three statement-level triggers; entries are UPDATED of the root, version read from the root', async () => {
    const { q, sql } = recorder();
    await attachChangeFeed(q, { table: 'members', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'members' });
    const fn = sql[0];
    expect(fn).toContain('CREATE OR REPLACE FUNCTION "members_change_feed"()');
    expect(fn).not.toMatch(/'CREATED'|'DELETED'/);
    expect(fn).toContain(`'UPDATED'`);
    expect(fn).toContain('LEFT JOIN "households" p ON p."id" = x."household_id"');
    expect(fn).toContain('ON CONFLICT (transaction_id, root_type, root_id) DO UPDATE');
    expect(fn).not.toMatch(/to_jsonb|row_to_json|\bdata\b/);
    const triggers = sql.filter((s) => s.startsWith('CREATE TRIGGER'));
    expect(triggers).toHaveLength(3);
    expect(triggers.every((s) => s.includes('FOR EACH STATEMENT EXECUTE FUNCTION "members_change_feed"()'))).toBe(true);
  });

  it('the root itself: CREATED / UPDATED / DELETED and its own version column; a root without one gives a null version', async () => {
    const { q, sql } = recorder();
    await attachChangeFeed(q, { table: 'households', root: 'Household', rootTable: 'households', rootIdColumn: 'id', part: 'household' });
    expect(sql[0]).toMatch(/'DELETED'[\s\S]*'UPDATED'[\s\S]*'CREATED'/);
    expect(sql[0]).toContain('max(x."version")::integer');
    expect(sql[0]).not.toContain('LEFT JOIN');
    const bare = recorder();
    await attachChangeFeed(bare.q, { table: 'findings', root: 'Finding', rootTable: 'findings', rootIdColumn: 'id', part: 'finding', versionColumn: null });
    expect(bare.sql[0]).toContain('NULL::integer');
  });

  it('writerMayDefer: the function returns at once for the statements of a writer deferring its root; without it, no such check', async () => {
    const base = { table: 'members', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'members' };
    const deferring = recorder();
    await attachChangeFeed(deferring.q, { ...base, writerMayDefer: true });
    expect(deferring.sql[0]).toContain(`IF pg_trigger_depth() = 1 AND current_setting('${DEFERRED_FEED_SETTING}', true) = 'Household' THEN RETURN NULL; END IF;`);
    const plain = recorder();
    await attachChangeFeed(plain.q, base);
    expect(plain.sql[0]).not.toContain(DEFERRED_FEED_SETTING);
    expect(plain.sql[0]).not.toContain('pg_trigger_depth');
  });

  it('refuses names that are not plain identifiers', async () => {
    const { q, sql } = recorder();
    const base = { table: 'members', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'members' };
    await expect(attachChangeFeed(q, { ...base, table: 'members"; DROP TABLE x; --' })).rejects.toThrow(/table/);
    await expect(attachChangeFeed(q, { ...base, root: "Household'" })).rejects.toThrow(/root type/);
    await expect(attachChangeFeed(q, { ...base, part: 'Members' })).rejects.toThrow(/part/);
    await expect(attachChangeFeed(q, { ...base, regionColumn: 'region code' })).rejects.toThrow(/region column/);
    expect(sql).toEqual([]);
  });

  it('detachChangeFeed drops the three triggers and the function', async () => {
    const { q, sql } = recorder();
    await detachChangeFeed(q, 'members');
    expect(sql).toEqual([
      'DROP TRIGGER IF EXISTS "members_feed_insert" ON "members"',
      'DROP TRIGGER IF EXISTS "members_feed_update" ON "members"',
      'DROP TRIGGER IF EXISTS "members_feed_delete" ON "members"',
      'DROP FUNCTION IF EXISTS "members_change_feed"()',
    ]);
  });
});
