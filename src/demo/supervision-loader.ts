import { DataSource } from 'typeorm';
import { AccountabilityService } from '../supervision/accountability.service';
import { APPRAISAL_KEYS, AppraisalService } from '../supervision/appraisal.service';
import { AppraisalConsequence, AppraisalTargetKind } from '../supervision/appraisal.entity';
import { FaultToleranceDistinction, FaultToleranceFactor } from '../supervision/fault-tolerance.entity';
import { FAULT_TOLERANCE_DECISIONS_KEY, FaultToleranceService } from '../supervision/fault-tolerance.service';
import { WorkTeamAttendanceService } from '../supervision/work-team-attendance.service';
import { AccountabilityCaseType } from '../supervision/accountability.entity';
import { FindingSeverity, FindingSource } from '../supervision/finding.entity';
import { HotlineArea, HotlineChannel } from '../supervision/hotline.entity';
import { HotlineService } from '../supervision/hotline.service';
import { HotlineAction } from '../supervision/hotline-procedure';
import { InspectionType } from '../supervision/inspection.entity';
import { drawSample, SampleStratum } from '../supervision/inspection-sample';
import { InspectionRepository } from '../supervision/inspection.repository';
import { InspectionService } from '../supervision/inspection.service';
import { ExitCheck, IdentificationCheck, VisitSatisfaction } from '../supervision/inspection-visit.entity';
import { InspectionVisitService } from '../supervision/inspection-visit.service';
import { FindingRead, SupervisionService } from '../supervision/supervision.service';
import { FindingAction } from '../supervision/supervision-procedure';
import { parameterValue } from './demo-parameters';
import { asDemo, DEMO_DISTRICT, demoPrincipal } from './demo-principal';
import { REFERENCE_YEAR } from './generator';
import { Rng } from './prng';
import type { AppServices } from './registry-loader';

/** What the supervision demo wrote. */
export interface SupervisionDemoCounts {
  inspections: number;
  sampled: number;
  visits: number;
  findings: number;
  /** Findings by stage at the end of the demo (overdue ones flagged by the overdue job's work as of the year's end). */
  stages: Record<string, number>;
  overdue: number;
  hotlineCases: number;
  accountabilityCases: number;
  /** The town appraisal round of the reference year: entries by grade, and the follow-ups their approval created (by status). */
  appraisal: { entries: number; grades: Record<string, number>; followUps: Record<string, number> };
  /** Days in the village recorded for the first secretaries and work teams (the assistance module's village assignments). */
  attendance: { assignments: number; days: number };
  /** Fault-tolerance requests (容错) by stage. */
  faultTolerance: Record<string, number>;
  /** The lists the findings and cases read that are not configured (nothing of theirs written). */
  notConfigured: string[];
}

/** The supervising side (区扶贫办, 督查组, 纪委监委): registers, assigns, accepts, closes, refers; handles the hotline. */
const SUPERVISOR = demoPrincipal(['supervision.read', 'supervision.write', 'supervision.hotline']);
/** The responsible side (the town and village officers): keeps the ledger and asks for acceptance; another person than the acceptor. */
const RECTIFIER = demoPrincipal(['supervision.read', 'supervision.rectify'], { id: '00000000-0000-0000-0000-000000000001' });
/** The appraisal body's member who scores and submits; the one who approves is another person (no self-approval). */
const APPRAISER = demoPrincipal(['supervision.read', 'supervision.appraise']);
const APPROVER = demoPrincipal(['supervision.read', 'supervision.appraise'], { id: '00000000-0000-0000-0000-000000000002' });
/** The district's poverty office recording the teams' days in the village. */
const ATTENDANCE = demoPrincipal(['supervision.read', 'supervision.attendance']);

const KEYS = {
  categories: 'supervision.finding_categories',
  subitems: 'supervision.finding_subitems',
  caseTypes: 'supervision.hotline_case_types',
  situations: 'supervision.accountability_situations',
  actions: 'supervision.accountability_actions',
  unitGrades: APPRAISAL_KEYS.unitGrades,
  decisions: FAULT_TOLERANCE_DECISIONS_KEY,
} as const;

/**
 * The towns' sub-scores (日常督查, 年度核查, 第三方评估: the appraisal body's own figures) and the
 * grade the body enters, as a place in supervision.appraisal_unit_grades (RULES.md gives no
 * boundaries from scores to grades: the body grades). Towns beyond these take them in turn.
 */
const TOWN_SCORES: readonly { daily: string; annual: string; thirdParty: string; grade: number }[] = [
  { daily: '92.50', annual: '90.00', thirdParty: '93.00', grade: 0 },
  { daily: '88.00', annual: '86.50', thirdParty: '89.00', grade: 1 },
  { daily: '85.00', annual: '87.00', thirdParty: '84.50', grade: 1 },
  { daily: '91.00', annual: '92.00', thirdParty: '90.50', grade: 0 },
  { daily: '76.50', annual: '78.00', thirdParty: '74.00', grade: 2 },
  { daily: '62.00', annual: '65.50', thirdParty: '60.00', grade: 3 },
];
/** The months whose weekdays the teams' days in the village are recorded for (a seeded few absent). */
const ATTENDANCE_MONTHS = [`${REFERENCE_YEAR}-11`, `${REFERENCE_YEAR}-12`];

const INSPECTION = { title: `${REFERENCE_YEAR}年第三季度脱贫攻坚暗访`, organiser: '上街区脱贫攻坚督查组', leader: '赵建华', startOn: `${REFERENCE_YEAR}-09-10`, endOn: `${REFERENCE_YEAR}-09-14` };
/** Towns in the sample, villages of each, households of each village (at most: fewer when a drawn village has fewer). */
const SAMPLE = { towns: 2, villages: 2, households: 3, seed: `shangjie-${REFERENCE_YEAR}-q3`, attempts: 200 };

/**
 * The supervision demo of 2018 (issue #20) for Shangjie, through the supervision module's services
 * (each step checked by the procedure tables and audited):
 * - an **unannounced inspection** (暗访) of two towns with its seeded **sample** (the largest one the
 *   towns' villages allow, two villages each, up to three households a village) and a **visit** of
 *   every sampled household: identification correct but one household that should not be
 *   registered, exits checked (one wrong exit when a sampled household has exited), missed
 *   households in one village, satisfaction;
 * - **findings** (categories and subitems of supervision.finding_categories/_subitems) in several
 *   states, with their rectification ledgers: from the visit, accepted and struck off (销号); from
 *   a self-check, rectifying with progress notes and overdue as of the year's end (the overdue job's
 *   work, a supervision letter 督办函); from an audit, acceptance failed and back to rectifying; from a
 *   substantiated hotline report, assigned; from discipline inspection, referred (移交纪检); one just
 *   registered;
 * - **hotline cases** (12317, types of supervision.hotline_case_types): closed after a satisfied
 *   return visit, redone after an unsatisfied one, substantiated with a finding, transferred, received;
 * - an **accountability case** (situations and actions of supervision.accountability_*) from the
 *   referred finding, with its action, published; a second one (形式主义) against a town official;
 * - **fault-tolerance requests** (容错) through verification to a decision of
 *   supervision.fault_tolerance_decisions: the referred cadre's, 不予容错 and fed back; the town
 *   official's, 从轻, decided;
 * - the **town appraisal** (考核) of the year: every town scored and graded (supervision.appraisal_unit_grades),
 *   submitted by one member of the appraisal body and approved by another, so a 一般 or 差 grade
 *   has its follow-ups (约谈, 限期整改; the first 约谈 done);
 * - **work-team attendance** (驻村考勤): the weekdays of November and December in the village of
 *   every first secretary and work team member the demo assigned, a seeded few absent.
 * Deterministic. Nothing when the district has inspections already; a part whose list is not
 * configured is left out (named in `notConfigured`).
 */
export async function loadDemoSupervision(app: AppServices): Promise<SupervisionDemoCounts> {
  const ds = app.get(DataSource);
  const counts: SupervisionDemoCounts = {
    inspections: 0,
    sampled: 0,
    visits: 0,
    findings: 0,
    stages: {},
    overdue: 0,
    hotlineCases: 0,
    accountabilityCases: 0,
    appraisal: { entries: 0, grades: {}, followUps: {} },
    attendance: { assignments: 0, days: 0 },
    faultTolerance: {},
    notConfigured: [],
  };
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM supervision_inspections`);
  if (n > 0) return counts;
  const list = async (key: string): Promise<string[] | null> => {
    const v = await parameterValue(ds, key, `${REFERENCE_YEAR}-06-30`);
    if (Array.isArray(v) && v.length) return v.map(String);
    counts.notConfigured.push(key);
    return null;
  };
  const categories = await list(KEYS.categories);
  const subitems = await list(KEYS.subitems);
  const caseTypes = await list(KEYS.caseTypes);
  const situations = await list(KEYS.situations);
  const actions = await list(KEYS.actions);
  const grades = await list(KEYS.unitGrades);
  const decisions = await list(KEYS.decisions);
  const findings = app.get(SupervisionService);
  const visits = app.get(InspectionVisitService);
  const hotline = app.get(HotlineService);
  return asDemo(SUPERVISOR, async () => {
    // The inspection, its sample and visits.
    const inspections = app.get(InspectionService);
    let inspection = await inspections.create(SUPERVISOR, { regionCode: DEMO_DISTRICT, inspectionType: InspectionType.UNANNOUNCED, ...INSPECTION });
    counts.inspections += 1;
    const sample = await feasibleSample(app, ds);
    if (sample) inspection = await inspections.drawSample(SUPERVISOR, { id: inspection.id, version: inspection.version, ...sample });
    const sampled: { household_id: string; exited: boolean; village_code: string }[] = await ds.query(
      `SELECT s.household_id, h.status::text IN ('EXITED', 'EXITED_NO_POLICY') AS exited, s.village_code
         FROM supervision_inspection_samples s JOIN households h ON h.id = s.household_id
        WHERE s.inspection_id = $1 ORDER BY s.village_code, h.household_number, h.id`,
      [inspection.id],
    );
    counts.sampled = sampled.length;
    let wrongExit = false;
    let shouldNot: { id: string; version: number } | null = null;
    for (const [k, s] of sampled.entries()) {
      const misidentified = k === 1;
      const exitCheck = !s.exited || misidentified ? null : wrongExit ? ExitCheck.EXIT_CORRECT : ((wrongExit = true), ExitCheck.WRONG_EXIT);
      const v = await visits.record(SUPERVISOR, {
        inspectionId: inspection.id,
        householdId: s.household_id,
        visitedOn: `${REFERENCE_YEAR}-09-${String(10 + Math.min(4, Math.floor(k / 3))).padStart(2, '0')}`,
        identification: misidentified ? IdentificationCheck.SHOULD_NOT_BE_REGISTERED : IdentificationCheck.CORRECT,
        exitCheck: misidentified && s.exited ? ExitCheck.WRONG_EXIT : exitCheck,
        missedHouseholds: k === 2 ? 1 : 0,
        satisfaction: k === 3 ? VisitSatisfaction.DISSATISFIED : k % 4 === 0 ? VisitSatisfaction.BASICALLY_SATISFIED : VisitSatisfaction.SATISFIED,
        notes: misidentified ? '家中有经营性货车一辆，人均纯收入明显高于标准' : null,
      });
      counts.visits += 1;
      if (misidentified) shouldNot = v;
    }
    await inspections.recordReport(SUPERVISOR, {
      id: inspection.id,
      version: (await ds.query(`SELECT version FROM supervision_inspections WHERE id = $1`, [inspection.id]))[0].version,
      report: `暗访两镇${counts.sampled}户：识别不精准1户，漏评线索1条，群众满意度总体较高；问题已交办相关镇整改。`,
      reportedOn: `${REFERENCE_YEAR}-09-20`,
    });

    if (categories && subitems) {
      const [town] = await ds.query(`SELECT code, name FROM regions WHERE level = 'town' AND code LIKE '410106%' ORDER BY code LIMIT 1`);
      const [village] = await ds.query(`SELECT code, name FROM regions WHERE level = 'village' AND code LIKE $1 ORDER BY code LIMIT 1`, [`${town.code.slice(0, 9)}%`]);
      const responsible = { leadUnit: '区扶贫办', responsibleUnit: `${town.name}人民政府`, responsiblePerson: '刘志强' };
      let step = async (read: FindingRead, action: FindingAction, on: string, extra: Record<string, unknown> = {}): Promise<FindingRead> =>
        findings.step(action === 'START_RECTIFICATION' || action === 'REQUEST_ACCEPTANCE' ? RECTIFIER : SUPERVISOR, action === 'START_RECTIFICATION' || action === 'REQUEST_ACCEPTANCE' ? 'supervision.rectify' : 'supervision.write', {
          id: read.finding.id,
          version: read.finding.version,
          action,
          effectiveOn: on,
          ...extra,
        });
      const rectifierStep = step;
      step = (read, action, on, extra) => (action === 'START_RECTIFICATION' || action === 'REQUEST_ACCEPTANCE' ? asDemo(RECTIFIER, () => rectifierStep(read, action, on, extra)) : rectifierStep(read, action, on, extra));
      const ledger = (read: FindingRead, measures: string, result: string | null, plannedOn: string) =>
        asDemo(RECTIFIER, () => findings.recordRectification(RECTIFIER, { id: read.finding.id, version: read.finding.version, measures, result, plannedOn, evidence: ['整改台账.pdf'] }));

      // 1. From the visit: accepted and struck off.
      if (shouldNot) {
        let f = (
          await visits.registerFinding(SUPERVISOR, {
            visitId: shouldNot.id,
            version: shouldNot.version,
            category: categories[2 % categories.length]!,
            subitem: subitems[0],
            severity: FindingSeverity.SERIOUS,
            ...responsible,
            deadline: `${REFERENCE_YEAR}-10-31`,
            description: '暗访发现1户家庭有经营性货车、收入明显高于标准，仍在建档立卡范围内',
            registeredOn: `${REFERENCE_YEAR}-09-17`,
          })
        ).finding;
        counts.findings += 1;
        f = await step(f, 'ASSIGN', `${REFERENCE_YEAR}-09-18`);
        f = await step(f, 'START_RECTIFICATION', `${REFERENCE_YEAR}-09-20`);
        f = await ledger(f, '重新核查家庭收入和财产，按程序启动清退', '经村民代表评议、镇审核、区审定，已按程序清退并公示', `${REFERENCE_YEAR}-10-20`);
        f = await step(f, 'REQUEST_ACCEPTANCE', `${REFERENCE_YEAR}-10-22`);
        f = await step(f, 'ACCEPT', `${REFERENCE_YEAR}-10-26`, { opinion: '清退程序完整，资料齐全，同意销号', acceptor: '区脱贫攻坚督查组' });
        await step(f, 'CLOSE', `${REFERENCE_YEAR}-10-29`);
      }
      const register = async (source: FindingSource, over: { category: number; subitem?: number; description: string; foundOn: string; deadline: string; severity?: FindingSeverity; regionCode?: string }) => {
        const f = await findings.register(SUPERVISOR, {
          source,
          sourceReference: null,
          description: over.description,
          category: categories[over.category % categories.length]!,
          subitem: over.subitem === undefined ? null : subitems[over.subitem % subitems.length]!,
          regionCode: over.regionCode ?? village?.code ?? town.code,
          severity: over.severity ?? FindingSeverity.GENERAL,
          ...responsible,
          foundOn: over.foundOn,
          deadline: over.deadline,
          registeredOn: over.foundOn,
        });
        counts.findings += 1;
        return f;
      };
      // 2. Self-check: rectifying, with progress notes; overdue by the year's end.
      let f2 = await register(FindingSource.SELF_CHECK, { category: 2, subitem: 3, description: '村级扶贫数据一年仅更新一次，动态管理不到位', foundOn: `${REFERENCE_YEAR}-06-05`, deadline: `${REFERENCE_YEAR}-08-31` });
      f2 = await step(f2, 'ASSIGN', `${REFERENCE_YEAR}-06-06`);
      f2 = await step(f2, 'START_RECTIFICATION', `${REFERENCE_YEAR}-06-10`);
      f2 = await ledger(f2, '建立月度数据更新制度，驻村工作队每月核对一次', null, `${REFERENCE_YEAR}-08-31`);
      await asDemo(RECTIFIER, () => findings.addProgressNote(RECTIFIER, { findingId: f2.finding.id, notedOn: `${REFERENCE_YEAR}-07-15`, note: '已完成两个村的数据核对，其余村正在进行', evidence: ['核对表-7月.xlsx'] }));
      // 3. Audit: acceptance failed, back to rectifying.
      let f3 = await register(FindingSource.AUDIT, { category: 3, subitem: 2, description: '项目资金报账凭证不全，部分支出缺少验收报告', foundOn: `${REFERENCE_YEAR}-07-02`, deadline: `${REFERENCE_YEAR}-12-31`, severity: FindingSeverity.SERIOUS });
      f3 = await step(f3, 'ASSIGN', `${REFERENCE_YEAR}-07-03`);
      f3 = await step(f3, 'START_RECTIFICATION', `${REFERENCE_YEAR}-07-05`);
      f3 = await ledger(f3, '补齐验收报告，规范报账流程', '已补齐3个项目的验收报告', `${REFERENCE_YEAR}-09-30`);
      f3 = await step(f3, 'REQUEST_ACCEPTANCE', `${REFERENCE_YEAR}-10-08`);
      await step(f3, 'FAIL_ACCEPTANCE', `${REFERENCE_YEAR}-10-12`, { opinion: '仍有1个项目缺少验收报告，继续整改' });
      // 5. Discipline inspection: referred, with an accountability case.
      let f5 = await register(FindingSource.DISCIPLINE, { category: 3, subitem: 2, description: '村干部虚报冒领公益岗位补贴', foundOn: `${REFERENCE_YEAR}-08-20`, deadline: `${REFERENCE_YEAR}-09-30`, severity: FindingSeverity.GRAVE });
      f5 = await step(f5, 'REFER', `${REFERENCE_YEAR}-08-24`, { reason: '涉嫌违纪，移交区纪委监委调查处理' });
      // 6. Just registered.
      await register(FindingSource.INSPECTION, { category: 1, description: '帮扶责任人入户走访记录不全', foundOn: `${REFERENCE_YEAR}-12-20`, deadline: `${REFERENCE_YEAR + 1}-01-31` });

      if (situations && actions) {
        let c = await app.get(AccountabilityService).open(SUPERVISOR, {
          caseType: AccountabilityCaseType.CORRUPTION,
          situation: situations.find((s) => s === '虚报冒领') ?? situations[0]!,
          summary: `${village?.name ?? town.name}党支部书记虚报公益岗位人员2名，冒领补贴`,
          persons: [{ name: '李某某', unit: `${village?.name ?? town.name}党支部`, post: '书记' }],
          openedOn: `${REFERENCE_YEAR}-09-03`,
          findingId: f5.finding.id,
        });
        counts.accountabilityCases += 1;
        c = await app.get(AccountabilityService).addAction(SUPERVISOR, {
          id: c.accountabilityCase.id,
          version: c.accountabilityCase.version,
          action: actions.find((a) => a === '党纪政务处分') ?? actions[0]!,
          subject: '李某某',
          decidedOn: `${REFERENCE_YEAR}-11-15`,
          note: '给予党内严重警告处分，责令退还冒领资金',
        });
        await app.get(AccountabilityService).publish(SUPERVISOR, { id: c.accountabilityCase.id, version: c.accountabilityCase.version, publishedOn: `${REFERENCE_YEAR}-11-28`, reference: `上纪通〔${REFERENCE_YEAR}〕7号` });
        if (decisions) await faultTolerance(app, c.accountabilityCase.id, town, situations, actions, decisions, counts);
      }

      // Hotline cases, one substantiated with a finding (4: assigned).
      if (caseTypes) {
        const type = (name: string) => caseTypes.find((t) => t === name) ?? null;
        const go = async (c: { id: string; version: number }, steps: [HotlineAction, string, Record<string, unknown>?][]) => {
          let at = c;
          for (const [action, on, extra] of steps) at = await hotline.step(SUPERVISOR, { id: at.id, version: at.version, action, effectiveOn: on, ...extra });
          return at;
        };
        const cases: { type: string | null; area: HotlineArea; summary: string; received: string; named?: boolean; steps: [HotlineAction, string, Record<string, unknown>?][] }[] = [
          { type: type('咨询'), area: HotlineArea.POLICY, summary: '咨询雨露计划补助申请条件', received: `${REFERENCE_YEAR}-04-09`, steps: [['TRANSFER', `${REFERENCE_YEAR}-04-09`, { handlingUnit: '区扶贫办' }], ['REPLY', `${REFERENCE_YEAR}-04-13`, { content: '已电话告知申请条件和材料', substantiated: false }], ['RETURN_VISIT', `${REFERENCE_YEAR}-04-16`, { satisfied: true }], ['CLOSE', `${REFERENCE_YEAR}-04-16`]] },
          { type: type('投诉'), area: HotlineArea.IDENTIFICATION_EXIT, summary: '反映本村贫困户评定不公开', received: `${REFERENCE_YEAR}-05-14`, named: true, steps: [['TRANSFER', `${REFERENCE_YEAR}-05-14`, { handlingUnit: `${town.name}人民政府` }], ['REPLY', `${REFERENCE_YEAR}-05-30`, { content: '经核查，评议程序完整，已向反映人说明', substantiated: false }], ['RETURN_VISIT', `${REFERENCE_YEAR}-06-04`, { satisfied: false }]] },
          { type: type('举报'), area: HotlineArea.FUNDS, summary: '举报某村光伏收益分配不公开', received: `${REFERENCE_YEAR}-06-11`, steps: [['TRANSFER', `${REFERENCE_YEAR}-06-11`, { handlingUnit: `${town.name}人民政府` }], ['REPLY', `${REFERENCE_YEAR}-06-27`, { content: '经核查属实，光伏收益分配未公示', substantiated: true }]] },
          { type: type('建议'), area: HotlineArea.PROJECTS, summary: '建议扶贫车间增加技能培训', received: `${REFERENCE_YEAR}-11-05`, steps: [['TRANSFER', `${REFERENCE_YEAR}-11-06`, { handlingUnit: '区人社局' }]] },
          { type: type('求助'), area: HotlineArea.POLICY, summary: '求助办理残疾人证', received: `${REFERENCE_YEAR}-12-27`, steps: [] },
        ];
        for (const spec of cases) {
          if (!spec.type) continue;
          const c = await hotline.receive(SUPERVISOR, {
            channel: spec.named ? HotlineChannel.LOCAL_LINE : HotlineChannel.HOTLINE_12317,
            anonymous: !spec.named,
            caseType: spec.type,
            area: spec.area,
            summary: spec.summary,
            regionCode: village?.code ?? town.code,
            receivedOn: spec.received,
            reporterName: spec.named ? '王秀英' : null,
            reporterContact: spec.named ? '13803710000' : null,
          });
          counts.hotlineCases += 1;
          const after = await go(c, spec.steps);
          if (spec.type === '举报') {
            const f4 = (
              await hotline.registerFinding(SUPERVISOR, {
                caseId: after.id,
                version: after.version,
                category: categories[3 % categories.length]!,
                subitem: subitems[2 % subitems.length],
                severity: FindingSeverity.GENERAL,
                ...responsible,
                foundOn: `${REFERENCE_YEAR}-06-27`,
                registeredOn: `${REFERENCE_YEAR}-06-27`,
                deadline: `${REFERENCE_YEAR}-08-31`,
              })
            ).finding;
            counts.findings += 1;
            await step(f4, 'ASSIGN', `${REFERENCE_YEAR}-06-28`);
          }
        }
      }
      // The overdue job's work as of the year's end: unrectified findings past their deadline flagged, each with its letter.
      counts.overdue = await findings.markOverdue(`${REFERENCE_YEAR}-12-31`);
    }
    const stages: { stage: string; n: number }[] = await ds.query(`SELECT stage::text AS stage, count(*)::int AS n FROM supervision_findings GROUP BY stage ORDER BY stage`);
    counts.stages = Object.fromEntries(stages.map((s) => [s.stage, s.n]));
    if (grades) await townAppraisal(app, ds, grades, counts);
    await asDemo(ATTENDANCE, () => attendance(app, ds, counts));
    return counts;
  });
}

/**
 * The sample: the first towns (by code) whose villages hold households, each with up to
 * SAMPLE.villages villages and the most households a village (up to SAMPLE.households) the seeded
 * draw allows, and the first seed whose drawn villages all hold households (a small demo leaves
 * most villages empty): the draw is the module's own pure function, tried on the same populations first.
 */
async function feasibleSample(app: AppServices, ds: DataSource): Promise<{ seed: string; strata: SampleStratum[] } | null> {
  const rows: { town: string; village: string }[] = await ds.query(
    `SELECT t.code AS town, v.code AS village FROM regions t JOIN regions v ON v.parent_code = t.code AND v.level = 'village'
      WHERE t.level = 'town' AND t.code LIKE '410106%'
        AND EXISTS (SELECT 1 FROM households h JOIN regions hv ON hv.code = h.region_code WHERE hv.parent_code = t.code AND h.validity = 'ACTIVE')
      ORDER BY t.code, v.code`,
  );
  const villagesOf = new Map<string, string[]>();
  for (const r of rows) villagesOf.set(r.town, [...(villagesOf.get(r.town) ?? []), r.village]);
  const towns = [...villagesOf.keys()].slice(0, SAMPLE.towns);
  const households = await ds.transaction((m) => app.get(InspectionRepository).householdsOfVillages(m, towns.flatMap((t) => villagesOf.get(t)!)));
  const population = { villagesOf: (t: string) => villagesOf.get(t) ?? [], householdsOf: (v: string) => households.get(v) ?? [] };
  // The first seed (the base, then base-1, base-2…) whose draw finds households in every drawn village.
  for (let attempt = 0; attempt < SAMPLE.attempts; attempt++) {
    const seed = attempt ? `${SAMPLE.seed}-${attempt}` : SAMPLE.seed;
    const chosen: SampleStratum[] = [];
    for (const town of towns) {
      let found: SampleStratum | null = null;
      for (let v = Math.min(SAMPLE.villages, villagesOf.get(town)!.length); v >= 1 && !found; v--) {
        for (let h = SAMPLE.households; h >= 1 && !found; h--) {
          const stratum = { townCode: town, villages: v, households: h };
          if (drawSample(seed, null, [...chosen, stratum], population).ok) found = stratum;
        }
      }
      if (!found) break;
      chosen.push(found);
    }
    if (chosen.length === towns.length) return { seed, strata: chosen };
  }
  return null;
}

/** A fault-tolerance request of the demo: the request, its verification, the decision and, when given, the feedback. */
interface FaultToleranceSpec {
  applicant: string;
  grounds: string;
  distinction: FaultToleranceDistinction;
  requestedOn: string;
  verification: { on: string; note: string; factors: [FaultToleranceFactor, string][] };
  decision: { on: string; code: string };
  feedback?: { on: string; note: string };
}

/**
 * Fault-tolerance requests (容错) through their procedure: the referred cadre's (the corruption case),
 * verified and decided 不予容错 (for private gain: not excused), fed back; a second case (形式主义,
 * 失职失责) against a town official whose request is decided 从轻. Decisions from the list in force.
 */
async function faultTolerance(app: AppServices, corruptionCaseId: string, town: { code: string; name: string }, situations: string[], actions: string[], decisions: string[], counts: SupervisionDemoCounts): Promise<void> {
  const service = app.get(FaultToleranceService);
  const cases = app.get(AccountabilityService);
  const Y = REFERENCE_YEAR;
  const decide = async (caseId: string, spec: FaultToleranceSpec) => {
    let r = await service.request(SUPERVISOR, { caseId, applicant: spec.applicant, grounds: spec.grounds, distinctions: [spec.distinction], requestedOn: spec.requestedOn });
    const v = spec.verification;
    r = await service.step(SUPERVISOR, { id: r.id, version: r.version, action: 'VERIFY', effectiveOn: v.on, note: v.note, factors: v.factors.map(([factor, assessment]) => ({ factor, assessment })) });
    r = await service.step(SUPERVISOR, { id: r.id, version: r.version, action: 'DECIDE', effectiveOn: spec.decision.on, decision: spec.decision.code });
    if (spec.feedback) await service.step(SUPERVISOR, { id: r.id, version: r.version, action: 'FEED_BACK', effectiveOn: spec.feedback.on, note: spec.feedback.note });
  };
  const decision = (name: string) => decisions.find((d) => d === name) ?? null;
  const refused = decision('不予容错');
  if (refused) {
    await decide(corruptionCaseId, {
      applicant: '李某某',
      grounds: '本人称公益岗位人员名单系按村委会议定上报，对政策理解有误',
      distinction: FaultToleranceDistinction.INEXPERIENCE_VS_KNOWING,
      requestedOn: `${Y}-11-20`,
      verification: { on: `${Y}-11-26`, note: '经核实，冒领补贴归个人使用，属为谋取私利的违纪行为', factors: [[FaultToleranceFactor.MOTIVE, '为谋取私利'], [FaultToleranceFactor.RECOVERY, '冒领资金已责令退还']] },
      decision: { on: `${Y}-11-30`, code: refused },
      feedback: { on: `${Y}-12-05`, note: '已书面告知申请人不予容错的认定及理由' },
    });
  }
  const lighter = decision('从轻');
  if (lighter) {
    let c = await cases.open(SUPERVISOR, {
      caseType: AccountabilityCaseType.FORMALISM_BUREAUCRATISM,
      situation: situations.find((s) => s === '失职失责') ?? situations[0]!,
      summary: `${town.name}扶贫专干未按期更新村级扶贫数据，动态管理不到位`,
      persons: [{ name: '王某某', unit: `${town.name}人民政府`, post: '扶贫专干' }],
      openedOn: `${Y}-10-08`,
      regionCode: town.code,
    });
    counts.accountabilityCases += 1;
    c = await cases.addAction(SUPERVISOR, {
      id: c.accountabilityCase.id,
      version: c.accountabilityCase.version,
      action: actions.find((a) => a === '诫勉谈话') ?? actions[0]!,
      subject: '王某某',
      decidedOn: `${Y}-10-30`,
      note: '拟给予诫勉谈话',
    });
    await decide(c.accountabilityCase.id, {
      applicant: '王某某',
      grounds: '数据更新滞后系当年系统切换、人手不足所致，发现后已主动补录完毕',
      distinction: FaultToleranceDistinction.UNINTENDED_VS_SELF_INTEREST,
      requestedOn: `${Y}-11-02`,
      verification: {
        on: `${Y}-11-12`,
        note: '经核实，系客观条件所限的无意过失，未造成资金损失，已主动整改',
        factors: [[FaultToleranceFactor.MOTIVE, '无谋取私利'], [FaultToleranceFactor.CONDITIONS, '系统切换期间人手不足'], [FaultToleranceFactor.CONSEQUENCES, '未造成资金损失']],
      },
      decision: { on: `${Y}-11-20`, code: lighter },
    });
  }
  const stages: { stage: string; n: number }[] = await app.get(DataSource).query(`SELECT stage::text AS stage, count(*)::int AS n FROM supervision_fault_tolerance_requests GROUP BY stage ORDER BY stage`);
  counts.faultTolerance = Object.fromEntries(stages.map((s) => [s.stage, s.n]));
}

/** The district's town appraisal of the year: every town scored and graded, submitted by one member and approved by another. */
async function townAppraisal(app: AppServices, ds: DataSource, grades: string[], counts: SupervisionDemoCounts): Promise<void> {
  const service = app.get(AppraisalService);
  const Y = REFERENCE_YEAR;
  const towns: { code: string }[] = await ds.query(`SELECT code FROM regions WHERE level = 'town' AND code LIKE '410106%' ORDER BY code`);
  const entries = await asDemo(APPRAISER, async () => {
    const round = await service.createRound(APPRAISER, { year: Y, targetKind: AppraisalTargetKind.TOWN, regionCode: DEMO_DISTRICT, title: `${Y}年度乡镇（街道）脱贫攻坚工作考核` });
    const out: { id: string; version: number }[] = [];
    for (const [i, town] of towns.entries()) {
      const s = TOWN_SCORES[i % TOWN_SCORES.length]!;
      const e = await service.addEntry(APPRAISER, { roundId: round.id, regionCode: town.code });
      const grade = grades[Math.min(s.grade, grades.length - 1)]!;
      const scored = await service.score(APPRAISER, { id: e.id, version: e.version, dailyScore: s.daily, annualScore: s.annual, thirdPartyScore: s.thirdParty, grade });
      out.push((await service.step(APPRAISER, { id: scored.id, version: scored.version, action: 'SUBMIT', effectiveOn: `${Y + 1}-01-15` })).entry);
      counts.appraisal.entries += 1;
      counts.appraisal.grades[grade] = (counts.appraisal.grades[grade] ?? 0) + 1;
    }
    return out;
  });
  const followUps = await asDemo(APPROVER, async () => {
    const created = [];
    for (const e of entries) created.push(...(await service.step(APPROVER, { id: e.id, version: e.version, action: 'APPROVE', effectiveOn: `${Y + 1}-01-25` })).followUps);
    return created;
  });
  const talk = followUps.find((u) => u.consequence === AppraisalConsequence.ADMONITION_TALK);
  if (talk) await asDemo(APPRAISER, () => service.completeFollowUp(APPRAISER, { id: talk.id, version: talk.version, doneOn: `${Y + 1}-02-20`, note: '区扶贫开发领导小组约谈该镇党委书记、镇长，责成制定整改方案' }));
  const statuses: { status: string; n: number }[] = await ds.query(`SELECT status::text AS status, count(*)::int AS n FROM supervision_appraisal_follow_ups GROUP BY status ORDER BY status`);
  counts.appraisal.followUps = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
}

/** Days in the village of every village assignment (first secretaries and team members): the weekdays of ATTENDANCE_MONTHS within the term, a seeded few absent. */
async function attendance(app: AppServices, ds: DataSource, counts: SupervisionDemoCounts): Promise<void> {
  const service = app.get(WorkTeamAttendanceService);
  const rng = new Rng(`shangjie-${REFERENCE_YEAR}-attendance`);
  const assignments: { id: string; start_on: string; end_on: string | null }[] = await ds.query(
    `SELECT id, start_on::text AS start_on, end_on::text AS end_on FROM village_assignments WHERE region_code LIKE '410106%' ORDER BY region_code, role, person_name, id`,
  );
  const weekdays: string[] = [];
  for (const month of ATTENDANCE_MONTHS) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    for (let d = 1; d <= new Date(Date.UTC(y, m, 0)).getUTCDate(); d++) {
      const day = new Date(Date.UTC(y, m - 1, d));
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) weekdays.push(day.toISOString().slice(0, 10));
    }
  }
  for (const a of assignments) {
    const days = weekdays.filter((d) => d >= a.start_on && (a.end_on === null || d <= a.end_on) && !rng.chance(0.1));
    if (!days.length) continue;
    const { recorded } = await service.record(ATTENDANCE, { assignmentId: a.id, days });
    counts.attendance.assignments += 1;
    counts.attendance.days += recorded.length;
  }
}
