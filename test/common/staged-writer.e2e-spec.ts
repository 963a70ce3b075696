import { Row, StagedWriter } from '../../src/database/staged-writer';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The staged writer (src/database/staged-writer.ts) on a real database: COPY FROM STDIN on a
 * PostgreSQL server, jsonb parameters on the embedded one. Every row and every value lands as
 * given, including the characters COPY's text format escapes, across many COPY chunks (64 KB
 * each, a value larger than a chunk included) and jsonb chunks (5,000 rows each).
 */
describe('StagedWriter', () => {
  let t: TestApp;
  const writer = new StagedWriter();
  const ROWS = 6_000;

  /** Text with what COPY's text format escapes (tab, newline, CR, backslash), quotes, Chinese and a literal \N. */
  const awkward = (i: number) => `第${i}行\t"引号"\\反斜杠\n换行\r回车 \\N ${'x'.repeat(i % 50)}`;
  const rowOf = (i: number): Row => ({
    id: i,
    // Row 4,000's label is larger than a COPY chunk (~150,000 characters, 450 KB at most in UTF-8).
    label: i % 7 === 0 ? null : i === 4_000 ? awkward(i).repeat(3_000) : awkward(i),
    amount: i % 5 === 0 ? undefined : `${i}.25`,
    flag: i % 2 === 0,
    tags: i % 3 === 0 ? [] : [`a${i}`, 'b,c', 'q"uote', 'back\\slash', '空 格'],
    doc: i % 11 === 0 ? null : { n: i, text: awkward(i), nested: { list: [1, 'two', null] } },
  });

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(`CREATE TABLE staged_writer_probe (id int PRIMARY KEY, label text, amount numeric, flag boolean, tags text[], doc jsonb)`);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  const stored = async () =>
    (await t.dataSource.query(`SELECT id, label, amount::text AS amount, flag, tags, doc FROM staged_writer_probe ORDER BY id`)) as {
      id: number;
      label: string | null;
      amount: string | null;
      flag: boolean;
      tags: string[];
      doc: unknown;
    }[];

  const expected = (r: Row) => ({ id: r.id, label: r.label ?? null, amount: r.amount ?? null, flag: r.flag, tags: r.tags, doc: r.doc ?? null });

  it('inserts every row with its values as given, across many chunks', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => rowOf(i + 1));
    await t.dataSource.transaction((m) => writer.writeAll(m, [{ table: 'staged_writer_probe', mode: 'INSERT', rows, columns: ['id', 'label', 'amount', 'flag', 'tags', 'doc'] }]));
    const back = await stored();
    expect(back).toHaveLength(ROWS);
    expect(back).toEqual(rows.map(expected));
  });

  it('upserts through its staging table: changed rows updated, new rows added, the others kept', async () => {
    const changed = Array.from({ length: 3_000 }, (_, i): Row => ({ ...rowOf(2 * i + 1), label: `改 ${awkward(i)}`, flag: true }));
    const added = Array.from({ length: 2_000 }, (_, i) => rowOf(ROWS + i + 1));
    await t.dataSource.transaction((m) =>
      writer.writeAll(m, [{ table: 'staged_writer_probe', mode: 'UPSERT', rows: [...changed, ...added], columns: ['id', 'label', 'amount', 'flag', 'tags', 'doc'] }]),
    );
    const byId = new Map<unknown, Row>(Array.from({ length: ROWS }, (_, i) => [i + 1, rowOf(i + 1)]));
    for (const r of [...changed, ...added]) byId.set(r.id, r);
    const back = await stored();
    expect(back).toHaveLength(ROWS + added.length);
    expect(back).toEqual([...byId.values()].map(expected));
  });
});
