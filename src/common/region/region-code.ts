/**
 * Region-code arithmetic, the one place for it. A code of the statistical division tree
 * (国家统计局统计用区划代码) has 12 digits, 41 01 06 100 201 = province, city, district,
 * town/street, village/community; the code is hierarchical, so a region's subtree is every code
 * that starts with its significant digits (its *subtree prefix*), and "everything under
 * 410106100" is `code LIKE '410106100%'`, which the C-collated index on a code column answers
 * without walking the tree. Nothing here reads the database.
 */
import { escapeLike } from '../sql/like';

export enum RegionLevel {
  PROVINCE = 'province',
  CITY = 'city',
  DISTRICT = 'district',
  TOWN = 'town',
  VILLAGE = 'village',
}

/** Digits of a full code. */
export const REGION_CODE_LENGTH = 12;

/** Levels from the top of the tree down. */
export const REGION_LEVELS: readonly RegionLevel[] = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.DISTRICT, RegionLevel.TOWN, RegionLevel.VILLAGE];

/** Significant digits of a code at each level: the prefix shared by everything below it. */
export const LEVEL_PREFIX_LENGTH: Readonly<Record<RegionLevel, number>> = {
  [RegionLevel.PROVINCE]: 2,
  [RegionLevel.CITY]: 4,
  [RegionLevel.DISTRICT]: 6,
  [RegionLevel.TOWN]: 9,
  [RegionLevel.VILLAGE]: 12,
};

/**
 * The level a code's digits imply: the highest level whose remaining digits are all zero
 * (410106000000 → district, 410106100000 → town, 410106100201 → village).
 */
export function levelOf(code: string): RegionLevel {
  return REGION_LEVELS.find((l) => /^0*$/.test(code.slice(LEVEL_PREFIX_LENGTH[l]))) ?? RegionLevel.VILLAGE;
}

/** The level whose subtree prefix has this many digits (a Principal's scopePrefix → its home level). */
export function levelOfPrefix(prefix: string): RegionLevel | undefined {
  return REGION_LEVELS.find((l) => LEVEL_PREFIX_LENGTH[l] === prefix.length);
}

/**
 * The code prefix of a region's subtree. With the region's stored level it is that level's
 * significant digits; without, the level is read from the code itself (trailing all-zero levels
 * dropped: 410106000000 → 410106), so rows of a region since renamed or removed are still found.
 */
export function subtreePrefix(code: string, level: RegionLevel = levelOf(code)): string {
  return code.slice(0, LEVEL_PREFIX_LENGTH[level]);
}

/** The full code of a region's parent (410106100201 → 410106100000); null for a province. */
export function parentCode(code: string, level: RegionLevel = levelOf(code)): string | null {
  const index = REGION_LEVELS.indexOf(level);
  if (index <= 0) return null;
  return code.slice(0, LEVEL_PREFIX_LENGTH[REGION_LEVELS[index - 1]]).padEnd(REGION_CODE_LENGTH, '0');
}

/** The codes of the ancestors implied by a code, nearest first (e.g. town, district, city, province). */
export function ancestorCodes(code: string, level: RegionLevel = levelOf(code)): string[] {
  const depth = REGION_LEVELS.indexOf(level);
  return REGION_LEVELS.slice(0, Math.max(depth, 0))
    .map((l) => code.slice(0, LEVEL_PREFIX_LENGTH[l]).padEnd(REGION_CODE_LENGTH, '0'))
    .reverse();
}

/**
 * Whether a code lies in a subtree (the region itself included). The subtree is given by its
 * prefix (a Principal's scopePrefix, a subtreePrefix); a full 12-digit code is read as the
 * subtree of the region it names.
 */
export function isWithin(code: string | null | undefined, subtree: string): boolean {
  if (!code) return false;
  const prefix = subtree.length === REGION_CODE_LENGTH ? subtreePrefix(subtree) : subtree;
  return code.startsWith(prefix);
}

/** The LIKE pattern of a subtree: its prefix, escaped, then `%` (`code LIKE '410106100%'`). */
export function subtreeLikePattern(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}
