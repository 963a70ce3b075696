import { defineProcedure } from '../common/procedure/procedure';
import { AppraisalStage as S } from './appraisal.entity';

/**
 * An appraisal entry's finalisation (issue #20) as the kit's table: the appraisal body submits a
 * complete draft (the three sub-scores and the grade), another member approves it or returns it
 * with a reason. The service refuses an approval by the account that submitted (APPRAISAL_SELF_APPROVAL).
 */
export const APPRAISAL_PROCEDURE = defineProcedure({
  name: 'appraisal',
  stages: {
    [S.DRAFT]: { label: '草稿' },
    [S.SUBMITTED]: { label: '已提交' },
    [S.APPROVED]: { label: '已审定', final: true },
  },
  actions: {
    SUBMIT: { label: '提交', from: [S.DRAFT], to: S.SUBMITTED, permission: 'supervision.appraise' },
    APPROVE: { label: '审定', from: [S.SUBMITTED], to: S.APPROVED, permission: 'supervision.appraise' },
    RETURN: { label: '退回', from: [S.SUBMITTED], to: S.DRAFT, permission: 'supervision.appraise', requires: ['reason'] },
  },
});

export type AppraisalAction = keyof typeof APPRAISAL_PROCEDURE.actions;
export const APPRAISAL_ACTIONS = Object.keys(APPRAISAL_PROCEDURE.actions) as AppraisalAction[];
