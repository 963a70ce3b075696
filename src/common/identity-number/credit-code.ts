/**
 * Unified social credit code (统一社会信用代码) validation and generation, GB 32100-2015
 * (法人和其他组织统一社会信用代码编码规则, with its 2016 amendment XG1-2016):
 *
 *   position 1      registration authority code (登记管理部门代码)
 *   position 2      organisation type code (机构类别代码), per authority
 *   positions 3–8   administrative division of the registering office (登记管理机关行政区划码, GB/T 2260)
 *   positions 9–17  organisation code (主体标识码, GB 11714-1997: 8 characters and its own check character)
 *   position 18     check character (校验码, GB/T 17710 / ISO 7064 MOD 31-3)
 *
 * Every character is from the code's alphabet: 0-9 and A-Z without I, O, Z, S, V (31 characters,
 * valued 0–30 in that order). The check character's weights are 3^(i-1) mod 31 (the standard's
 * table 4: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28), and C18 = 31 − (Σ mod 31),
 * 31 written 0.
 *
 * Village collective economic organisations (村集体经济组织) are registered by the agriculture
 * departments (农经发〔2018〕4号, 农业农村部 · 中国人民银行 · 国家市场监督管理总局, 登记赋码) with codes
 * of the same standard under authority N (农业): type 1 组级, 2 村级, 3 乡镇级, 9 其他; their
 * 《农村集体经济组织登记证》 carries it. So they are checked like any other code, N included.
 *
 * Some codes issued early in pilot regions (e.g. Fujian's first batch, 2015) are reported not to
 * meet the check character; they are refused here like any other wrong code (the officer sees
 * which part is wrong and can have the registry confirm it).
 */
import { PROVINCE_PREFIXES } from './citizen-id';

export type CreditCodeErrorCode =
  | 'CREDIT_CODE_EMPTY'
  | 'CREDIT_CODE_LENGTH'
  | 'CREDIT_CODE_ALPHABET'
  | 'CREDIT_CODE_AUTHORITY'
  | 'CREDIT_CODE_REGION'
  | 'CREDIT_CODE_ORGANISATION'
  | 'CREDIT_CODE_CHECKSUM';

export interface CreditCodeInfo {
  ok: true;
  /** The normalised 18-character code (upper case, no blanks or dashes). */
  value: string;
  /** Position 1, e.g. `9`; and what it stands for, e.g. `工商`. */
  authority: string;
  authorityName: string;
  /** Position 2, e.g. `3`; and what it stands for under the authority, e.g. `农民专业合作社`. */
  type: string;
  typeName: string;
  /** Positions 3–8: the registering office's division (`100000` for central registrations). */
  regionCode: string;
  /** Positions 9–17: the organisation code (GB 11714), its check character last. */
  organisationCode: string;
}

export interface CreditCodeError {
  ok: false;
  code: CreditCodeErrorCode;
  /** User-facing reason, in Chinese. */
  message: string;
}

export type CreditCodeParseResult = CreditCodeInfo | CreditCodeError;

/** The code's alphabet, in value order (0–30). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17: 3^(i-1) mod 31 (GB 32100-2015 table 4). */
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714-1997 weights of the organisation code's 8 characters. */
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Registration authorities and their organisation types (GB 32100-2015 tables 2 and 3, with the
 * later assignments A (中央军委改革和编制办公室) and N (农业, 农经发〔2018〕4号)).
 */
export const CREDIT_CODE_AUTHORITIES: Readonly<Record<string, { name: string; types: Readonly<Record<string, string>> }>> = {
  '1': { name: '机构编制', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': { name: '司法行政', types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' } },
  '4': { name: '文化', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { name: '宗教', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', types: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', types: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', types: { '1': '其他' } },
};

/** Central registrations (国家级登记机关) carry the division `100000`. */
const CENTRAL_PREFIX = '10';

const IN_ALPHABET = /^[0-9A-HJ-NPQRTUWXY]*$/;

function fail(code: CreditCodeErrorCode, message: string): CreditCodeError {
  return { ok: false, code, message };
}

/**
 * The stored form of a typed code: NFKC (full-width characters from Chinese input methods),
 * upper case, blanks and dashes removed. Not a check: parseCreditCode checks.
 */
export function normalizeCreditCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s\-‐‑–—]/g, '').toUpperCase();
}

/** The check character (position 18) of the first 17 characters. */
export function computeCreditCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17 || !IN_ALPHABET.test(first17)) {
    throw new RangeError('computeCreditCheckChar expects 17 characters of the code alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * The GB 11714-1997 check character of an organisation code's first 8 characters (digits and
 * upper-case letters, a letter valued A=10 … Z=35): C9 = 11 − (Σ mod 11), 10 written X, 11 written 0.
 */
export function computeOrganisationCheckChar(first8: string): string {
  if (typeof first8 !== 'string' || !/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError('computeOrganisationCheckChar expects 8 digits or upper-case letters');
  }
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += parseInt(first8[i]!, 36) * ORGANISATION_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Validate and decode a unified social credit code. The input is normalised first
 * (normalizeCreditCode); each part is checked in order, the first wrong one answered.
 */
export function parseCreditCode(input: string | null | undefined): CreditCodeParseResult {
  if (typeof input !== 'string') return fail('CREDIT_CODE_EMPTY', '统一社会信用代码不能为空');
  const value = normalizeCreditCode(input);
  if (value.length === 0) return fail('CREDIT_CODE_EMPTY', '统一社会信用代码不能为空');
  const length = Array.from(value).length;
  if (length !== 18) return fail('CREDIT_CODE_LENGTH', `统一社会信用代码长度错误：应为 18 位，实际为 ${length} 位`);
  if (!IN_ALPHABET.test(value)) {
    const bad = Array.from(value).find((c) => !IN_ALPHABET.test(c));
    return fail('CREDIT_CODE_ALPHABET', `统一社会信用代码含有不允许的字符 ${bad}：只用数字和除 I、O、Z、S、V 以外的大写字母`);
  }
  const authority = CREDIT_CODE_AUTHORITIES[value[0]!];
  if (!authority) return fail('CREDIT_CODE_AUTHORITY', `统一社会信用代码第 1 位（登记管理部门代码）${value[0]} 不存在`);
  const typeName = authority.types[value[1]!];
  if (!typeName) return fail('CREDIT_CODE_AUTHORITY', `统一社会信用代码第 2 位（机构类别代码）${value[1]} 不属于登记管理部门“${authority.name}”`);
  const regionCode = value.slice(2, 8);
  const province = regionCode.slice(0, 2);
  if (!/^\d{6}$/.test(regionCode) || (!PROVINCE_PREFIXES.has(province) && province !== CENTRAL_PREFIX)) {
    return fail('CREDIT_CODE_REGION', `统一社会信用代码第 3–8 位（登记管理机关行政区划码）${regionCode} 不是有效的行政区划代码`);
  }
  const organisationCode = value.slice(8, 17);
  if (computeOrganisationCheckChar(organisationCode.slice(0, 8)) !== organisationCode[8]) {
    return fail('CREDIT_CODE_ORGANISATION', `统一社会信用代码第 9–17 位（组织机构代码）${organisationCode} 的校验码错误`);
  }
  const expected = computeCreditCheckChar(value.slice(0, 17));
  if (value[17] !== expected) return fail('CREDIT_CODE_CHECKSUM', `统一社会信用代码校验码错误：第 18 位应为 ${expected}`);
  return { ok: true, value, authority: value[0]!, authorityName: authority.name, type: value[1]!, typeName, regionCode, organisationCode };
}

/** Convenience boolean form of `parseCreditCode`. */
export function isValidCreditCode(input: string | null | undefined): boolean {
  return parseCreditCode(input).ok;
}

/**
 * Build a valid code (demo data, tests) from the authority and type codes, a 6-digit division and
 * an 8-character organisation code body (digits and upper-case letters of the code's alphabet):
 * both check characters are computed. Throws RangeError when parseCreditCode would refuse it.
 */
export function makeCreditCode(authority: string, type: string, regionCode6: string, organisationBody8: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{8}$/.test(organisationBody8)) throw new RangeError('makeCreditCode: organisationBody8 must be 8 characters of the code alphabet');
  const organisation = organisationBody8 + computeOrganisationCheckChar(organisationBody8);
  if (!IN_ALPHABET.test(organisation)) throw new RangeError('makeCreditCode: the organisation check character falls outside the alphabet');
  const first17 = `${authority}${type}${regionCode6}${organisation}`;
  if (first17.length !== 17 || !IN_ALPHABET.test(first17)) throw new RangeError('makeCreditCode: authority, type and region must be characters of the code alphabet');
  const code = first17 + computeCreditCheckChar(first17);
  const parsed = parseCreditCode(code);
  if (!parsed.ok) throw new RangeError(`makeCreditCode: ${parsed.code} (${parsed.message})`);
  return code;
}
