import { defineProcedure } from '../common/procedure/procedure';
import { NoticeChannel, NoticeKind } from '../disclosure/disclosure.enums';
import { ProjectStage as S } from './project.entity';

/** The policy parameters of the four notices' lengths (RULES.md §2). */
export const NOTICE_DAYS_KEYS = {
  village: 'project.notice_days.village',
  library: 'project.notice_days.library',
  plan: 'project.notice_days.plan',
  completion: 'project.notice_days.completion',
} as const;

/**
 * The project library procedure (国开办发〔2018〕10号, RULES.md §2) as the kit's table: bottom-up
 * like the registry's, the village applies and notices (projects.apply), the town reviews
 * (projects.review), the district decides, enters into the library and the annual plan, removes,
 * accepts and settles (projects.approve); the responsible unit, at its level, records the works
 * (projects.write: started, completed, the completion notice on the site). An objection within a
 * notice sends the project back to the stage whose decision the notice published: the village
 * notice to APPLIED (the village deliberates again), the library notice to TOWN_REVIEWED (the
 * district decides again), the plan notice to IN_LIBRARY (the plan is drawn again), the
 * completion notice to COMPLETED (accepted again).
 */
export const PROJECT_PROCEDURE = defineProcedure({
  name: 'projectLibrary',
  stages: {
    [S.DRAFT]: { label: '草稿' },
    [S.APPLIED]: { label: '村申报' },
    [S.VILLAGE_NOTICE]: { label: '村级公示', notice: { parameterKey: NOTICE_DAYS_KEYS.village, objectionReturnsTo: S.APPLIED } },
    [S.TOWN_REVIEWED]: { label: '乡镇审核' },
    [S.DISTRICT_APPROVED]: { label: '区级审定' },
    [S.LIBRARY_NOTICE]: { label: '入库公示', notice: { parameterKey: NOTICE_DAYS_KEYS.library, objectionReturnsTo: S.TOWN_REVIEWED } },
    [S.IN_LIBRARY]: { label: '入库（备案）' },
    [S.IN_ANNUAL_PLAN]: { label: '年度计划' },
    [S.PLAN_NOTICE]: { label: '计划公告', notice: { parameterKey: NOTICE_DAYS_KEYS.plan, objectionReturnsTo: S.IN_LIBRARY } },
    [S.IMPLEMENTING]: { label: '实施' },
    [S.COMPLETED]: { label: '竣工' },
    [S.ACCEPTED]: { label: '验收' },
    [S.SETTLED]: { label: '报账完成' },
    [S.COMPLETION_NOTICE]: { label: '竣工公示', notice: { parameterKey: NOTICE_DAYS_KEYS.completion, objectionReturnsTo: S.COMPLETED } },
    [S.HANDED_OVER]: { label: '资产移交', final: true },
    [S.REJECTED]: { label: '未通过', final: true },
    [S.REMOVED]: { label: '出库（备案）', final: true },
  },
  actions: {
    APPLY: { label: '村申报', from: [S.DRAFT], to: S.APPLIED, permission: 'projects.apply' },
    PUBLISH_VILLAGE_NOTICE: { label: '村级公示', from: [S.APPLIED], to: S.VILLAGE_NOTICE, permission: 'projects.apply' },
    TOWN_REVIEW: { label: '乡镇审核通过', from: [S.VILLAGE_NOTICE], to: S.TOWN_REVIEWED, permission: 'projects.review' },
    TOWN_REJECT: { label: '乡镇审核不通过', from: [S.VILLAGE_NOTICE], to: S.REJECTED, permission: 'projects.review', requires: ['reason'] },
    DISTRICT_APPROVE: { label: '区级审定通过', from: [S.TOWN_REVIEWED], to: S.DISTRICT_APPROVED, permission: 'projects.approve' },
    DISTRICT_REJECT: { label: '区级审定不通过', from: [S.TOWN_REVIEWED], to: S.REJECTED, permission: 'projects.approve', requires: ['reason'] },
    PUBLISH_LIBRARY_NOTICE: { label: '入库公示', from: [S.DISTRICT_APPROVED], to: S.LIBRARY_NOTICE, permission: 'projects.approve' },
    ENTER_LIBRARY: { label: '入库（备案）', from: [S.LIBRARY_NOTICE], to: S.IN_LIBRARY, permission: 'projects.approve' },
    PLAN: { label: '纳入下年度计划', from: [S.IN_LIBRARY], to: S.IN_ANNUAL_PLAN, permission: 'projects.approve' },
    REMOVE: { label: '出库（备案）', from: [S.IN_LIBRARY], to: S.REMOVED, permission: 'projects.approve', requires: ['reason'] },
    PUBLISH_PLAN_NOTICE: { label: '计划公告', from: [S.IN_ANNUAL_PLAN], to: S.PLAN_NOTICE, permission: 'projects.approve' },
    START: { label: '开工实施', from: [S.PLAN_NOTICE], to: S.IMPLEMENTING, permission: 'projects.write' },
    COMPLETE: { label: '竣工', from: [S.IMPLEMENTING], to: S.COMPLETED, permission: 'projects.write' },
    ACCEPT: { label: '验收', from: [S.COMPLETED], to: S.ACCEPTED, permission: 'projects.approve' },
    SETTLE: { label: '报账完成', from: [S.ACCEPTED], to: S.SETTLED, permission: 'projects.approve' },
    PUBLISH_COMPLETION_NOTICE: { label: '竣工公示', from: [S.SETTLED], to: S.COMPLETION_NOTICE, permission: 'projects.write' },
    HAND_OVER: { label: '资产移交', from: [S.COMPLETION_NOTICE], to: S.HANDED_OVER, permission: 'projects.approve' },
  },
});

export type ProjectAction = keyof typeof PROJECT_PROCEDURE.actions;
export const PROJECT_ACTIONS = Object.keys(PROJECT_PROCEDURE.actions) as ProjectAction[];

/** The stages at which a project is in the library (入库) or beyond it: IN_LIBRARY and every later stage but the side exits. */
export const IN_LIBRARY_OR_LATER: readonly S[] = [
  S.IN_LIBRARY,
  S.IN_ANNUAL_PLAN,
  S.PLAN_NOTICE,
  S.IMPLEMENTING,
  S.COMPLETED,
  S.ACCEPTED,
  S.SETTLED,
  S.COMPLETION_NOTICE,
  S.HANDED_OVER,
];

/** The event row's action of an objection that sent a project back (not a step of the table). */
export const OBJECTION_ACTION = 'OBJECTION';

/** The actions that need the library-entry rules (performance targets when project.performance_target_required). */
export const LIBRARY_ENTRY_ACTIONS: readonly ProjectAction[] = ['PUBLISH_LIBRARY_NOTICE', 'ENTER_LIBRARY'];

/** The library adjustment (project.library_adjust_quarter): these steps only in that quarter. */
export const ADJUSTMENT_ACTIONS: readonly ProjectAction[] = ['PLAN', 'REMOVE'];

/** What each notice publishes as: the disclosure kind and where it is posted. */
export const NOTICE_OF_STAGE: Partial<Record<S, { kind: NoticeKind; channels: NoticeChannel[]; title: string }>> = {
  [S.VILLAGE_NOTICE]: { kind: NoticeKind.PROJECT_LIBRARY, channels: [NoticeChannel.VILLAGE_BOARD], title: '村级项目申报公示' },
  [S.LIBRARY_NOTICE]: { kind: NoticeKind.COUNTY_PROJECT_LIBRARY, channels: [NoticeChannel.PORTAL, NoticeChannel.VILLAGE_BOARD], title: '项目入库公示' },
  [S.PLAN_NOTICE]: { kind: NoticeKind.ANNUAL_PLAN, channels: [NoticeChannel.PORTAL, NoticeChannel.VILLAGE_BOARD], title: '年度项目计划公告' },
  [S.COMPLETION_NOTICE]: { kind: NoticeKind.PROJECT_IMPLEMENTATION, channels: [NoticeChannel.PROJECT_SITE, NoticeChannel.VILLAGE_BOARD], title: '项目竣工公示' },
};

/** The subject type of the project's notices in the disclosure module. */
export const PROJECT_NOTICE_SUBJECT = 'Project';

/** Whether a project's details may still change (updateProject, an import's update): every stage but the final ones. */
export function projectEditable(stage: S): boolean {
  return !PROJECT_PROCEDURE.stages[stage].final;
}

/** The event row's action of a project that an import (SYNC) placed at its stage (not a step of the table). */
export const IMPORTED_ACTION = 'IMPORTED';

/**
 * The stages a SYNC import may place a new project at (the district's library as it stands).
 * Not the notice stages (a notice is published through public disclosure with its period, which
 * a file cannot stand for), and nothing after IN_LIBRARY: from the annual plan on, each step
 * records facts of its own (the plan year, actual start and end, actual values at acceptance)
 * that belong to the procedure. REJECTED and REMOVED are not imported.
 */
export const SYNC_LANDING_STAGES: readonly S[] = [S.DRAFT, S.APPLIED, S.TOWN_REVIEWED, S.DISTRICT_APPROVED, S.IN_LIBRARY];

/** The main road's actions from DRAFT to `stage` (the table's shortest path), whose rules a project placed there has met. */
export function roadTo(stage: S): ProjectAction[] {
  const paths = new Map<S, ProjectAction[]>([[S.DRAFT, []]]);
  const queue: S[] = [S.DRAFT];
  while (queue.length) {
    const from = queue.shift()!;
    if (from === stage) return paths.get(from)!;
    for (const action of PROJECT_ACTIONS) {
      const a = PROJECT_PROCEDURE.actions[action];
      if (!(a.from as readonly S[]).includes(from) || paths.has(a.to)) continue;
      paths.set(a.to, [...paths.get(from)!, action]);
      queue.push(a.to);
    }
  }
  throw new Error(`no road to ${stage}`);
}
