import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { permissionsOf } from '../../src/app.permissions';
import { Role } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { HelperEntity } from '../../src/assistance/assistance.entities';
import { PairingsRepository } from '../../src/assistance/pairings.repository';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { checkRegionMatrix } from '../support/access-matrix';
import { CompiledReads } from '../../src/common/graphql/compiled-read';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>;

const VILLAGE_WITHOUT_HELPER = '410106100202'; // 西林子村: §5 coverage test
const VILLAGE_SUMMARY = '410106100203'; // 营坡顶村: visits per period
const VILLAGE_BATCH = '410106100204'; // 东林子村: nested page, no N+1
const MISSING = '00000000-0000-4000-8000-000000000000';

const PAIR = `mutation($i: PairHelperInput!) { pairHelper(input: $i) { pairing { id helperId householdId regionCode startOn endOn version } } }`;
const END_PAIRING = `mutation($i: EndPairingInput!) { endPairing(input: $i) { pairing { id endOn endReason version } } }`;
const LOG_VISIT = `mutation($i: LogVisitInput!) { logVisit(input: $i) { visit { id helperId householdId regionCode visitedOn delivered notes } } }`;
const CREATE_HELPER = `mutation($i: CreateHelperInput!) { createHelper(input: $i) { helper { id name phone regionCode version unit { id name } } } }`;
const WITHOUT_HELPER = `query($r: String, $asOf: LocalDate) {
  householdsWithoutHelper(regionCode: $r, asOf: $asOf, first: 100) { totalCount edges { node { id householdNumber } } } }`;

describe('assistance (§4, §5): helpers paired with households, visits, village teams', () => {
  let t: TestApp;
  let secrets: Secrets;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let siblingTown: SignedIn;
  let unitId: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    secrets = t.get<Secrets>(SECRETS as never);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    const unit = await t.gql(
      `mutation { createAssistingUnit(input: { name: "上街区财政局", kind: PARTY_GOVERNMENT, regionCode: "${R.district}" }) { assistingUnit { id regionCode } } }`,
      {},
      district.headers,
    );
    unitId = ok(unit).createAssistingUnit.assistingUnit.id;
  });
  afterAll(() => t?.close());

  /**
   * A household of the registry, inserted as the core module stores it (contact phone encrypted),
   * with the history its status and validity imply: registered on `registeredOn` (default
   * 2014-05-15) unless a candidate, exited on 10 November of `exitYear`, returned (RETURNED: exited
   * 2015, returned 2017-04-20), removed (REMOVED) on `removedOn` (default 2015-06-01).
   */
  async function household(
    regionCode: string,
    opts: { status?: string | null; validity?: string; exitYear?: number; registeredOn?: string; removedOn?: string } = {},
  ) {
    seq += 1;
    const householdNumber = `${regionCode}${String(seq).padStart(4, '0')}`;
    const validity = opts.validity ?? 'ACTIVE';
    const status = opts.status === undefined ? 'NOT_EXITED' : opts.status;
    const registeredOn = opts.registeredOn ?? '2014-05-15';
    const [row] = await t.dataSource.query(
      `INSERT INTO households (household_number, region_code, validity, status, exit_year, year_registered, attribute, primary_cause, contact_phone_enc)
       VALUES ($1, $2, $3, $4, $5, $6, 'GENERAL_POOR', 'ILLNESS', $7) RETURNING id`,
      [householdNumber, regionCode, validity, status, opts.exitYear ?? null, validity === 'CANDIDATE' ? null : Number(registeredOn.slice(0, 4)), secrets.cipher.encrypt('13700001111')],
    );
    const event = (on: string, toStatus: string | null, toValidity: string | null, exitYear: number | null = null) =>
      t.dataSource.query(
        `INSERT INTO household_events (household_id, region_code, kind, effective_on, to_status, to_validity, exit_year) VALUES ($1, $2, 'STATUS_CHANGED', $3, $4, $5, $6)`,
        [row.id, regionCode, on, toStatus, toValidity, exitYear],
      );
    if (validity !== 'CANDIDATE') await event(registeredOn, 'NOT_EXITED', 'ACTIVE');
    if (status === 'RETURNED') {
      await event('2015-11-10', 'EXITED', null, 2015);
      await event('2017-04-20', 'RETURNED', null);
    } else if (status && status !== 'NOT_EXITED' && opts.exitYear) {
      await event(`${opts.exitYear}-11-10`, status, null, opts.exitYear);
    }
    if (validity === 'REMOVED') await event(opts.removedOn ?? '2015-06-01', null, 'REMOVED');
    return { id: row.id as string, householdNumber };
  }

  async function helper(who: SignedIn, regionCode: string, name = `帮扶人${++seq}`, phone?: string): Promise<string> {
    const res = await t.gql(CREATE_HELPER, { i: { name, unitId, regionCode, position: '科员', phone } }, who.headers);
    return ok(res).createHelper.helper.id;
  }

  async function pair(who: SignedIn, helperId: string, householdId: string, startOn: string): Promise<string> {
    return ok(await t.gql(PAIR, { i: { helperId, householdId, startOn } }, who.headers)).pairHelper.pairing.id;
  }

  async function visit(who: SignedIn, helperId: string, householdId: string, visitedOn: string, delivered = ['TECHNOLOGY']) {
    return t.gql(LOG_VISIT, { i: { helperId, householdId, visitedOn, delivered, notes: '了解种植情况' } }, who.headers);
  }

  it('§5 every household paired with a helper, including exited ones: householdsWithoutHelper lists exactly the unpaired ones; a household that exits keeps its pairing', async () => {
    const v = VILLAGE_WITHOUT_HELPER;
    const pairedPoor = await household(v);
    const pairedExited = await household(v, { status: 'EXITED', exitYear: 2017 });
    const unpairedPoor = await household(v);
    const unpairedExited = await household(v, { status: 'EXITED', exitYear: 2016 });
    const unpairedNoPolicy = await household(v, { status: 'EXITED_NO_POLICY', exitYear: 2016 });
    const pairingEnded = await household(v, { status: 'RETURNED' });
    await household(v, { validity: 'REMOVED', status: 'NOT_EXITED' }); // 剔除: not on the roll
    await household(v, { validity: 'CANDIDATE', status: null }); // proposed, not yet registered
    const h = await helper(town, R.town);
    await pair(town, h, pairedPoor.id, '2017-01-01');
    await pair(town, h, pairedExited.id, '2017-01-01');
    const ended = await pair(town, h, pairingEnded.id, '2017-01-01');
    ok(await t.gql(END_PAIRING, { i: { pairingId: ended, endOn: '2018-06-30', reason: '帮扶责任人调动 (helper transferred)' } }, town.headers));

    const numbers = async (asOf?: string) => {
      const res = ok(await t.gql(WITHOUT_HELPER, { r: v, asOf }, town.headers)).householdsWithoutHelper;
      expect(res.totalCount).toBe(res.edges.length);
      return res.edges.map((e: Json) => e.node.householdNumber);
    };
    const sorted = (...hs: { householdNumber: string }[]) => hs.map((x) => x.householdNumber).sort();
    // Today: the exited but unpaired ones are listed too, the removed and candidate ones never.
    expect(await numbers()).toEqual(sorted(unpairedPoor, unpairedExited, unpairedNoPolicy, pairingEnded));
    // On a date the ended pairing was still running.
    expect(await numbers('2018-03-01')).toEqual(sorted(unpairedPoor, unpairedExited, unpairedNoPolicy));
    expect(await numbers('2016-12-31')).toEqual(sorted(pairedPoor, pairedExited, unpairedPoor, unpairedExited, unpairedNoPolicy, pairingEnded));

    // The household exits (脱贫不脱帮扶): its pairing stays, it does not appear among the unpaired.
    await t.dataSource.query(`UPDATE households SET status = 'EXITED', exit_year = 2018, version = version + 1 WHERE id = $1`, [pairedPoor.id]);
    expect(await numbers()).toEqual(sorted(unpairedPoor, unpairedExited, unpairedNoPolicy, pairingEnded));
    const kept = ok(
      await t.gql(
        `query($h: ID) { pairings(householdId: $h) { totalCount edges { node { helperId startOn endOn helper { name } household { householdNumber status { value } } } } } }`,
        { h: pairedPoor.id },
        town.headers,
      ),
    ).pairings;
    expect(kept.totalCount).toBe(1);
    expect(kept.edges[0].node).toMatchObject({
      helperId: h,
      startOn: '2017-01-01',
      endOn: null,
      household: { householdNumber: pairedPoor.householdNumber, status: { value: 'EXITED' } },
    });
    // And a visit to it after the exit is still logged; the registry's household shows both.
    expect(ok(await visit(town, h, pairedPoor.id, '2018-12-20')).logVisit.visit.householdId).toBe(pairedPoor.id);
    const seen = ok(
      await t.gql(`query($id: ID!) { household(id: $id) { helpers { helperId endOn } visits { visitedOn helperId } } }`, { id: pairedPoor.id }, town.headers),
    ).household;
    expect(seen).toEqual({ helpers: [{ helperId: h, endOn: null }], visits: [{ visitedOn: '2018-12-20', helperId: h }] });

    // Pairing that household once more is a conflict, and a town officer sees only its scope.
    const again = await t.gql(PAIR, { i: { helperId: h, householdId: pairedPoor.id, startOn: '2018-01-01' } }, town.headers);
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAIRED' });
    const foreign = ok(await t.gql(WITHOUT_HELPER, { r: v }, siblingTown.headers)).householdsWithoutHelper;
    expect(foreign).toEqual({ totalCount: 0, edges: [] });
  });

  it('householdsWithoutHelper(asOf) lists the households on the roll on that date and answers as of it; fields without history are refused (issue #10)', async () => {
    const v = '410106100209';
    const exitedLater = await household(v, { status: 'EXITED', exitYear: 2018 });
    const registeredLater = await household(v, { registeredOn: '2017-05-15' });
    const removedLater = await household(v, { validity: 'REMOVED', removedOn: '2017-06-01' });
    const NODE = `householdNumber validity status { value } exitYear yearRegistered`;
    const list = async (asOf?: string) =>
      ok(await t.gql(`query($r: String, $asOf: LocalDate) { householdsWithoutHelper(regionCode: $r, asOf: $asOf, first: 100) { edges { node { ${NODE} } } } }`, { r: v, asOf }, town.headers))
        .householdsWithoutHelper.edges.map((e: Json) => e.node)
        .sort((a: Json, b: Json) => a.householdNumber.localeCompare(b.householdNumber));
    // Today: the one removed since is off the roll; the exit of 2018 shows.
    expect(await list()).toEqual([
      { householdNumber: exitedLater.householdNumber, validity: 'ACTIVE', status: { value: 'EXITED' }, exitYear: 2018, yearRegistered: 2014 },
      { householdNumber: registeredLater.householdNumber, validity: 'ACTIVE', status: { value: 'NOT_EXITED' }, exitYear: null, yearRegistered: 2017 },
    ]);
    // Year-end 2016: the roll of that date (not yet registered: not listed; removed later: listed), each as it was then.
    expect(await list('2016-12-31')).toEqual([
      { householdNumber: exitedLater.householdNumber, validity: 'ACTIVE', status: { value: 'NOT_EXITED' }, exitYear: null, yearRegistered: 2014 },
      { householdNumber: removedLater.householdNumber, validity: 'ACTIVE', status: { value: 'NOT_EXITED' }, exitYear: null, yearRegistered: 2014 },
    ]);
    // Fields without history are refused, each named, before anything is read; without a date they are answered.
    const refused = await t.gql(
      `query($r: String) { householdsWithoutHelper(regionCode: $r, asOf: "2016-12-31") { edges { node { householdNumber attribute { value } helpers { startOn } } } } }`,
      { r: v },
      town.headers,
    );
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [
        { field: 'householdsWithoutHelper.edges.node.attribute', reason: 'NOT_AVAILABLE_AS_OF' },
        { field: 'householdsWithoutHelper.edges.node.helpers', reason: 'NOT_AVAILABLE_AS_OF' },
      ],
    });
    const today = ok(await t.gql(`query($r: String) { householdsWithoutHelper(regionCode: $r) { edges { node { attribute { value } helpers { startOn } } } } }`, { r: v }, town.headers));
    expect(today.householdsWithoutHelper.edges).toHaveLength(2);
  });

  it('§5 a visit by a helper not paired with the household on that date is refused with a coded error', async () => {
    const hh = await household(R.village);
    const paired = await helper(town, R.town);
    const unpaired = await helper(town, R.town);
    const pairingId = await pair(town, paired, hh.id, '2018-03-01');
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM visits`);

    const byUnpaired = await visit(village, unpaired, hh.id, '2018-04-10');
    expect(byUnpaired.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HELPER_NOT_PAIRED', field: 'helperId' });
    const beforePairing = await visit(village, paired, hh.id, '2018-02-28');
    expect(beforePairing.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HELPER_NOT_PAIRED' });
    const nobody = await visit(village, MISSING, hh.id, '2018-04-10');
    expect(nobody.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HELPER_NOT_PAIRED' });
    const future = await visit(village, paired, hh.id, '2999-01-01');
    expect(future.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_IN_FUTURE' });
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM visits`)).toEqual(before);

    const logged = ok(await visit(village, paired, hh.id, '2018-04-10', ['TECHNOLOGY', 'INFORMATION', 'TECHNOLOGY'])).logVisit.visit;
    expect(logged).toMatchObject({ helperId: paired, householdId: hh.id, regionCode: R.village, visitedOn: '2018-04-10', delivered: ['TECHNOLOGY', 'INFORMATION'] });

    // A pairing cannot end before a visit it already has; once ended, a visit after its last day is refused.
    const early = await t.gql(END_PAIRING, { i: { pairingId, endOn: '2018-04-09', reason: '调整帮扶' } }, town.headers);
    expect(early.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'END_BEFORE_LOGGED_VISIT' });
    const stale = await t.gql(END_PAIRING, { i: { pairingId, endOn: '2018-06-30', reason: '调整帮扶', version: 7 } }, town.headers);
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(ok(await t.gql(END_PAIRING, { i: { pairingId, endOn: '2018-06-30', reason: '调整帮扶', version: 1 } }, town.headers)).endPairing.pairing).toMatchObject({
      endOn: '2018-06-30',
      endReason: '调整帮扶',
      version: 2,
    });
    expect(ok(await visit(village, paired, hh.id, '2018-06-30')).logVisit.visit.visitedOn).toBe('2018-06-30');
    const after = await visit(village, paired, hh.id, '2018-07-01');
    expect(after.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HELPER_NOT_PAIRED' });
    const twice = await t.gql(END_PAIRING, { i: { pairingId, endOn: '2018-08-01', reason: '调整帮扶' } }, town.headers);
    expect(twice.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PAIRING_ALREADY_ENDED' });
  });

  it('§5 a town officer cannot pair a helper with a household of a neighbouring town: it answers NOT_FOUND as if missing', async () => {
    const own = await helper(town, R.village);
    const neighbours = await household(R.villageOfSiblingTown);
    const strip = (r: GqlResult, id: string) => JSON.stringify(r.body).split(id).join('<id>');
    const res = await t.gql(PAIR, { i: { helperId: own, householdId: neighbours.id, startOn: '2018-01-01' } }, town.headers);
    const missing = await t.gql(PAIR, { i: { helperId: own, householdId: MISSING, startOn: '2018-01-01' } }, town.headers);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND' });
    expect(res.status).toBe(missing.status);
    expect(strip(res, neighbours.id)).toBe(strip(missing, MISSING));
    expect(await t.dataSource.query(`SELECT id FROM pairings WHERE household_id = $1`, [neighbours.id])).toEqual([]);
    // Nor can it use the neighbouring town's helper on its own household.
    const theirs = await helper(siblingTown, R.villageOfSiblingTown);
    const ours = await household(R.village);
    const res2 = await t.gql(PAIR, { i: { helperId: theirs, householdId: ours.id, startOn: '2018-01-01' } }, town.headers);
    expect(res2.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'HELPER_NOT_FOUND' });
  });

  it('region scope: helpers of other regions answer exactly as missing ones (role × region matrix, Query.helper)', async () => {
    const findings = await checkRegionMatrix(
      t,
      {
        name: 'Query.helper',
        missingId: MISSING,
        target: async (region) => {
          const [row] = await t.dataSource.query(`INSERT INTO helpers (name, unit_id, region_code) VALUES ('矩阵', $1, $2) RETURNING id`, [unitId, region]);
          return row.id as string;
        },
        run: (caller, id) => t.gql(`query($id: ID!) { helper(id: $id) { id regionCode phone } }`, { id }, caller.headers),
        reached: (res) => !!(res.body.data as Json | undefined)?.helper?.id,
      },
      [Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SUPERVISOR],
    );
    expect(findings).toEqual([]);
  });

  it('region scope: pairing a helper with a household outside the scope answers as a missing household (role × region matrix, Mutation.pairHelper)', async () => {
    const homes = new Map<string, string>();
    const helperAt = new Map<string, string>();
    const findings = await checkRegionMatrix(
      t,
      {
        name: 'Mutation.pairHelper',
        missingId: MISSING,
        target: async (region) => (await household(region)).id,
        run: async (caller, householdId) => {
          let home = homes.get(caller.token);
          if (!home) {
            home = ok(await t.gql(`{ viewer { regionCode } }`, {}, caller.headers)).viewer.regionCode as string;
            homes.set(caller.token, home);
          }
          let h = helperAt.get(home);
          if (!h) {
            const [row] = await t.dataSource.query(`INSERT INTO helpers (name, unit_id, region_code) VALUES ('矩阵', $1, $2) RETURNING id`, [unitId, home]);
            h = row.id as string;
            helperAt.set(home, h);
          }
          return t.gql(`mutation($i: PairHelperInput!) { pairHelper(input: $i) { pairing { id } } }`, { i: { helperId: h, householdId, startOn: '2018-01-01' } }, caller.headers);
        },
        reached: (res) => !!(res.body.data as Json | undefined)?.pairHelper?.pairing?.id,
      },
      [Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.DISTRICT_OFFICER],
    );
    expect(findings).toEqual([]);
  });

  it("§5 helpers' phone numbers are never stored in plain text, are masked in answers and the audit trail, and are revealed only with a reason", async () => {
    const phone = '13912345678';
    const created = ok(
      await t.gql(CREATE_HELPER, { i: { name: '王建国', unitId, regionCode: R.town, position: '副局长', phone } }, town.headers),
    ).createHelper.helper;
    expect(created).toMatchObject({ name: '王建国', phone: '139****5678', regionCode: R.town, version: 1, unit: { id: unitId, name: '上街区财政局' } });

    const raw = await t.dataSource.query(`SELECT * FROM helpers WHERE id = $1`, [created.id]);
    expect(JSON.stringify(raw)).not.toContain(phone);
    expect(raw[0].phone_hash).toBe(secrets.cipher.blindIndex(phone, 'phone'));
    expect(secrets.cipher.decrypt(raw[0].phone_enc)).toBe(phone);

    const read = ok(await t.gql(`query($id: ID!) { helper(id: $id) { phone } }`, { id: created.id }, village.headers));
    expect(read.helper).toBeNull(); // a town helper is outside a village officer's scope
    const byPhone = ok(await t.gql(`query($p: String) { helpers(phone: $p) { totalCount edges { node { id phone } } } }`, { p: phone }, district.headers)).helpers;
    expect(byPhone).toEqual({ totalCount: 1, edges: [{ node: { id: created.id, phone: '139****5678' } }] });

    const UPDATE = `mutation($i: UpdateHelperInput!) { updateHelper(input: $i) { helper { phone position version } } }`;
    const updated = ok(await t.gql(UPDATE, { i: { id: created.id, version: 1, phone: '13811112222', position: '' } }, town.headers)).updateHelper.helper;
    expect(updated).toEqual({ phone: '138****2222', position: null, version: 2 });
    const stale = await t.gql(UPDATE, { i: { id: created.id, version: 1, name: '王建军' } }, town.headers);
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const foreign = await t.gql(UPDATE, { i: { id: created.id, version: 2, name: '王建军' } }, siblingTown.headers);
    expect(foreign.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'HELPER_NOT_FOUND' });

    const audit = await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [created.id]);
    expect(audit.map((a: Json) => a.operation)).toEqual(['assistance.createHelper', 'assistance.updateHelper']);
    expect(JSON.stringify(audit)).not.toMatch(/13912345678|13811112222|phone_?(enc|hash)/i);
    expect(audit[0].changes.phone).toEqual({ from: null, to: '139****5678' });
    expect(audit[1].changes).toEqual({ phone: { from: '139****5678', to: '138****2222' }, position: { from: '副局长', to: null } });

    const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: HELPER_PHONE, id: $id, reason: $r }) { value } }`;
    expect(ok(await t.gql(REVEAL, { id: created.id, r: '电话联系帮扶人 (call the helper)' }, town.headers)).revealPersonalData.value).toBe('13811112222');
    const [unmask] = await t.dataSource.query(`SELECT actor_id, reason, changes FROM audit_log WHERE operation = 'personalData.unmask' AND entity_id = $1`, [
      created.id,
    ]);
    expect(unmask).toMatchObject({ actor_id: town.userId, reason: '电话联系帮扶人 (call the helper)', changes: { field: 'phone' } });
    const outside = await t.gql(REVEAL, { id: created.id, r: '电话联系帮扶人' }, siblingTown.headers);
    expect(outside.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("§5 helpers' visits per period: visits, households visited and paired households never visited are counted exactly", async () => {
    const v = VILLAGE_SUMMARY;
    const [p1, p2, p3, p4, p5] = [await household(v), await household(v), await household(v), await household(v), await household(v)];
    const busy = await helper(town, v, '甲 帮扶人');
    const idle = await helper(town, v, '乙 帮扶人');
    await pair(town, busy, p1.id, '2017-01-01');
    await pair(town, busy, p2.id, '2017-01-01');
    await pair(town, busy, p3.id, '2017-01-01');
    await pair(town, busy, p5.id, '2018-09-01'); // starts after the period: not counted as paired
    await pair(town, idle, p4.id, '2017-06-01');
    for (const [hh, date] of [
      [p1, '2018-01-15'],
      [p1, '2018-03-20'],
      [p2, '2018-02-02'],
      [p2, '2018-07-01'], // after the period
      [p3, '2017-12-31'], // before the period
    ] as const) {
      ok(await visit(town, busy, hh.id, date));
    }

    const SUMMARY = `query($from: LocalDate!, $to: LocalDate!, $r: String) {
      helperVisitSummary(from: $from, to: $to, regionCode: $r) { totalCount edges { node {
        helper { id name } visits householdsVisited pairedHouseholds pairedNotVisited pairedNotVisitedHouseholdIds } } } }`;
    const summary = ok(await t.gql(SUMMARY, { from: '2018-01-01', to: '2018-06-30', r: v }, town.headers)).helperVisitSummary;
    expect(summary.totalCount).toBe(2);
    const byHelper = Object.fromEntries(summary.edges.map((e: Json) => [e.node.helper.id, e.node]));
    expect(byHelper).toEqual({
      [busy]: {
        helper: { id: busy, name: '甲 帮扶人' },
        visits: 3,
        householdsVisited: 2,
        pairedHouseholds: 3,
        pairedNotVisited: 1,
        pairedNotVisitedHouseholdIds: [p3.id],
      },
      [idle]: {
        helper: { id: idle, name: '乙 帮扶人' },
        visits: 0,
        householdsVisited: 0,
        pairedHouseholds: 1,
        pairedNotVisited: 1,
        pairedNotVisitedHouseholdIds: [p4.id],
      },
    });
    const visits = ok(
      await t.gql(`query($h: ID) { visits(helperId: $h, from: "2018-01-01", to: "2018-06-30") { totalCount edges { node { visitedOn helper { name } } } } }`, { h: busy }, town.headers),
    ).visits;
    expect(visits.totalCount).toBe(3);
    expect(visits.edges.map((e: Json) => e.node.visitedOn)).toEqual(['2018-03-20', '2018-02-02', '2018-01-15']);
    // Outside the caller's scope there is nothing to summarise; a reversed period is refused.
    expect(ok(await t.gql(SUMMARY, { from: '2018-01-01', to: '2018-06-30', r: v }, siblingTown.headers)).helperVisitSummary).toEqual({ totalCount: 0, edges: [] });
    const reversed = await t.gql(SUMMARY, { from: '2018-06-30', to: '2018-01-01', r: v }, town.headers);
    expect(reversed.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD' });
  });

  it('§5 first secretary and resident work team per village, with terms', async () => {
    const ASSIGN = `mutation($i: AssignToVillageInput!) { assignToVillage(input: $i) { assignment { id role personName startOn endOn version unit { name } } } }`;
    const TEAM = `query($r: String!, $d: LocalDate) { villageTeam(regionCode: $r, asOf: $d) {
      asOf firstSecretary { personName } workTeamLeader { personName } workTeamMembers { personName } } }`;
    const assign = (role: string, personName: string, startOn: string, who = town) =>
      t.gql(ASSIGN, { i: { regionCode: R.village, personName, unitId, role, startOn } }, who.headers);
    const secretary = ok(await assign('FIRST_SECRETARY', '李书记', '2017-03-01')).assignToVillage.assignment;
    expect(secretary).toMatchObject({ role: 'FIRST_SECRETARY', personName: '李书记', endOn: null, unit: { name: '上街区财政局' } });
    ok(await assign('WORK_TEAM_LEADER', '李书记', '2017-03-01'));
    ok(await assign('WORK_TEAM_MEMBER', '赵队员', '2017-03-01'));
    ok(await assign('WORK_TEAM_MEMBER', '钱队员', '2018-01-01'));

    const second = await assign('FIRST_SECRETARY', '周书记', '2018-01-01');
    expect(second.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VILLAGE_ROLE_FILLED' });
    const duplicate = await assign('WORK_TEAM_MEMBER', '赵队员', '2018-02-01');
    expect(duplicate.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ASSIGNED' });
    const toTown = await t.gql(ASSIGN, { i: { regionCode: R.town, personName: '孙', unitId, role: 'WORK_TEAM_MEMBER', startOn: '2018-01-01' } }, town.headers);
    expect(toTown.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_VILLAGE' });
    const outside = await t.gql(ASSIGN, { i: { regionCode: R.villageOfSiblingTown, personName: '孙', unitId, role: 'WORK_TEAM_MEMBER', startOn: '2018-01-01' } }, town.headers);
    expect(outside.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE' });

    expect(ok(await t.gql(TEAM, { r: R.village, d: '2018-06-01' }, village.headers)).villageTeam).toEqual({
      asOf: '2018-06-01',
      firstSecretary: { personName: '李书记' },
      workTeamLeader: { personName: '李书记' },
      workTeamMembers: [{ personName: '赵队员' }, { personName: '钱队员' }],
    });
    const END = `mutation($i: EndVillageAssignmentInput!) { endVillageAssignment(input: $i) { assignment { endOn version } } }`;
    expect(ok(await t.gql(END, { i: { id: secretary.id, endOn: '2018-06-30', version: 1 } }, town.headers)).endVillageAssignment.assignment).toEqual({
      endOn: '2018-06-30',
      version: 2,
    });
    // The successor from the day after the term ended.
    ok(await assign('FIRST_SECRETARY', '周书记', '2018-07-01'));
    expect(ok(await t.gql(TEAM, { r: R.village, d: '2018-06-30' }, village.headers)).villageTeam.firstSecretary).toEqual({ personName: '李书记' });
    expect(ok(await t.gql(TEAM, { r: R.village, d: '2018-07-01' }, village.headers)).villageTeam.firstSecretary).toEqual({ personName: '周书记' });
    expect(ok(await t.gql(TEAM, { r: R.village }, siblingTown.headers)).villageTeam).toBeNull();
    // As of a date, what has no history is refused (issue #10): today's version, the unit's version.
    const VERSIONS = `query($r: String!, $d: LocalDate) { villageTeam(regionCode: $r, asOf: $d) { firstSecretary { personName startOn endOn version unit { name version } } } }`;
    const asOf = await t.gql(VERSIONS, { r: R.village, d: '2018-06-01' }, village.headers);
    expect(asOf.body.data).toEqual({ villageTeam: null });
    expect(asOf.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [
        { field: 'villageTeam.firstSecretary.version', reason: 'NOT_AVAILABLE_AS_OF' },
        { field: 'villageTeam.firstSecretary.unit.version', reason: 'NOT_AVAILABLE_AS_OF' },
      ],
    });
    expect(ok(await t.gql(VERSIONS, { r: R.village }, village.headers)).villageTeam.firstSecretary).toMatchObject({ personName: '周书记', version: expect.any(Number), unit: { version: expect.any(Number) } });
    expect(ok(await t.gql(TEAM, { r: R.village, d: '2018-06-01' }, village.headers)).villageTeam.firstSecretary).toEqual({ personName: '李书记' });
  });

  it('two officers racing to pair the same helper and household, or to appoint two first secretaries, leave exactly one', async () => {
    const hh = await household(R.village);
    const h = await helper(town, R.village);
    const races = await Promise.all([
      t.gql(PAIR, { i: { helperId: h, householdId: hh.id, startOn: '2018-01-01' } }, town.headers),
      t.gql(PAIR, { i: { helperId: h, householdId: hh.id, startOn: '2018-02-01' } }, village.headers),
    ]);
    expect(races.filter((r) => r.body.data?.pairHelper).length).toBe(1);
    expect(races.find((r) => r.body.errors)?.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAIRED' });
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM pairings WHERE household_id = $1`, [hh.id])).toEqual([{ n: 1 }]);

    const ASSIGN = `mutation($i: AssignToVillageInput!) { assignToVillage(input: $i) { assignment { id } } }`;
    const appoint = (personName: string, who: SignedIn) =>
      t.gql(ASSIGN, { i: { regionCode: '410106100205', personName, unitId, role: 'FIRST_SECRETARY', startOn: '2018-01-01' } }, who.headers);
    const appointed = await Promise.all([appoint('甲书记', town), appoint('乙书记', district)]);
    expect(appointed.filter((r) => r.body.data?.assignToVillage).length).toBe(1);
    expect(appointed.find((r) => r.body.errors)?.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VILLAGE_ROLE_FILLED' });
  });

  it('every assistance mutation writes its audit row in the same transaction; a refused one writes none', async () => {
    const ops = await t.dataSource.query(`SELECT DISTINCT operation FROM audit_log WHERE operation LIKE 'assistance.%' ORDER BY operation`);
    expect(ops.map((o: Json) => o.operation)).toEqual([
      'assistance.assignToVillage',
      'assistance.createAssistingUnit',
      'assistance.createHelper',
      'assistance.endPairing',
      'assistance.endVillageAssignment',
      'assistance.logVisit',
      'assistance.pairHelper',
      'assistance.updateHelper',
    ]);
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    const dup = await t.gql(`mutation { createAssistingUnit(input: { name: "上街区财政局", kind: OTHER, regionCode: "${R.town}" }) { assistingUnit { id } } }`, {}, town.headers);
    expect(dup.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ASSISTING_UNIT_NAME_TAKEN' });
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after).toBe(before);
    const readOnly = await signIn(t, Role.SUPERVISOR, R.district);
    const refused = await t.gql(`mutation { createAssistingUnit(input: { name: "x", kind: OTHER, regionCode: "${R.district}" }) { assistingUnit { id } } }`, {}, readOnly.headers);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    // A town officer sees its own units and the district's (which send helpers down), not a sibling town's.
    ok(await t.gql(`mutation { createAssistingUnit(input: { name: "济源路街道办", kind: PARTY_GOVERNMENT, regionCode: "${R.siblingTown}" }) { assistingUnit { id } } }`, {}, siblingTown.headers));
    const units = ok(await t.gql(`{ assistingUnits { totalCount edges { node { name regionCode } } } }`, {}, town.headers)).assistingUnits;
    expect(units.edges.map((e: Json) => e.node.name)).toEqual(['上街区财政局']);
  });

  it('a household page with its helpers and visits runs a fixed number of SQL statements, whatever its size (DataLoaders, no N+1)', async () => {
    const h = await helper(town, VILLAGE_BATCH);
    for (let i = 0; i < 6; i++) {
      const hh = await household(VILLAGE_BATCH);
      await pair(town, h, hh.id, '2017-01-01');
      ok(await visit(town, h, hh.id, '2018-05-01'));
      ok(await visit(town, h, hh.id, '2018-05-02'));
    }
    // Through the registry's list: helpers and visits are today's, so a list as of a date refuses them.
    const PAGE = `query($n: Int) { households(regionCode: "${VILLAGE_BATCH}", first: $n) {
      edges { node { id householdNumber helpers { startOn helper { name phone unit { name } } } visits(first: 1) { visitedOn delivered helper { name } household { id } } } } } }`;
    const small = await countQueries(() => t.gql(PAGE, { n: 2 }, town.headers));
    const large = await countQueries(() => t.gql(PAGE, { n: 6 }, town.headers));
    const page = ok(large.result).households.edges;
    expect(page).toHaveLength(6);
    for (const e of page) {
      expect(e.node.helpers).toEqual([{ startOn: '2017-01-01', helper: { name: expect.any(String), phone: null, unit: { name: '上街区财政局' } } }]);
      expect(e.node.visits).toEqual([{ visitedOn: '2018-05-02', delivered: ['TECHNOLOGY'], helper: { name: expect.any(String) }, household: { id: e.node.id } }]);
    }
    expect(large.count).toBe(small.count);
    // A selection every field of which is declared is a compiled read (compiled-read.ts): the
    // region filter's division, then the households with their pairings and helpers in one
    // statement (the principal's read is not counted: countQueries); through the resolvers, the
    // pairings' helpers are read with the pairings (nested-rows.ts), one statement more.
    const helpersOnly = await countQueries(() =>
      t.gql(`{ households(regionCode: "${VILLAGE_BATCH}", first: 6) { edges { node { helpers { startOn helper { name phone } } } } } }`, {}, town.headers),
    );
    expect(ok(helpersOnly.result).households.edges.map((e: Json) => e.node.helpers)).toEqual(
      page.map((e: Json) => e.node.helpers.map((p: Json) => ({ startOn: p.startOn, helper: { name: p.helper.name, phone: null } }))),
    );
    expect(helpersOnly.count).toBe(2);
    const reads = t.get(CompiledReads);
    reads.enabled = false;
    try {
      const resolved = await countQueries(() =>
        t.gql(`{ households(regionCode: "${VILLAGE_BATCH}", first: 6) { edges { node { helpers { startOn helper { name phone } } } } } }`, {}, town.headers),
      );
      expect(resolved.result.body).toEqual(helpersOnly.result.body);
      expect(resolved.count).toBe(3);
    } finally {
      reads.enabled = true;
    }
    // The pairings read with their helpers (plain SQL) are the query builder's pairings, each with its helper, in scope only.
    const repo = t.get(PairingsRepository);
    const ids = page.map((e: Json) => e.node.id as string);
    const scoped = (prefix: string): Principal => ({
      kind: 'apiKey', id: randomUUID(), personId: randomUUID(), name: 'pairings-reader', roles: [Role.TOWN_OFFICER],
      permissions: new Set([...permissionsOf([Role.TOWN_OFFICER])]), regionCode: prefix.padEnd(12, '0'), scopePrefix: prefix,
    });
    for (const [principal, on, count] of [[scoped('410106100'), '2018-06-01', 6], [scoped('410106100'), '2016-06-01', 0], [scoped('410106001'), '2018-06-01', 0]] as const) {
      const withHelpers = await repo.findActivePairingsWithHelpers(principal, ids, on);
      expect(withHelpers.map((p) => p.pairing)).toStrictEqual(await repo.findActivePairingsOfHouseholds(principal, ids, on));
      expect(withHelpers).toHaveLength(count);
      const helpers = await t.dataSource.getRepository(HelperEntity).findBy({ id: In(withHelpers.map((p) => p.pairing.helperId)) });
      for (const { pairing, helper } of withHelpers) expect(helper).toStrictEqual(helpers.find((x) => x.id === pairing.helperId));
    }
    expect(await repo.findActivePairingsWithHelpers(scoped('410106100'), [], '2018-06-01')).toEqual([]);
    const tooMany = await t.gql(
      `{ households(regionCode: "${VILLAGE_BATCH}", first: 1) { edges { node { visits(first: 51) { id } } } } }`,
      {},
      town.headers,
    );
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FIRST_OUT_OF_RANGE' });
  });
});

function ok(res: GqlResult): Json {
  if (res.body.errors?.length || !res.body.data) throw new Error(JSON.stringify(res.body.errors ?? res.body));
  return res.body.data as Json;
}
