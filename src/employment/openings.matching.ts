import { levelOf, RegionLevel, LEVEL_PREFIX_LENGTH } from '../common/region/region-code';
import { LabourSkill } from '../households/registry-codes';
import { PUBLIC_WELFARE_POST_CHANNEL } from './employment-rules';
import { onLabourRegisterSql } from './employment-year.sql';
import { JobOpeningEntity } from './openings.entity';

/**
 * The ranking of an opening's candidates. RULES.md's employment.matching is a rule text (全劳动力 →
 * 务工岗位; 半劳动力 → 公益性岗位), not weights: the points below are a DESIGN CHOICE of this module,
 * not policy, kept here in one place. A candidate's score is the sum of the points of its reasons.
 */
export const MATCH_POINTS = {
  /** The member's labour skill is one the opening wants. */
  SKILL_FITS: 30,
  /** Full labour (ORDINARY, SKILLED) for a job; weak or half labour for a public-welfare post (employment.matching). */
  LABOUR_FITS_KIND: 20,
  /** Distance: the member lives in the opening's village / its town / its district. */
  SAME_VILLAGE: 15,
  SAME_TOWN: 10,
  SAME_DISTRICT: 5,
  /** Completed a training course (real name, 实名制培训) that ended by the day asked about. */
  TRAINED: 10,
  /** No record of the year with months worked whose period covers the day asked about. */
  NOT_EMPLOYED_NOW: 40,
  /** Employed on that day: shown as a reason, no points. */
  EMPLOYED_NOW: 0,
} as const;

export type MatchReasonCode = keyof typeof MATCH_POINTS;

/** The labour skills that are full labour (务工岗位) and weak or half labour (公益性岗位). */
const FULL_LABOUR: readonly LabourSkill[] = ['ORDINARY', 'SKILLED'];
const WEAK_LABOUR: readonly LabourSkill[] = ['WEAK_OR_PARTIAL'];

/** A candidate row as the statement answers it. */
export interface CandidateRow {
  id: string;
  household_id: string;
  name: string;
  region_code: string;
  labour_skill: LabourSkill;
  skill_fits: boolean;
  labour_fits: boolean;
  distance: Distance | null;
  employed: boolean;
  trained: boolean;
  score: number;
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/** A region's code at each level it lies in (null above it): the reference point of the distance reason. */
export function distanceCodes(regionCode: string): { village: string | null; town: string | null; district: string } {
  const level = levelOf(regionCode);
  const prefix = (l: RegionLevel) => regionCode.slice(0, LEVEL_PREFIX_LENGTH[l]);
  return {
    village: level === RegionLevel.VILLAGE ? regionCode : null,
    town: level === RegionLevel.VILLAGE || level === RegionLevel.TOWN ? prefix(RegionLevel.TOWN) : null,
    district: prefix(RegionLevel.DISTRICT),
  };
}

export type Distance = 'SAME_VILLAGE' | 'SAME_TOWN' | 'SAME_DISTRICT';

/**
 * The distance reason of a region code column from a reference point whose codes (distanceCodes) are
 * the SQL placeholders `village`, `town`, `district`: 'SAME_VILLAGE', 'SAME_TOWN', 'SAME_DISTRICT' or null.
 */
export function distanceSql(column: string, village: string, town: string, district: string): string {
  return `CASE WHEN ${column} = ${village}::varchar THEN 'SAME_VILLAGE'
                    WHEN left(${column}, ${LEVEL_PREFIX_LENGTH[RegionLevel.TOWN]}) = ${town}::varchar THEN 'SAME_TOWN'
                    WHEN left(${column}, ${LEVEL_PREFIX_LENGTH[RegionLevel.DISTRICT]}) = ${district}::varchar THEN 'SAME_DISTRICT' END`;
}

/** The points of a distance reason (an expression of distanceSql). */
export function distancePointsSql(distance: string): string {
  const W = MATCH_POINTS;
  return `(CASE ${distance} WHEN 'SAME_VILLAGE' THEN ${W.SAME_VILLAGE} WHEN 'SAME_TOWN' THEN ${W.SAME_TOWN} WHEN 'SAME_DISTRICT' THEN ${W.SAME_DISTRICT} ELSE 0 END)`;
}

/**
 * The candidates of an opening, one set-based statement: the current members on the labour register
 * in the caller's scope (`scopeSql`, on `m.region_code`, its values already in `params`), without a
 * not-seeking-work mark, each with the components of its score; those employed on `asOf` and those
 * trained by then by hash joins with the year's records covering the day and the completed courses
 * (no per-member subquery). The scored set is fenced (OFFSET 0) so that the sort sits right under
 * the LIMIT: a bounded (top-N) sort of the page, not a sort of the whole register. Keyset order:
 * score descending, then member id descending. Answers the SQL; pushes its values on `params`.
 */
export function candidatesSql(
  opening: Pick<JobOpeningEntity, 'regionCode' | 'skills' | 'channel'>,
  asOf: string,
  scopeSql: string,
  params: unknown[],
  page: { after?: [number, string]; limit: number },
): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const codes = distanceCodes(opening.regionCode);
  const kind = opening.channel === PUBLIC_WELFARE_POST_CHANNEL ? WEAK_LABOUR : FULL_LABOUR;
  const skills = p(opening.skills);
  const village = p(codes.village);
  const town = p(codes.town);
  const district = p(codes.district);
  const day = p(asOf);
  const year = p(Number(asOf.slice(0, 4)));
  const W = MATCH_POINTS;
  const seek = page.after ? `WHERE (c.score, c.id) < (${p(page.after[0])}::int, ${p(page.after[1])}::uuid)` : '';
  return `SELECT c.* FROM (
    SELECT s.*, ((CASE WHEN s.skill_fits THEN ${W.SKILL_FITS} ELSE 0 END) + (CASE WHEN s.labour_fits THEN ${W.LABOUR_FITS_KIND} ELSE 0 END)
        + ${distancePointsSql('s.distance')}
        + (CASE WHEN s.trained THEN ${W.TRAINED} ELSE 0 END)
        + (CASE WHEN s.employed THEN ${W.EMPLOYED_NOW} ELSE ${W.NOT_EMPLOYED_NOW} END))::int AS score
      FROM (
        SELECT m.id, m.household_id, m.name, m.region_code, m.labour_skill::text AS labour_skill,
               (m.labour_skill = ANY(${skills}::labour_skill[])) AS skill_fits,
               (m.labour_skill IN (${list(kind)})) AS labour_fits,
               ${distanceSql('m.region_code', village, town, district)} AS distance,
               (w.member_id IS NOT NULL) AS employed,
               (t.member_id IS NOT NULL) AS trained
          FROM members m
          LEFT JOIN (SELECT DISTINCT e.member_id FROM employment_records e
                      WHERE e.year = ${year}::int AND e.months_worked > 0 AND e.starts_on <= ${day}::date AND (e.ends_on IS NULL OR e.ends_on >= ${day}::date)) w
            ON w.member_id = m.id
          LEFT JOIN (SELECT DISTINCT tp.member_id FROM training_participations tp JOIN training_courses tc ON tc.id = tp.course_id
                      WHERE tp.completed AND tc.ends_on <= ${day}::date) t
            ON t.member_id = m.id
          LEFT JOIN labour_not_seeking_marks k ON k.member_id = m.id
         WHERE ${onLabourRegisterSql('m')} AND ${scopeSql} AND k.member_id IS NULL
        OFFSET 0
      ) s
    ) c ${seek}
    ORDER BY c.score DESC, c.id DESC LIMIT ${page.limit}`;
}

/** A candidate's reasons, each with its points (their sum is the score). */
export function reasonsOf(row: CandidateRow): { code: MatchReasonCode; points: number }[] {
  const out: { code: MatchReasonCode; points: number }[] = [];
  if (row.skill_fits) out.push({ code: 'SKILL_FITS', points: MATCH_POINTS.SKILL_FITS });
  if (row.labour_fits) out.push({ code: 'LABOUR_FITS_KIND', points: MATCH_POINTS.LABOUR_FITS_KIND });
  if (row.distance) out.push({ code: row.distance, points: MATCH_POINTS[row.distance] });
  if (row.trained) out.push({ code: 'TRAINED', points: MATCH_POINTS.TRAINED });
  out.push(row.employed ? { code: 'EMPLOYED_NOW', points: MATCH_POINTS.EMPLOYED_NOW } : { code: 'NOT_EMPLOYED_NOW', points: MATCH_POINTS.NOT_EMPLOYED_NOW });
  return out;
}
