import { GraphQLSchemaHost } from '@nestjs/graphql';
import { collectOperations } from '../../src/common/access/operation-map';
import { Role } from '../../src/common/access/permissions';
import { CompiledReads } from '../../src/common/graphql/compiled-read';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { JobRunner } from '../../src/common/jobs/job-runner';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { runMigrations } from '../../src/database/migrate';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { loadRegions, R, signIn, SignedIn } from '../../test/support/auth';
import { countQueries } from '../../test/support/query-counter';
import { GqlResult, startTestApp, TestApp } from '../../test/support/test-app';
import { waitFor } from '../../test/support/wait-for';
import { PAYEE_ACCOUNT_DOMAIN } from './relief.declaration';
import { RELIEF_OVERDUE_QUEUE } from './relief-overdue.job';
import { RELIEF_MODULE } from './relief.plugin';

type Json = Record<string, any>;

const CREATE = `mutation($i: CreateReliefPaymentInput!) {
  createReliefPayment(input: $i) { reliefPayment { id householdId regionCode year amount payeeAccount status dueOn paidOn version } } }`;
const MARK_PAID = `mutation($i: MarkReliefPaidInput!) { markReliefPaid(input: $i) { reliefPayment { id status paidOn version } } }`;
const LIST = `query($h: ID, $first: Int, $after: String) {
  reliefPayments(householdId: $h, first: $first, after: $after) { totalCount edges { cursor node { id payeeAccount status } } pageInfo { hasNextPage endCursor } } }`;
const CHANGES = `query($types: [ChangeRootType!]) { changes(rootTypes: $types) { edges { node { rootType rootId rootVersion operation regionCode parts } } } }`;
const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: RELIEF_PAYEE_ACCOUNT, id: $id, reason: $r }) { value } }`;

const ACCOUNT = '6222 0212 3456 7890 123';
const ACCOUNT_STORED = '6222021234567890123';
const ACCOUNT_MASKED = '6222 **** **** 0123';
/** A due date the overdue job leaves alone whatever day the test runs. */
const FAR_DUE = '2099-12-31';

/**
 * The example module (examples/relief), plugged into the real app as a test plugs any module
 * from outside src/: what a newcomer's module must show before it joins the service.
 */
describe('example module: festival relief payments (节日慰问金)', () => {
  let t: TestApp;
  let secrets: Secrets;
  let town: SignedIn;
  let siblingTown: SignedIn;
  let supervisor: SignedIn;
  let district: SignedIn;
  let householdId: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' }, { modules: [RELIEF_MODULE] });
    await loadRegions(t);
    secrets = t.get<Secrets>(SECRETS as never);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    householdId = await household(R.village);
  });
  afterAll(() => t?.close());

  /** A registered household, inserted as the registry stores it (the example only needs its id and village). */
  async function household(regionCode: string): Promise<string> {
    seq += 1;
    const [row] = await t.dataSource.query(
      `INSERT INTO households (household_number, region_code, validity, status, year_registered, attribute, primary_cause)
       VALUES ($1, $2, 'ACTIVE', 'NOT_EXITED', 2014, 'GENERAL_POOR', 'ILLNESS') RETURNING id`,
      [`${regionCode}${String(seq).padStart(4, '0')}`, regionCode],
    );
    return row.id as string;
  }

  async function create(who: SignedIn, input: Partial<Json> = {}): Promise<Json> {
    const res = await t.gql(CREATE, { i: { householdId, year: 2024, amount: '800.00', payeeAccount: ACCOUNT, dueOn: FAR_DUE, ...input } }, who.headers);
    return ok(res).createReliefPayment.reliefPayment;
  }

  const auditRows = (id: string): Promise<Json[]> =>
    t.dataSource.query(`SELECT operation, actor_type, changes, reason FROM audit_log WHERE entity_type = 'ReliefPayment' AND entity_id = $1 ORDER BY seq`, [id]);
  const feedRows = (id: string): Promise<Json[]> =>
    t.dataSource.query(`SELECT root_type, operation, root_version, region_code, parts FROM change_feed WHERE root_id = $1 ORDER BY position`, [id]);

  it('plugs in: its entity and migration agree, every GraphQL element it adds is described, every operation declares its permission', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
    const operations = collectOperations(t.service.app);
    expect(operations.filter((o) => o.access === null)).toEqual([]);
    const access = Object.fromEntries(operations.map((o) => [o.operation, o.access]));
    expect([access['Query.reliefPayments'], access['Mutation.createReliefPayment'], access['Mutation.markReliefPaid']]).toEqual(['relief.read', 'relief.write', 'relief.write']);
  });

  it('stores the payee account encrypted with its blind index, and answers it masked', async () => {
    const p = await create(town);
    expect(p).toMatchObject({ householdId, regionCode: R.village, year: 2024, amount: '800.00', payeeAccount: ACCOUNT_MASKED, status: 'PLANNED', paidOn: null, version: 1 });
    const [row] = await t.dataSource.query(`SELECT payee_account_enc, payee_account_hash, amount::text AS amount FROM relief_payments WHERE id = $1`, [p.id]);
    expect(row.payee_account_enc).not.toContain(ACCOUNT_STORED);
    expect(row.payee_account_enc).not.toContain('7890');
    expect(secrets.cipher.decrypt(row.payee_account_enc)).toBe(ACCOUNT_STORED);
    expect(row.payee_account_hash).toBe(secrets.cipher.blindIndex(ACCOUNT_STORED, PAYEE_ACCOUNT_DOMAIN));
    expect(row.amount).toBe('800.00');
    // A bad amount is a coded error naming the field, before anything is written.
    expect(errorOf(await t.gql(CREATE, { i: { householdId, year: 2024, amount: '12.345', payeeAccount: ACCOUNT, dueOn: FAR_DUE } }, town.headers))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'RELIEF_AMOUNT_INVALID',
      field: 'input.amount',
    });
  });

  it('region scope: another town sees none of the payments and cannot plan one for the household', async () => {
    const p = await create(town);
    const mine = ok(await t.gql(LIST, { h: householdId }, town.headers)).reliefPayments;
    expect(mine.edges.map((e: Json) => e.node.id)).toContain(p.id);
    const theirs = ok(await t.gql(LIST, {}, siblingTown.headers)).reliefPayments;
    expect(theirs).toMatchObject({ totalCount: 0, edges: [] });
    expect(errorOf(await t.gql(CREATE, { i: { householdId, year: 2024, amount: '800.00', payeeAccount: ACCOUNT, dueOn: FAR_DUE } }, siblingTown.headers))).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'HOUSEHOLD_NOT_FOUND',
      field: 'input.householdId',
    });
    expect(errorOf(await t.gql(MARK_PAID, { i: { id: p.id, version: 1, paidOn: '2024-01-20' } }, siblingTown.headers))).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'RELIEF_PAYMENT_NOT_FOUND',
    });
  });

  it('permissions: a supervisor reads (masked) but cannot write', async () => {
    const p = await create(town);
    const seen = ok(await t.gql(LIST, { h: householdId, first: 100 }, supervisor.headers)).reliefPayments;
    expect(seen.edges.find((e: Json) => e.node.id === p.id)?.node).toMatchObject({ payeeAccount: ACCOUNT_MASKED });
    expect(errorOf(await t.gql(CREATE, { i: { householdId, year: 2024, amount: '800.00', payeeAccount: ACCOUNT, dueOn: FAR_DUE } }, supervisor.headers))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('pages by due date with cursors', async () => {
    const other = await household(R.village);
    for (const dueOn of ['2099-01-01', '2099-02-01', '2099-03-01']) await create(town, { householdId: other, dueOn });
    const first = ok(await t.gql(LIST, { h: other, first: 2 }, town.headers)).reliefPayments;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await t.gql(LIST, { h: other, first: 2, after: first.pageInfo.endCursor }, town.headers)).reliefPayments;
    expect(rest.edges).toHaveLength(1);
    expect(errorOf(await t.gql(LIST, { h: other, first: 2, after: 'bm90IGEgY3Vyc29y' }, town.headers))).toMatchObject({ reason: 'INVALID_CURSOR' });
  });

  it('a page is a compiled read (one statement; with its total, two) answering what the resolvers answer, both ways, per caller', async () => {
    const reads = t.get(CompiledReads);
    const PAGE = `query($h: ID, $first: Int, $after: String) {
      reliefPayments(householdId: $h, first: $first, after: $after) { edges { cursor node { id householdId regionCode year amount payeeAccount status dueOn paidOn version createdAt updatedAt } } pageInfo { hasNextPage endCursor } } }`;
    const other = await household(R.village);
    for (const dueOn of ['2099-01-01', '2099-02-01']) await create(town, { householdId: other, dueOn });
    for (const [who, variables] of [[town, { first: 2 }], [town, { h: other, first: 1 }], [siblingTown, { first: 5 }], [supervisor, { h: other }]] as const) {
      const answered = reads.counts.answered;
      const compiled = ok(await t.gql(PAGE, variables, who.headers)).reliefPayments;
      expect(reads.counts.answered).toBe(answered + 1);
      reads.enabled = false;
      try {
        expect(ok(await t.gql(PAGE, variables, who.headers)).reliefPayments).toEqual(compiled);
        if (compiled.pageInfo.endCursor) {
          const next = { ...variables, after: compiled.pageInfo.endCursor };
          const resolved = ok(await t.gql(PAGE, next, who.headers)).reliefPayments;
          reads.enabled = true;
          expect(ok(await t.gql(PAGE, next, who.headers)).reliefPayments).toEqual(resolved);
        }
      } finally {
        reads.enabled = true;
      }
    }
    expect(ok(await t.gql(PAGE, { h: other }, supervisor.headers)).reliefPayments.edges[0].node).toMatchObject({ payeeAccount: ACCOUNT_MASKED, amount: expect.any(String) });
    const { result, count } = await countQueries(() => t.gql(PAGE, { first: 2 }, town.headers));
    expect(ok(result).reliefPayments.edges).toHaveLength(2);
    expect(count).toBe(1);
    // With its total: compiled too, the total under the same conditions in a second statement.
    const TOTAL = `query($h: ID, $first: Int, $after: String) { reliefPayments(householdId: $h, first: $first, after: $after) { totalCount edges { cursor node { id amount payeeAccount } } pageInfo { endCursor } } }`;
    for (const [who, variables, total] of [[town, { h: other, first: 1 }, 2], [siblingTown, { h: other, first: 1 }, 0], [supervisor, { h: other, first: 5 }, 2]] as const) {
      const answered = reads.counts.answered;
      const compiled = ok(await t.gql(TOTAL, variables, who.headers)).reliefPayments;
      expect([reads.counts.answered, compiled.totalCount]).toEqual([answered + 1, total]);
      const next = compiled.pageInfo.endCursor ? [{ ...variables, after: compiled.pageInfo.endCursor }] : [];
      for (const v of [variables, ...next]) {
        const again = ok(await t.gql(TOTAL, v, who.headers)).reliefPayments;
        reads.enabled = false;
        try {
          expect(ok(await t.gql(TOTAL, v, who.headers)).reliefPayments).toEqual(again);
        } finally {
          reads.enabled = true;
        }
      }
    }
    const counted = await countQueries(() => t.gql(TOTAL, { first: 2 }, town.headers));
    expect([ok(counted.result).reliefPayments.edges.length, counted.count]).toEqual([2, 2]);
  });

  it('reveals the payee account with a reason, and records the reveal', async () => {
    const p = await create(town);
    const reason = '核对收款账号 (check the account before paying)';
    expect(ok(await t.gql(REVEAL, { id: p.id, r: reason }, town.headers)).revealPersonalData.value).toBe(ACCOUNT_STORED);
    const reveal = (await auditRows(p.id)).find((r) => r.operation === 'personalData.unmask');
    expect(reveal).toMatchObject({ actor_type: 'user', reason, changes: { field: 'payeeAccount' } });
    // Out of scope: no value, no row.
    expect(errorOf(await t.gql(REVEAL, { id: p.id, r: reason }, siblingTown.headers))).toMatchObject({ reason: 'RELIEF_PAYMENT_NOT_FOUND' });
  });

  it('audits creation and payment with the account masked, and feeds one entry per transaction', async () => {
    const p = await create(town);
    const paid = ok(await t.gql(MARK_PAID, { i: { id: p.id, version: 1, paidOn: '2024-01-20' } }, town.headers)).markReliefPaid.reliefPayment;
    expect(paid).toMatchObject({ status: 'PAID', paidOn: '2024-01-20', version: 2 });

    const rows = await auditRows(p.id);
    expect(rows.map((r) => r.operation)).toEqual(['relief.createPayment', 'relief.markPaid']);
    expect(rows[0].changes).toMatchObject({ payeeAccount: { from: null, to: ACCOUNT_MASKED }, amount: { from: null, to: '800.00' }, status: { from: null, to: 'PLANNED' } });
    expect(rows[1].changes).toEqual({ status: { from: 'PLANNED', to: 'PAID' }, paidOn: { from: null, to: '2024-01-20' } });
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(ACCOUNT_STORED);
    expect(everything).not.toContain('payeeAccountEnc');

    // The feed names the payment and what changed, never its row (no account, no amount): the
    // module declared its root (feedRoots), so `changes` answers and filters it like Household.
    const feed = ok(await t.gql(CHANGES, { types: ['ReliefPayment'] }, district.headers)).changes.edges.map((e: Json) => e.node);
    expect(feed.filter((n: Json) => n.rootId === p.id)).toEqual([
      { rootType: 'ReliefPayment', rootId: p.id, rootVersion: 1, operation: 'CREATED', regionCode: R.village, parts: ['payment'] },
      { rootType: 'ReliefPayment', rootId: p.id, rootVersion: 2, operation: 'UPDATED', regionCode: R.village, parts: ['payment'] },
    ]);
    expect(feed.every((n: Json) => n.rootType === 'ReliefPayment')).toBe(true);
    expect(await feedRows(p.id)).toEqual([
      { root_type: 'ReliefPayment', operation: 'CREATED', root_version: 1, region_code: R.village, parts: ['payment'] },
      { root_type: 'ReliefPayment', operation: 'UPDATED', root_version: 2, region_code: R.village, parts: ['payment'] },
    ]);

    // Paid once: a second payment of the same record is refused by its status.
    expect(errorOf(await t.gql(MARK_PAID, { i: { id: p.id, version: 2, paidOn: '2024-01-21' } }, town.headers))).toMatchObject({
      code: 'CONFLICT',
      reason: 'RELIEF_NOT_PAYABLE',
    });
  });

  it('refuses a stale version (CONFLICT, VERSION_MISMATCH) and a payment date in the future', async () => {
    const p = await create(town);
    expect(errorOf(await t.gql(MARK_PAID, { i: { id: p.id, version: 7, paidOn: '2024-01-20' } }, town.headers))).toMatchObject({
      code: 'CONFLICT',
      reason: 'VERSION_MISMATCH',
      field: 'version',
    });
    expect(errorOf(await t.gql(MARK_PAID, { i: { id: p.id, version: 1, paidOn: '2999-01-01' } }, town.headers))).toMatchObject({
      reason: 'DATE_IN_FUTURE',
      field: 'input.paidOn',
    });
    const [row] = await t.dataSource.query(`SELECT status, version FROM relief_payments WHERE id = $1`, [p.id]);
    expect(row).toEqual({ status: 'PLANNED', version: 1 });
  });

  it('the daily job marks PLANNED payments past due OVERDUE, audited as the system', async () => {
    const late = await create(town, { dueOn: '2020-01-20' });
    const onTime = await create(town);
    const paidLate = await create(town, { dueOn: '2020-01-21' });
    ok(await t.gql(MARK_PAID, { i: { id: paidLate.id, version: 1, paidOn: '2020-01-22' } }, town.headers));

    t.get(JobRunner).wake(RELIEF_OVERDUE_QUEUE);
    const status = async (id: string) => (await t.dataSource.query(`SELECT status FROM relief_payments WHERE id = $1`, [id]))[0].status;
    await waitFor(async () => (await status(late.id)) === 'OVERDUE', { what: 'the late payment marked OVERDUE' });
    expect(await status(onTime.id)).toBe('PLANNED');
    expect(await status(paidLate.id)).toBe('PAID');

    const row = (await auditRows(late.id)).find((r) => r.operation === 'relief.markOverdue');
    expect(row).toMatchObject({ actor_type: 'system', changes: { status: { from: 'PLANNED', to: 'OVERDUE' }, dueOn: '2020-01-20' } });
    const [job] = await t.dataSource.query(`SELECT queue, recurrence FROM jobs WHERE singleton_key = $1`, [RELIEF_OVERDUE_QUEUE]);
    expect(job).toEqual({ queue: RELIEF_OVERDUE_QUEUE, recurrence: { dailyAt: '01:00' } });

    // An overdue payment can still be paid.
    ok(await t.gql(MARK_PAID, { i: { id: late.id, version: 2, paidOn: '2024-02-01' } }, town.headers));
  });

  it('imports a roster through the import port (kind relief): created, refused rows reported, the same file again unchanged', async () => {
    const [h] = await t.dataSource.query(`SELECT household_number FROM households WHERE id = $1`, [householdId]);
    const other = await household(R.villageOfSiblingTown);
    const [o] = await t.dataSource.query(`SELECT household_number FROM households WHERE id = $1`, [other]);
    const csv = ['户编号,年度,金额,收款账号,应发日期', `${h.household_number},2023,600.00,${ACCOUNT},2099-01-20`, 'NO-SUCH-HOUSEHOLD,2023,600.00,6222000000000000001,2099-01-20', `${o.household_number},2023,0.00,6222000000000000002,2099-01-20`].join('\n');
    const upload = (who: SignedIn, query: Record<string, string> = { kind: 'relief' }) =>
      t.http.post('/exchange/imports').query(query).set(who.headers).attach('file', Buffer.from(csv, 'utf8'), 'relief.csv');
    const finished = (id: string) =>
      waitFor(async () => {
        const res = await t.http.get(`/exchange/imports/${id}`).set(district.headers);
        return res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED' ? res.body : undefined;
      }, { timeoutMs: 120000, intervalMs: 50, what: 'the relief import to finish' });

    // The port names its own write permission and supports SYNC only (the roster is the authority).
    expect((await upload(supervisor)).status).toBe(403);
    const refused = async (who: SignedIn, query?: Record<string, string>) => (await upload(who, query)).body.errors[0].extensions;
    // PROPOSE is not a mode of this port (a roster without an approval procedure: SYNC at every level, within the uploader's scope).
    expect(await refused(town, { kind: 'relief', mode: 'PROPOSE' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mode', reason: 'INVALID_OPTION' });
    expect(await refused(district, { kind: 'nothing' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind', reason: 'INVALID_OPTION' });

    const res = await upload(district);
    expect(res.status).toBe(202);
    const job = await finished(res.body.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', kind: 'relief', mode: 'SYNC' });
    expect(job.unitCounts).toEqual([{ unit: 'payments', created: 1, updated: 0, unchanged: 0, rejected: 2, left: 0 }]);
    const problems = await t.dataSource.query(`SELECT row_number, "column", code FROM import_problems WHERE job_id = $1 ORDER BY row_number, code`, [job.id]);
    expect(problems).toEqual([
      { row_number: 3, column: '户编号', code: 'HOUSEHOLD_NOT_FOUND' },
      { row_number: 4, column: '金额', code: 'RELIEF_AMOUNT_INVALID' },
    ]);
    const [stored] = await t.dataSource.query(`SELECT status, amount, payee_account_enc FROM relief_payments WHERE household_id = $1 AND year = 2023`, [householdId]);
    expect(stored).toMatchObject({ status: 'PLANNED', amount: '600.00' });
    expect(stored.payee_account_enc).not.toContain(ACCOUNT_STORED);
    const [audited] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'relief.importPayment'`);
    expect(audited.changes.payeeAccount).toEqual({ from: null, to: ACCOUNT_MASKED });

    // The kit's template of the kind: the columns and the port's example row.
    const template = await t.http.get('/exchange/imports/template.csv').query({ kind: 'relief' }).set(district.headers);
    expect(template.status).toBe(200);
    expect(template.text).toBe('\uFEFF户编号,年度,金额,收款账号,应发日期\r\n41010610020100001,2024,800.00,6228480000000000000,2024-02-01\r\n');
    expect((await t.http.get('/exchange/imports/template.xlsx').query({ kind: 'relief' }).set(supervisor.headers)).status).toBe(403);

    // The same file again: the payment is unchanged, nothing audited again.
    const again = await finished((await upload(district)).body.id);
    expect(again.unitCounts).toEqual([{ unit: 'payments', created: 0, updated: 0, unchanged: 1, rejected: 2, left: 0 }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'relief.importPayment'`)).toEqual([{ n: 1 }]);
  });

  it('exports the roster in the columns of its import (GET /exchange/exports/relief): scoped, masked, audited; the masked file re-imports only as MASKED_VALUE', async () => {
    const [h] = await t.dataSource.query(`SELECT household_number FROM households WHERE id = $1`, [householdId]);
    const inTown: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM relief_payments p WHERE p.region_code LIKE $1`,
      [`${R.town.slice(0, 9)}%`],
    );
    const all: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM relief_payments`);
    const exported = (who: SignedIn, query: Record<string, string> = {}) => t.http.get('/exchange/exports/relief').query(query).set(who.headers).buffer(true);

    const csv = await exported(district);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="relief-410106000000-\d{8}\.csv"/);
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFF户编号,年度,金额,收款账号,应发日期');
    expect(lines).toHaveLength(1 + all[0].n);
    // Sorted by household number and year; the account masked, never the stored ciphertext or the plain number.
    expect(lines).toContain(`${h.household_number},2023,600.00,${ACCOUNT_MASKED},2099-01-20`);
    expect(csv.text).not.toContain(ACCOUNT);

    // A town officer's export is its town's; a region outside its scope is not found.
    const townCsv = await exported(town);
    expect(townCsv.text.split('\r\n').filter(Boolean)).toHaveLength(1 + inTown[0].n);
    expect((await exported(town, { regionCode: R.siblingTown })).status).toBe(404);

    const ndjson = await exported(district, { format: 'ndjson' });
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const objects = ndjson.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(objects).toContainEqual({ householdNumber: h.household_number, year: '2023', amount: '600.00', payeeAccount: ACCOUNT_MASKED, dueOn: '2099-01-20' });

    // Coded refusals: no export of the kind, the kind's read permission missing (and exchange.export: a supervisor).
    const unknown = await t.http.get('/exchange/exports/nothing').set(district.headers);
    expect([unknown.status, unknown.body.errors[0].extensions]).toEqual([400, expect.objectContaining({ reason: 'EXPORT_KIND_UNKNOWN', field: 'kind' })]);
    expect((await t.http.get('/exchange/exports/households').set(district.headers)).body.errors[0].extensions).toMatchObject({ reason: 'EXPORT_KIND_UNKNOWN' });
    expect((await exported(supervisor)).status).toBe(403);
    const badFormat = await exported(district, { format: 'pdf' });
    expect([badFormat.status, badFormat.body.errors[0].extensions.field]).toEqual([400, 'format']);

    const audits = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq`);
    expect(audits.length).toBeGreaterThanOrEqual(3);
    expect(audits[0].changes).toMatchObject({ kind: 'relief', format: 'csv' });

    // The exported file uploaded again: the masked account is not taken for the account.
    const res = await t.http.post('/exchange/imports').query({ kind: 'relief' }).set(district.headers).attach('file', Buffer.from(csv.text, 'utf8'), 'exported.csv');
    expect(res.status).toBe(202);
    const job = await waitFor(async () => {
      const r = await t.http.get(`/exchange/imports/${res.body.id}`).set(district.headers);
      return r.body.status === 'SUCCEEDED' || r.body.status === 'FAILED' ? r.body : undefined;
    }, { timeoutMs: 120000, intervalMs: 50, what: 'the re-import to finish' });
    expect(job.unitCounts[0]).toMatchObject({ created: 0, updated: 0 });
    const codes = await t.dataSource.query(`SELECT DISTINCT "column", code FROM import_problems WHERE job_id = $1`, [job.id]);
    expect(codes).toContainEqual({ column: '收款账号', code: 'MASKED_VALUE' });
  });

  it("its migration's down removes the table, its feed triggers and its type; up again restores them", async () => {
    const exists = async () =>
      (
        await t.dataSource.query(
          `SELECT to_regclass('relief_payments') IS NOT NULL AS t,
                  EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'relief_payments_change_feed') AS f,
                  EXISTS (SELECT 1 FROM pg_type WHERE typname = 'relief_status') AS ty`,
        )
      )[0];
    expect(await exists()).toEqual({ t: true, f: true, ty: true });
    const [{ name }] = await t.dataSource.query(`SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`);
    expect(name).toBe('ReliefPayments1899000000000');
    await t.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await exists()).toEqual({ t: false, f: false, ty: false });
    expect(await runMigrations(t.dataSource)).toEqual(['ReliefPayments1899000000000']);
    expect(await exists()).toEqual({ t: true, f: true, ty: true });
  });
});

function ok(res: GqlResult): Json {
  if (res.body.errors?.length || !res.body.data) throw new Error(JSON.stringify(res.body.errors ?? res.body));
  return res.body.data as Json;
}

/** The extensions of the first error (code, reason, field). */
function errorOf(res: GqlResult): Json {
  const e = res.body.errors?.[0];
  if (!e) throw new Error(`expected an error, got ${JSON.stringify(res.body.data)}`);
  return e.extensions as Json;
}
