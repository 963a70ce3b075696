/**
 * The one rule for the reason a person gives to see protected personal data in full (every
 * `revealPersonalData` subject and the export's `reveal=true`): trimmed, at least
 * REVEAL_REASON_MIN_LENGTH characters, and not punctuation or symbols only. The reason goes to
 * the audit trail, so it has to say something.
 */
export const REVEAL_REASON_MIN_LENGTH = 4;
export const REVEAL_REASON_MAX_LENGTH = 500;

/** Any letter or digit, of any script (汉字 count as letters). */
const MEANINGFUL = /[\p{L}\p{N}]/u;

/** The reason as it is recorded (trimmed), or null when it does not meet the rule. */
export function acceptedRevealReason(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const reason = raw.trim();
  // Characters as a person counts them (code points), not UTF-16 units.
  const length = [...reason].length;
  if (length < REVEAL_REASON_MIN_LENGTH || length > REVEAL_REASON_MAX_LENGTH) return null;
  return MEANINGFUL.test(reason) ? reason : null;
}

/** What a refused reason is told (Chinese for people, English in parentheses). */
export const REVEAL_REASON_RULE =
  `须说明理由：去掉首尾空格后至少 ${REVEAL_REASON_MIN_LENGTH} 个字，不能只有标点符号 ` +
  `(state a reason of at least ${REVEAL_REASON_MIN_LENGTH} characters, not punctuation only)`;
