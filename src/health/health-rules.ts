/**
 * The priority diseases of health.family_doctor (a RULE, RULES.md §5): the value's list when it is
 * an array of names, or the names its text gives after `priority`, separated by `;` up to a
 * `target` clause (`priority 高血压; 糖尿病; 结核病; 严重精神障碍; target 1.00 (应签尽签)`). Null when
 * the value says neither (the rule then answers "not configured").
 */
export function priorityDiseasesOf(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') && value.length ? (value as string[]) : null;
  const text = value && typeof value === 'object' ? (value as { text?: unknown }).text : undefined;
  if (typeof text !== 'string') return null;
  const m = /(?:^|;)\s*priority\s+([^]*?)(?:;\s*target\b|$)/.exec(text);
  if (!m) return null;
  const names = m[1].split(';').map((s) => s.trim()).filter(Boolean);
  return names.length ? names : null;
}

/** An ICD-10 code as written on a discharge summary: a letter, two digits, optionally a dot and digits (J18, J18.9, E11.65). */
export const ICD10 = /^[A-Z]\d{2}(\.\d{1,4})?$/;

/**
 * Catastrophic health spending (issue #17: a signal for the return-to-poverty watch): a household's
 * out-of-pocket spending of a year above this share of its income. Not in RULES.md: declared by
 * the health module, NOT_CONFIGURED until the district enters it.
 */
export const CATASTROPHIC_SPENDING_RATIO_KEY = 'health.catastrophic_spending_ratio';
