import type { Permission } from '../access/permissions';
import { AppError } from '../errors/app-error';
import { actionDescriptions, actionEnum, availableActions, checkTransition, defineProcedure, objectionReturn, requireNoticeOver } from './procedure';

// A small procedure of the shape supervision findings or hotline cases would declare.
const CASE = defineProcedure({
  name: 'case',
  stages: {
    OPEN: { label: '受理' },
    NOTICE: { label: '公示', notice: { parameterKey: 'case.notice_days', objectionReturnsTo: 'OPEN' } },
    CLOSED: { label: '办结', final: true },
    DROPPED: { label: '不予受理', final: true },
  },
  actions: {
    PUBLISH: { label: '公示', from: ['OPEN'], to: 'NOTICE', permission: 'households.write' },
    CLOSE: { label: '办结', from: ['NOTICE'], to: 'CLOSED', permission: 'households.approve' },
    DROP: { label: '不予受理', from: ['OPEN', 'NOTICE'], to: 'DROPPED', permission: 'households.approve', requires: ['reason'] },
  },
});

const held = (...ps: Permission[]) => new Set<Permission>(ps);
const errorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('the procedure kit', () => {
  it('answers a legal step with where it leads and the notices it ends and starts', () => {
    expect(checkTransition(CASE, { action: 'PUBLISH', from: 'OPEN', held: held('households.write') })).toEqual({
      action: 'PUBLISH', from: 'OPEN', to: 'NOTICE', endsNotice: null, startsNotice: { parameterKey: 'case.notice_days', objectionReturnsTo: 'OPEN' },
    });
    expect(checkTransition(CASE, { action: 'CLOSE', from: 'NOTICE', held: held('households.approve') })).toMatchObject({ to: 'CLOSED', endsNotice: { parameterKey: 'case.notice_days' }, startsNotice: null });
  });

  it('refuses a step the stage does not allow (skipped, repeated, after a final stage) as ILLEGAL_TRANSITION naming the field', () => {
    const e = errorOf(() => checkTransition(CASE, { action: 'CLOSE', from: 'OPEN', held: held('households.approve'), field: 'input.step' }));
    expect(e.toExtensions()).toEqual({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', field: 'input.step', details: { procedure: 'case', action: 'CLOSE', stage: 'OPEN', allowedFrom: ['NOTICE'] } });
    expect(errorOf(() => checkTransition(CASE, { action: 'PUBLISH', from: 'CLOSED', held: held('households.write') })).reason).toBe('ILLEGAL_TRANSITION');
    expect(errorOf(() => checkTransition(CASE, { action: 'NOPE' as 'PUBLISH', from: 'OPEN', held: held('households.write') })).reason).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses a step of another level (permission) and a step without its required input', () => {
    expect(errorOf(() => checkTransition(CASE, { action: 'CLOSE', from: 'NOTICE', held: held('households.write') })).toExtensions()).toMatchObject({
      code: 'FORBIDDEN', reason: 'MISSING_PERMISSION', field: 'input.action', details: { permission: 'households.approve' },
    });
    const e = errorOf(() => checkTransition(CASE, { action: 'DROP', from: 'OPEN', held: held('households.approve'), input: { reason: '  ' } }));
    expect(e.toExtensions()).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED', field: 'input.reason' });
    expect(checkTransition(CASE, { action: 'DROP', from: 'OPEN', held: held('households.approve'), input: { reason: '重复' } }).to).toBe('DROPPED');
  });

  it('lists the actions a caller may take, and where an objection sends the record', () => {
    expect(availableActions(CASE, 'NOTICE', held('households.approve'))).toEqual(['CLOSE', 'DROP']);
    expect(availableActions(CASE, 'NOTICE', held('households.write'))).toEqual([]);
    expect(objectionReturn(CASE, 'NOTICE')).toBe('OPEN');
    expect(objectionReturn(CASE, 'OPEN')).toBeNull();
  });

  it('needs a notice really over and the next step dated after its last day', () => {
    expect(() => requireNoticeOver('2018-03-10', '2018-03-11', '2018-03-11')).not.toThrow();
    expect(errorOf(() => requireNoticeOver('2018-03-10', '2018-03-10', '2026-01-01')).toExtensions()).toEqual({
      code: 'CONFLICT', reason: 'NOTICE_NOT_OVER', field: 'input.effectiveOn', details: { noticeEndsOn: '2018-03-10' },
    });
    expect(errorOf(() => requireNoticeOver('2018-03-10', '2018-03-11', '2018-03-10')).reason).toBe('NOTICE_NOT_OVER');
  });

  it('refuses a table that names an unknown stage or leaves a final one', () => {
    expect(() => defineProcedure({ name: 'x', stages: { A: { label: 'a' } }, actions: { GO: { label: 'go', from: ['A'], to: 'B' as 'A', permission: 'households.write' } } })).toThrow(/unknown stage B/);
    expect(() => defineProcedure({ name: 'x', stages: { A: { label: 'a', final: true } }, actions: { GO: { label: 'go', from: ['A'], to: 'A', permission: 'households.write' } } })).toThrow(/final stage A/);
    expect(() => defineProcedure({ name: 'x', stages: { A: { label: 'a', notice: { parameterKey: 'k', objectionReturnsTo: 'Z' as 'A' } } }, actions: {} })).toThrow(/unknown stage Z/);
  });

  it('describes its actions for a GraphQL enum from the table: label, stages, permission, required inputs', () => {
    expect(actionEnum(CASE)).toEqual({ PUBLISH: 'PUBLISH', CLOSE: 'CLOSE', DROP: 'DROP' });
    expect(actionDescriptions(CASE)).toEqual({
      PUBLISH: { description: '公示: OPEN → NOTICE (households.write).' },
      CLOSE: { description: '办结: NOTICE → CLOSED (households.approve).' },
      DROP: { description: '不予受理: OPEN, NOTICE → DROPPED (households.approve; needs reason).' },
    });
  });
});
