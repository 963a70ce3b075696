import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { AppError } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { DisabilityErrors } from './disability.errors';

/** A text input: trimmed, non-empty, at most `max` characters; INVALID_VALUE naming the field otherwise. */
export function requiredText(value: string, field: string, max: number): string {
  const t = (value ?? '').trim();
  if (!t || t.length > max) throw DisabilityErrors.invalidValue(field, `不能为空，最多 ${max} 字 (required, at most ${max} characters)`);
  return t;
}

/** A day not after today (omitted: today); INVALID_VALUE / DATE_IN_FUTURE naming the field. */
export function pastDay(value: string | null | undefined, field: string): string {
  const day = value ?? todayInChina();
  if (!isLocalDate(day)) throw DisabilityErrors.invalidValue(field, '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
  if (day > todayInChina()) throw AppError.badInput([{ field, reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (not after today)' }]);
  return day;
}
