import { levelOf, RegionLevel, LEVEL_PREFIX_LENGTH } from '../common/region/region-code';
import { LabourSkill } from '../households/registry-codes';
import { PUBLIC_WELFARE_POST_CHANNEL } from './employment-rules';
import { LABOUR_SKILLS, onLabourRegisterSql } from './employment-year.sql';
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

/** The most points of the member's own part of a score (skill, kind of labour, distance): a bound for the employed. */
const MAX_MEMBER_POINTS = MATCH_POINTS.SKILL_FITS + MATCH_POINTS.LABOUR_FITS_KIND + MATCH_POINTS.SAME_VILLAGE;

/**
 * The candidates of an opening in one statement: the current members on the labour register in
 * the caller's scope (`scopeSql`, on `m.region_code`, its values already in `params`; `scopePrefix`,
 * the scope's code prefix, prunes the classes below that cannot meet it), without a
 * not-seeking-work mark, each with the components of its score. Keyset order: score descending,
 * then member id descending. Answers the SQL; pushes its values on `params`.
 *
 * The score is the member's own points (skill, kind of labour, distance: a few values, fixed by the
 * labour skill and the region) plus NOT_EMPLOYED_NOW and TRAINED. The members are taken in three
 * parts, so that a page of a district of 1 M members reads a few hundred rows, not the register:
 * - **the trained** (a completed course that ended by the day: few), each scored in full;
 * - **the untrained not employed on the day** (the bulk), one branch per class of labour skill ×
 *   distance, whose score is a constant: each walks the members by id descending (the primary key)
 *   past its cursor and stops after `limit` rows, probing the day's records and the courses per row;
 * - **the untrained employed on the day**: at most MAX_MEMBER_POINTS, so read (from the day's
 *   records, in full) only when the first two parts leave the page short or end at or below it
 *   (a one-time filter on their page: otherwise not executed).
 */
export function candidatesSql(
  opening: Pick<JobOpeningEntity, 'regionCode' | 'skills' | 'channel'>,
  asOf: string,
  scopeSql: string,
  params: unknown[],
  page: { after?: [number, string]; limit: number },
  scopePrefix = '',
): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const codes = distanceCodes(opening.regionCode);
  const kind = opening.channel === PUBLIC_WELFARE_POST_CHANNEL ? WEAK_LABOUR : FULL_LABOUR;
  const W = MATCH_POINTS;
  const village = p(codes.village);
  const town = p(codes.town);
  const district = p(codes.district);
  const day = p(asOf);
  const year = p(Number(asOf.slice(0, 4)));
  const limit = page.limit;
  const after = page.after ? { score: p(page.after[0]), id: p(page.after[1]) } : null;
  const seek = (score: string) => (after ? `(${score}, m.id) < (${after.score}::int, ${after.id}::uuid)` : 'TRUE');

  const employed = `EXISTS (SELECT 1 FROM employment_records e WHERE e.member_id = m.id AND e.year = ${year}::int AND e.months_worked > 0
                              AND e.starts_on <= ${day}::date AND (e.ends_on IS NULL OR e.ends_on >= ${day}::date))`;
  const trained = `EXISTS (SELECT 1 FROM training_participations tp JOIN training_courses tc ON tc.id = tp.course_id
                             WHERE tp.member_id = m.id AND tp.completed AND tc.ends_on <= ${day}::date)`;
  const base = `${onLabourRegisterSql('m')} AND ${scopeSql} AND NOT EXISTS (SELECT 1 FROM labour_not_seeking_marks k WHERE k.member_id = m.id)`;
  const skillFits = (skill: string) => opening.skills.includes(skill as LabourSkill);
  const labourFits = (skill: string) => kind.includes(skill as LabourSkill);
  const memberPointsSql = `((CASE WHEN m.labour_skill = ANY(${p(opening.skills)}::labour_skill[]) THEN ${W.SKILL_FITS} ELSE 0 END)
      + (CASE WHEN m.labour_skill IN (${list(kind)}) THEN ${W.LABOUR_FITS_KIND} ELSE 0 END)
      + ${distancePointsSql(distanceSql('m.region_code', village, town, district))})`;
  const columns = (fits: { skill: string; labour: string; distance: string; employed: string; trained: string; score: string }) =>
    `m.id, m.household_id, m.name, m.region_code, m.labour_skill::text AS labour_skill, ${fits.skill} AS skill_fits, ${fits.labour} AS labour_fits,
     ${fits.distance} AS distance, ${fits.employed} AS employed, ${fits.trained} AS trained, (${fits.score})::int AS score`;
  const scored = (employedSql: string, trainedSql: string) => {
    const score = `${memberPointsSql} + (CASE WHEN ${employedSql} THEN ${W.EMPLOYED_NOW} ELSE ${W.NOT_EMPLOYED_NOW} END) + (CASE WHEN ${trainedSql} THEN ${W.TRAINED} ELSE 0 END)`;
    return columns({
      skill: `(m.labour_skill = ANY(${p(opening.skills)}::labour_skill[]))`,
      labour: `(m.labour_skill IN (${list(kind)}))`,
      distance: distanceSql('m.region_code', village, town, district),
      employed: employedSql,
      trained: trainedSql,
      score,
    });
  };

  // The trained, scored in full (the courses' side first: few rows).
  const trainedPart = `SELECT ${scored('(w.member_id IS NOT NULL)', 'TRUE')}
      FROM (SELECT DISTINCT tp.member_id FROM training_participations tp JOIN training_courses tc ON tc.id = tp.course_id
             WHERE tp.completed AND tc.ends_on <= ${day}::date) t
      JOIN members m ON m.id = t.member_id
      LEFT JOIN LATERAL (SELECT m.id AS member_id WHERE ${employed}) w ON TRUE
     WHERE ${base}`;

  // The untrained not employed: one branch a class of labour skill × distance (a constant score).
  const classes: { skill: string; distance: Distance | null; where: () => string }[] = [];
  const meets = (prefix: string) => prefix.startsWith(scopePrefix) || scopePrefix.startsWith(prefix);
  // Each class's region as prefix patterns (the codes are digits), which the planner estimates from
  // the column's statistics: the same partition as distanceSql's CASE.
  const under = (code: string) => `m.region_code LIKE ${p(`${code}%`)}::text`;
  const regions: { distance: Distance | null; where: () => string; prefix: string | null }[] = [
    ...(codes.village ? [{ distance: 'SAME_VILLAGE' as const, where: () => `m.region_code = ${village}::varchar`, prefix: codes.village }] : []),
    ...(codes.town ? [{ distance: 'SAME_TOWN' as const, where: () => `${under(codes.town!)}${codes.village ? ` AND m.region_code <> ${village}::varchar` : ''}`, prefix: codes.town }] : []),
    { distance: 'SAME_DISTRICT', where: () => `${under(codes.district)}${codes.town ? ` AND NOT ${under(codes.town)}` : ''}`, prefix: codes.district },
    { distance: null, where: () => `NOT ${under(codes.district)}`, prefix: null },
  ];
  for (const region of regions) {
    // A class outside the caller's scope has no member: not read (the district's other classes are within it).
    if (region.prefix !== null ? !meets(region.prefix) : scopePrefix.startsWith(codes.district)) continue;
    // Its values are pushed once, when a branch of it is read (an unused parameter has no type).
    let where: string | undefined;
    const regionWhere = () => (where ??= region.where());
    for (const skill of LABOUR_SKILLS) classes.push({ skill, distance: region.distance, where: () => `m.labour_skill = '${skill}' AND ${regionWhere()}` });
  }
  // A class's score is known here: past the cursor's score it has nothing left (not read), at it
  // the ids below the cursor's, below it all (a constant seek the planner cannot fold for us).
  const classSeek = (score: number): string | null =>
    !page.after || score < page.after[0] ? 'TRUE' : score === page.after[0] ? `m.id < ${after!.id}::uuid` : null;
  const branches = classes.flatMap((c) => {
    const score = (skillFits(c.skill) ? W.SKILL_FITS : 0) + (labourFits(c.skill) ? W.LABOUR_FITS_KIND : 0) + (c.distance ? W[c.distance] : 0) + W.NOT_EMPLOYED_NOW;
    const seekClass = classSeek(score);
    if (seekClass === null) return [];
    const cols = columns({ skill: String(skillFits(c.skill)), labour: String(labourFits(c.skill)), distance: c.distance ? `'${c.distance}'::text` : 'NULL::text', employed: 'false', trained: 'false', score: String(score) });
    return [
      {
        score,
        sql: `(SELECT ${cols} FROM members m
       WHERE ${c.where()} AND ${base} AND NOT ${employed} AND NOT ${trained} AND ${seekClass}
       ORDER BY m.id DESC LIMIT ${limit})`,
      },
    ];
  });
  // The classes by score level, highest first: a level is read only while the levels above it and
  // the trained above it leave the page short (a one-time filter: otherwise not executed).
  const levels = [...new Set(branches.map((b) => b.score))].sort((a, b) => b - a);
  const levelCtes = levels.map((v, i) => {
    const above = [`(SELECT count(*) FROM trained_rows WHERE score > ${v})`, ...levels.slice(0, i).map((_, j) => `(SELECT count(*) FROM level_${j})`)].join(' + ');
    return `level_${i} AS MATERIALIZED (
      SELECT * FROM (${branches.filter((b) => b.score === v).map((b) => b.sql).join(' UNION ALL ')}) x
       WHERE ${above} < ${limit}
    )`;
  });

  // The untrained employed, scored in full from the day's records, only where the page may reach them.
  const employedPart = `SELECT ${scored('TRUE', 'FALSE')}
      FROM (SELECT DISTINCT e.member_id FROM employment_records e
             WHERE e.year = ${year}::int AND e.months_worked > 0 AND e.starts_on <= ${day}::date AND (e.ends_on IS NULL OR e.ends_on >= ${day}::date)) w
      JOIN members m ON m.id = w.member_id
     WHERE ${base} AND NOT ${trained}`;

  return `WITH trained_rows AS MATERIALIZED (
      SELECT * FROM (${trainedPart}) a WHERE ${seek('a.score').replace('m.id', 'a.id')}
    ),${levelCtes.map((c) => `\n    ${c},`).join('')}
    first_parts AS MATERIALIZED (
      SELECT * FROM (SELECT * FROM trained_rows${levels.map((_, i) => ` UNION ALL SELECT * FROM level_${i}`).join('')}) f
       ORDER BY f.score DESC, f.id DESC LIMIT ${limit}
    ), cut AS (SELECT count(*) AS n, min(score) AS low FROM first_parts)
    SELECT c.* FROM (
      SELECT * FROM first_parts
      UNION ALL
      SELECT * FROM (${employedPart}) b
       WHERE (SELECT n < ${limit} OR low <= ${MAX_MEMBER_POINTS} FROM cut) AND ${seek('b.score').replace('m.id', 'b.id')}
    ) c
    ORDER BY c.score DESC, c.id DESC LIMIT ${limit}`;
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
