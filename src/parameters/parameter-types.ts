/**
 * The vocabulary of policy parameters (issue #13): the type of a value, its status, and the
 * scopes RULES.md names. Shared by the store, its GraphQL models and the seed builder
 * (scripts/parameters-seed.ts), so that a row of docs/RULES.md and a stored row mean the same.
 */

/** How a parameter's value is typed (the jsonb `value` holds the form given for each). */
export enum ParameterType {
  /** Money, a decimal string with 2 decimals ("2995.00"); never a float. */
  AMOUNT = 'AMOUNT',
  /** A whole number (persons, projects, months). */
  INTEGER = 'INTEGER',
  /** A ratio 0–1 as a decimal string ("0.92"). */
  RATIO = 'RATIO',
  /** A multiplier or a ratio that may exceed 1, as a decimal string ("1.3"). */
  FACTOR = 'FACTOR',
  /** Calendar days (a whole number ≥ 1). */
  DAYS = 'DAYS',
  /** Working days by the working calendar (a whole number ≥ 1). */
  WORKING_DAYS = 'WORKING_DAYS',
  /** true or false. */
  BOOLEAN = 'BOOLEAN',
  /** A calendar date (YYYY-MM-DD). */
  DATE = 'DATE',
  /** One code or word ("Q4", "12317"). */
  CODE = 'CODE',
  /** A list of codes, in order (JSON array of strings). */
  CODE_LIST = 'CODE_LIST',
  /** Named or ordered ratios (weights), as JSON: an object of label → decimal string, or an array. */
  RATIOS = 'RATIOS',
  /** A small structured rule, as a JSON object (`{ "text": … }` where RULES.md states it in words). */
  RULE = 'RULE',
}

/** Whether a value can be relied on (RULES.md §0 "status"). */
export enum ParameterStatus {
  /** Stated in the seed (上脱贫组〔2018〕4号). */
  SEED = 'SEED',
  /** In the cited document as published. */
  VERIFIED = 'VERIFIED',
  /** A plausible default, another region's practice or a design choice: badge it wherever used. */
  UNVERIFIED = 'UNVERIFIED',
  /** No value known (RULES.md `—`): rules that need it answer "not configured", never pass. */
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}

/** The scopes of RULES.md: national (''), Henan, Zhengzhou, Shangjie. */
export const SCOPE_CODES = {
  N: '',
  H: '410000000000',
  Z: '410100000000',
  S: '410106000000',
} as const;

/** A parameter row as seeded from docs/RULES.md (seeds/policy-parameters.json). */
export interface SeedParameter {
  key: string;
  type: ParameterType;
  /** The typed value (see ParameterType); null when NOT_CONFIGURED. */
  value: unknown;
  unit: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** '' = national, else the 12-digit code of the region whose subtree it covers. */
  scopeCode: string;
  source: string | null;
  status: ParameterStatus;
  note: string | null;
  /** The value cell as RULES.md states it (qualifiers such as "≥", "at 12-31" kept). */
  stated: string;
}

/** A working calendar as seeded: statutory holidays and swapped working days of a year. */
export interface SeedCalendar {
  year: number;
  scopeCode: string;
  holidays: string[];
  workdays: string[];
  source: string;
  status: ParameterStatus;
}
