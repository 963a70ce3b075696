import { defineProcedure } from '../common/procedure/procedure';
import { FindingStage as S } from './finding.entity';

/**
 * A finding's procedure (supervision.rectification_states, RULES.md §9) as the kit's table:
 * the supervising side (supervision.write: the district office, supervisors, the discipline
 * inspection department) registers, assigns (交办), accepts or fails the rectification (验收),
 * strikes the finding off (销号) or refers it to discipline inspection (移交纪检, a side exit, with
 * its reason); the responsible side (supervision.rectify: the town and village officers of the
 * finding's place) starts the rectification and requests acceptance. A failed acceptance sends the
 * finding back to RECTIFYING. Closing without acceptance, or any other skipped step, is the kit's
 * ILLEGAL_TRANSITION.
 */
export const SUPERVISION_PROCEDURE = defineProcedure({
  name: 'supervisionFinding',
  stages: {
    [S.REGISTERED]: { label: '已登记' },
    [S.ASSIGNED]: { label: '已交办' },
    [S.RECTIFYING]: { label: '整改中' },
    [S.ACCEPTANCE_REQUESTED]: { label: '已申请验收' },
    [S.ACCEPTED]: { label: '验收通过' },
    [S.CLOSED]: { label: '已销号', final: true },
    [S.REFERRED]: { label: '已移交纪检', final: true },
  },
  actions: {
    ASSIGN: { label: '交办', from: [S.REGISTERED], to: S.ASSIGNED, permission: 'supervision.write' },
    START_RECTIFICATION: { label: '开始整改', from: [S.ASSIGNED], to: S.RECTIFYING, permission: 'supervision.rectify' },
    REQUEST_ACCEPTANCE: { label: '申请验收', from: [S.RECTIFYING], to: S.ACCEPTANCE_REQUESTED, permission: 'supervision.rectify' },
    ACCEPT: { label: '验收通过', from: [S.ACCEPTANCE_REQUESTED], to: S.ACCEPTED, permission: 'supervision.write', requires: ['opinion'] },
    FAIL_ACCEPTANCE: { label: '验收不通过', from: [S.ACCEPTANCE_REQUESTED], to: S.RECTIFYING, permission: 'supervision.write', requires: ['opinion'] },
    CLOSE: { label: '销号', from: [S.ACCEPTED], to: S.CLOSED, permission: 'supervision.write' },
    REFER: { label: '移交纪检', from: [S.REGISTERED, S.ASSIGNED, S.RECTIFYING, S.ACCEPTANCE_REQUESTED], to: S.REFERRED, permission: 'supervision.write', requires: ['reason'] },
  },
});

export type FindingAction = keyof typeof SUPERVISION_PROCEDURE.actions;
export const FINDING_ACTIONS = Object.keys(SUPERVISION_PROCEDURE.actions) as FindingAction[];

/** The event row's action of a registration (not a step of the table). */
export const REGISTER_ACTION = 'REGISTER';
/** The event row's action of the daily job's marking (not a step of the table). */
export const OVERDUE_ACTION = 'OVERDUE';

/** Stages at which the rectification is done (not overdue any more, counted as rectified). */
export const RECTIFIED_STAGES: readonly S[] = [S.ACCEPTED, S.CLOSED];
/** Stages the overdue job leaves alone: rectified, or gone to discipline inspection. */
export const SETTLED_STAGES: readonly S[] = [S.ACCEPTED, S.CLOSED, S.REFERRED];
/** Stages at which the responsible side keeps the ledger (measures, result, progress notes). */
export const LEDGER_STAGES: readonly S[] = [S.ASSIGNED, S.RECTIFYING];
