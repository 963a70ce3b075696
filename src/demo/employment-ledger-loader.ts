import { EMPLOYMENT_SECTOR } from '../employment/employment.declaration';
import { onLabourRegisterSql } from '../employment/employment-year.sql';
import { PUBLIC_WELFARE_POST_CHANNEL, WORKSHOP_CHANNEL } from '../employment/employment-rules';
import { PWP_TYPES_KEY } from '../employment/posts.service';
import { LabourSkill } from '../households/registry-codes';
import { TRAINING_TYPES_KEY } from '../employment/training.service';
import { WORKSHOP_MIN_POOR_WORKERS_KEY } from '../employment/workshops.service';
import { parameterValue, Queryable } from './demo-parameters';
import { REFERENCE_YEAR } from './generator';
import { Rng } from './prng';

/** What the ledger's demo adds besides the derived records. */
export interface EmploymentLedgerDemoCounts {
  workshops: number;
  workshopWorkers: number;
  posts: number;
  postHolders: number;
  courses: number;
  trainees: number;
  openings: number;
}

/** Villages with a cooperative (most records of the year first, then most households) that get a workshop and a post each; courses in the first one's town. */
const VILLAGES = 3;
/** The eligible group 弱/半劳动力 of employment.pwp_eligible, as the registry's labour skill. */
const WEAK_OR_PARTIAL: LabourSkill = 'WEAK_OR_PARTIAL';
const COURSES: readonly { name: string; provider: string; startsOn: string; endsOn: string; hours: number }[] = [
  { name: '电焊工', provider: '上街区职业培训学校', startsOn: '2018-03-05', endsOn: '2018-03-24', hours: 120 },
  { name: '家政服务员', provider: '上街区家政培训中心', startsOn: '2018-04-09', endsOn: '2018-04-20', hours: 80 },
  { name: '食用菌栽培技术', provider: '上街区农业技术推广站', startsOn: '2018-05-14', endsOn: '2018-05-18', hours: 32 },
];
const POST_NAMES = ['村庄保洁', '护林防火', '乡村道路养护'];
const FUNDING = ['村级光伏收益', '财政专项扶贫资金'];

/**
 * The rest of the employment ledger's demo (issue #16), after the derived records of the reference
 * year, each kind in one or two set-based statements (fast at 350,000 households), chosen
 * deterministically (the seeded Rng for names, sizes and pay; members by household number):
 * - in the villages with a cooperative and the most records of the year, a **public-welfare post** (a type of
 *   employment.pwp_types) whose holders are members with a local record of the year, weak or half
 *   labour — and, in the first of them that has one, a full-labour holder without a note, so the
 *   list of holders outside the eligible group is not empty; their records become channel 公益岗 in the village;
 * - a **poverty-alleviation workshop** of each village's cooperative, its workers the remaining
 *   local records of the town (channel 扶贫车间/代加工点): employment.workshop_min_poor_workers and
 *   three more, the last workshop two below the minimum;
 * - in the first village's town, **training courses** (types of employment.training) with trainees
 *   who are working in the year (employed after) and trainees who are not;
 * - two **job openings** of the first cooperative.
 * Records keep their months and income, so the ledger and the registry still agree. Nothing when
 * the district has no cooperative (the projects demo) or the lists are not configured.
 */
export async function loadDemoEmploymentLedger(ds: Queryable): Promise<EmploymentLedgerDemoCounts> {
  const counts: EmploymentLedgerDemoCounts = { workshops: 0, workshopWorkers: 0, posts: 0, postHolders: 0, courses: 0, trainees: 0, openings: 0 };
  const rng = new Rng('shangjie-2018-employment');
  const villages: { code: string; name: string; entity_id: string; entity_name: string }[] = await ds.query(
    `SELECT r.code, r.name, e.id AS entity_id, e.name AS entity_name
       FROM regions r JOIN implementing_entities e ON e.region_code = r.code
      WHERE r.level = 'village' AND r.code LIKE '410106%'
      ORDER BY (SELECT count(*) FROM employment_records er WHERE er.region_code = r.code AND er.year = $2) DESC,
               (SELECT count(*) FROM households h WHERE h.region_code = r.code AND h.validity = 'ACTIVE') DESC, r.code, e.credit_code LIMIT $1`,
    [VILLAGES, REFERENCE_YEAR],
  );
  if (!villages.length) return counts;
  const year = REFERENCE_YEAR;
  const local = `e.year = ${year} AND e.post_id IS NULL AND e.workshop_id IS NULL AND e.months_worked > 0`;

  // Public-welfare posts and their holders.
  const types = await parameterValue(ds, PWP_TYPES_KEY);
  if (Array.isArray(types) && types.length) {
    const posts = villages.map((v, i) => ({
      region: v.code, type: String(types[i % types.length]), name: `${v.name}${POST_NAMES[i % POST_NAMES.length]}公益岗`, places: rng.int(3, 6), pay: rng.int(4, 8) * 100, funding: FUNDING[i % FUNDING.length],
    }));
    const inserted: { id: string; region_code: string; places: number }[] = await ds.query(
      `INSERT INTO public_welfare_posts (region_code, type, name, places, monthly_pay, funding_source, starts_on, sector)
       SELECT p.region, p.type, p.name, p.places, p.pay, p.funding, make_date($2, 1, 1), $3 FROM jsonb_to_recordset($1::jsonb) AS p(region text, type text, name text, places int, pay numeric, funding text)
       RETURNING id, region_code, places`,
      [JSON.stringify(posts), year, EMPLOYMENT_SECTOR],
    );
    counts.posts = inserted.length;
    // Holders: weak or half labour of the village; and one other holder (the first village with one): outside the eligible group, without a note.
    const [{ n }] = await ds.query(
      `WITH candidates AS (
         SELECT e.id, p.id AS post_id, p.places, m.labour_skill = $2 AS eligible, h.household_number, m.birth_date, e.member_id,
                array_position($3::text[], p.region_code::text) AS village_rank
           FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, region_code text, places int)
           JOIN households h ON h.region_code = p.region_code AND h.validity = 'ACTIVE'
           JOIN employment_records e ON e.household_id = h.id AND ${local}
           JOIN members m ON m.id = e.member_id
       ), chosen AS (
         SELECT id, post_id FROM (
           SELECT id, post_id, places, row_number() OVER (PARTITION BY post_id ORDER BY household_number, birth_date, member_id) AS k FROM candidates WHERE eligible
         ) weak WHERE k < places
         UNION ALL
         (SELECT id, post_id FROM candidates WHERE NOT eligible ORDER BY village_rank, household_number, birth_date, member_id LIMIT 1)
       ), updated AS (
         UPDATE employment_records e SET post_id = c.post_id, channel = $4, place = 'WITHIN_TOWN', employer_name = NULL, employer_entity_id = NULL
           FROM chosen c WHERE e.id = c.id RETURNING 1)
       SELECT count(*)::int AS n FROM updated`,
      [JSON.stringify(inserted), WEAK_OR_PARTIAL, villages.map((v) => v.code), PUBLIC_WELFARE_POST_CHANNEL],
    );
    counts.postHolders = n;
  }

  // Workshops of the villages' cooperatives, their workers local records of the town.
  const minimum = await parameterValue(ds, WORKSHOP_MIN_POOR_WORKERS_KEY);
  const target = (i: number) => (typeof minimum === 'number' ? (i === villages.length - 1 ? Math.max(1, minimum - 2) : minimum + 3) : 3);
  const workshops = villages.map((v, i) => ({ entity: v.entity_id, name: `${v.entity_name}扶贫车间`, region: v.code, capacity: rng.int(20, 60), opened: `2017-${String(rng.int(3, 11)).padStart(2, '0')}-01`, workers: target(i), rank: i }));
  const shops: { id: string; region_code: string; workers: number; rank: number; name: string; entity_id: string }[] = await ds.query(
    `WITH w AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(entity uuid, name text, region text, capacity int, opened date, workers int, rank int)),
     ins AS (INSERT INTO poverty_workshops (entity_id, name, region_code, capacity, opened_on, sector) SELECT entity, name, region, capacity, opened, $2 FROM w RETURNING id, region_code, name, entity_id)
     SELECT ins.id, ins.region_code, ins.name, ins.entity_id, w.workers, w.rank FROM ins JOIN w ON w.region = ins.region_code AND w.name = ins.name`,
    [JSON.stringify(workshops), EMPLOYMENT_SECTOR],
  );
  counts.workshops = shops.length;
  // Each record of the town goes to the first workshop of its town (by rank) still short of its workers.
  const [{ n: workers }] = await ds.query(
    `WITH w AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(id uuid, region_code text, workers int, rank int, name text, entity_id uuid)),
     candidates AS (
       SELECT e.id, row_number() OVER (PARTITION BY left(h.region_code, 9) ORDER BY h.household_number, e.member_id) AS k, left(h.region_code, 9) AS town
         FROM employment_records e JOIN households h ON h.id = e.household_id
        WHERE ${local} AND e.place IN ('WITHIN_TOWN', 'WITHIN_COUNTY') AND left(h.region_code, 9) IN (SELECT left(region_code, 9) FROM w)
     ), slots AS (
       SELECT w.*, left(w.region_code, 9) AS town,
              COALESCE(sum(w.workers) OVER (PARTITION BY left(w.region_code, 9) ORDER BY w.rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
         FROM w
     ), chosen AS (
       SELECT c.id, s.id AS workshop_id, s.name, s.entity_id FROM candidates c JOIN slots s ON s.town = c.town AND c.k > s.before AND c.k <= s.before + s.workers
     ), updated AS (
       UPDATE employment_records e SET workshop_id = c.workshop_id, channel = $2, employer_entity_id = c.entity_id, employer_name = c.name
         FROM chosen c WHERE e.id = c.id RETURNING 1)
     SELECT count(*)::int AS n FROM updated`,
    [JSON.stringify(shops), WORKSHOP_CHANNEL],
  );
  counts.workshopWorkers = workers;

  // Training courses in the first village's town, trainees working in the year and not.
  const trainingTypes = await parameterValue(ds, TRAINING_TYPES_KEY);
  if (Array.isArray(trainingTypes) && trainingTypes.length) {
    const town = `${villages[0].code.slice(0, 9)}000`;
    const courses = COURSES.map((c, i) => ({ ...c, type: String(trainingTypes[(i + 1) % trainingTypes.length]), region: town, per: rng.int(4, 8) }));
    const [{ courses: nc, trainees }] = await ds.query(
      `WITH c AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(name text, provider text, "startsOn" date, "endsOn" date, hours numeric, type text, region text, per int)),
       ins AS (INSERT INTO training_courses (name, provider, type, starts_on, ends_on, hours, region_code, sector)
               SELECT name, provider, type, "startsOn", "endsOn", hours, region, $2 FROM c RETURNING id, name, starts_on, hours),
       pool AS (
         SELECT ins.id AS course_id, ins.hours, ins.starts_on, c.per, m.id AS member_id, m.household_id, m.region_code,
                EXISTS (SELECT 1 FROM employment_records e WHERE e.member_id = m.id AND e.year = $3 AND e.months_worked > 0) AS working,
                row_number() OVER (PARTITION BY ins.id, EXISTS (SELECT 1 FROM employment_records e WHERE e.member_id = m.id AND e.year = $3 AND e.months_worked > 0)
                                   ORDER BY md5(ins.name || h.household_number || m.birth_date::text), m.id) AS k
           FROM ins JOIN c ON c.name = ins.name
           JOIN households h ON left(h.region_code, 9) = left(c.region, 9) AND h.validity = 'ACTIVE'
           JOIN members m ON m.household_id = h.id AND ${onLabourRegisterSql('m')} AND m.joined_on <= ins.starts_on
       ), enrolled AS (
         INSERT INTO training_participations (course_id, member_id, household_id, completed, hours_attended, certificate_name, certificate_number, passed_on, region_code, sector)
         SELECT course_id, member_id, household_id, k % 4 <> 0, CASE WHEN k % 4 <> 0 THEN hours END,
                CASE WHEN k % 2 = 1 THEN '专项职业能力证书' END, CASE WHEN k % 2 = 1 THEN 'ZX' || to_char(starts_on, 'YYYYMMDD') || lpad(k::text, 3, '0') END,
                CASE WHEN k % 2 = 1 THEN starts_on + 30 END, region_code, $2
           FROM pool WHERE k <= per RETURNING 1)
       SELECT (SELECT count(*)::int FROM ins) AS courses, (SELECT count(*)::int FROM enrolled) AS trainees`,
      [JSON.stringify(courses), EMPLOYMENT_SECTOR, year],
    );
    counts.courses = nc;
    counts.trainees = trainees;
  }

  // Two openings of the first cooperative.
  const v = villages[0];
  const openings = [
    { title: '食品加工操作工', place: 'WITHIN_TOWN', skills: '{ORDINARY,SKILLED}', pay: rng.int(25, 35) * 100, places: rng.int(5, 12), from: `${year}-09-01` },
    { title: '仓储搬运工', place: 'WITHIN_COUNTY', skills: '{ORDINARY}', pay: rng.int(22, 30) * 100, places: rng.int(3, 8), from: `${year}-10-15` },
  ];
  const [{ n: no }] = await ds.query(
    `WITH ins AS (
       INSERT INTO job_openings (title, employer_entity_id, employer_name, region_code, place, skills, monthly_pay, places, open_from, channel, sector)
       SELECT o.title, $2, $3, $4, o.place::work_place, o.skills::labour_skill[], o.pay, o.places, o."from", '就地吸纳', $5
         FROM jsonb_to_recordset($1::jsonb) AS o(title text, place text, skills text, pay numeric, places int, "from" date) RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [JSON.stringify(openings), v.entity_id, v.entity_name, v.code, EMPLOYMENT_SECTOR],
  );
  counts.openings = no;
  return counts;
}
