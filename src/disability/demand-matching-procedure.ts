import { defineProcedure } from '../common/procedure/procedure';
import { AssistanceMatchStage as S } from './demand-matching.entities';

/**
 * A match of a need with a provider (§21) as the kit's procedure table: proposed → accepted →
 * delivered (with its outcome), or declined from either open stage (with why); civil affairs
 * takes every step (disability.assistance).
 */
export const DEMAND_MATCH_PROCEDURE = defineProcedure({
  name: 'assistanceMatch',
  stages: {
    [S.PROPOSED]: { label: '已对接' },
    [S.ACCEPTED]: { label: '已接受' },
    [S.DELIVERED]: { label: '已落实', final: true },
    [S.DECLINED]: { label: '未达成', final: true },
  },
  actions: {
    ACCEPT: { label: '接受', from: [S.PROPOSED], to: S.ACCEPTED, permission: 'disability.assistance' },
    DELIVER: { label: '落实', from: [S.ACCEPTED], to: S.DELIVERED, permission: 'disability.assistance', requires: ['outcome'] },
    DECLINE: { label: '放弃', from: [S.PROPOSED, S.ACCEPTED], to: S.DECLINED, permission: 'disability.assistance', requires: ['outcome'] },
  },
});

export type DemandMatchAction = keyof typeof DEMAND_MATCH_PROCEDURE.actions;
export const DEMAND_MATCH_ACTIONS = Object.keys(DEMAND_MATCH_PROCEDURE.actions) as DemandMatchAction[];
