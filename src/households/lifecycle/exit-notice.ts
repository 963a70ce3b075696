/**
 * The public notice (公示) of an approved exit: it starts on the day the district approves (the
 * approval's date, which may be earlier than the day it is entered) and runs `days` days, that
 * day counting as the first. Objections count when they were received within those days,
 * whenever they are recorded; the exit is announced on a date after the last day, and not before
 * the last day has really passed.
 */
import { addDays } from '../../common/dates/local-date';
import { NoticeChannel, NoticeKind } from '../../disclosure/disclosure.enums';
import type { SubjectNotice } from '../../disclosure/disclosure.service';
import type { ProposalEntity } from '../proposal.entity';

/** How the exit notice (公示) names its subject in the disclosure module: the exit proposal. */
export const EXIT_NOTICE_SUBJECT = 'HouseholdProposal';

export interface ExitNotice {
  days: number;
  startsOn: string;
  endsOn: string;
}

/** The last day of a notice of `days` days (at least 1) starting on `startsOn`. */
export function noticeLastDay(startsOn: string, days: number): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`a notice lasts at least one day, not ${days}`);
  return addDays(startsOn, days - 1);
}

/** The notice an approval dated `approvedOn` starts. */
export function noticeFrom(approvedOn: string, days: number): ExitNotice {
  return { days, startsOn: approvedOn, endsOn: noticeLastDay(approvedOn, days) };
}

/** Where a date lies against the notice: before it started, within it, or after its last day. */
export function withinNotice(date: string, notice: Pick<ExitNotice, 'startsOn' | 'endsOn'>): 'BEFORE' | 'WITHIN' | 'AFTER' {
  if (date < notice.startsOn) return 'BEFORE';
  return date > notice.endsOn ? 'AFTER' : 'WITHIN';
}

/**
 * What the disclosure module publishes of an approved exit: the household's village board, the
 * period the registry's rule fixed, the head's name (masked by the disclosure module: 张*三) and
 * the household's size. The same for an exit approved here and for a historical one.
 */
export function exitNoticeOf(
  p: Pick<ProposalEntity, 'id' | 'year' | 'noticeStartsOn' | 'noticeEndsOn' | 'noticeDays'>,
  household: { regionCode: string; headName: string | null; size: number },
): SubjectNotice {
  return {
    kind: NoticeKind.REGISTRY_EXIT,
    subjectType: EXIT_NOTICE_SUBJECT,
    subjectId: p.id,
    regionCode: household.regionCode,
    channels: [NoticeChannel.VILLAGE_BOARD],
    startsOn: p.noticeStartsOn!,
    endsOn: p.noticeEndsOn!,
    length: p.noticeDays!,
    content: {
      title: `${p.year}年贫困户脱贫退出公示`,
      summary: '经村两委民主评议、核实，农户认可，乡镇审核，区级审定，拟脱贫退出，现予公示。如有异议，请在公示期内提出。',
      responsibleUnit: '区扶贫开发领导小组办公室',
      year: p.year,
      households: [{ headName: household.headName ?? '户主未登记', regionCode: household.regionCode, size: household.size || null }],
    },
  };
}
