/**
 * Deterministic synthetic registry data for benchmarks: registered poor households (建档立卡户)
 * and their members, shaped like the national registry's records (../../shared/DOMAIN.md,
 * appendix). Same options → the same households, byte for byte; nothing is kept in memory but
 * a few counters, so a million members stream through `generateHouseholds` in constant space.
 *
 * The numbers aim at a plausible shape (household sizes averaging ~2.9, ages, schooling by age,
 * illness and disability behind 因病/因残 households, incomes around the poverty line), not at
 * statistics of any real place. All dates are as of the reference date 2018-12-31, the year of
 * the Shangjie plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CitizenIdSex, makeCitizenId } from '../common/identity-number/citizen-id';
import { daysInMonth, isLeapYear } from '../common/dates/local-date';
import { projectRoot } from '../common/project-root';
import { hash32, Rng, Weighted } from './prng';
import {
  DisabilityType,
  Education,
  Fuel,
  Health,
  HouseholdAttribute,
  IdentificationStandard,
  IdType,
  LabourSkill,
  PovertyCause,
  PovertyStatus,
  Relation,
  RelocationScope,
  ResettlementMode,
  RoadType,
  Schooling,
  SexCode,
  WorkPlace,
} from './registry-codes';

export const REFERENCE_YEAR = 2018;
/** Per-capita net income the incomes are drawn around (yuan/person/year); a benchmark shape only. */
export const INCOME_REFERENCE_LINE = 3000;

export type GeneratorScale = 'district' | 'province';

export interface GeneratorOptions {
  /** Number of households to generate. */
  households: number;
  /** Any integer or text; the same seed and options give the same output. */
  seed: number | string;
  /**
   * `district` (default): the 64 villages of Shangjie District (seeds/regions/410106.csv).
   * `province`: synthesized 12-digit village codes across Henan (41), `villages` of them.
   */
  scale?: GeneratorScale;
  /** Villages for province scale; default one per 50 households (at least 64). */
  villages?: number;
  /**
   * The line a household's income must exceed (yuan per person and year) in the year it exits,
   * by year: what the exit standard reads from the policy parameter store for the district (the
   * demo loader passes them). A year without one: INCOME_REFERENCE_LINE.
   */
  exitLines?: Readonly<Record<number, number>>;
}

export interface GeneratedMember {
  /** 姓名 */
  name: string;
  /** 性别: 1 男, 2 女 (agrees with the ID number) */
  sex: SexCode;
  /** 证件类型 */
  idType: IdType;
  /** 证件号码: valid GB 11643 number, unique across the generated set */
  idNumber: string;
  /** 出生日期 YYYY-MM-DD (agrees with the ID number) */
  birthDate: string;
  /** 与户主关系: exactly one 01 per household, listed first */
  relation: Relation;
  /** 民族 */
  ethnicity: string;
  /** 政治面貌 */
  politicalStatus: string;
  /** 文化程度; null while in school (exactly one of education / schooling is set) */
  education: Education | null;
  /** 在校生状况; null when not in school */
  schooling: Schooling | null;
  /** 健康状况: ['01'] or one or more of 02, 03, 04 */
  health: Health[];
  /** 残疾类别, when health includes 04 */
  disabilityType: DisabilityType | null;
  /** 残疾等级 1 (most severe) … 4, when health includes 04 */
  disabilityGrade: 1 | 2 | 3 | 4 | null;
  /** 劳动技能 */
  labourSkill: LabourSkill;
  /** 务工所在地; null when not working */
  workPlace: WorkPlace | null;
  /** 务工时间, months 0–12 */
  monthsWorked: number;
  insurance: {
    /** 城乡居民基本医疗保险 */
    basicMedical: boolean;
    /** 大病保险 */
    criticalIllness: boolean;
    /** 城乡居民基本养老保险 */
    basicPension: boolean;
    /** 商业补充医疗保险 */
    supplementaryMedical: boolean;
    /** 人身意外保险补贴 */
    accidentSubsidy: boolean;
  };
  /** 享受低保 */
  dibao: boolean;
  /** 特困供养 */
  tekun: boolean;
}

export interface GeneratedIncome {
  /** 收入年度 */
  year: number;
  /** 工资性收入 */
  wage: number;
  /** 生产经营性收入 */
  business: number;
  /** 财产性收入 (includes assetDividend) */
  property: number;
  /** 其中：资产收益扶贫分红收入 */
  assetDividend: number;
  /** 转移性收入 = the six parts below */
  transfer: number;
  /** 计划生育金 */
  familyPlanning: number;
  /** 低保金 */
  dibao: number;
  /** 特困供养金 */
  tekun: number;
  /** 养老保险金 */
  pension: number;
  /** 生态补偿金 */
  ecological: number;
  /** 其他转移性收入 */
  otherTransfer: number;
  /** 生产经营性支出 */
  businessExpense: number;
  /** 年收入 = wage + business + property + transfer */
  annual: number;
  /** 纯收入 = annual − businessExpense */
  net: number;
  /** 人均纯收入 = net ÷ household size, 2 decimals */
  perCapitaNet: number;
}

export interface GeneratedHousehold {
  /** 户编号: opaque 14-digit number, unique */
  householdNumber: string;
  /** 12-digit village code */
  villageCode: string;
  villageName: string;
  /** 识别标准 */
  identificationStandard: IdentificationStandard;
  /** 贫困户属性 */
  attribute: HouseholdAttribute;
  /** 主要致贫原因 */
  primaryCause: PovertyCause;
  /** 其他致贫原因, at most two, never the primary one */
  otherCauses: PovertyCause[];
  /** 识别年度 2014–2018 */
  yearRegistered: number;
  /** 脱贫状态 */
  status: PovertyStatus;
  /** 脱贫年度 (for 1, 3 and 4) */
  exitYear: number | null;
  /** 军烈属 */
  militaryMartyrFamily: boolean;
  /** 独生子女户 */
  onlyChildFamily: boolean;
  /** 双女户 */
  twoDaughterFamily: boolean;
  living: {
    /** 安全饮水 */
    safeDrinkingWater: boolean;
    /** 饮水困难 */
    drinkingWaterDifficulty: boolean;
    /** 通生活用电 */
    electricity: boolean;
    /** 危房 grade C or D; null when the house is safe */
    dilapidatedHouse: 'C' | 'D' | null;
    /** 住房面积 m² */
    housingArea: number;
    /** 卫生厕所 */
    sanitaryToilet: boolean;
    /** 入户路类型 */
    roadType: RoadType;
    /** 主要燃料 */
    mainFuel: Fuel;
    /** 与村主干路距离 km */
    distanceToMainRoadKm: number;
    /** 加入农民专业合作社 */
    cooperativeMember: boolean;
    /** 不愁吃、不愁穿 */
    foodClothingSecure: boolean;
    /** 有自有住房 */
    ownsHousing: boolean;
  };
  /** 亩 */
  land: {
    /** 耕地面积 */
    cultivated: number;
    /** 有效灌溉面积 */
    irrigated: number;
    /** 林地面积 */
    forest: number;
    /** 退耕还林面积 */
    grainForGreen: number;
  };
  /** 易地扶贫搬迁; null when not relocated */
  relocation: { scope: RelocationScope; resettlement: ResettlementMode } | null;
  /** Income of the reference year (REFERENCE_YEAR). */
  income: GeneratedIncome;
  /**
   * Every year's income the household has a record of, oldest first: the year it exited (for
   * 1, 3 and 4: above that year's exit line over the members it had at the end of that year,
   * as the exit standard reads it) and the reference year (the last, `income`). Members'
   * insurance holds for each of these years (an exited household's members all have basic
   * medical and serious-illness insurance).
   */
  incomes: GeneratedIncome[];
  /**
   * The living conditions when it exited, where they differ from `living` (now): a household
   * that returned to poverty (3) met the exit standard when it exited and no longer does.
   */
  livingAtExit: GeneratedHousehold['living'] | null;
  /** The head first. */
  members: GeneratedMember[];
}

interface Village {
  code: string;
  name: string;
  weight: number;
}

// ---------------------------------------------------------------------------------------------
// Villages

let shangjieVillages: Village[] | undefined;

/** The 64 villages/communities of seeds/regions/410106.csv; 峡窝镇's rural villages weigh most. */
export function districtVillages(): Village[] {
  if (!shangjieVillages) {
    const csv = readFileSync(join(projectRoot(__dirname), 'seeds', 'regions', '410106.csv'));
    const rows = parse(csv, { bom: true, columns: true, skip_empty_lines: true, trim: true }) as {
      code: string;
      name: string;
      level: string;
    }[];
    shangjieVillages = rows
      .filter((r) => r.level === 'village')
      .map((r) => ({
        code: r.code,
        name: r.name,
        // Rural villages (村) of the one town (镇) carry most registered households; the urban
        // street communities few.
        weight: r.name.endsWith('村') ? 8 : r.code.startsWith('410106100') ? 2 : 1,
      }));
  }
  return shangjieVillages;
}

const VILLAGE_NAME_HEADS = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯董程曹袁邓许';
const VILLAGE_NAME_TAILS = '庄寨营屯沟坡河岗集店楼湾洼桥铺堂岭口园';

/** The v-th synthesized Henan village: 41 cc kk ttt vvv, city 01–17, county 21–30, town 101–120. */
export function provinceVillage(v: number): Village {
  const city = (v % 17) + 1;
  let rest = Math.floor(v / 17);
  const county = 21 + (rest % 10);
  rest = Math.floor(rest / 10);
  const town = 101 + (rest % 20);
  const village = 201 + Math.floor(rest / 20);
  if (village > 999) throw new RangeError('provinceVillage: too many villages');
  const code = `41${pad(city, 2)}${pad(county, 2)}${pad(town, 3)}${pad(village, 3)}`;
  const name =
    VILLAGE_NAME_HEADS[hash32(`h${code}`) % VILLAGE_NAME_HEADS.length]! +
    VILLAGE_NAME_TAILS[hash32(`t${code}`) % VILLAGE_NAME_TAILS.length]! +
    '村';
  return { code, name, weight: 1 };
}

// ---------------------------------------------------------------------------------------------
// ID numbers: unique by construction

function dateOfDayIndex(year: number, dayIndex: number): string {
  let d = dayIndex;
  for (let m = 0; m < 12; m += 1) {
    const len = daysInMonth(year, m + 1);
    if (d < len) return `${year}-${pad(m + 1, 2)}-${pad(d + 1, 2)}`;
    d -= len;
  }
  throw new RangeError('dateOfDayIndex: day out of range');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Hands out (birth date, ID number) for a person of a given region, birth year and sex. The
 * k-th person of a (region, year, sex) gets day (k·113 + offset) mod days-in-year and sequence
 * block ⌊k / days⌋, so no two people ever share a number: up to 500 × 365 people per region,
 * year and sex, with one counter per such triple as the only state.
 */
class CitizenIdAllocator {
  private readonly counters = new Map<string, number>();

  constructor(private readonly seed: string) {}

  allocate(region6: string, year: number, sex: CitizenIdSex): { idNumber: string; birthDate: string } {
    const key = `${region6}${year}${sex === 'MALE' ? 1 : 2}`;
    const k = this.counters.get(key) ?? 0;
    this.counters.set(key, k + 1);
    const days = isLeapYear(year) ? 366 : 365;
    const block = Math.floor(k / days);
    if (block >= 500) throw new RangeError(`Too many people born ${year} in ${region6} for unique ID numbers`);
    const salt = hash32(`${this.seed}/${key}`);
    const dayIndex = (((k % days) * 113) + (salt % days)) % days;
    const birthDate = dateOfDayIndex(year, dayIndex);
    // 顺序码: a permutation of the 500 blocks, odd for men and even for women.
    const sequence3 = (((block * 37) + (salt >>> 9)) % 500) * 2 + (sex === 'MALE' ? 1 : 0);
    return { idNumber: makeCitizenId(region6, birthDate, sequence3, sex), birthDate };
  }
}

// ---------------------------------------------------------------------------------------------
// Names

const SURNAMES: Weighted<string> = [
  ['王', 10], ['李', 9], ['张', 9], ['刘', 7], ['陈', 5], ['杨', 4], ['赵', 3], ['黄', 2], ['周', 2],
  ['吴', 2], ['徐', 2], ['孙', 2], ['胡', 2], ['朱', 2], ['高', 2], ['郭', 3], ['何', 1], ['马', 2],
  ['罗', 1], ['梁', 1], ['宋', 2], ['郑', 2], ['谢', 1], ['韩', 1], ['唐', 1], ['冯', 2], ['于', 1],
  ['董', 1], ['程', 1], ['曹', 1], ['袁', 1], ['邓', 1], ['许', 1], ['魏', 1], ['田', 1], ['任', 1],
  ['杜', 1], ['范', 1], ['贾', 1], ['姚', 1], ['申', 1], ['聂', 1], ['司马', 0.1], ['欧阳', 0.1],
];
const MALE_CHARS = '国建军伟强明永志海春德文光平金华东成福庆保新立红学俊杰浩宇子轩博涛磊鹏振兴旺胜利';
const FEMALE_CHARS = '秀英桂兰芳玉凤霞丽敏静娟红梅琴云莲珍燕华萍娜婷雪佳欣怡雨涵梓诗晓慧';

function givenName(rng: Rng, male: boolean, age: number): string {
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const first = chars[rng.int(0, chars.length - 1)]!;
  // Older people more often have one-character given names.
  if (rng.chance(age >= 50 ? 0.3 : 0.12)) return first;
  return first + chars[rng.int(0, chars.length - 1)]!;
}

// ---------------------------------------------------------------------------------------------
// Household composition

interface Person {
  relation: Relation;
  male: boolean;
  age: number;
  surname: string;
  region6: string;
}

/** Counties around Shangjie (or any Henan county, for province scale) that spouses come from. */
const NEIGHBOUR_COUNTIES = ['410122', '410181', '410182', '410183', '410184', '410185', '410102', '410308'];

function clampRound(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(x)));
}

function compose(rng: Rng, size: number, home6: string): Person[] {
  const marriedIn = () => (rng.chance(0.2) ? rng.pick(NEIGHBOUR_COUNTIES) : home6);
  const surname = () => rng.weighted(SURNAMES);
  const headMale = rng.chance(0.82);
  const headAge = size === 1 ? clampRound(66 + 12 * rng.normal(), 30, 95) : clampRound(54 + 12 * rng.normal(), 25, 88);
  const familySurname = surname();
  const head: Person = { relation: '01', male: headMale, age: headAge, surname: familySurname, region6: home6 };
  const people: Person[] = [head];
  let slots = size - 1;

  let spouse: Person | undefined;
  if (slots > 0 && rng.chance(headMale ? 0.86 : 0.4)) {
    const age = clampRound(headMale ? headAge - rng.int(0, 6) : headAge + rng.int(0, 6), 20, 95);
    spouse = { relation: '02', male: !headMale, age, surname: surname(), region6: marriedIn() };
    people.push(spouse);
    slots -= 1;
  }
  // Children take the father's surname; a woman heading the household alone passes on hers.
  const childSurname = headMale ? familySurname : (spouse?.surname ?? familySurname);
  const motherAge = headMale ? (spouse?.age ?? Math.max(20, headAge - 2)) : headAge;

  // The head's own parents, living with a younger head.
  if (slots > 0 && headAge <= 62 && rng.chance(0.18)) {
    const both = slots > 1 && rng.chance(0.5);
    const fatherFirst = both || rng.chance(0.4);
    const parentAges = [headAge + rng.int(22, 34), headAge + rng.int(20, 32)];
    for (const [i, isFather] of (both ? [true, false] : [fatherFirst]).entries()) {
      const age = Math.min(96, parentAges[i]!);
      people.push({
        relation: isFather ? '11' : '12',
        male: isFather,
        age,
        surname: isFather ? familySurname : surname(),
        region6: home6,
      });
      slots -= 1;
    }
  }

  // A married child living in, with an in-law and grandchildren.
  if (slots >= 2 && motherAge >= 46 && rng.chance(slots >= 3 ? 0.55 : 0.3)) {
    const viaSon = rng.chance(0.85);
    const childAge = rng.int(22, Math.min(motherAge - 20, 45));
    const inLawAge = clampRound(viaSon ? childAge - rng.int(0, 4) : childAge + rng.int(0, 4), 20, 95);
    const inLawSurname = surname();
    people.push({ relation: viaSon ? '03' : '04', male: viaSon, age: childAge, surname: childSurname, region6: home6 });
    people.push({ relation: viaSon ? '05' : '06', male: !viaSon, age: inLawAge, surname: inLawSurname, region6: marriedIn() });
    slots -= 2;
    const youngestParent = Math.min(childAge, inLawAge);
    while (slots > 0) {
      if (rng.chance(0.75) && youngestParent >= 20) {
        const male = rng.chance(0.53);
        people.push({
          relation: viaSon ? (male ? '07' : '08') : male ? '09' : '10',
          male,
          age: rng.int(0, youngestParent - 20),
          surname: viaSon ? childSurname : inLawSurname,
          region6: home6,
        });
      } else {
        people.push(child(rng, motherAge, childSurname, home6));
      }
      slots -= 1;
    }
  }

  while (slots > 0) {
    if (rng.chance(0.02)) {
      // 其他: a sibling or other relative.
      const male = rng.chance(0.5);
      people.push({
        relation: '99',
        male,
        age: clampRound(headAge + rng.int(-10, 10), 16, 95),
        surname: rng.chance(0.5) ? familySurname : surname(),
        region6: home6,
      });
    } else {
      people.push(child(rng, motherAge, childSurname, home6));
    }
    slots -= 1;
  }
  return people;
}

function child(rng: Rng, motherAge: number, surname: string, home6: string): Person {
  const male = rng.chance(0.53);
  const age = rng.int(Math.max(0, motherAge - 42), Math.max(0, motherAge - 20));
  return { relation: male ? '03' : '04', male, age, surname, region6: home6 };
}

// ---------------------------------------------------------------------------------------------
// Member attributes

function schoolingFor(rng: Rng, age: number): { education: Education | null; schooling: Schooling | null } {
  const edu = (education: Education) => ({ education, schooling: null });
  const school = (schooling: Schooling) => ({ education: null, schooling });
  if (age <= 2) return edu('06');
  if (age <= 5) return rng.chance(0.65) ? school('02') : edu('06');
  if (age <= 11) return rng.chance(0.995) ? school('03') : edu('01');
  if (age <= 14) return rng.chance(0.99) ? school(pad(4 + age - 12, 2) as Schooling) : edu('02');
  if (age <= 17) {
    const r = rng.float();
    if (r < 0.55) return school(pad(7 + age - 15, 2) as Schooling);
    if (r < 0.8) return school(pad(10 + age - 15, 2) as Schooling);
    return edu('03');
  }
  if (age <= 20) {
    const r = rng.float();
    if (r < 0.18) return school(pad(13 + age - 18, 2) as Schooling);
    if (r < 0.28) return school('16');
    return edu(rng.weighted<Education>([['02', 5], ['03', 55], ['04', 40]]));
  }
  if (age <= 22 && rng.chance(0.1)) return school('16');
  if (age < 45) return edu(rng.weighted<Education>([['01', 3], ['02', 20], ['03', 52], ['04', 17], ['05', 8]]));
  if (age < 65) return edu(rng.weighted<Education>([['01', 15], ['02', 40], ['03', 35], ['04', 9], ['05', 1]]));
  return edu(rng.weighted<Education>([['01', 50], ['02', 35], ['03', 12], ['04', 3]]));
}

function healthFor(rng: Rng, age: number): Health[] {
  const r = rng.float();
  if (age < 16) return r < 0.97 ? ['01'] : r < 0.98 ? ['02'] : ['04'];
  if (age < 60) {
    if (r < 0.82) return ['01'];
    if (r < 0.92) return ['02'];
    if (r < 0.95) return ['03'];
    if (r < 0.99) return ['04'];
    return ['02', '04'];
  }
  if (r < 0.5) return ['01'];
  if (r < 0.82) return ['02'];
  if (r < 0.9) return ['03'];
  if (r < 0.96) return ['04'];
  return ['02', '04'];
}

function addHealth(health: Health[], code: Health): Health[] {
  const set = new Set<Health>(health.filter((h) => h !== '01'));
  set.add(code);
  return (['02', '03', '04'] as const).filter((h) => set.has(h));
}

const CAUSES: Weighted<PovertyCause> = [
  ['01', 40], ['02', 14], ['03', 8], ['04', 2], ['05', 3], ['06', 1], ['07', 10], ['08', 7],
  ['09', 9], ['10', 1], ['11', 3], ['12', 0.3], ['13', 0.3], ['99', 1.4],
];

/** Households with a student: schooling costs weigh more. */
const CAUSES_WITH_STUDENTS: Weighted<PovertyCause> = CAUSES.map(([c, w]) => [c, c === '03' ? 30 : w]);

const DISABILITY_TYPES: Weighted<DisabilityType> = [
  ['1', 12], ['2', 12], ['3', 2], ['4', 45], ['5', 10], ['6', 10], ['7', 9],
];

// ---------------------------------------------------------------------------------------------
// The generator

/**
 * Yields `households` registered households with their members, in a fixed order. State kept
 * between households: the ID-number counters (one per region × birth year × sex) only.
 */
export function* generateHouseholds(options: GeneratorOptions): Generator<GeneratedHousehold, void, undefined> {
  const { households } = options;
  if (!Number.isInteger(households) || households < 0) throw new RangeError('households must be a whole number');
  const seed = String(options.seed);
  const scale = options.scale ?? 'district';
  const rng = new Rng(`households/${seed}`);
  const ids = new CitizenIdAllocator(seed);

  const villageCount = scale === 'province' ? (options.villages ?? Math.max(64, Math.ceil(households / 50))) : 0;
  const district = scale === 'district' ? districtVillages() : [];
  const districtWeights: Weighted<Village> = district.map((v) => [v, v.weight]);
  const pickVillage = (): Village =>
    scale === 'province' ? provinceVillage(rng.int(0, villageCount - 1)) : rng.weighted(districtWeights);

  // 户编号: an affine permutation of the index over 14-digit numbers, so unique and opaque.
  const span = 9n * 10n ** 13n;
  const multiplier = 3_141_592_653_589n; // coprime with 2, 3 and 5, hence with span
  const offset = BigInt(hash32(`hh/${seed}`)) * 20_011n;

  for (let index = 0; index < households; index += 1) {
    const village = pickVillage();
    const home6 = village.code.slice(0, 6);
    const size = rng.weighted<number>([[1, 20], [2, 26], [3, 21], [4, 17], [5, 10], [6, 4], [7, 2]]);
    const people = compose(rng, size, home6);
    const ethnicity = rng.chance(0.012) ? '回族' : '汉族';

    const members: GeneratedMember[] = people.map((p) => {
      const sex: CitizenIdSex = p.male ? 'MALE' : 'FEMALE';
      const { idNumber, birthDate } = ids.allocate(p.region6, REFERENCE_YEAR - p.age, sex);
      const { education, schooling } = schoolingFor(rng, p.age);
      const political =
        p.age >= 18 && rng.chance(p.male ? 0.04 : 0.015) ? '中共党员'
        : p.age >= 14 && p.age <= 28 && rng.chance(0.25) ? '共青团员'
        : '群众';
      return {
        name: p.surname + givenName(rng, p.male, p.age),
        sex: p.male ? '1' : '2',
        idType: '01',
        idNumber,
        birthDate,
        relation: p.relation,
        ethnicity,
        politicalStatus: political,
        education,
        schooling,
        health: healthFor(rng, p.age),
        disabilityType: null,
        disabilityGrade: null,
        labourSkill: '无劳动力',
        workPlace: null,
        monthsWorked: 0,
        insurance: {
          basicMedical: false,
          criticalIllness: false,
          basicPension: false,
          supplementaryMedical: false,
          accidentSubsidy: false,
        },
        dibao: false,
        tekun: false,
      };
    });
    const ages = people.map((p) => p.age);
    const students = members.filter((m) => m.schooling !== null && m.schooling !== '02').length;

    // 致贫原因: 因学 needs a student; 因病/因残 need an ill or disabled member (made so below).
    const causePool = students > 0 ? CAUSES_WITH_STUDENTS : CAUSES.filter(([c]) => c !== '03');
    const primaryCause = rng.weighted(causePool);
    const otherCount = rng.weighted<number>([[0, 40], [1, 35], [2, 25]]);
    const otherCauses: PovertyCause[] = [];
    for (let tries = 0; otherCauses.length < otherCount && tries < 20; tries += 1) {
      const c = rng.weighted(causePool);
      if (c !== primaryCause && !otherCauses.includes(c)) otherCauses.push(c);
    }
    otherCauses.sort();
    const causes = [primaryCause, ...otherCauses];
    if (causes.includes('01') && !members.some((m) => m.health.includes('02') || m.health.includes('03'))) {
      const i = oldestIndex(ages, rng);
      members[i]!.health = addHealth(members[i]!.health, rng.chance(0.6) ? '02' : '03');
    }
    if (causes.includes('02') && !members.some((m) => m.health.includes('04'))) {
      const i = rng.int(0, members.length - 1);
      members[i]!.health = addHealth(members[i]!.health, '04');
    }

    let severeDisabled = 0;
    for (const [i, m] of members.entries()) {
      const age = ages[i]!;
      if (m.health.includes('04')) {
        m.disabilityType = rng.weighted(DISABILITY_TYPES);
        m.disabilityGrade = rng.weighted<1 | 2 | 3 | 4>([[1, 15], [2, 25], [3, 30], [4, 30]]);
        if (m.disabilityGrade <= 2) severeDisabled += 1;
      }
      m.labourSkill = labourSkillFor(rng, age, m);
      if (m.labourSkill === '普通劳动力' || m.labourSkill === '技能劳动力') {
        if (rng.chance(0.55)) {
          m.workPlace = rng.weighted<WorkPlace>([['乡（镇）内', 25], ['乡（镇）外县内', 25], ['县外省内', 30], ['省外', 20]]);
          m.monthsWorked = rng.weighted<number>([[3, 1], [4, 1], [5, 1], [6, 2], [7, 1], [8, 2], [9, 2], [10, 3], [11, 2], [12, 5]]);
        }
      } else if (m.labourSkill === '弱劳动力或半劳动力' && rng.chance(0.25)) {
        m.workPlace = '乡（镇）内';
        m.monthsWorked = rng.int(1, 8);
      }
    }

    // 贫困户属性, 低保, 特困
    const hasLabour = members.some((m) => m.labourSkill === '普通劳动力' || m.labourSkill === '技能劳动力');
    let attribute: HouseholdAttribute = '01';
    if (!hasLabour && ages[0]! >= 60 && size <= 2 && rng.chance(0.45)) attribute = '06';
    else if (rng.chance(causes.includes('01') || causes.includes('02') ? 0.35 : 0.12)) attribute = '04';
    if (attribute === '06') for (const m of members) m.tekun = true;
    if (attribute === '04') {
      for (const m of members) m.dibao = rng.chance(0.8);
      members[0]!.dibao = true;
    }

    for (const [i, m] of members.entries()) {
      const age = ages[i]!;
      const basic = rng.chance(0.985);
      m.insurance = {
        basicMedical: basic,
        criticalIllness: basic && rng.chance(0.99),
        basicPension: age >= 16 && m.schooling === null && rng.chance(age >= 60 ? 0.92 : 0.8),
        supplementaryMedical: rng.chance(0.85),
        accidentSubsidy: rng.chance(0.35),
      };
    }

    // 识别年度, 脱贫状态, 脱贫年度
    const yearRegistered = rng.weighted<number>([[2014, 72], [2015, 8], [2016, 8], [2017, 6], [2018, 6]]);
    let status = rng.weighted<PovertyStatus>([['0', 28], ['1', 50], ['2', 9], ['3', 2], ['4', 11]]);
    if (status === '3' && yearRegistered > 2016) status = '0';
    if (status === '4' && yearRegistered > 2015) status = '1';
    let exitYear: number | null = null;
    if (status === '1') exitYear = rng.int(Math.min(yearRegistered + 1, REFERENCE_YEAR), REFERENCE_YEAR);
    if (status === '3') exitYear = rng.int(yearRegistered + 1, REFERENCE_YEAR - 1);
    if (status === '4') exitYear = rng.int(yearRegistered + 1, 2016);
    const exited = status === '1' || status === '2' || status === '4';

    const childCount = people.filter((p) => p.relation === '03' || p.relation === '04').length;
    const daughters = people.filter((p) => p.relation === '04').length;
    const onlyChildFamily = childCount === 1 && rng.chance(0.3);
    const twoDaughterFamily = childCount === 2 && daughters === 2 && rng.chance(0.5);

    const safeDrinkingWater = exited || rng.chance(0.88);
    const cultivatedTenths = rng.int(0, 80);
    const forestTenths = rng.chance(0.3) ? rng.int(1, 40) : 0;
    const land = {
      cultivated: cultivatedTenths / 10,
      irrigated: rng.int(0, cultivatedTenths) / 10,
      forest: forestTenths / 10,
      grainForGreen: rng.chance(0.1) ? rng.int(1, 20) / 10 : 0,
    };
    const living = {
      safeDrinkingWater,
      drinkingWaterDifficulty: !safeDrinkingWater || (!exited && rng.chance(0.03)),
      electricity: exited || rng.chance(0.997),
      dilapidatedHouse: exited ? null : rng.weighted<'C' | 'D' | null>([[null, 82], ['C', 11], ['D', 7]]),
      housingArea: rng.int(25, 160),
      sanitaryToilet: rng.chance(0.55),
      roadType: rng.weighted<RoadType>([['泥土路', 10], ['砂石路', 20], ['水泥路', 65], ['沥青路', 5]]),
      mainFuel: rng.weighted<Fuel>([['柴草', 35], ['煤炭', 20], ['电', 20], ['液化气/天然气', 20], ['沼气', 3], ['其他', 2]]),
      distanceToMainRoadKm: rng.int(0, 30) / 10,
      cooperativeMember: rng.chance(0.3),
      foodClothingSecure: true,
      ownsHousing: true,
    };
    const relocation = rng.chance(0.04)
      ? {
          scope: rng.weighted<RelocationScope>([['整村搬迁', 20], ['整组搬迁', 20], ['单户搬迁', 60]]),
          resettlement: rng.weighted<ResettlementMode>([['集中安置', 75], ['分散安置', 25]]),
        }
      : null;

    const familyPlanning = onlyChildFamily || twoDaughterFamily;
    let income = incomeFor(rng, { status, size, members, ages, severeDisabled, familyPlanning, land }, INCOME_REFERENCE_LINE, REFERENCE_YEAR);

    // What the registry's rules ask of a household's history, drawn from a stream of its own (the
    // main stream, and so every other value of a seed, stays as it was): living conditions not
    // recorded before, and for a household that exited, the exit standard met in its exit year.
    const history = new Rng(`history/${seed}/${index}`);
    living.foodClothingSecure = exited || exitYear !== null || history.chance(0.9);
    living.ownsHousing = exited || exitYear !== null || history.chance(0.95);
    let incomes = [income];
    let livingAtExit: GeneratedHousehold['living'] | null = null;
    if (exitYear !== null) {
      const atExit = meetExitStandard(members, ages, exitYear);
      const exitIncome = incomeFor(
        history,
        {
          status: '1',
          size: atExit.length,
          members: atExit.map((i) => members[i]!),
          ages: atExit.map((i) => ages[i]! - (REFERENCE_YEAR - exitYear)),
          severeDisabled: atExit.filter((i) => (members[i]!.disabilityGrade ?? 9) <= 2).length,
          familyPlanning,
          land,
        },
        options.exitLines?.[exitYear] ?? INCOME_REFERENCE_LINE,
        exitYear,
      );
      if (exitYear === REFERENCE_YEAR) income = exitIncome;
      incomes = exitYear === REFERENCE_YEAR ? [income] : [exitIncome, income];
      if (status === '3') {
        // Met the standard when it exited; at its return the house is unsafe again (危房).
        livingAtExit = { ...living, safeDrinkingWater: true, drinkingWaterDifficulty: false, electricity: true, dilapidatedHouse: null, foodClothingSecure: true, ownsHousing: true };
        living.dilapidatedHouse ??= history.chance(0.6) ? 'C' : 'D';
      }
    }

    const householdNumber = String(10n ** 13n + ((BigInt(index) * multiplier + offset) % span));

    yield {
      householdNumber,
      villageCode: village.code,
      villageName: village.name,
      identificationStandard: rng.weighted<IdentificationStandard>([['01', 92], ['02', 6], ['03', 2]]),
      attribute,
      primaryCause,
      otherCauses,
      yearRegistered,
      status,
      exitYear,
      militaryMartyrFamily: rng.chance(0.005),
      onlyChildFamily,
      twoDaughterFamily,
      living,
      land,
      relocation,
      income,
      incomes,
      livingAtExit,
      members,
    };
  }
}

/**
 * Makes the members of a household that exited in `year` meet the member-based parts of the exit
 * standard as the registry assesses them: everyone insured (basic medical and serious illness),
 * and a member of compulsory-school age (6–15 on 31 August of that year) in school by the record
 * (now in the grade of their age, or beyond; not working). Answers the indexes of the members it
 * had at the end of that year (born by then: the registry has them join at birth).
 */
function meetExitStandard(members: GeneratedMember[], ages: number[], year: number): number[] {
  const present: number[] = [];
  for (const [i, m] of members.entries()) {
    m.insurance.basicMedical = true;
    m.insurance.criticalIllness = true;
    if (Number(m.birthDate.slice(0, 4)) <= year) present.push(i);
    const ageThen = year - Number(m.birthDate.slice(0, 4)) - (m.birthDate.slice(5) > '08-31' ? 1 : 0);
    const inSchool = m.schooling !== null && m.schooling !== '01' && m.schooling !== '02';
    if (ageThen < 6 || ageThen > 15 || inSchool) continue;
    const age = ages[i]!;
    m.schooling = (age <= 11 ? '03' : age <= 14 ? pad(4 + age - 12, 2) : age <= 17 ? pad(7 + age - 15, 2) : '16') as Schooling;
    m.education = null;
    m.labourSkill = '无劳动力';
    m.workPlace = null;
    m.monthsWorked = 0;
  }
  return present;
}

/** The oldest member, ties to the first; the head with some chance regardless. */
function oldestIndex(ages: number[], rng: Rng): number {
  if (rng.chance(0.3)) return 0;
  let best = 0;
  for (let i = 1; i < ages.length; i += 1) if (ages[i]! > ages[best]!) best = i;
  return best;
}

function labourSkillFor(rng: Rng, age: number, m: GeneratedMember): LabourSkill {
  if (age < 16 || m.schooling !== null) return '无劳动力';
  if (m.health.includes('03') || (m.disabilityGrade !== null && m.disabilityGrade <= 2)) return '丧失劳动力';
  if (age >= 75) return rng.chance(0.7) ? '丧失劳动力' : '弱劳动力或半劳动力';
  if (m.health.includes('02') || m.health.includes('04') || age >= 65) return '弱劳动力或半劳动力';
  if (age >= 60) return rng.chance(0.5) ? '弱劳动力或半劳动力' : '普通劳动力';
  return rng.chance(0.12) ? '技能劳动力' : '普通劳动力';
}

/**
 * Income of the year: transfers follow from who gets what (低保, 特困, pensions...); the rest of a
 * per-capita net income drawn around INCOME_REFERENCE_LINE (below it for households not out of
 * poverty, above it for exited ones) is split between wages (by months worked), farming and
 * property. Totals are exact: annual = the four incomes, net = annual − expense.
 */
function incomeFor(
  rng: Rng,
  h: {
    status: PovertyStatus;
    size: number;
    members: GeneratedMember[];
    ages: number[];
    severeDisabled: number;
    familyPlanning: boolean;
    land: GeneratedHousehold['land'];
  },
  line: number,
  year: number,
): GeneratedIncome {
  const [lo, hi] = ({ '0': [600, 980], '1': [1010, 1500], '2': [1000, 1200], '3': [550, 950], '4': [1150, 2000] } as const)[
    h.status
  ];
  const targetNet = Math.round((line * rng.int(lo, hi) * h.size) / 1000);

  const count = (f: (m: GeneratedMember, i: number) => boolean) => h.members.filter(f).length;
  const parts = [
    h.familyPlanning ? 960 : 0,
    count((m) => m.dibao) * rng.int(100, 200) * 12,
    count((m) => m.tekun) * rng.int(300, 400) * 12,
    count((m, i) => h.ages[i]! >= 60 && m.insurance.basicPension) * rng.int(98, 120) * 12,
    h.land.forest > 0 ? Math.round(h.land.forest * rng.int(15, 30) + h.land.grainForGreen * 150) : 0,
    h.severeDisabled * 720 + (rng.chance(0.2) ? rng.int(100, 800) : 0),
  ];
  // Keep the household near its drawn income: transfers alone never exceed it (a part that is
  // due stays at least 1 yuan).
  const due = parts.reduce((s, p) => s + p, 0);
  const scaled = due > targetNet ? parts.map((p) => (p > 0 ? Math.max(1, Math.floor((p * targetNet) / due)) : 0)) : parts;
  const [familyPlanning, dibao, tekun, pension, ecological, otherTransfer] = scaled as [number, number, number, number, number, number];
  const transfer = familyPlanning + dibao + tekun + pension + ecological + otherTransfer;

  const remaining = Math.max(0, targetNet - transfer);
  const months = h.members.reduce((s, m) => s + m.monthsWorked, 0);
  const wageWeight = months;
  const farmWeight = h.land.cultivated * 1.2 + 1;
  const propertyWeight = 0.3;
  const total = wageWeight + farmWeight + propertyWeight;
  const wage = Math.round((remaining * wageWeight) / total);
  const property = Math.min(Math.round((remaining * propertyWeight) / total), 1500);
  const assetDividend = property > 0 && rng.chance(0.5) ? Math.round((property * rng.int(30, 100)) / 100) : 0;
  const businessNet = remaining - wage - property;
  const businessExpense = Math.round((businessNet * rng.int(15, 60)) / 100);
  const business = businessNet + businessExpense;
  const annual = wage + business + property + transfer;
  const net = annual - businessExpense;
  return {
    year,
    wage,
    business,
    property,
    assetDividend,
    transfer,
    familyPlanning,
    dibao,
    tekun,
    pension,
    ecological,
    otherTransfer,
    businessExpense,
    annual,
    net,
    perCapitaNet: Math.round((net * 100) / h.size) / 100,
  };
}
