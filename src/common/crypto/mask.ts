/**
 * Display masks for personal data (脱敏). All functions are null/empty safe
 * (returning '') and work on Unicode code points, so a name containing a
 * supplementary-plane character is not split in half.
 *
 * Masks are for display and logs only; they are not an access control.
 */

const STAR = '*';

function chars(value: string | null | undefined): string[] {
  if (typeof value !== 'string') return [];
  return Array.from(value.trim());
}

function stars(count: number): string {
  return STAR.repeat(Math.max(0, count));
}

/** Keep `head` leading and `tail` trailing characters, star the rest (same length). */
function keepEnds(value: string[], head: number, tail: number): string {
  return (
    value.slice(0, head).join('') + stars(value.length - head - tail) + value.slice(value.length - tail).join('')
  );
}

/**
 * Citizen ID: 18 characters → first 6 (region) and last 4 kept,
 * `41010619800101123X` → `410106********123X`. Any other length → first 2
 * and last 2 kept; values of 4 characters or fewer are fully starred.
 */
export function maskCitizenId(value: string | null | undefined): string {
  const c = chars(value);
  if (c.length === 0) return '';
  if (c.length === 18) return keepEnds(c, 6, 4);
  if (c.length <= 4) return stars(c.length);
  return keepEnds(c, 2, 2);
}

/**
 * Phone number: `13812345678` → `138****5678` (first 3, last 4). Spaces and
 * hyphens are removed first. Numbers of 5–7 characters keep only the last 2;
 * 4 or fewer are fully starred.
 */
export function maskPhone(value: string | null | undefined): string {
  const c = chars(value).filter((ch) => !/[\s-]/u.test(ch));
  if (c.length === 0) return '';
  if (c.length >= 8) return keepEnds(c, 3, 4);
  if (c.length <= 4) return stars(c.length);
  return keepEnds(c, 0, 2);
}

/**
 * Bank account / card number: `6222021234567890123` → `6222 **** **** 0123`.
 * Spaces and hyphens are removed first; the output has a fixed shape so it
 * does not reveal the account length. 5–8 characters → `**** 0123`;
 * 4 or fewer are fully starred.
 */
export function maskBankAccount(value: string | null | undefined): string {
  const c = chars(value).filter((ch) => !/[\s-]/u.test(ch));
  if (c.length === 0) return '';
  const last4 = c.slice(-4).join('');
  if (c.length >= 9) return `${c.slice(0, 4).join('')} **** **** ${last4}`;
  if (c.length >= 5) return `**** ${last4}`;
  return stars(c.length);
}

/**
 * Disability certificate number (残疾证号; the national form is the 18-character ID number
 * followed by the category and grade digits): only the last 4 characters kept, the rest starred
 * (same length), `41010619800101123X42` → `****************3X42`. 4 or fewer are fully starred.
 */
export function maskDisabilityCertificate(value: string | null | undefined): string {
  const c = chars(value);
  if (c.length === 0) return '';
  if (c.length <= 4) return stars(c.length);
  return keepEnds(c, 0, 4);
}

/**
 * Person name: first character kept, each other character starred,
 * `张三丰` → `张**`, `张三` → `张*`. A single-character name is fully starred.
 */
export function maskName(value: string | null | undefined): string {
  const c = chars(value);
  if (c.length === 0) return '';
  if (c.length === 1) return STAR;
  return keepEnds(c, 1, 0);
}

/**
 * Person name as a public notice shows it (公示名单): first and last character kept, those between
 * starred, `张小三` → `张*三`, `欧阳小明` → `欧**明`; a name of two characters keeps the first
 * (`张三` → `张*`), one character is fully starred.
 */
export function maskNameForNotice(value: string | null | undefined): string {
  const c = chars(value);
  if (c.length === 0) return '';
  if (c.length <= 2) return maskName(value);
  return keepEnds(c, 1, 1);
}
