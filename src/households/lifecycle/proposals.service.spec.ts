import { ConfigError, loadConfig } from '../../config/app-config';
import { HouseholdValidity } from '../household.entity';
import { ProposalKind } from '../proposal.entity';
import { PovertyStatus } from '../registry-codes';
import { noticeFrom, noticeLastDay, withinNotice } from './exit-notice';
import { MAY_PROPOSE } from './proposals.service';

describe('procedure rules', () => {
  it('a notice of N days starts on the approval day and ends N−1 days later; it lasts at least a day', () => {
    expect(noticeLastDay('2018-11-01', 7)).toBe('2018-11-07');
    expect(noticeLastDay('2018-12-28', 7)).toBe('2019-01-03');
    expect(noticeLastDay('2018-11-01', 1)).toBe('2018-11-01');
    expect(() => noticeLastDay('2018-11-01', 0)).toThrow(RangeError);
    expect(noticeFrom('2018-11-01', 7)).toEqual({ days: 7, startsOn: '2018-11-01', endsOn: '2018-11-07' });
  });

  it('an objection counts when received within the notice, its first and last days included', () => {
    const notice = noticeFrom('2018-11-01', 7);
    expect(withinNotice('2018-10-31', notice)).toBe('BEFORE');
    expect(withinNotice('2018-11-01', notice)).toBe('WITHIN');
    expect(withinNotice('2018-11-07', notice)).toBe('WITHIN');
    expect(withinNotice('2018-11-08', notice)).toBe('AFTER');
  });

  it('which status may start which procedure', () => {
    const may = (kind: ProposalKind, validity: HouseholdValidity, status: PovertyStatus | null) => MAY_PROPOSE[kind]({ validity, status });
    expect(may(ProposalKind.REGISTRATION, HouseholdValidity.CANDIDATE, null)).toBe(true);
    expect(may(ProposalKind.REGISTRATION, HouseholdValidity.ACTIVE, 'NOT_EXITED')).toBe(false);
    expect(may(ProposalKind.EXIT, HouseholdValidity.ACTIVE, 'NOT_EXITED')).toBe(true);
    expect(may(ProposalKind.EXIT, HouseholdValidity.ACTIVE, 'RETURNED')).toBe(true);
    expect(may(ProposalKind.EXIT, HouseholdValidity.ACTIVE, 'EXITED')).toBe(false);
    expect(may(ProposalKind.EXIT, HouseholdValidity.REMOVED, 'NOT_EXITED')).toBe(false);
    expect(may(ProposalKind.EXIT, HouseholdValidity.CANDIDATE, null)).toBe(false);
    expect(may(ProposalKind.RETURN_TO_POVERTY, HouseholdValidity.ACTIVE, 'EXITED')).toBe(true);
    expect(may(ProposalKind.RETURN_TO_POVERTY, HouseholdValidity.ACTIVE, 'EXITED_NO_POLICY')).toBe(true);
    expect(may(ProposalKind.RETURN_TO_POVERTY, HouseholdValidity.ACTIVE, 'EXIT_IN_PROGRESS')).toBe(false);
    expect(may(ProposalKind.REMOVAL, HouseholdValidity.ACTIVE, 'EXITED')).toBe(true);
    expect(may(ProposalKind.REMOVAL, HouseholdValidity.REMOVED, 'EXITED')).toBe(false);
  });

  it('EXIT_NOTICE_DAYS overrides the policy parameter: unset by default (no guessed 7), 1–90 (0 would end before it starts)', () => {
    expect(loadConfig({}).exitNoticeDays).toBeUndefined();
    expect(() => loadConfig({ EXIT_NOTICE_DAYS: '0' })).toThrow('EXIT_NOTICE_DAYS');
    expect(loadConfig({ EXIT_NOTICE_DAYS: '1' })).toMatchObject({ exitNoticeDays: 1 });
    expect(loadConfig({ EXIT_NOTICE_DAYS: '15' }).exitNoticeDays).toBe(15);
    expect(() => loadConfig({ EXIT_NOTICE_DAYS: '91' })).toThrow(ConfigError);
    expect(() => loadConfig({ EXIT_NOTICE_DAYS: 'seven' })).toThrow('EXIT_NOTICE_DAYS');
  });
});
