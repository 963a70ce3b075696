import { AuditVerifier } from '../../src/audit/audit-verifier';
import * as iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportFormat, ImportJobEntity, ImportJobStatus } from '../../src/exchange/imports/import-job.entity';
import { ImportRunner } from '../../src/exchange/imports/import-runner';
import { Role } from '../../src/common/access/permissions';
import { generateHouseholds, GeneratedHousehold } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows, toNdjsonLine } from '../../src/demo/registry-format';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { ImportJobView } from '../support/import-job';
import { claimImport } from '../support/import-claim';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const HOUSEHOLDS: GeneratedHousehold[] = [...generateHouseholds({ households: 40, seed: 'import-e2e' })];
const csv = (hs: GeneratedHousehold[] = HOUSEHOLDS) => csvHeaderLine() + hs.map((h) => toCsvRows(h)).join('');

type Job = ImportJobView;

describe('provincial import (批量导入)', () => {
  let t: TestApp;
  let officer: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true', JOBS_POLL_INTERVAL_MS: '50', IMPORT_BATCH_HOUSEHOLDS: '7' });
    await loadRegions(t);
    officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
  });
  afterAll(() => t?.close());

  async function upload(body: Buffer | string, name = 'households.csv', query: Record<string, string> = {}, who: SignedIn = officer) {
    return t.http
      .post('/exchange/imports')
      .query(query)
      .set(who.headers)
      .attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
  }

  async function finished(id: string, who: SignedIn = officer): Promise<Job> {
    for (let i = 0; i < 600; i++) {
      const res = await t.http.get(`/exchange/imports/${id}`).set(who.headers);
      expect(res.status).toBe(200);
      if (res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED') return res.body as Job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import did not finish');
  }

  async function count(sql: string): Promise<number> {
    const rows: { n: string }[] = await t.dataSource.query(sql);
    return Number(rows[0].n);
  }

  it('imports a CSV of households with their members, then a re-import changes nothing and audits nothing', async () => {
    const res = await upload(csv());
    expect(res.status).toBe(202);
    const job = await finished(res.body.id);
    expect(job.errorMessage).toBeNull();
    expect(job.status).toBe('SUCCEEDED');
    const members = HOUSEHOLDS.reduce((n, h) => n + h.members.length, 0);
    expect(job.rowsTotal).toBe(members);
    expect(job.rowsCommitted).toBe(members);
    expect(job.counts.householdsCreated).toBe(HOUSEHOLDS.length);
    expect(job.counts.membersCreated).toBe(members);
    expect(await count(`SELECT count(*) n FROM households`)).toBe(HOUSEHOLDS.length);
    expect(await count(`SELECT count(*) n FROM members WHERE active`)).toBe(members);
    expect(await count(`SELECT count(*) n FROM households WHERE head_member_id IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) n FROM audit_log WHERE operation = 'households.import.create'`)).toBe(HOUSEHOLDS.length);
    // The import's audit rows, appended in bulk (COPY on a server, with the canonical JSON the hash
    // signs as the jsonb text), verify: each row's hash is the one recomputed from the stored row.
    const chain = await t.get(AuditVerifier).verify();
    expect(chain).toMatchObject({ ok: true, checked: await count(`SELECT count(*) n FROM audit_log`) });

    const audit = await count(`SELECT count(*) n FROM audit_log`);
    const feed = await count(`SELECT count(*) n FROM change_feed`);
    const again = await finished((await upload(csv())).body.id);
    expect(again.status).toBe('SUCCEEDED');
    expect(again.counts.householdsUnchanged).toBe(HOUSEHOLDS.length);
    expect(again.counts.householdsCreated + again.counts.householdsUpdated).toBe(0);
    expect(again.counts.membersUnchanged).toBe(members);
    expect(await count(`SELECT count(*) n FROM audit_log`)).toBe(audit);
    expect(await count(`SELECT count(*) n FROM change_feed`)).toBe(feed);

    // The same data as GBK, as Excel in China saves it: detected, and still unchanged.
    const gbk = await finished((await upload(iconv.encode(csv(), 'gbk'), 'gbk.csv')).body.id);
    expect(gbk.status).toBe('SUCCEEDED');
    expect(gbk.counts.householdsUnchanged).toBe(HOUSEHOLDS.length);
  });

  it('the same file again is settled by digests; any other change to a household forgets its digest and the next import writes the file again', async () => {
    // Builds on the first test's import of HOUSEHOLDS.
    const numbers = HOUSEHOLDS.map((h) => h.householdNumber);
    const digests = async () =>
      Number((await t.dataSource.query(`SELECT count(*) n FROM import_digests d JOIN households h ON h.id = d.household_id WHERE h.household_number = ANY($1)`, [numbers]))[0].n);
    expect(await digests()).toBe(HOUSEHOLDS.length);
    const pick = async (sql: string, taken: string[]) => {
      const rows: { household_number: string }[] = await t.dataSource.query(
        `SELECT h.household_number FROM households h WHERE h.household_number = ANY($1) AND NOT h.household_number = ANY($2) AND ${sql} ORDER BY h.household_number LIMIT 1`,
        [numbers, taken],
      );
      expect(rows).toHaveLength(1);
      taken.push(rows[0].household_number);
      return rows[0].household_number;
    };
    const taken: string[] = [];
    const byMember = await pick(`EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id)`, taken);
    const byIncome = await pick(`EXISTS (SELECT 1 FROM household_incomes i WHERE i.household_id = h.id)`, taken);
    const byHousehold = await pick(`true`, taken);
    const byInsurance = await pick(`EXISTS (SELECT 1 FROM member_insurance x JOIN members m ON m.id = x.member_id WHERE m.household_id = h.id)`, taken);
    const noDigest = await pick(`true`, taken);
    const idOf = `(SELECT id FROM households WHERE household_number = $1)`;
    // Changes made outside the import (as the GraphQL mutations make them).
    await t.dataSource.query(`UPDATE members SET name = name || '甲' WHERE household_id = ${idOf} AND relation = 'HEAD'`, [byMember]);
    await t.dataSource.query(`UPDATE household_incomes SET wages = wages + 1 WHERE household_id = ${idOf}`, [byIncome]);
    await t.dataSource.query(`UPDATE households SET housing_area = COALESCE(housing_area, 0) + 1 WHERE household_number = $1`, [byHousehold]);
    await t.dataSource.query(`UPDATE member_insurance SET pension = NOT pension WHERE member_id IN (SELECT id FROM members WHERE household_id = ${idOf})`, [byInsurance]);
    await t.dataSource.query(`DELETE FROM import_digests WHERE household_id = ${idOf}`, [noDigest]);
    expect(await digests()).toBe(HOUSEHOLDS.length - 5);

    const audit = await count(`SELECT count(*) n FROM audit_log`);
    const job = await finished((await upload(csv(), 'again.csv')).body.id);
    expect(job.status).toBe('SUCCEEDED');
    // The four changed households get the file's values back; the one without a digest is compared in full.
    expect(job.counts.householdsUpdated).toBe(4);
    expect(job.counts.householdsUnchanged).toBe(HOUSEHOLDS.length - 4);
    expect(await count(`SELECT count(*) n FROM audit_log`)).toBe(audit + 4);
    expect(await count(`SELECT count(*) n FROM members WHERE active AND name LIKE '%甲'`)).toBe(0);
    expect(await digests()).toBe(HOUSEHOLDS.length);

    // Create-only: every household exists, and a digest never hides that.
    const create = await finished((await upload(csv(), 'create-only.csv', { strategy: 'CREATE' })).body.id);
    expect(create.counts.householdsRejected).toBe(HOUSEHOLDS.length);
    expect(create.counts.householdsUnchanged).toBe(0);
  });

  it('reports a bad row with row, column and code, lands the good households, and writes nothing of the bad one', async () => {
    const hs = [...generateHouseholds({ households: 3, seed: 'bad-row' })];
    const text = csv(hs);
    const lines = text.split('\n');
    // Row 3 of the file (second data row): break the member's ID checksum.
    const bad = hs[0].members.length > 1 ? 2 : hs[0].members.length + 1; // a data line index of household 0 or 1
    const id = lines[bad].match(/\d{17}[\dX]/g)!.pop()!;
    const broken = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    lines[bad] = lines[bad].split(id).join(broken);
    const job = await finished((await upload(lines.join('\n'))).body.id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.counts.householdsRejected).toBe(1);
    expect(job.counts.householdsCreated).toBe(2);
    const report = await t.http.get(`/exchange/imports/${job.id}/report.csv`).set(officer.headers);
    expect(report.status).toBe(200);
    expect(report.text.startsWith('\uFEFF行号,户编号,列,字段,级别,代码,说明')).toBe(true);
    expect(report.text).toContain(`${bad + 1},`);
    expect(report.text).toMatch(/证件号码,members.idNumber,错误,CITIZEN_ID/);
    const rejectedNumber = report.text.split('\n')[1].split(',')[1];
    expect(await count(`SELECT count(*) n FROM households WHERE household_number = '${rejectedNumber}'`)).toBe(0);
    const gql = await t.gql<{ importJob: { problems: { edges: { node: { rowNumber: number; column: string; code: string } }[] } } }>(
      `query($id: ID!) { importJob(id: $id) { status problems(first: 10) { edges { node { rowNumber column code } } } } }`,
      { id: job.id },
      officer.headers,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data!.importJob.problems.edges[0].node.column).toBe('证件号码');
  });

  it('an ID number shared by two households of the file: the second is refused and named, nothing half-written', async () => {
    const [a, b] = [...generateHouseholds({ households: 2, seed: 'shared-id' })];
    const shared = { ...b, members: [b.members[0], { ...a.members[0], relation: '99' as const }] } as GeneratedHousehold;
    const job = await finished((await upload(csv([a, shared]), 'shared.csv')).body.id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.counts.householdsCreated).toBe(1);
    expect(job.counts.householdsRejected).toBe(1);
    const problems: { code: string; household_number: string }[] = await t.dataSource.query(`SELECT code, household_number FROM import_problems WHERE job_id = $1`, [job.id]);
    expect(problems.map((p) => p.code)).toContain('ID_NUMBER_IN_OTHER_HOUSEHOLD');
    expect(await count(`SELECT count(*) n FROM households WHERE household_number = '${b.householdNumber}'`)).toBe(0);
  });

  it('dry run validates and counts without changing anything', async () => {
    const hs = [...generateHouseholds({ households: 5, seed: 'dry-run' })];
    const before = await count(`SELECT count(*) n FROM households`);
    const job = await finished((await upload(csv(hs), 'dry.csv', { dryRun: 'true' })).body.id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.counts.householdsCreated).toBe(5);
    expect(await count(`SELECT count(*) n FROM households`)).toBe(before);
  });

  it('all or nothing: one bad household and nothing lands', async () => {
    const hs = [...generateHouseholds({ households: 4, seed: 'atomic' })];
    const text = csv(hs).replace(/,(\d{12}),/, ',999999999999,');
    const before = await count(`SELECT count(*) n FROM households`);
    const job = await finished((await upload(text, 'atomic.csv', { atomic: 'true' })).body.id);
    expect(job.status).toBe('FAILED');
    expect(job.errorCode).toBe('ATOMIC_REJECTED');
    expect(job.problemCount).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) n FROM households`)).toBe(before);
  });

  it('a town officer imports only into their town', async () => {
    const town = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    const hs = [...generateHouseholds({ households: 6, seed: 'town-scope' })].filter((h) => !h.villageCode.startsWith('410106001'));
    const job = await finished((await upload(csv(hs), 'town.csv', {}, town)).body.id, town);
    expect(job.counts.householdsCreated).toBe(0);
    expect(job.counts.householdsRejected).toBe(hs.length);
    const outside = await upload(csv(hs), 'x.csv', { regionCode: R.town }, town);
    expect(outside.status).toBe(404);
    expect(outside.body.errors[0].extensions.field).toBe('regionCode');
  });

  it('refuses an empty file, an unknown format and wrong headers with coded errors', async () => {
    const empty = await upload('', 'empty.csv');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].extensions.reason).toBe('EMPTY_FILE');
    const headers = await finished((await upload('名字,年龄\n张三,3\n', 'wrong.csv')).body.id);
    expect(headers.status).toBe('FAILED');
    expect(headers.errorCode).toBe('MISSING_COLUMNS');
    expect(await count(`SELECT count(*) n FROM households WHERE household_number = '张三'`)).toBe(0);
    const bad = await upload('x', 'x.csv', { strategy: 'MERGE' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.field).toBe('strategy');
  });

  it('the same file cannot be queued twice at once for one region', async () => {
    const hs = [...generateHouseholds({ households: 30, seed: 'twice' })];
    const first = await upload(csv(hs), 'twice.csv');
    const second = await upload(csv(hs), 'twice.csv');
    expect([202, 409]).toContain(second.status);
    if (second.status === 409) expect(second.body.errors[0].extensions.reason).toBe('IMPORT_ALREADY_RUNNING');
    await finished(first.body.id);
    if (second.status === 202) await finished(second.body.id);
  });

  it('a member whose insurance cells are blank gets no insurance record made up for the year', async () => {
    const [h] = [...generateHouseholds({ households: 1, seed: 'blank-insurance' })];
    const line = JSON.parse(toNdjsonLine(h)) as { members: Record<string, unknown>[] };
    expect(line.members[0].insurance).toBeDefined();
    line.members[0].insurance = { basicMedical: null, seriousIllness: null, pension: null, supplementaryMedical: null, accidentSubsidy: null };
    const job = await finished((await upload(`${JSON.stringify(line)}\n`, 'insurance.ndjson')).body.id);
    expect(job.errorMessage).toBeNull();
    expect(job.counts.householdsCreated).toBe(1);
    const rows: { id: string; n: string }[] = await t.dataSource.query(
      `SELECT m.id, count(x.member_id) n FROM members m JOIN households h ON h.id = m.household_id LEFT JOIN member_insurance x ON x.member_id = m.id
       WHERE h.household_number = $1 GROUP BY m.id, m.relation ORDER BY (m.relation = 'HEAD') DESC`,
      [h.householdNumber],
    );
    expect(rows.map((r) => Number(r.n))).toEqual([0, ...Array(h.members.length - 1).fill(1)]);
  });

  describe('jobs and the workers that hold them', () => {
    const runningJob = async (hs: GeneratedHousehold[], patch: Partial<ImportJobEntity> = {}) => {
      const file = join(mkdtempSync(join(tmpdir(), 'jzfp-import-')), 'households.csv');
      writeFileSync(file, csv(hs));
      return t.dataSource.getRepository(ImportJobEntity).save({
        status: ImportJobStatus.RUNNING,
        format: ImportFormat.CSV,
        fileName: 'households.csv',
        filePath: file,
        fileSha256: randomBytes(32).toString('hex'),
        fileSize: '1',
        regionCode: R.district,
        createdByName: 'test',
        ...patch,
      });
    };
    type JobRow = { state: string; attempts: number; region_code: string | null; last_error: string | null };
    const jobRow = async (importId: string): Promise<JobRow> =>
      (await t.dataSource.query(`SELECT state, attempts, region_code, last_error FROM jobs WHERE singleton_key = $1`, [`import:${importId}`]))[0];
    // The import's own status is written before the runner settles its job, in a later statement:
    // wait for the job to leave 'active' rather than read it at once.
    const settledJobRow = (importId: string): Promise<JobRow> =>
      waitFor(async () => {
        const row = await jobRow(importId);
        return row && row.state !== 'active' && row.state !== 'queued' ? row : undefined;
      }, { what: `the job of import ${importId} to settle` });

    it('an upload is one job of the runner (queue imports.run, the import\'s region), completed when the import ends', async () => {
      const id: string = (await upload(csv([...generateHouseholds({ households: 2, seed: 'one-runner-job' })]), 'runner-job.csv')).body.id;
      const job = await finished(id);
      expect(job.status).toBe('SUCCEEDED');
      expect(job.attempts).toBe(1);
      expect(await settledJobRow(id)).toMatchObject({ state: 'completed', attempts: 1, region_code: R.district, last_error: null });
      const [payload] = await t.dataSource.query(`SELECT id, queue, payload FROM jobs WHERE singleton_key = $1`, [`import:${id}`]);
      expect(payload).toEqual({ id: expect.any(String), queue: 'imports.run', payload: { importId: id } });
      // The jobs query shows it to the district, not to an administrator of one of its towns.
      const Q = `{ jobs(queue: "imports.run", first: 100) { edges { node { id regionCode state } } } }`;
      type Jobs = { jobs: { edges: { node: { id: string; regionCode: string; state: string } }[] } };
      const district = await t.gql<Jobs>(Q, {}, officer.headers);
      expect(district.body.errors).toBeUndefined();
      expect(district.body.data!.jobs.edges.map((e) => e.node)).toContainEqual({ id: payload.id, regionCode: R.district, state: 'COMPLETED' });
      const town = await t.gql<Jobs>(Q, {}, (await signIn(t, Role.DISTRICT_ADMIN, R.town)).headers);
      expect(town.body.errors).toBeUndefined();
      expect(town.body.data!.jobs.edges.map((e) => e.node.id)).not.toContain(payload.id);
    });

    it('a failed import is a completed job: the failure is the import\'s status', async () => {
      const id: string = (await upload('not,a,registry\n1,2,3\n', 'not-registry.csv')).body.id;
      const job = await finished(id);
      expect(job.status).toBe('FAILED');
      expect(job.errorCode).not.toBeNull();
      expect((await settledJobRow(id)).state).toBe('completed');
    });

    it('a worker whose job another instance took over writes nothing and leaves the job to it', async () => {
      const hs = [...generateHouseholds({ households: 3, seed: 'taken-over' })];
      const job = await runningJob(hs);
      // The job was claimed twice: this worker holds the first claim, which no longer counts.
      const second = await claimImport(t.dataSource, job.id, { attempt: 2, owner: 'another-instance' });
      await t.get(ImportRunner).run(job, { ...second, owner: 'this-instance', attempt: 1 });
      const after = await t.dataSource.getRepository(ImportJobEntity).findOneByOrFail({ id: job.id });
      expect(after.status).toBe(ImportJobStatus.RUNNING);
      expect(after.rowsCommitted).toBe(0);
      expect(after.counts.households?.created ?? 0).toBe(0);
      expect(await count(`SELECT count(*) n FROM households WHERE household_number IN (${hs.map((h) => `'${h.householdNumber}'`).join(',')})`)).toBe(0);
      expect(await count(`SELECT count(*) n FROM import_problems WHERE job_id = '${job.id}'`)).toBe(0);
      // The claim that holds runs it to the end.
      await t.get(ImportRunner).run(after, second);
      const done = await t.dataSource.getRepository(ImportJobEntity).findOneByOrFail({ id: job.id });
      expect(done.status).toBe(ImportJobStatus.SUCCEEDED);
      expect(done.counts.households?.created).toBe(3);
      expect(done.attempts).toBe(2);
    });

    it('a job whose runner died IMPORT_MAX_ATTEMPTS times is dead and its import fails as TOO_MANY_ATTEMPTS; fewer times, it resumes', async () => {
      const worn = await runningJob([...generateHouseholds({ households: 1, seed: 'worn-out' })]);
      const fresh = await runningJob([...generateHouseholds({ households: 1, seed: 'resumed' })]);
      // Claimed by runners that died: leases expired, 5 (IMPORT_MAX_ATTEMPTS) and 1 attempts spent.
      await claimImport(t.dataSource, worn.id, { attempt: 5, maxAttempts: 5, owner: 'a-dead-runner', leaseMs: -1000 });
      await claimImport(t.dataSource, fresh.id, { attempt: 1, maxAttempts: 5, owner: 'a-dead-runner', leaseMs: -1000 });
      const failed = await finished(worn.id);
      expect([failed.status, failed.errorCode]).toEqual(['FAILED', 'TOO_MANY_ATTEMPTS']);
      expect((await settledJobRow(worn.id)).state).toBe('dead');
      const resumed = await finished(fresh.id);
      expect([resumed.status, resumed.attempts]).toEqual(['SUCCEEDED', 2]);
      expect((await settledJobRow(fresh.id)).state).toBe('completed');
    });
  });
});
