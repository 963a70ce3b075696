import { defineProcedure } from '../common/procedure/procedure';
import { HotlineStage as S } from './hotline.entity';

/**
 * A hotline case's procedure (issue #20): received (受理) → transferred to the handling unit (转办,
 * the deadline counted from it) → replied (回复, substantiated or not) → visited back (回访) →
 * closed (办结). An unsatisfied return visit sends the case back to TRANSFERRED (重办, a new
 * deadline counted from the visit): the service decides the stage RETURN_VISIT leads to. Every step
 * is the case handlers' (supervision.hotline).
 */
export const HOTLINE_PROCEDURE = defineProcedure({
  name: 'hotlineCase',
  stages: {
    [S.RECEIVED]: { label: '已受理' },
    [S.TRANSFERRED]: { label: '已转办' },
    [S.REPLIED]: { label: '已回复' },
    [S.VISITED]: { label: '已回访' },
    [S.CLOSED]: { label: '已办结', final: true },
  },
  actions: {
    TRANSFER: { label: '转办', from: [S.RECEIVED], to: S.TRANSFERRED, permission: 'supervision.hotline', requires: ['handlingUnit'] },
    REPLY: { label: '回复', from: [S.TRANSFERRED], to: S.REPLIED, permission: 'supervision.hotline', requires: ['content', 'substantiated'] },
    RETURN_VISIT: { label: '回访', from: [S.REPLIED], to: S.VISITED, permission: 'supervision.hotline', requires: ['satisfied'] },
    CLOSE: { label: '办结', from: [S.VISITED], to: S.CLOSED, permission: 'supervision.hotline' },
  },
});

export type HotlineAction = keyof typeof HOTLINE_PROCEDURE.actions;
export const HOTLINE_ACTIONS = Object.keys(HOTLINE_PROCEDURE.actions) as HotlineAction[];

/**
 * Which deadline parameter a case type reads (supervision.hotline_deadline.*, RULES.md §9), a
 * decision of this module documented in the README: inquiries, suggestions, requests for help and
 * donation contacts are answered (inquiry); reports, complaints and criticism are investigated
 * (investigation), and a named reporter of those is given feedback (named_feedback). A type not
 * here has no deadline: "not configured".
 */
export const HOTLINE_DEADLINE_KEYS = {
  inquiry: 'supervision.hotline_deadline.inquiry',
  investigation: 'supervision.hotline_deadline.investigation',
  namedFeedback: 'supervision.hotline_deadline.named_feedback',
} as const;

const ANSWERED = ['咨询', '建议', '求助', '捐赠联系'];
const INVESTIGATED = ['举报', '投诉', '批评'];

/** The deadline parameter of a case of this type; null when the type is none of the listed ones. */
export function deadlineKeyOf(caseType: string, anonymous: boolean): string | null {
  if (ANSWERED.includes(caseType)) return HOTLINE_DEADLINE_KEYS.inquiry;
  if (INVESTIGATED.includes(caseType)) return anonymous ? HOTLINE_DEADLINE_KEYS.investigation : HOTLINE_DEADLINE_KEYS.namedFeedback;
  return null;
}
