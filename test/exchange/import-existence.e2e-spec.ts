import { Role } from '../../src/common/access/permissions';
import { generateHouseholds, GeneratedHousehold } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { ImportJobView } from '../support/import-job';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const csv = (hs: GeneratedHousehold[]) => csvHeaderLine() + hs.map((h) => toCsvRows(h)).join('');

/**
 * Issue #10 item 16: an import must not tell a town officer that a 户编号 or a person exists in
 * another region. A household or person outside the import's scope answers exactly as one inside
 * it would (number taken, person in another household) or as a missing one (update only).
 */
describe('import: no existence oracle across regions', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  // A: in 峡窝镇 (outside the town officer's scope); B: in 济源路街道 (inside it).
  let a: GeneratedHousehold;
  let b: GeneratedHousehold;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    const [x, y] = [...generateHouseholds({ households: 2, seed: 'existence' })];
    a = { ...x, villageCode: R.village };
    b = { ...y, villageCode: R.villageOfSiblingTown };
    const job = await finished((await upload(csv([a, b]), 'seed.csv', {}, district)).body.id, district);
    expect(job.counts).toMatchObject({ householdsCreated: 2, householdsRejected: 0 });
  });
  afterAll(() => t?.close());

  async function upload(body: string, name: string, query: Record<string, string>, who: SignedIn) {
    return t.http.post('/exchange/imports').query(query).set(who.headers).attach('file', Buffer.from(body, 'utf8'), name);
  }

  async function finished(id: string, who: SignedIn): Promise<ImportJobView> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await t.http.get(`/exchange/imports/${id}`).set(who.headers);
      expect(res.status).toBe(200);
      if (res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED') return res.body as ImportJobView;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import did not finish');
  }

  /** The town officer imports `hs`; the error problems per household, with the file's own number written as N. */
  async function problems(hs: GeneratedHousehold[], strategy: string, name: string): Promise<Record<string, string[]>> {
    const job = await finished((await upload(csv(hs), name, { strategy }, town)).body.id, town);
    expect(job.status).toBe('SUCCEEDED');
    const rows: { household_number: string; code: string; column: string; message: string }[] = await t.dataSource.query(
      `SELECT household_number, code, "column", message FROM import_problems WHERE job_id = $1 AND severity = 'ERROR' ORDER BY row_number, code`,
      [job.id],
    );
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.household_number] ??= []).push(`${r.column}|${r.code}|${r.message.split(r.household_number).join('N')}`);
    return out;
  }

  it('a household number of another region answers as one in scope (create) or as a missing one (update)', async () => {
    // The same rows, placed in the officer's own village; only the number's owner differs.
    const outside = { ...a, villageCode: R.villageOfSiblingTown, members: b.members };
    const inside = { ...b };
    const [missing] = [...generateHouseholds({ households: 1, seed: 'existence-missing' })].map((h) => ({ ...h, villageCode: R.villageOfSiblingTown, members: b.members }));
    for (const strategy of ['CREATE', 'CREATE_AND_UPDATE']) {
      const got = await problems([outside], strategy, `out-${strategy}.csv`);
      const taken = strategy === 'CREATE' ? await problems([inside], strategy, `in-${strategy}.csv`) : null;
      expect(got[a.householdNumber]).toContain(`户编号|HOUSEHOLD_NUMBER_TAKEN|户编号 N 已被使用，不能新增 (household number already in use)`);
      // Its members are B's: another household, whichever region (never "this is household A's person").
      expect(got[a.householdNumber].filter((p) => p.includes('ID_NUMBER_IN_OTHER_HOUSEHOLD'))).toHaveLength(b.members.length);
      if (taken) expect(taken[b.householdNumber]).toEqual([`户编号|HOUSEHOLD_NUMBER_TAKEN|户编号 N 已被使用，不能新增 (household number already in use)`]);
    }
    const updOutside = await problems([{ ...outside, members: a.members }], 'UPDATE', 'out-update.csv');
    const updMissing = await problems([{ ...missing, members: a.members }], 'UPDATE', 'missing-update.csv');
    expect(updOutside[a.householdNumber]).toEqual(updMissing[missing.householdNumber]);
    expect(updOutside[a.householdNumber]).toContain(`户编号|HOUSEHOLD_NOT_FOUND|户编号 N 不存在（仅更新模式）(not found; the strategy updates only)`);
    expect(JSON.stringify(updOutside)).not.toMatch(/范围|scope/);
  });

  it('a person registered in another region is refused exactly as one registered in the officer’s own town, naming no household', async () => {
    const [n1, n2] = [...generateHouseholds({ households: 2, seed: 'existence-persons' })].map((h) => ({ ...h, villageCode: R.villageOfSiblingTown }));
    const got = await problems([{ ...n1, members: [a.members[0]] }, { ...n2, members: [b.members[0]] }], 'CREATE_AND_UPDATE', 'persons.csv');
    const one = '证件号码|ID_NUMBER_IN_OTHER_HOUSEHOLD|该证件号码的人员已是其他贫困户的在册成员，一人只能属于一个贫困户 (this person is already a member of another household)';
    expect(got[n1.householdNumber]).toEqual([one]);
    expect(got[n2.householdNumber]).toEqual([one]);
    const text = JSON.stringify(got);
    expect(text).not.toContain(a.householdNumber);
    expect(text).not.toContain(b.householdNumber);
    expect(text).not.toMatch(/范围|scope/);
  });
});
