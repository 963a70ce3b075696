/**
 * Resident identity card number (居民身份证号码) validation and generation,
 * GB 11643-1999:
 *
 *   positions 1–6   administrative region code (地址码)
 *   positions 7–14  birth date YYYYMMDD (出生日期码)
 *   positions 15–17 sequence code (顺序码), 17th digit odd = male, even = female
 *   position 18     ISO 7064 MOD 11-2 check character (校验码), 0–9 or X
 */
import { isLocalDate, todayInChina } from '../dates/local-date';

export type CitizenIdErrorCode =
  | 'CITIZEN_ID_EMPTY'
  | 'CITIZEN_ID_LENGTH'
  | 'CITIZEN_ID_15_DIGIT'
  | 'CITIZEN_ID_FORMAT'
  | 'CITIZEN_ID_REGION'
  | 'CITIZEN_ID_BIRTH_DATE'
  | 'CITIZEN_ID_CHECKSUM';

export type CitizenIdSex = 'MALE' | 'FEMALE';

export interface CitizenIdInfo {
  ok: true;
  /** Normalised 18-character number (upper-case X). */
  value: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: CitizenIdSex;
  /** First 6 digits. */
  regionCode: string;
}

export interface CitizenIdError {
  ok: false;
  code: CitizenIdErrorCode;
  /** User-facing reason, in Chinese. */
  message: string;
}

export type CitizenIdParseResult = CitizenIdInfo | CitizenIdError;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const MIN_BIRTH_DATE = '1900-01-01';

/**
 * Province-level prefixes of GB/T 2260 region codes, plus 81/82/83 used by
 * residence permits for Hong Kong, Macao and Taiwan residents.
 */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function computeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw new RangeError('computeCheckChar expects exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  }
  return CHECK_CHARS[sum % 11]!;
}

/** `YYYYMMDD` → `YYYY-MM-DD` if it is a real calendar date, else undefined. */
function toCalendarDate(yyyymmdd: string): string | undefined {
  if (!/^\d{8}$/.test(yyyymmdd)) return undefined;
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return isLocalDate(date) ? date : undefined;
}

/** The day to check against: a given LocalDate, or the date of a given instant (default now) in China. */
function checkDate(today: Date | string | undefined): string {
  if (typeof today === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError('today must be YYYY-MM-DD');
    return today;
  }
  const now = today ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError('today is an invalid Date');
  return todayInChina(now);
}

function fail(code: CitizenIdErrorCode, message: string): CitizenIdError {
  return { ok: false, code, message };
}

/**
 * Validate and decode an 18-character resident ID number.
 *
 * Input is trimmed and NFKC-normalised (full-width digits from Chinese input
 * methods are accepted); a lower-case `x` check character becomes `X`.
 * `today` (Date, or YYYY-MM-DD in China time) is for tests; it defaults to now.
 */
export function parseCitizenId(
  input: string | null | undefined,
  today?: Date | string,
): CitizenIdParseResult {
  if (typeof input !== 'string') return fail('CITIZEN_ID_EMPTY', '身份证号不能为空');
  const value = input.normalize('NFKC').trim().toUpperCase();
  if (value.length === 0) return fail('CITIZEN_ID_EMPTY', '身份证号不能为空');

  const length = Array.from(value).length;
  if (length === 15 && /^\d{15}$/.test(value)) {
    return fail(
      'CITIZEN_ID_15_DIGIT',
      '不支持 15 位旧版身份证号，请先升级为 18 位身份证号（到户籍所在地公安机关换领新证后）再录入',
    );
  }
  if (length !== 18) {
    return fail('CITIZEN_ID_LENGTH', `身份证号长度错误：应为 18 位，实际为 ${length} 位`);
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return fail('CITIZEN_ID_FORMAT', '身份证号格式错误：前 17 位必须是数字，最后一位必须是数字或 X');
  }

  const regionCode = value.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) {
    return fail('CITIZEN_ID_REGION', `身份证号地址码错误：前两位 ${regionCode.slice(0, 2)} 不是有效的省级行政区划代码`);
  }

  const birthDate = toCalendarDate(value.slice(6, 14));
  if (birthDate === undefined) {
    return fail('CITIZEN_ID_BIRTH_DATE', `身份证号出生日期错误：${value.slice(6, 14)} 不是有效日期`);
  }
  if (birthDate < MIN_BIRTH_DATE) {
    return fail('CITIZEN_ID_BIRTH_DATE', `身份证号出生日期错误：${birthDate} 早于 1900-01-01`);
  }
  const todayDate = checkDate(today);
  if (birthDate > todayDate) {
    return fail('CITIZEN_ID_BIRTH_DATE', `身份证号出生日期错误：${birthDate} 晚于今天（${todayDate}）`);
  }

  const expected = computeCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return fail('CITIZEN_ID_CHECKSUM', `身份证号校验位错误：应为 ${expected}`);
  }

  const sex: CitizenIdSex = Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
  return { ok: true, value, birthDate, sex, regionCode };
}

/** Convenience boolean form of `parseCitizenId`. */
export function isValidCitizenId(input: string | null | undefined, today?: Date | string): boolean {
  return parseCitizenId(input, today).ok;
}

/**
 * Build a valid 18-character number (demo data, benchmark generators, tests).
 *
 * `birthDate` is YYYY-MM-DD (or YYYYMMDD). `sequence3` is 0–999; when its
 * last digit's parity does not match `sex` it is moved to the neighbouring
 * value (+1, or −1 at 999) so the 17th digit is odd for MALE, even for FEMALE.
 * Throws RangeError if the inputs cannot produce a number that
 * `parseCitizenId` accepts (bad region, impossible/future date, ...).
 */
export function makeCitizenId(
  regionCode6: string,
  birthDate: string,
  sequence3: number,
  sex: CitizenIdSex,
): string {
  if (typeof regionCode6 !== 'string' || !/^\d{6}$/.test(regionCode6)) {
    throw new RangeError('makeCitizenId: regionCode6 must be 6 digits');
  }
  if (!PROVINCE_PREFIXES.has(regionCode6.slice(0, 2))) {
    throw new RangeError(`makeCitizenId: region code ${regionCode6} has an unknown province prefix`);
  }
  const compactDate = typeof birthDate === 'string' ? birthDate.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1$2$3') : '';
  if (toCalendarDate(compactDate) === undefined) {
    throw new RangeError(`makeCitizenId: birthDate ${String(birthDate)} is not a valid YYYY-MM-DD date`);
  }
  if (!Number.isInteger(sequence3) || sequence3 < 0 || sequence3 > 999) {
    throw new RangeError('makeCitizenId: sequence3 must be an integer from 0 to 999');
  }
  if (sex !== 'MALE' && sex !== 'FEMALE') {
    throw new RangeError("makeCitizenId: sex must be 'MALE' or 'FEMALE'");
  }
  let sequence = sequence3;
  const wantOdd = sex === 'MALE';
  if ((sequence % 2 === 1) !== wantOdd) sequence = sequence === 999 ? 998 : sequence + 1;

  const first17 = `${regionCode6}${compactDate}${String(sequence).padStart(3, '0')}`;
  const id = first17 + computeCheckChar(first17);
  const parsed = parseCitizenId(id);
  if (!parsed.ok) throw new RangeError(`makeCitizenId: ${parsed.code} (${parsed.message})`);
  return id;
}
