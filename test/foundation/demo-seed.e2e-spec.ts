import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { AssistanceBatchWriter } from '../../src/assistance/assistance-batch.writer';
import { demoPrincipal } from '../../src/demo/demo-principal';
import { seedDemoWanted } from '../../src/demo/seed';
import { ReconciliationService } from '../../src/disability/reconciliation.service';
import { ServicesService } from '../../src/disability/services.service';
import { FundsService } from '../../src/funds/funds.service';
import { HotlineService } from '../../src/supervision/hotline.service';
import { InspectionVisitService } from '../../src/supervision/inspection-visit.service';
import { SupervisionService } from '../../src/supervision/supervision.service';
import { WorkTeamAttendanceService } from '../../src/supervision/work-team-attendance.service';
import { login } from '../support/auth';
import { assertBuilt, cleanupSpawned, spawnService } from '../support/spawn-service';
import { startTestApp, TestApp } from '../support/test-app';
import { usingServer } from '../support/test-database';

/**
 * Issue #10, items 15 and 21: demo data never in production; with SEED_DEMO=true (a server
 * included) the start runs regions → bootstrap administrator → demo registry and accounts, and
 * the demo password is kept in DATA_DIR/demo-accounts.txt wherever the database is.
 */

/** Enough households for every case of the education and health demo (school-age members out of school, priority patients, stays). */
const HOUSEHOLDS = 40;

const BOOTSTRAP = {
  BOOTSTRAP_ADMIN_USERNAME: 'chief',
  BOOTSTRAP_ADMIN_PASSWORD: 'Bootstrap-Passw0rd!',
  BOOTSTRAP_ADMIN_REGION: '410106000000',
};

describe('demo seed', () => {
  afterAll(() => cleanupSpawned());

  describe('in production (item 15)', () => {
    it('SEED_DEMO=true is a configuration error naming the variable', () => {
      expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrow(/SEED_DEMO.*NODE_ENV=production/);
      expect(() => loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' })).not.toThrow();
      expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false' })).not.toThrow();
    });

    it('`auto` seeds only an embedded database outside production', () => {
      const wanted = (env: Record<string, string>) => seedDemoWanted(loadConfig(env));
      expect(wanted({ NODE_ENV: 'development' })).toBe(true);
      expect(wanted({ NODE_ENV: 'production' })).toBe(false);
      expect(wanted({ NODE_ENV: 'development', DATABASE_URL: 'postgres://x@127.0.0.1/x' })).toBe(false);
      expect(wanted({ NODE_ENV: 'development', DATABASE_URL: 'postgres://x@127.0.0.1/x', SEED_DEMO: 'true' })).toBe(true);
      expect(wanted({ NODE_ENV: 'development', SEED_DEMO: 'false' })).toBe(false);
    });

    it('the service refuses to start, with one line naming SEED_DEMO', async () => {
      assertBuilt();
      const svc = await spawnService({ env: { NODE_ENV: 'production', SEED_DEMO: 'true' } });
      expect(await svc.exited).toEqual({ code: 1, signal: null });
      expect(svc.stderrLines()).toHaveLength(1);
      expect(svc.stderr()).toMatch(/^Cannot start: .*SEED_DEMO.*NODE_ENV=production/);
      expect(svc.stdout()).toBe('');
    });
  });

  describe(`SEED_DEMO=true with BOOTSTRAP_ADMIN_* on ${usingServer() ? 'a PostgreSQL server' : 'the embedded database'} (item 21)`, () => {
    let t: TestApp;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = join(mkdtempSync(join(tmpdir(), 'jzfp-demo-')), 'data'); // not there yet: the seed makes it
      t = await startTestApp({ SEED_DEMO: 'true', SEED_DEMO_HOUSEHOLDS: String(HOUSEHOLDS), DATA_DIR: dataDir, ...BOOTSTRAP });
    });
    afterAll(async () => {
      await t?.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    });
    const demoPassword = () => /Password of each: (\S+)/.exec(readFileSync(join(dataDir, 'demo-accounts.txt'), 'utf8'))![1];

    it('creates the bootstrap administrator (the division list is loaded first), then the demo accounts', async () => {
      const chief = await login(t, BOOTSTRAP.BOOTSTRAP_ADMIN_USERNAME, BOOTSTRAP.BOOTSTRAP_ADMIN_PASSWORD);
      const me = await t.gql<{ user: { username: string; roles: string[] } }>(`query($id: String!) { user(id: $id) { username roles } }`, { id: chief.userId }, chief.headers);
      expect(me.body.data?.user).toEqual({ username: 'chief', roles: ['DISTRICT_ADMIN'] });

      const text = readFileSync(join(dataDir, 'demo-accounts.txt'), 'utf8');
      const password = /Password of each: (\S+)/.exec(text)?.[1];
      expect(password).toBeDefined();
      for (const username of ['admin', 'district', 'xiawo', 'renshe', 'education', 'health', 'auditor']) await login(t, username, password);
    });

    it('keeps the demo password in DATA_DIR/demo-accounts.txt, readable by the owner only', () => {
      expect(statSync(join(dataDir, 'demo-accounts.txt')).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o077).toBe(0);
    });

    it('generates SEED_DEMO_HOUSEHOLDS households', async () => {
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM households`);
      expect(row.n).toBe(HOUSEHOLDS);
    });

    it("derives the employment ledger of 2018 from the registry (issue #16): one record a working member with labour, the registry's months, no more wages than recorded", async () => {
      const rows: { months: number; registry: number; wages: string; recorded: string | null }[] = await t.dataSource.query(
        `SELECT e.months_worked AS months, m.months_worked AS registry, (e.months_worked * e.monthly_income)::text AS wages, hi.wages::text AS recorded
           FROM employment_records e JOIN members m ON m.id = e.member_id
           LEFT JOIN household_incomes hi ON hi.household_id = e.household_id AND hi.year = 2018
          WHERE e.year = 2018`,
      );
      const [working] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM members WHERE active AND labour_skill IN ('ORDINARY', 'SKILLED', 'WEAK_OR_PARTIAL') AND months_worked > 0`,
      );
      expect(rows).toHaveLength(working.n);
      for (const r of rows) {
        expect(r.months).toBe(r.registry);
        expect(Number(r.wages)).toBeLessThanOrEqual(Number(r.recorded ?? 0));
      }
    });

    it('adds workshops (one below employment.workshop_min_poor_workers), public-welfare posts (a holder outside the eligible group listed), training courses with trainees (some not employed after) and job openings, as the demo account renshe reads them (issue #16)', async () => {
      const password = /Password of each: (\S+)/.exec(readFileSync(join(dataDir, 'demo-accounts.txt'), 'utf8'))![1];
      const renshe = await login(t, 'renshe', password);
      const res = await t.gql<Record<string, any>>(
        `query {
          workshops(year: 2018, first: 50) { totalCount edges { node { poorWorkers belowMinimum minimum { configured } } } }
          workshopsBelowMinimum(year: 2018, first: 50) { totalCount }
          publicWelfarePosts(year: 2018, first: 50) { totalCount edges { node { holders places } } }
          postHoldersOutsideEligibleGroup(year: 2018, first: 50) { totalCount }
          trainingCourses(year: 2018, first: 50) { totalCount }
          trainingParticipations(year: 2018, first: 100) { totalCount edges { node { memberId } } }
          trainedWithoutEmployment(months: 3, asOf: "2018-12-31", first: 100) { totalCount }
          jobOpenings(first: 50) { totalCount }
        }`,
        {},
        renshe.headers,
      );
      expect(res.body.errors).toBeUndefined();
      const d = res.body.data!;
      expect(d.workshops.totalCount).toBe(3);
      expect(d.workshops.edges.every((e: any) => e.node.minimum.configured)).toBe(true);
      expect(d.workshopsBelowMinimum.totalCount).toBeGreaterThanOrEqual(1);
      expect(d.publicWelfarePosts.totalCount).toBe(3);
      expect(d.publicWelfarePosts.edges.some((e: any) => e.node.holders > 0)).toBe(true);
      expect(d.postHoldersOutsideEligibleGroup.totalCount).toBe(1);
      expect(d.trainingCourses.totalCount).toBe(3);
      expect(d.trainingParticipations.totalCount).toBeGreaterThan(0);
      // Some trainees are not employed after, and some are.
      expect(d.trainedWithoutEmployment.totalCount).toBeGreaterThan(0);
      expect(d.trainedWithoutEmployment.totalCount).toBeLessThan(new Set(d.trainingParticipations.edges.map((e: any) => e.node.memberId)).size);
      expect(d.jobOpenings.totalCount).toBe(2);
    });

    it('adds enrolments of both terms with student aid, a few students without their due aid, and the dropout watch’s cases, as the demo account education reads them (issue #17)', async () => {
      const education = await login(t, 'education', demoPassword());
      const res = await t.gql<Record<string, any>>(
        `query {
          enrolments(schoolYear: 2018, first: 100) { totalCount edges { node { id memberId term stage grade school boarding } } }
          educationAidRecords(schoolYear: 2018, first: 100) { totalCount edges { node { term dueAmount amount } } }
          autumn: studentsWithoutDueAid(year: 2018, term: AUTUMN, first: 100) { totalCount edges { node { enrolment { memberId stage } missingProgrammes } } }
          dropoutWatch(year: 2018, first: 100) { configured members { totalCount edges { node { id } } } }
        }`,
        {},
        education.headers,
      );
      expect(res.body.errors).toBeUndefined();
      const d = res.body.data!;
      const enrolments = d.enrolments.edges.map((e: any) => e.node);
      expect(d.enrolments.totalCount).toBeGreaterThan(0);
      expect(d.enrolments.totalCount).toBeLessThanOrEqual(100);
      // Both terms of each student, the stage the registry's schooling status says.
      const byMember = new Map<string, string[]>();
      for (const e of enrolments) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), e.term]);
      for (const terms of byMember.values()) expect(terms.sort()).toEqual(['AUTUMN', 'SPRING']);
      const registry: { id: string; schooling_status: string }[] = await t.dataSource.query(`SELECT id, schooling_status FROM members WHERE id = ANY($1)`, [[...byMember.keys()]]);
      const stageOf: Record<string, string> = { PRESCHOOL: 'PRESCHOOL', PRIMARY: 'PRIMARY', GRADE_7: 'JUNIOR', GRADE_8: 'JUNIOR', GRADE_9: 'JUNIOR', SENIOR_1: 'SENIOR_HIGH', SENIOR_2: 'SENIOR_HIGH', SENIOR_3: 'SENIOR_HIGH' };
      for (const r of registry) if (stageOf[r.schooling_status]) expect(enrolments.find((e: any) => e.memberId === r.id).stage).toBe(stageOf[r.schooling_status]);
      expect(enrolments.every((e: any) => /^上街区|大学|学院|学校$/.test(e.school))).toBe(true);
      // Aid at the parameters' amounts: a term's due is half the yearly amount, paid as due.
      expect(d.educationAidRecords.totalCount).toBeGreaterThan(0);
      // (A waiver stated in words has no amount due: its record states the fee waived, checked below.)
      for (const a of d.educationAidRecords.edges.map((e: any) => e.node)) if (a.dueAmount !== null) expect(a.amount).toBe(a.dueAmount);
      const compulsory = await t.gql<Record<string, any>>(`query { educationAidRecords(schoolYear: 2018, programme: COMPULSORY_LIVING, first: 100) { edges { node { dueAmount enrolmentId } } } }`, {}, education.headers);
      const stages = new Map(enrolments.map((e: any) => [e.id, e.stage]));
      expect(compulsory.body.data!.educationAidRecords.edges.length).toBeGreaterThan(0);
      // education.compulsory_living.{primary,junior} 1000 and 1250 a year.
      for (const { node } of compulsory.body.data!.educationAidRecords.edges) expect(node.dueAmount).toBe(stages.get(node.enrolmentId) === 'PRIMARY' ? '500.00' : '625.00');
      // Covered and gap rows: most students aided, a few listed without their due aid.
      expect(d.autumn.totalCount).toBeGreaterThan(0);
      expect(d.autumn.totalCount).toBeLessThan(byMember.size);
      expect(d.autumn.edges.every((e: any) => e.node.missingProgrammes.length > 0)).toBe(true);
      // The waivers stated in words: no amount due, the school's fee waived stated; no student listed for a waiver alone.
      const [waivers] = await t.dataSource.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE due_amount IS NULL AND amount > 0)::int AS stated FROM education_aid_records WHERE programme IN ('HIGH_SCHOOL_WAIVER', 'VOCATIONAL_AID')`,
      );
      expect(waivers.n).toBeGreaterThan(0);
      expect(waivers.stated).toBe(waivers.n);
      const seniors = d.autumn.edges.filter((e: any) => ['SENIOR_HIGH', 'SECONDARY_VOCATIONAL'].includes(e.node.enrolment.stage));
      expect(seniors.every((e: any) => e.node.missingProgrammes.length > 1 || !['HIGH_SCHOOL_WAIVER', 'VOCATIONAL_AID'].includes(e.node.missingProgrammes[0]))).toBe(true);
      // The dropout watch: one school-age member with nothing; the one taught at home and the one in an open case are not listed.
      expect(d.dropoutWatch.configured).toBe(true);
      const watched = d.dropoutWatch.members.edges.map((e: any) => e.node.id);
      expect(watched.length).toBeGreaterThanOrEqual(1);
      const [home] = await t.dataSource.query(`SELECT member_id, household_id FROM home_teaching_arrangements WHERE school_year = 2018`);
      const [open] = await t.dataSource.query(`SELECT c.member_id, (SELECT count(*)::int FROM return_to_school_steps s WHERE s.case_id = c.id) AS steps FROM return_to_school_cases c WHERE c.status = 'OPEN'`);
      expect(open.steps).toBeGreaterThanOrEqual(2);
      expect(watched).not.toContain(home.member_id);
      expect(watched).not.toContain(open.member_id);
      for (const id of [home.member_id, open.member_id, ...watched]) expect(byMember.has(id)).toBe(false);

      // The exit standard names the records: an enrolled school-age member's enrolment, the home-taught member's arrangement.
      const [pupil] = await t.dataSource.query(
        `SELECT e.member_id, e.household_id FROM enrolments e JOIN members m ON m.id = e.member_id
          WHERE e.school_year = 2018 AND e.term = 'AUTUMN' AND date_part('year', age('2018-08-31', m.birth_date)) BETWEEN 6 AND 15 ORDER BY e.member_id LIMIT 1`,
      );
      const schooling = async (householdId: string) =>
        (await t.gql<Record<string, any>>(`query($id: ID!) { exitAssessment(householdId: $id, year: 2018) { results { criterion facts } } }`, { id: householdId }, education.headers)).body.data!.exitAssessment.results.find(
          (r: any) => r.criterion === 'COMPULSORY_SCHOOLING',
        ).facts;
      expect((await schooling(pupil.household_id)).schoolAgeMembers).toContainEqual(expect.objectContaining({ memberId: pupil.member_id, source: expect.stringContaining('学籍') }));
      expect((await schooling(home.household_id)).schoolAgeMembers).toContainEqual(expect.objectContaining({ memberId: home.member_id, exempted: true, source: expect.stringContaining('送教上门') }));
    });

    it('adds family-doctor contracts with follow-ups, hospital stays (two households over the out-of-pocket target) and insurance enrolments, as the demo account health reads them (issue #17)', async () => {
      const health = await login(t, 'health', demoPassword());
      const res = await t.gql<Record<string, any>>(
        `query {
          familyDoctorContracts(activeOn: "2018-12-31", first: 100) { totalCount edges { node { priorityDisease followUpsDue followUpsDone } } }
          priorityPatientsWithoutContract(asOf: "2018-12-31", first: 100) { totalCount }
          hospitalStays(year: 2018, first: 100) { totalCount edges { node { totalCost householdPaid layerPayments { layer amount } } } }
          householdsOverOutOfPocketTarget(year: 2018, first: 100) { totalCount edges { node { outOfPocketRatio } } }
          insuranceEnrolments(year: 2018, first: 1) { totalCount }
          membersMissingInsurance(year: 2018, first: 100) { totalCount edges { node { memberId householdId enrolledLayers missingLayers } } }
        }`,
        {},
        health.headers,
      );
      expect(res.body.errors).toBeUndefined();
      const d = res.body.data!;
      // Most priority patients have a contract with a priority disease of health.family_doctor; a few have none.
      expect(d.familyDoctorContracts.totalCount).toBeGreaterThan(d.priorityPatientsWithoutContract.totalCount);
      expect(d.priorityPatientsWithoutContract.totalCount).toBeGreaterThan(0);
      const contracts = d.familyDoctorContracts.edges.map((e: any) => e.node);
      expect(contracts.every((c: any) => ['高血压', '糖尿病', '结核病', '严重精神障碍'].includes(c.priorityDisease))).toBe(true);
      expect(contracts.some((c: any) => c.followUpsDone > 0)).toBe(true);
      expect(contracts.every((c: any) => c.followUpsDone <= c.followUpsDue)).toBe(true);
      // Stays: the layers and the household pay the total exactly; two households over the target.
      expect(d.hospitalStays.totalCount).toBeGreaterThan(2);
      const cents = (a: string) => Math.round(Number(a) * 100);
      for (const s of d.hospitalStays.edges.map((e: any) => e.node)) {
        expect(s.layerPayments.reduce((sum: number, p: any) => sum + cents(p.amount), cents(s.householdPaid))).toBe(cents(s.totalCost));
      }
      expect(d.householdsOverOutOfPocketTarget.totalCount).toBe(2);
      expect(d.householdsOverOutOfPocketTarget.edges.every((e: any) => Number(e.node.outOfPocketRatio) > 0.1)).toBe(true);

      // Insurance: no parameter gives the premium or the subsidy, so the demo leaves them unstated (null).
      const [{ n: members }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM members WHERE active`);
      const [{ n: stated }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM insurance_enrolments WHERE premium IS NOT NULL OR subsidy IS NOT NULL`);
      expect(stated).toBe(0);
      // Most members in every layer, a few without serious-illness insurance (the second layer).
      expect(d.insuranceEnrolments.totalCount).toBeGreaterThan(members * 3);
      expect(d.membersMissingInsurance.totalCount).toBeGreaterThan(0);
      expect(d.membersMissingInsurance.totalCount).toBeLessThan(members / 5);
      const gap = d.membersMissingInsurance.edges.find((e: any) => e.node.enrolledLayers.length > 0).node;
      expect(gap.missingLayers).toEqual(['大病保险']);
      const facts = (await t.gql<Record<string, any>>(`query($id: ID!) { exitAssessment(householdId: $id, year: 2018) { results { criterion facts } } }`, { id: gap.householdId }, health.headers)).body.data!.exitAssessment.results.find(
        (r: any) => r.criterion === 'BASIC_MEDICAL',
      ).facts;
      expect(facts.uninsured).toContainEqual(expect.objectContaining({ memberId: gap.memberId, lacks: ['大病保险'], source: expect.stringContaining('insurance_enrolments') }));
    });

    it('adds disability certificates, the 低保/特困 rosters, a reconciliation run and demand matching through the disability module (issue #18), no subsidy without its amount', async () => {
      const q = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
      // Certificates: the registry's disabled members, every fifth without one (voluntary); each audited, each number the member's own form (checked by the service).
      const certs = await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE c.category::text <> m.disability_type::text OR c.grade <> m.disability_grade)::int AS off,
                                  count(*) FILTER (WHERE c.issued_on < m.birth_date)::int AS before_birth FROM disability_certificates c JOIN members m ON m.id = c.member_id`);
      const disabled = await q(`SELECT count(*)::int AS n FROM members m JOIN households h ON h.id = m.household_id WHERE m.active AND h.validity = 'ACTIVE' AND m.disability_type IS NOT NULL AND m.disability_grade IS NOT NULL`);
      expect(certs.n).toBeGreaterThan(0);
      expect(certs.n).toBeLessThan(disabled.n + 1);
      expect(certs.off).toBe(0);
      expect(certs.before_birth).toBe(0);
      expect((await q(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'disability.createCertificate' AND actor_name = '示例数据 (demo data)'`)).n).toBe(certs.n);
      // No amount of 2018 is configured (RULES.md §6): no payment invented.
      expect((await q(`SELECT count(*)::int AS n FROM disability_subsidy_payments`)).n).toBe(0);
      // Rosters: imported as civil affairs' file, each row audited; 低保 amounts the registry's recorded transfer shared by month and member.
      const roster = await q(`SELECT count(*) FILTER (WHERE category = 'DIBAO')::int AS dibao, count(*) FILTER (WHERE category = 'TEKUN')::int AS tekun, count(*)::int AS n FROM social_assistance_roster_entries`);
      expect(roster.dibao).toBeGreaterThan(0);
      expect((await q(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'disability.importAssistanceRoster'`)).n).toBe(roster.n);
      // The reconciliation found cases of both sides (members missing from the roster, people missing from the registry), one resolved.
      const cases: { kind: string; n: number; resolved: number }[] = await t.dataSource.query(
        `SELECT kind::text AS kind, count(*)::int AS n, count(*) FILTER (WHERE status = 'RESOLVED')::int AS resolved FROM social_assistance_cases GROUP BY kind ORDER BY kind`,
      );
      const byKind = Object.fromEntries(cases.map((c) => [c.kind, c]));
      expect(byKind.DIBAO_ONLY?.n).toBe(2);
      expect(byKind.REGISTRY_ONLY?.n).toBeGreaterThan(0);
      expect(cases.reduce((s, c) => s + c.resolved, 0)).toBe(1);
      // Running it again finds the same (the module's own run, as civil affairs would).
      const again = await t.get(ReconciliationService).run(demoPrincipal(['disability.assistance']), { regionCode: '410106000000', asOf: '2018-12-31' });
      expect(again).toMatchObject({ opened: 0, reopened: 0, gone: 0 });
      expect(again.found.DIBAO_ONLY).toBe(2);
      // Demand matching: a match at each stage.
      const stages: { stage: string }[] = await t.dataSource.query(`SELECT stage::text AS stage FROM assistance_matches ORDER BY stage`);
      expect(stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['ACCEPTED', 'DELIVERED', 'PROPOSED']));
    });

    it("adds disability services through the federation's own service (issue #18 part 4): needs of every kind, most delivered in 2018 with exact costs, some unmet; a rehabilitation after 2018-10-01 answers the children's aid NOT_CONFIGURED", async () => {
      const needs: { kind: string; mode: string | null; status: string; certified: boolean }[] = await t.dataSource.query(
        `SELECT n.kind::text AS kind, n.care_mode::text AS mode, n.status::text AS status,
                EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = n.member_id) AS certified
           FROM disability_service_needs n ORDER BY n.assessed_on`,
      );
      expect(new Set(needs.map((n) => n.kind))).toEqual(new Set(['REHABILITATION', 'ASSISTIVE_DEVICE', 'HOME_ADAPTATION', 'CARE']));
      expect(new Set(needs.filter((n) => n.kind === 'CARE').map((n) => n.mode))).toEqual(new Set(['CENTRALISED', 'HOME']));
      expect(needs.every((n) => n.certified)).toBe(true);
      const met = needs.filter((n) => n.status === 'MET').length;
      const open = needs.filter((n) => n.status === 'OPEN').length;
      expect(met + open).toBe(needs.length);
      expect(open).toBeGreaterThan(0);
      expect(met).toBeGreaterThan(open);
      const services: { kind: string; mode: string | null; year: number; cost: string; subsidy: string; aid: string | null; against: boolean; delivered: string }[] = await t.dataSource.query(
        `SELECT kind::text AS kind, care_mode::text AS mode, extract(year FROM delivered_on)::int AS year, cost::text AS cost, subsidy::text AS subsidy,
                child_rehab_aid::text AS aid, need_id IS NOT NULL AS against, delivered_on::text AS delivered FROM disability_services`,
      );
      expect(services).toHaveLength(met);
      expect(services.every((s) => s.year === 2018 && s.against && /^\d+\.\d{2}$/.test(s.cost) && Number(s.subsidy) <= Number(s.cost))).toBe(true);
      expect(new Set(services.filter((s) => s.kind === 'CARE').map((s) => s.mode))).toEqual(new Set(['CENTRALISED', 'HOME']));
      // The age bound of the children's aid is not configured: a rehabilitation after 2018-10-01 says so; before it, the aid was not in force.
      const rehab = services.filter((s) => s.kind === 'REHABILITATION');
      expect(rehab.filter((s) => s.delivered >= '2018-10-01').map((s) => s.aid)).toEqual(['NOT_CONFIGURED']);
      expect(rehab.filter((s) => s.delivered < '2018-10-01').every((s) => s.aid === 'NOT_IN_FORCE')).toBe(true);
      const audited: { op: string; n: number; actors: string[] }[] = await t.dataSource.query(
        `SELECT operation AS op, count(*)::int AS n, array_agg(DISTINCT actor_name) AS actors FROM audit_log WHERE operation IN ('disability.createServiceNeed', 'disability.createService') AND entity_type = 'DisabilityService' GROUP BY operation`,
      );
      expect(audited).toEqual([{ op: 'disability.createService', n: services.length, actors: ['示例数据 (demo data)'] }]);
      // The module's totals add the same exact sums.
      const totals = await t.get(ServicesService).totals(demoPrincipal(['disability.read']), { year: 2018 });
      const cents = (v: string) => Math.round(Number(v) * 100);
      expect(totals.reduce((sum, r) => sum + cents(r.cost), 0)).toBe(services.reduce((sum, s) => sum + cents(s.cost), 0));
    });

    it('adds the 2018 funds ledger through the funds module (issue #19): the chain 豫财农 → 郑财预 → 区, allocations, project fundings, reimbursements through the flow with vouchers, payments; the ledger check finds nothing', async () => {
      const docs: { number: string; level: string; parent: string | null; committed: string; amount: string }[] = await t.dataSource.query(
        `SELECT d.document_number AS number, d.level, p.document_number AS parent, d.committed::text, d.amount::text FROM fund_documents d LEFT JOIN fund_documents p ON p.id = d.parent_id ORDER BY d.issued_on`,
      );
      expect(docs.map((d) => d.level)).toEqual(['中央', '省', '市', '区']);
      expect(docs[2]!.parent).toBe(docs[1]!.number);
      expect(docs[3]!.parent).toBe(docs[2]!.number);
      expect(docs.map((d) => d.number.slice(0, 3))).toEqual(['豫财农', '豫财农', '郑财预', '上财预']);
      // Every project in the library or later is funded; reimbursements at each step of the flow, the paid ones paid in full.
      const [f] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM project_fundings) AS fundings,
                (SELECT count(*)::int FROM projects WHERE stage NOT IN ('DRAFT', 'APPLIED', 'VILLAGE_NOTICE', 'TOWN_REVIEWED', 'DISTRICT_APPROVED', 'LIBRARY_NOTICE', 'REJECTED')) AS fundable,
                (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM fund_reimbursements) AS statuses,
                (SELECT count(*)::int FROM fund_reimbursements WHERE status = 'PAID' AND paid <> amount) AS unpaid,
                (SELECT count(*)::int FROM fund_reimbursements r WHERE (SELECT count(*) FROM fund_reimbursement_vouchers v WHERE v.reimbursement_id = r.id) = 0) AS without_vouchers,
                (SELECT count(*)::int FROM fund_payments) AS payments`,
      );
      expect(f.fundings).toBe(f.fundable);
      expect(f.fundings).toBeGreaterThan(0);
      expect(f.statuses).toEqual(['PAID', 'REVIEWED', 'SUBMITTED']);
      expect(f.unpaid).toBe(0);
      expect(f.without_vouchers).toBe(0);
      expect(f.payments).toBeGreaterThan(0);
      // The module's own invariants: nothing violated.
      const check = await t.get(FundsService).ledgerCheck(demoPrincipal(['funds.read']), 2018);
      expect(check.violations).toEqual([]);
      expect(check).toMatchObject({ documents: 4, fundings: f.fundings, payments: f.payments });
      const audited: { op: string; n: number }[] = await t.dataSource.query(`SELECT operation AS op, count(*)::int AS n FROM audit_log WHERE operation LIKE 'funds.%' GROUP BY operation ORDER BY operation`);
      expect(Object.fromEntries(audited.map((a) => [a.op, a.n]))).toMatchObject({ 'funds.createDocument': 4, 'funds.createProjectFunding': f.fundings });
    });

    it('adds 2018 supervision through the supervision module (issue #20): an inspection with its sample and visits, findings in several states with ledgers, hotline cases, an accountability case; the rates answer', async () => {
      const [i] = await t.dataSource.query(
        `SELECT i.sample_seed AS seed, (SELECT count(*)::int FROM supervision_inspection_samples s WHERE s.inspection_id = i.id) AS sampled,
                (SELECT count(*)::int FROM supervision_inspection_visits v WHERE v.inspection_id = i.id) AS visits, i.report IS NOT NULL AS reported
           FROM supervision_inspections i`,
      );
      expect(i.seed).toMatch(/^shangjie-2018-q3/);
      expect(i.sampled).toBeGreaterThan(1);
      expect(i.visits).toBe(i.sampled);
      expect(i.reported).toBe(true);
      const stages: { stage: string }[] = await t.dataSource.query(`SELECT stage::text AS stage FROM supervision_findings ORDER BY stage`);
      expect(new Set(stages.map((s) => s.stage))).toEqual(new Set(['ASSIGNED', 'CLOSED', 'RECTIFYING', 'REFERRED', 'REGISTERED']));
      const [ledger] = await t.dataSource.query(
        `SELECT count(*) FILTER (WHERE rectification_measures IS NOT NULL)::int AS with_measures, count(*) FILTER (WHERE overdue_since IS NOT NULL)::int AS overdue,
                (SELECT count(*)::int FROM supervision_letters) AS letters, (SELECT count(*)::int FROM supervision_progress_notes) AS notes FROM supervision_findings`,
      );
      expect(ledger.with_measures).toBeGreaterThanOrEqual(3);
      expect(ledger.overdue).toBeGreaterThan(0);
      expect(ledger.letters).toBe(ledger.overdue);
      expect(ledger.notes).toBeGreaterThan(0);
      const cases: { stage: string; redo: number; finding: boolean }[] = await t.dataSource.query(
        `SELECT stage::text AS stage, redo_count AS redo, finding_id IS NOT NULL AS finding FROM supervision_hotline_cases ORDER BY received_on`,
      );
      expect(cases.map((c) => c.stage)).toEqual(['CLOSED', 'TRANSFERRED', 'REPLIED', 'TRANSFERRED', 'RECEIVED']);
      expect(cases[1]!.redo).toBe(1);
      expect(cases[2]!.finding).toBe(true);
      const [a] = await t.dataSource.query(
        `SELECT c.published_on IS NOT NULL AS published, c.finding_id IS NOT NULL AS from_finding, (SELECT count(*)::int FROM supervision_accountability_actions x WHERE x.case_id = c.id) AS actions FROM supervision_accountability_cases c ORDER BY c.opened_on`,
      );
      expect(a).toEqual({ published: true, from_finding: true, actions: 1 });
      // The module's metrics over the demo.
      const p = demoPrincipal(['supervision.read']);
      const rates = await t.get(SupervisionService).rates(p, '2018-12-31', '410106000000');
      expect(rates.total.closed).toBe(1);
      expect(rates.total.referred).toBe(1);
      const hotline = await t.get(HotlineService).rates(p, '2018-12-31', '410106000000');
      expect(hotline.counts).toBeDefined();
      const metrics = await t.get(InspectionVisitService).metrics(p, '2018-12-31', '410106000000', null);
      expect(metrics.total.visited).toBe(i.visits);
    });

    it('adds the 2018 town appraisal (every town scored, graded from the list, submitted and approved by two people, follow-ups for 一般/差), work-team attendance and fault-tolerance requests decided (issue #20)', async () => {
      const entries: { stage: string; grade: string; total: string | null; submitter: string; approved: boolean }[] = await t.dataSource.query(
        `SELECT e.stage::text AS stage, e.grade, e.total::text AS total, e.submitted_by::text AS submitter, e.approved_on IS NOT NULL AS approved
           FROM supervision_appraisal_entries e JOIN supervision_appraisal_rounds r ON r.id = e.round_id WHERE r.year = 2018 AND r.target_kind = 'TOWN'`,
      );
      const [{ n: towns }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM regions WHERE level = 'town' AND code LIKE '410106%'`);
      expect(entries).toHaveLength(towns);
      expect(entries.every((e) => e.stage === 'APPROVED' && e.approved && e.total !== null)).toBe(true);
      expect(new Set(entries.map((e) => e.grade))).toEqual(new Set(['好', '较好', '一般', '差']));
      // Approved by another account than the one that submitted (the audit trail's actor ids differ).
      const steps: { action: string; actors: string[] }[] = await t.dataSource.query(
        `SELECT changes->>'action' AS action, array_agg(DISTINCT actor_id) AS actors FROM audit_log WHERE operation = 'supervision.appraisalStep' GROUP BY 1 ORDER BY 1`,
      );
      expect(steps.map((s) => s.action)).toEqual(['APPROVE', 'SUBMIT']);
      expect(steps[0]!.actors).toHaveLength(1);
      expect(steps[0]!.actors[0]).not.toBe(steps[1]!.actors[0]);
      const followUps: { consequence: string; status: string; grade: string }[] = await t.dataSource.query(
        `SELECT u.consequence::text AS consequence, u.status::text AS status, e.grade FROM supervision_appraisal_follow_ups u JOIN supervision_appraisal_entries e ON e.id = u.entry_id ORDER BY u.consequence`,
      );
      expect(followUps.map((u) => [u.grade, u.consequence])).toEqual(
        expect.arrayContaining([['一般', 'ADMONITION_TALK'], ['差', 'RECTIFICATION_BY_DEADLINE']]),
      );
      expect(new Set(followUps.map((u) => u.status))).toEqual(new Set(['DONE', 'PENDING']));
      // Attendance: days in the village for every first secretary and work team member the demo assigned, weekdays of November and December, within the term.
      const [att] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM village_assignments) AS assignments, count(DISTINCT a.assignment_id)::int AS attending, count(*)::int AS days,
                count(*) FILTER (WHERE extract(isodow FROM a.attended_on) > 5 OR a.attended_on NOT BETWEEN '2018-11-01' AND '2018-12-31')::int AS off
           FROM supervision_work_team_attendance a`,
      );
      expect(att.assignments).toBeGreaterThan(0);
      expect(att.attending).toBe(att.assignments);
      expect(att.days).toBeGreaterThan(att.assignments * 30);
      expect(att.days).toBeLessThan(att.assignments * 44);
      expect(att.off).toBe(0);
      const [village] = await t.dataSource.query(`SELECT region_code FROM village_assignments ORDER BY region_code LIMIT 1`);
      const month = await t.get(WorkTeamAttendanceService).month(demoPrincipal(['supervision.read']), village.region_code, '2018-12');
      expect(month!.members.length).toBeGreaterThan(0);
      expect(month!.members.every((m) => m.days.length > 0 && m.days.length <= m.daysServed)).toBe(true);
      // Fault tolerance: two requests taken to a decision of the list, one fed back.
      const requests: { stage: string; decision: string; verified: boolean }[] = await t.dataSource.query(
        `SELECT stage::text AS stage, decision, verified_on IS NOT NULL AS verified FROM supervision_fault_tolerance_requests ORDER BY requested_on`,
      );
      expect(requests).toEqual([
        { stage: 'DECIDED', decision: '从轻', verified: true },
        { stage: 'FED_BACK', decision: '不予容错', verified: true },
      ]);
    });

    it('gives each demo household its head history: the first head’s HEAD_CHANGED event from the day they joined, as the registry import writes it (issue #10)', async () => {
      const rows: { head: string; joined_on: string; events: { member_id: string; on: string; step: string | null; reason: string }[] }[] = await t.dataSource.query(
        `SELECT h.head_member_id AS head, m.joined_on::text AS joined_on,
                (SELECT coalesce(json_agg(json_build_object('member_id', e.member_id, 'on', e.effective_on::text, 'step', e.step, 'reason', e.reason)), '[]')
                   FROM household_events e WHERE e.household_id = h.id AND e.kind = 'HEAD_CHANGED') AS events
           FROM households h JOIN members m ON m.id = h.head_member_id`,
      );
      expect(rows).toHaveLength(HOUSEHOLDS);
      for (const r of rows) expect(r.events).toEqual([{ member_id: r.head, on: r.joined_on, step: null, reason: expect.stringContaining('导入') }]);
    });

    it('writes the registry through its SYNC import (issue #11): each household audited as imported by the demo, registered as of its registration date, every status change an event', async () => {
      const audit: { n: number; actors: string[] }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n, array_agg(DISTINCT actor_name) AS actors FROM audit_log WHERE operation = 'households.import.create'`,
      );
      expect(audit[0]).toEqual({ n: HOUSEHOLDS, actors: ['示例数据 (demo data)'] });
      const households: { status: string; year_registered: number; history: { to: string; on: string }[] }[] = await t.dataSource.query(
        `SELECT h.status, h.year_registered,
                (SELECT json_agg(json_build_object('to', e.to_status, 'on', e.effective_on::text) ORDER BY e.effective_on, e.id)
                   FROM household_events e WHERE e.household_id = h.id AND e.kind = 'STATUS_CHANGED') AS history
           FROM households h`,
      );
      for (const h of households) {
        expect(h.history[0]).toEqual({ to: 'NOT_EXITED', on: `${h.year_registered}-05-15` });
        expect(h.history[h.history.length - 1].to).toBe(h.status);
      }
      // Nobody joins before being born: a member born after the registration joins at birth.
      const [{ n: early }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM members WHERE joined_on < birth_date`);
      expect(early).toBe(0);
    });

    it('writes assistance through the assistance module’s batch writer (issue #11): audited as the services audit, and refused as they refuse', async () => {
      const counted: { op: string; n: number }[] = await t.dataSource.query(
        `SELECT operation AS op, count(*)::int AS n FROM audit_log WHERE operation LIKE 'assistance.%' GROUP BY operation ORDER BY operation`,
      );
      const [tables] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM helpers) AS helpers, (SELECT count(*)::int FROM pairings) AS pairings, (SELECT count(*)::int FROM visits) AS visits,
                (SELECT count(*)::int FROM village_assignments) AS teams, (SELECT count(*)::int FROM assisting_units) AS units`,
      );
      const audited = Object.fromEntries(counted.map((c) => [c.op, c.n]));
      expect(audited).toEqual({
        'assistance.assignToVillage': tables.teams,
        'assistance.createAssistingUnit': tables.units,
        'assistance.createHelper': tables.helpers,
        'assistance.logVisit': tables.visits,
        'assistance.pairHelper': tables.pairings,
      });
      // No visit outside its pairing (the services' rule; the old loader broke it for households registered in 2018).
      const [{ n: unpaired }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM visits v WHERE NOT EXISTS (SELECT 1 FROM pairings p WHERE p.helper_id = v.helper_id AND p.household_id = v.household_id AND p.start_on <= v.visited_on AND (p.end_on IS NULL OR p.end_on >= v.visited_on))`,
      );
      expect(unpaired).toBe(0);
      const [pairing] = await t.dataSource.query(`SELECT helper_id, household_id, start_on::text AS start_on FROM pairings LIMIT 1`);
      const writer = t.get(AssistanceBatchWriter);
      const before = tables.visits;
      await expect(
        t.dataSource.transaction((m) =>
          writer.write(m, { helpers: [], pairings: [], visits: [{ helperId: pairing.helper_id, householdId: pairing.household_id, visitedOn: '2013-01-02', delivered: [] }] }),
        ),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HELPER_NOT_PAIRED', field: 'visits[0].visitedOn' });
      const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM visits`);
      expect(after).toBe(before);
    });
  });

  it('SEED_DEMO_HOUSEHOLDS=0 starts with the division list, the demo accounts and no household: no project, so no funds document (none would have an amount)', async () => {
    const t0 = await startTestApp({ SEED_DEMO: 'true', SEED_DEMO_HOUSEHOLDS: '0' });
    try {
      const [row] = await t0.dataSource.query(
        `SELECT (SELECT count(*)::int FROM regions) AS regions, (SELECT count(*)::int FROM households) AS households,
                (SELECT count(*)::int FROM projects) AS projects, (SELECT count(*)::int FROM fund_documents) AS documents,
                (SELECT count(*)::int FROM users WHERE username IN ('admin', 'district', 'renshe')) AS accounts`,
      );
      expect(row).toEqual({ regions: 73, households: 0, projects: 0, documents: 0, accounts: 3 });
    } finally {
      await t0.close();
    }
  });

  it('without the division list, the start says why the bootstrap administrator cannot be created', async () => {
    await expect(startTestApp({ SEED_DEMO: 'false', ...BOOTSTRAP })).rejects.toThrow(/BOOTSTRAP_ADMIN_REGION 410106000000 .*regions:import/);
  });
});
