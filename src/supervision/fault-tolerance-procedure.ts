import { defineProcedure } from '../common/procedure/procedure';
import { FaultToleranceStage as S } from './fault-tolerance.entity';

/**
 * A fault-tolerance request's procedure (§27; supervision.fault_tolerance_decisions note
 * 申请→核实→认定→反馈) as the kit's table, all taken by the supervising side: verify with its
 * findings (the factors weighed), decide with a decision code, feed back to the applicant.
 */
export const FAULT_TOLERANCE_PROCEDURE = defineProcedure({
  name: 'faultTolerance',
  stages: {
    [S.REQUESTED]: { label: '已申请' },
    [S.VERIFIED]: { label: '已核实' },
    [S.DECIDED]: { label: '已认定' },
    [S.FED_BACK]: { label: '已反馈', final: true },
  },
  actions: {
    VERIFY: { label: '核实', from: [S.REQUESTED], to: S.VERIFIED, permission: 'supervision.write', requires: ['note'] },
    DECIDE: { label: '认定', from: [S.VERIFIED], to: S.DECIDED, permission: 'supervision.write', requires: ['decision'] },
    FEED_BACK: { label: '反馈', from: [S.DECIDED], to: S.FED_BACK, permission: 'supervision.write', requires: ['note'] },
  },
});

export type FaultToleranceAction = keyof typeof FAULT_TOLERANCE_PROCEDURE.actions;
export const FAULT_TOLERANCE_ACTIONS = Object.keys(FAULT_TOLERANCE_PROCEDURE.actions) as FaultToleranceAction[];
