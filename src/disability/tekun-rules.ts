/**
 * 特困 eligibility (特困人员, RULES.md §7) as pure functions of their inputs: the no-labour list
 * (assistance.tekun_no_labour) read into rules, a member's facts judged against them, the verdict,
 * and the support on the 特困 roster against assistance.tekun_support_min × the local 低保 standard.
 * No literal policy value: ages, grades, the income ceiling, the ratio and the standard come from
 * the parameter store; a value not configured is said so, never guessed.
 */
import { compareDecimals, toCents } from "../common/money/money";
import { DisabilityType } from "../households/registry-codes";
import { categoryName } from "./disability-rules";

/** No labour (无劳动能力): ≥60; <16; 智力/精神 1–2; 肢体 1 (national 特困 criteria, RULES.md §7). */
export const TEKUN_NO_LABOUR_KEY = "assistance.tekun_no_labour";
/** The 特困 support at least this ratio × the local rural 低保 standard (Henan 2018: 1.3). */
export const TEKUN_SUPPORT_MIN_KEY = "assistance.tekun_support_min";
/**
 * 无生活来源 as a figure: RULES.md §7 says "no income" (the note of assistance.tekun_no_labour) and
 * gives no figure, so this module declares the ceiling (元/人/年), NOT_CONFIGURED until entered.
 */
export const TEKUN_NO_INCOME_MAX_KEY = "disability.tekun_no_income_max";

/** The disability clause of the no-labour list: these categories at a grade from minGrade to maxGrade (1 most severe). */
export interface NoLabourDisability {
  categories: DisabilityType[];
  minGrade: number;
  maxGrade: number;
}

/** assistance.tekun_no_labour read: an age from which, an age under which, and the disability clauses. */
export interface NoLabourRules {
  /** ≥N: aged N or more. */
  ageFrom: number | null;
  /** <N: under N (the note "kept past 16 at school" keeps a roster member at school past it). */
  ageUnder: number | null;
  disabilities: NoLabourDisability[];
}

const CATEGORY_BY_NAME = new Map<string, DisabilityType>(
  (Object.keys(DisabilityType.values) as DisabilityType[]).map((t) => [
    categoryName(t),
    t,
  ]),
);

/**
 * Reads the list ("≥60", "<16", "智力/精神 1–2", "肢体 1"); null when an item cannot be read (the
 * caller answers TEKUN_RULE_UNREADABLE) or the value is no list.
 */
export function noLabourRulesOf(value: unknown): NoLabourRules | null {
  if (!Array.isArray(value) || !value.length) return null;
  const rules: NoLabourRules = {
    ageFrom: null,
    ageUnder: null,
    disabilities: [],
  };
  for (const raw of value) {
    if (typeof raw !== "string") return null;
    const item = raw.normalize("NFKC").trim();
    let m: RegExpExecArray | null;
    if ((m = /^(?:≥|>=)\s*(\d{1,3})$/.exec(item))) rules.ageFrom = Number(m[1]);
    else if ((m = /^<\s*(\d{1,3})$/.exec(item))) rules.ageUnder = Number(m[1]);
    else if (
      (m = /^(\S+)\s+([1-4])(?:\s*[–-]\s*([1-4]))?(?:\s*级)?$/.exec(item))
    ) {
      const categories = m[1]
        .split("/")
        .map((n) => CATEGORY_BY_NAME.get(n.replace(/残疾$/, "")));
      if (categories.some((c) => c === undefined)) return null;
      const [minGrade, maxGrade] = [Number(m[2]), Number(m[3] ?? m[2])];
      if (maxGrade < minGrade) return null;
      rules.disabilities.push({
        categories: categories as DisabilityType[],
        minGrade,
        maxGrade,
      });
    } else return null;
  }
  return rules;
}

/** A disability known of a member: a certificate valid on the day (残联) or the registry's 残疾类别/等级. */
export interface KnownDisability {
  category: DisabilityType;
  grade: number;
  source: "CERTIFICATE" | "REGISTRY";
}

/** What the registry and the rosters say of a member on the day. */
export interface TekunFacts {
  age: number;
  disabilities: KnownDisability[];
  /** In school (the registry's 在校生状况, not 非在校生 or 学前). */
  atSchool: boolean;
  /** On the 特困 roster covering the day (matched by blind index). */
  onTekunRoster: boolean;
  /** The household's net income per head of the year without its 低保 and 特困 transfers (元/人/年); null: no income recorded for the year. */
  incomePerHead: string | null;
  /** Other members of the household on the day with labour: not without labour by the list, not 丧失/无劳动力, not at school. */
  ableSupporters: number;
}

export type TekunCriterionName =
  "NO_LABOUR" | "NO_INCOME" | "NO_ABLE_SUPPORTER";
/** MET, NOT_MET, NOT_CONFIGURED (a parameter not in force), NO_DATA (the registry holds no income of the year). */
export type TekunCriterionStatus =
  "MET" | "NOT_MET" | "NOT_CONFIGURED" | "NO_DATA";
export type TekunVerdict = "ELIGIBLE" | "NOT_ELIGIBLE" | "NOT_CONFIGURED";

export interface TekunCriterion {
  criterion: TekunCriterionName;
  status: TekunCriterionStatus;
  /** What was found, in words. */
  detail: string;
  /** The parameter keys read. */
  parameters: string[];
}

/** A disability that meets a clause of the list (null: none). */
export function noLabourDisability(
  rules: NoLabourRules,
  disabilities: readonly KnownDisability[],
): KnownDisability | null {
  return (
    disabilities.find((d) =>
      rules.disabilities.some(
        (c) =>
          c.categories.includes(d.category) &&
          d.grade >= c.minGrade &&
          d.grade <= c.maxGrade,
      ),
    ) ?? null
  );
}

/**
 * The three criteria of a member: no labour (by age or disability per the list; past the age limit
 * at school, kept while on the roster), no income (the income per head at or below the ceiling),
 * no able supporter in the household. `rules` null: the list is not configured; `incomeMax` null:
 * the ceiling is not configured.
 */
export function tekunCriteria(
  facts: TekunFacts,
  rules: NoLabourRules | null,
  incomeMax: string | null,
): TekunCriterion[] {
  const out: TekunCriterion[] = [];
  if (!rules) {
    out.push({
      criterion: "NO_LABOUR",
      status: "NOT_CONFIGURED",
      detail: `${TEKUN_NO_LABOUR_KEY} 未配置 (not configured)`,
      parameters: [TEKUN_NO_LABOUR_KEY],
    });
  } else {
    const disability = noLabourDisability(rules, facts.disabilities);
    let met: string | null = null;
    if (rules.ageFrom !== null && facts.age >= rules.ageFrom)
      met = `年龄 ${facts.age} ≥ ${rules.ageFrom} (age)`;
    else if (rules.ageUnder !== null && facts.age < rules.ageUnder)
      met = `年龄 ${facts.age} < ${rules.ageUnder} (age)`;
    else if (disability)
      met = `${categoryName(disability.category)} ${disability.grade} 级 (${disability.source === "CERTIFICATE" ? "certificate" : "registry"})`;
    else if (rules.ageUnder !== null && facts.atSchool && facts.onTekunRoster)
      met = `年满 ${rules.ageUnder} 岁仍在校，继续供养 (kept past ${rules.ageUnder} at school)`;
    out.push({
      criterion: "NO_LABOUR",
      status: met ? "MET" : "NOT_MET",
      detail:
        met ??
        `年龄 ${facts.age}，无符合条件的残疾 (age and disability not covered)`,
      parameters: [TEKUN_NO_LABOUR_KEY],
    });
  }
  if (incomeMax === null)
    out.push({
      criterion: "NO_INCOME",
      status: "NOT_CONFIGURED",
      detail: `${TEKUN_NO_INCOME_MAX_KEY} 未配置 (not configured)`,
      parameters: [TEKUN_NO_INCOME_MAX_KEY],
    });
  else if (facts.incomePerHead === null)
    out.push({
      criterion: "NO_INCOME",
      status: "NO_DATA",
      detail: "该年无收入记录 (no income recorded for the year)",
      parameters: [TEKUN_NO_INCOME_MAX_KEY],
    });
  else {
    const met = toCents(facts.incomePerHead) <= toCents(incomeMax);
    out.push({
      criterion: "NO_INCOME",
      status: met ? "MET" : "NOT_MET",
      detail: `人均收入 ${facts.incomePerHead} ${met ? "≤" : ">"} ${incomeMax} 元/年 (income per head)`,
      parameters: [TEKUN_NO_INCOME_MAX_KEY],
    });
  }
  if (!rules)
    out.push({
      criterion: "NO_ABLE_SUPPORTER",
      status: "NOT_CONFIGURED",
      detail: `${TEKUN_NO_LABOUR_KEY} 未配置 (not configured)`,
      parameters: [TEKUN_NO_LABOUR_KEY],
    });
  else
    out.push({
      criterion: "NO_ABLE_SUPPORTER",
      status: facts.ableSupporters === 0 ? "MET" : "NOT_MET",
      detail:
        facts.ableSupporters === 0
          ? "户内无有劳动能力的成员 (no member with labour in the household)"
          : `户内有 ${facts.ableSupporters} 名有劳动能力的成员 (members with labour in the household)`,
      parameters: [TEKUN_NO_LABOUR_KEY],
    });
  return out;
}

/** Any criterion not met: NOT_ELIGIBLE; else any not configured (or without data): NOT_CONFIGURED; else ELIGIBLE. */
export function tekunVerdict(
  criteria: readonly TekunCriterion[],
): TekunVerdict {
  if (criteria.some((c) => c.status === "NOT_MET")) return "NOT_ELIGIBLE";
  if (criteria.some((c) => c.status !== "MET")) return "NOT_CONFIGURED";
  return "ELIGIBLE";
}

/** The roster's monthly support against ratio × the local 低保 standard (元/人/年). */
export type TekunSupportCheck =
  | { status: "NOT_CONFIGURED"; missing: string[] }
  | {
      status: "SUFFICIENT" | "BELOW";
      requiredAnnual: string;
      requiredMonthly: string;
      supportAnnual: string;
    };

/**
 * Compares exactly: 12 × the monthly support against ratio × the standard (no rounding decides);
 * the required monthly figure is answered rounded up to the cent. Either parameter missing:
 * NOT_CONFIGURED naming it.
 */
export function checkTekunSupport(
  monthly: string,
  ratio: string | null,
  standard: string | null,
  keys: { ratio: string; standard: string },
): TekunSupportCheck {
  const missing = [
    ...(ratio === null ? [keys.ratio] : []),
    ...(standard === null ? [keys.standard] : []),
  ];
  if (ratio === null || standard === null)
    return { status: "NOT_CONFIGURED", missing };
  const [whole, frac = ""] = ratio.trim().split(".");
  const scale = 10n ** BigInt(frac.length);
  const ratioScaled = BigInt(whole + frac); // ratio × scale
  const requiredScaledCents = ratioScaled * toCents(standard); // required annual cents × scale
  const supportAnnualCents = toCents(monthly) * 12n;
  const sufficient = supportAnnualCents * scale >= requiredScaledCents;
  const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
  const cents = (c: bigint) =>
    `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;
  return {
    status: sufficient ? "SUFFICIENT" : "BELOW",
    requiredAnnual: cents(ceilDiv(requiredScaledCents, scale)),
    requiredMonthly: cents(ceilDiv(requiredScaledCents, scale * 12n)),
    supportAnnual: cents(supportAnnualCents),
  };
}

/** A ratio parameter's text, checked as a non-negative decimal (null otherwise). */
export function ratioText(value: unknown): string | null {
  const text =
    value === null || value === undefined ? "" : String(value).trim();
  try {
    compareDecimals(text, "0");
    return text;
  } catch {
    return null;
  }
}
