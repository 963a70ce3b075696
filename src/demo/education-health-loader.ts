import { DataSource } from 'typeorm';
import { yearEnd } from '../common/dates/local-date';
import { dueForTerm, termStartsOn } from '../education/aid.service';
import { AidProgramme, dueProgrammes, PROGRAMMES, SchoolStage, SchoolTerm, schoolYearReferenceDay, STAGE_GRADES, WATCH_AGE_FROM_KEY, WATCH_AGE_TO_KEY } from '../education/education-rules';
import { EDUCATION_SECTOR } from '../education/education.declaration';
import { FAMILY_DOCTOR_KEY, PRIORITY_CONDITIONS } from '../health/family-doctor.service';
import { priorityDiseasesOf } from '../health/health-rules';
import { HEALTH_SECTOR } from '../health/health.declaration';
import { OUT_OF_POCKET_MAX_KEY } from '../health/hospital-stays.service';
import { INSURANCE_LAYERS_KEY } from '../health/insurance.service';
import { SchoolingStatus } from '../households/registry-codes';
import { ParameterType } from '../parameters/parameter-types';
import { ParameterValue } from '../parameters/parameters.service';
import { parameterAt, parameterValue, Queryable } from './demo-parameters';
import { REFERENCE_YEAR } from './generator';
import { Rng } from './prng';

/** What the education and health demo holds. */
export interface EducationHealthDemoCounts {
  enrolments: number;
  aidRecords: number;
  /** Enrolments of the autumn term left without a record of one of their stage's due programmes (studentsWithoutDueAid). */
  studentsWithoutDueAid: number;
  homeTeaching: number;
  returnCases: number;
  returnCaseSteps: number;
  insuranceEnrolments: number;
  /** Why no insurance enrolment was loaded, or null. */
  insuranceNotLoaded: string | null;
  familyDoctorContracts: number;
  followUps: number;
  hospitalStays: number;
}

/** The school year of the demo: the one that starts in the reference year (the exit standard's and the dropout watch's). */
const SCHOOL_YEAR = REFERENCE_YEAR;
const TERMS = [SchoolTerm.AUTUMN, SchoolTerm.SPRING] as const;

/** Demo schools per stage (names as a roster writes them; the universities' outside the province flagged). */
/**
 * The demo's schools by stage. `termFee`: what the school charges a term (学费), for the aid
 * programmes stated in words (the high-school and vocational waivers, 免学费): their record
 * states the fee the school waived. Demo data of demo schools, not policy values.
 */
const SCHOOLS: Record<SchoolStage, readonly { name: string; outside?: boolean; termFee?: string }[]> = {
  [SchoolStage.PRESCHOOL]: [{ name: '上街区第一幼儿园' }, { name: '上街区第二幼儿园' }, { name: '上街区实验幼儿园' }],
  [SchoolStage.PRIMARY]: [{ name: '上街区第一小学' }, { name: '上街区第二小学' }, { name: '上街区第三小学' }, { name: '上街区实验小学' }, { name: '上街区峡窝镇中心小学' }],
  [SchoolStage.JUNIOR]: [{ name: '上街区第一初级中学' }, { name: '上街区第二初级中学' }, { name: '上街区实验初级中学' }],
  [SchoolStage.SENIOR_HIGH]: [{ name: '上街区第一高级中学', termFee: '800.00' }, { name: '上街区第二高级中学', termFee: '700.00' }],
  [SchoolStage.SECONDARY_VOCATIONAL]: [{ name: '上街区职业教育中心', termFee: '1000.00' }, { name: '郑州市财贸学校', termFee: '1200.00' }],
  [SchoolStage.HIGHER_VOCATIONAL]: [{ name: '郑州职业技术学院' }, { name: '河南工业职业技术学院' }],
  [SchoolStage.BACHELOR]: [{ name: '郑州大学' }, { name: '河南大学' }, { name: '河南农业大学' }, { name: '西北农林科技大学', outside: true }],
  [SchoolStage.MASTER]: [{ name: '郑州大学' }],
  [SchoolStage.DOCTOR]: [{ name: '郑州大学' }],
};
/** Stages whose students board (the others: some junior and primary students, below). */
const BOARDING_STAGES: readonly SchoolStage[] = [SchoolStage.SENIOR_HIGH, SchoolStage.SECONDARY_VOCATIONAL, SchoolStage.HIGHER_VOCATIONAL, SchoolStage.BACHELOR, SchoolStage.MASTER, SchoolStage.DOCTOR];
/**
 * The age (on 31 August) of a stage's first grade, for the stages whose grade the registry's
 * schooling status does not give (小学 is one status for six grades): six for primary school, as
 * the exit standard's school-age rule reckons (compulsory-schooling.criterion.ts), three for
 * kindergarten, eighteen for university. Only the grade is placed by it: the stage is the
 * registry's, and education.stage_ages (NOT_CONFIGURED) is not guessed.
 */
const FIRST_GRADE_AGE: Partial<Record<SchoolStage, number>> = { [SchoolStage.PRESCHOOL]: 3, [SchoolStage.PRIMARY]: 6, [SchoolStage.BACHELOR]: 18 };

/**
 * The stage and grade of each of the registry's schooling statuses (the inverse of STAGE_GRADES):
 * a status that is one grade of its stage gives it (七年级 → junior grade 1); one that spans several
 * grades (小学, 学前教育, 大专及以上 → bachelor) gives the stage, the grade placed by age.
 */
function stageOfStatus(): { status: SchoolingStatus; stage: SchoolStage; grade: number | null; grades: number; firstAge: number | null }[] {
  const out = new Map<SchoolingStatus, { status: SchoolingStatus; stage: SchoolStage; grade: number | null; grades: number; firstAge: number | null }>();
  for (const stage of Object.values(SchoolStage) as SchoolStage[]) {
    const grades = STAGE_GRADES[stage];
    grades.forEach((status, i) => {
      if (out.has(status) && out.get(status)!.stage !== stage) return; // 大专及以上: the first stage that names it (bachelor)
      const spans = grades.filter((s) => s === status).length > 1;
      out.set(status, { status, stage, grade: spans ? null : i + 1, grades: grades.length, firstAge: FIRST_GRADE_AGE[stage] ?? null });
    });
  }
  return [...out.values()];
}

/** Village doctors' names, the clinic the village's 卫生室. */
const DOCTOR_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const DOCTOR_GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '国华', '丽娟', '卫东', '红梅', '振华', '玉兰', '明亮'];
const FOLLOW_UP_NOTES = ['上门随访：测量血压血糖，指导规律用药', '电话随访：询问用药情况和不适症状', '门诊随访：复查指标，调整治疗方案', '上门随访：健康教育，饮食运动指导'];
/** Hospitals: in the county (the district's and the town's health centre), and outside it in Zhengzhou. */
const HOSPITALS_IN_COUNTY = [
  { name: '上街区人民医院', level: 'SECONDARY' },
  { name: '上街区中医院', level: 'SECONDARY' },
  { name: null, level: 'PRIMARY' }, // the town's 卫生院
];
const HOSPITALS_OUT_OF_COUNTY = [
  { name: '郑州大学第一附属医院', level: 'TERTIARY' },
  { name: '河南省人民医院', level: 'TERTIARY' },
  { name: '郑州市中心医院', level: 'TERTIARY' },
];
const DIAGNOSES = [
  { diagnosis: '原发性高血压', icd10: 'I10' },
  { diagnosis: '2型糖尿病伴并发症', icd10: 'E11.9' },
  { diagnosis: '社区获得性肺炎', icd10: 'J18.9' },
  { diagnosis: '脑梗死', icd10: 'I63.9' },
  { diagnosis: '慢性阻塞性肺疾病急性加重', icd10: 'J44.1' },
  { diagnosis: '股骨颈骨折', icd10: 'S72.0' },
  { diagnosis: '冠状动脉粥样硬化性心脏病', icd10: 'I25.1' },
  { diagnosis: '慢性肾脏病5期', icd10: 'N18.5' },
];
/** How the part not paid by the household is shared among the layers, in the list's order (the last layer takes the rounding). */
const LAYER_SHARES = [70, 15, 5, 10];

/**
 * The priority diseases of health.family_doctor, each repeated by how common the demo makes it
 * (the first, 高血压 in the seeded rule, six times; the second three times; the others once), for
 * a pick by rank.
 */
function weighted(diseases: readonly string[]): string[] {
  return diseases.flatMap((d, i) => Array<string>(i === 0 ? 6 : i === 1 ? 3 : 1).fill(d));
}

/** Members of households on the roll, ordered as the demo chooses them: by household number, then birth date and name (the id breaks ties only). */
const MEMBER_ORDER = 'h.household_number, m.birth_date, m.name, m.id';

/**
 * The education and health demo (issue #17), from the demo registry, for the school year starting
 * in the reference year and the reference year itself. Each kind in one or two set-based statements
 * (fast at 350,000 households), chosen deterministically (the seeded Rng for shares and offsets;
 * members by household number, birth date and name), with the amounts and lists of the parameter
 * store, never a literal policy value. Rows are written as the modules' tables define them (no
 * audit rows: derived demo data, as the employment ledger's). One transaction.
 */
export async function loadDemoEducationHealth(ds: DataSource): Promise<EducationHealthDemoCounts> {
  return ds.transaction(async (m) => {
    // Statements over the whole registry: at 1 M members they outlast the service's per-statement limit.
    await m.query('SET LOCAL statement_timeout = 0');
    const rng = new Rng('shangjie-2018-education-health');
    return { ...(await loadEducation(m, rng)), ...(await loadHealth(m, rng)) };
  });
}

type EducationCounts = Pick<EducationHealthDemoCounts, 'enrolments' | 'aidRecords' | 'studentsWithoutDueAid' | 'homeTeaching' | 'returnCases' | 'returnCaseSteps'>;

/**
 * Education:
 * - the **dropout watch's cases** first: of the members of school age (education.dropout_watch.age_from
 *   –age_to on 31 August; those the registry records out of school first, then by household number),
 *   one taught at home (送教上门; a disabled one if any), one with an open return-to-school case
 *   (劝返复学) with a visit and a persuasion, and one with nothing, whom the watch lists;
 * - **enrolments** (学籍) of every other current member the registry records in school, both terms
 *   of the school year: the stage (and the grade where it says one) from the registry's schooling
 *   status, the grade of a primary pupil (and kindergarten, university) by age; schools by stage,
 *   boarding for secondary and higher stages and some junior and primary pupils;
 * - **aid records** (学生资助) of each term for the students of households still entitled, for every
 *   due programme of the stage whose parameter gives an amount (the term's due: half the yearly
 *   amount, as the aid service reckons), paid as due, and for the programmes stated in words (the
 *   high-school and vocational waivers) the school's term fee waived (SCHOOLS' termFee, no amount
 *   due); a few students (about one in gapEvery, the first included) are left without their due
 *   aid, so studentsWithoutDueAid lists them.
 */
async function loadEducation(m: Queryable, rng: Rng): Promise<EducationCounts> {
  const year = SCHOOL_YEAR;
  const day = schoolYearReferenceDay(year);
  const counts: EducationCounts = { enrolments: 0, aidRecords: 0, studentsWithoutDueAid: 0, homeTeaching: 0, returnCases: 0, returnCaseSteps: 0 };

  // The dropout watch's three: chosen before the enrolments, which leave them out.
  const from = await parameterValue(m, WATCH_AGE_FROM_KEY, day);
  const to = await parameterValue(m, WATCH_AGE_TO_KEY, day);
  const watched: { id: string; household_id: string; region_code: string; disabled: boolean }[] =
    typeof from === 'number' && typeof to === 'number'
      ? await m.query(
          `SELECT m.id, m.household_id, m.region_code, 'DISABLED' = ANY(m.health) AS disabled
             FROM members m JOIN households h ON h.id = m.household_id AND h.validity = 'ACTIVE'
            WHERE m.active AND m.joined_on <= $1::date
              AND m.birth_date > ($1::date - make_interval(years => $3 + 1))::date AND m.birth_date <= ($1::date - make_interval(years => $2))::date
            ORDER BY (m.schooling_status IS NULL OR m.schooling_status = 'NOT_IN_SCHOOL') DESC, ${MEMBER_ORDER}
            LIMIT 3`,
          [day, from, to],
        )
      : [];
  const home = watched.find((w) => w.disabled) ?? watched[0];
  // The third (the one left) has nothing: the dropout watch lists this member.
  const [returning] = watched.filter((w) => w !== home);
  if (home) {
    await m.query(
      `INSERT INTO home_teaching_arrangements (member_id, household_id, school_year, school, reason, region_code, sector) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [home.id, home.household_id, year, '上街区特殊教育学校', home.disabled ? '残疾，不能到校就读' : '因病长期不能到校就读', home.region_code, EDUCATION_SECTOR],
    );
    counts.homeTeaching = 1;
  }
  if (returning) {
    const [{ id: caseId }] = await m.query(
      `INSERT INTO return_to_school_cases (member_id, household_id, opened_on, deadline, region_code, sector) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [returning.id, returning.household_id, `${year}-09-10`, `${year}-10-31`, returning.region_code, EDUCATION_SECTOR],
    );
    const steps = [
      { kind: 'VISIT', on: `${year}-09-10`, note: '开学未报到，村两委和班主任入户走访，了解到随父母外出' },
      { kind: 'PERSUASION', on: `${year}-09-25`, note: '镇教育办、村干部和教师联合劝返，家长同意送孩子返校' },
    ];
    await m.query(
      `INSERT INTO return_to_school_steps (case_id, kind, taken_on, note) SELECT $1, s.kind::return_case_step_kind, s."on", s.note FROM jsonb_to_recordset($2::jsonb) AS s(kind text, "on" date, note text)`,
      [caseId, JSON.stringify(steps)],
    );
    counts.returnCases = 1;
    counts.returnCaseSteps = steps.length;
  }

  // Enrolments of both terms.
  const schools = Object.entries(SCHOOLS).map(([stage, list]) => ({ stage, names: list.map((s) => s.name), outside: list.map((s) => !!s.outside) }));
  const offset = rng.int(0, 59);
  const [{ n: enrolled }] = await m.query(
    `WITH map AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(status schooling_status, stage school_stage, grade int, grades int, "firstAge" int)),
     sch AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS s(stage school_stage, names text[], outside boolean[])),
     students AS (
       SELECT m.id, m.household_id, m.region_code, map.stage, map.grade, map.grades, map."firstAge",
              date_part('year', age($3::date, m.birth_date))::int AS age,
              row_number() OVER (PARTITION BY map.stage ORDER BY ${MEMBER_ORDER}) + $6 AS k
         FROM members m
         JOIN households h ON h.id = m.household_id AND h.validity = 'ACTIVE'
         JOIN map ON map.status = m.schooling_status
        WHERE m.active AND m.joined_on <= $3::date AND NOT (m.id = ANY($4::uuid[]))
     ), placed AS (
       SELECT st.*, COALESCE(st.grade, LEAST(st.grades, GREATEST(1, st.age - COALESCE(st."firstAge", st.age) + 1))) AS g,
              (1 + st.k % cardinality(sch.names))::int AS school_no, sch.names, sch.outside
         FROM students st JOIN sch ON sch.stage = st.stage
     ), inserted AS (
       INSERT INTO enrolments (member_id, household_id, school_year, term, stage, school, grade, boarding, outside_province, region_code, sector)
       SELECT p.id, p.household_id, $5, t.term, p.stage, p.names[p.school_no], p.g,
              p.stage::text = ANY($7::text[]) OR (p.stage = 'JUNIOR' AND p.k % 3 = 0) OR (p.stage = 'PRIMARY' AND p.k % 10 = 0),
              p.outside[p.school_no], p.region_code, $8
         FROM placed p CROSS JOIN unnest($9::school_term[]) AS t(term)
       RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [JSON.stringify(stageOfStatus()), JSON.stringify(schools), day, watched.map((w) => w.id), year, offset, BOARDING_STAGES, EDUCATION_SECTOR, TERMS],
  );
  counts.enrolments = enrolled;

  // Aid records: each due programme whose parameter gives an amount, for each term (as of the term's start).
  const due: { stage: SchoolStage; term: SchoolTerm; programme: AidProgramme; due: string | null; paid: string }[] = [];
  for (const term of TERMS) {
    const on = termStartsOn(year, term);
    for (const stage of Object.values(SchoolStage) as SchoolStage[]) {
      for (const programme of dueProgrammes(stage)) {
        const p = await parameterAt(m, PROGRAMMES[programme].key(stage), on);
        const amount = p && dueForTerm({ configured: true, type: p.type, value: p.value } as ParameterValue, term);
        const paid = term === SchoolTerm.SPRING ? `${year + 1}-04-10` : `${year}-10-15`;
        if (p?.type === ParameterType.AMOUNT && amount) due.push({ stage, term, programme, due: amount, paid });
        // Stated in words (a waiver): no amount due; the record states the school's fee waived.
        else if (p && p.type !== ParameterType.AMOUNT) due.push({ stage, term, programme, due: null, paid });
      }
    }
  }
  const gapEvery = rng.int(14, 20);
  const [aid] = await m.query(
    `WITH due AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(stage school_stage, term school_term, programme education_aid_programme, due numeric, paid date)),
     fees AS (SELECT * FROM jsonb_to_recordset($5::jsonb) AS f(school text, fee numeric)),
     students AS (
       SELECT e.id, e.member_id, e.household_id, e.term, e.stage, e.school, e.region_code,
              dense_rank() OVER (ORDER BY ${MEMBER_ORDER}) AS k
         FROM enrolments e
         JOIN members m ON m.id = e.member_id
         JOIN households h ON h.id = e.household_id AND h.validity = 'ACTIVE' AND h.status IS DISTINCT FROM 'EXITED_NO_POLICY'
        WHERE e.school_year = $2
     ), inserted AS (
       INSERT INTO education_aid_records (member_id, household_id, enrolment_id, school_year, term, programme, due_amount, amount, paid_on, region_code, sector)
       SELECT s.member_id, s.household_id, s.id, $2, s.term, d.programme, d.due, COALESCE(d.due, f.fee), d.paid + (s.k % 20)::int, s.region_code, $4
         FROM students s JOIN due d ON d.stage = s.stage AND d.term = s.term
         LEFT JOIN fees f ON f.school = s.school
        WHERE s.k % $3 <> 1 AND COALESCE(d.due, f.fee) IS NOT NULL
       RETURNING 1)
     SELECT count(*)::int AS records FROM inserted`,
    [JSON.stringify(due), year, gapEvery, EDUCATION_SECTOR, JSON.stringify(Object.values(SCHOOLS).flatMap((list) => list.filter((x) => x.termFee).map((x) => ({ school: x.name, fee: x.termFee }))))],
  );
  counts.aidRecords = aid.records;
  // The autumn term's enrolments of entitled households lacking a due programme's record (as studentsWithoutDueAid asks).
  const [{ n: gaps }] = await m.query(
    `SELECT count(*)::int AS n FROM enrolments e
       JOIN members m ON m.id = e.member_id AND m.active
       JOIN households h ON h.id = e.household_id AND h.validity = 'ACTIVE' AND h.status IS DISTINCT FROM 'EXITED_NO_POLICY'
      WHERE e.school_year = $1 AND e.term = 'AUTUMN'
        AND EXISTS (SELECT 1 FROM jsonb_array_elements_text($2::jsonb -> e.stage::text) p(programme)
                     WHERE NOT EXISTS (SELECT 1 FROM education_aid_records a WHERE a.member_id = e.member_id AND a.school_year = e.school_year
                                          AND a.programme::text = p.programme AND a.term IN ('AUTUMN', 'WHOLE_YEAR')))`,
    [year, JSON.stringify(Object.fromEntries((Object.values(SchoolStage) as SchoolStage[]).map((st) => [st, dueProgrammes(st)])))],
  );
  counts.studentsWithoutDueAid = gaps;
  return counts;
}

type HealthCounts = Pick<EducationHealthDemoCounts, 'insuranceEnrolments' | 'insuranceNotLoaded' | 'familyDoctorContracts' | 'followUps' | 'hospitalStays'>;

/**
 * Health, for the reference year:
 * - **insurance enrolments** (参保记录) of every current member in each layer of
 *   health.insurance_layers: the first (basic medical insurance) where the registry records it, the
 *   second (serious-illness insurance) where the registry records that, the others with the first;
 *   and, first of the members of households not yet out of poverty, one in about fewOut members
 *   lacking the second, so membersMissingInsurance lists a few besides those the registry gives.
 *   The premium and the subsidy are null (not stated): no parameter gives them (health.layer_params
 *   is NOT_CONFIGURED). With no layer list in force, none is written and the count says why;
 * - **family-doctor contracts** (家庭医生签约) of the priority patients (the registry's chronic or
 *   serious illness), a priority disease of health.family_doctor each, a year from a day in the
 *   first half of the year, with follow-ups done (not all that were agreed); one in about fewWithout
 *   (the first included) has none, so priorityPatientsWithoutContract lists them;
 * - **hospital stays** (住院记录) of one member in about stayEvery households on the roll (a seriously
 *   or chronically ill member first), discharged in the year: the household paid a share of the
 *   total below health.out_of_pocket_max for all but the first two, which paid above it; the layers
 *   paid the rest, shared in the list's order.
 */
async function loadHealth(m: Queryable, rng: Rng): Promise<HealthCounts> {
  const year = REFERENCE_YEAR;
  const end = yearEnd(year);
  const counts: HealthCounts = { insuranceEnrolments: 0, insuranceNotLoaded: null, familyDoctorContracts: 0, followUps: 0, hospitalStays: 0 };
  const layersValue = await parameterValue(m, INSURANCE_LAYERS_KEY, end);
  const layers = Array.isArray(layersValue) ? (layersValue as string[]) : [];

  // Insurance enrolments.
  if (!layers.length) counts.insuranceNotLoaded = `${INSURANCE_LAYERS_KEY} is not configured for ${year}`;
  else {
    const fewOut = rng.int(40, 60);
    const [{ n }] = await m.query(
      `WITH current AS (
         SELECT m.id, m.household_id, m.region_code, COALESCE(mi.basic_medical, true) AS basic, COALESCE(mi.serious_illness, true) AS serious,
                h.status IS NULL OR h.status NOT IN ('EXITED', 'EXITED_NO_POLICY') AS in_poverty,
                row_number() OVER (ORDER BY h.status IN ('EXITED', 'EXITED_NO_POLICY'), ${MEMBER_ORDER}) AS k
           FROM members m
           JOIN households h ON h.id = m.household_id AND h.validity = 'ACTIVE'
           LEFT JOIN member_insurance mi ON mi.member_id = m.id AND mi.year = $1
          WHERE m.active AND m.joined_on <= $2::date
       ), inserted AS (
         INSERT INTO insurance_enrolments (member_id, household_id, year, layer, premium, subsidy, region_code, sector)
         SELECT c.id, c.household_id, $1, l.layer, NULL, NULL, c.region_code, $5
           FROM current c CROSS JOIN unnest($3::text[]) WITH ORDINALITY AS l(layer, i)
          WHERE CASE WHEN l.i = 2 THEN c.serious AND NOT (c.in_poverty AND c.k % $4 = 1) ELSE c.basic END
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [year, end, layers, fewOut, HEALTH_SECTOR],
    );
    counts.insuranceEnrolments = n;
  }

  // Family-doctor contracts of the priority patients, with follow-ups.
  const firstStart = `${year}-01-02`;
  const diseases = priorityDiseasesOf(await parameterValue(m, FAMILY_DOCTOR_KEY, firstStart));
  if (diseases) {
    const fewWithout = rng.int(8, 12);
    const [contracts] = await m.query(
      `WITH patients AS (
         SELECT m.id, m.household_id, m.region_code, r.name AS village,
                row_number() OVER (ORDER BY ${MEMBER_ORDER}) AS k
           FROM members m
           JOIN households h ON h.id = m.household_id AND h.validity = 'ACTIVE'
           JOIN regions r ON r.code = m.region_code
          WHERE m.active AND m.joined_on <= $1::date AND m.health && $2::health_condition[]
       ), inserted AS (
         INSERT INTO family_doctor_contracts (member_id, household_id, doctor, clinic, starts_on, ends_on, priority_disease, follow_ups_due, region_code, sector)
         SELECT p.id, p.household_id,
                ($4::text[])[(1 + p.k % cardinality($4::text[]))::int] || ($5::text[])[(1 + p.k * 7 % cardinality($5::text[]))::int],
                p.village || '卫生室', s.starts_on, (s.starts_on + interval '1 year' - interval '1 day')::date,
                ($3::text[])[(1 + p.k % cardinality($3::text[]))::int], (2 + p.k % 3)::int, p.region_code, $7
           FROM patients p CROSS JOIN LATERAL (SELECT ($1::date + (p.k * 11 % 180)::int) AS starts_on) s
          WHERE p.k % $6 <> 1
         RETURNING id, starts_on, ends_on, follow_ups_due, region_code),
       followed AS (
         INSERT INTO family_doctor_follow_ups (contract_id, followed_on, note, region_code, sector)
         SELECT c.id, (c.starts_on + i * 85)::date, ($8::text[])[1 + i % cardinality($8::text[])], c.region_code, $7
           FROM inserted c CROSS JOIN generate_series(1, c.follow_ups_due) AS i
          WHERE (c.starts_on + i * 85)::date <= LEAST(c.ends_on, $9::date) AND (i + extract(doy FROM c.starts_on)::int) % 4 <> 0
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM inserted) AS contracts, (SELECT count(*)::int FROM followed) AS follow_ups`,
      [firstStart, [...PRIORITY_CONDITIONS], weighted(diseases), DOCTOR_SURNAMES, DOCTOR_GIVEN, fewWithout, HEALTH_SECTOR, FOLLOW_UP_NOTES, end],
    );
    counts.familyDoctorContracts = contracts.contracts;
    counts.followUps = contracts.follow_ups;
  }

  // Hospital stays: the household's share below the out-of-pocket target, but for the first two.
  const target = await parameterAt(m, OUT_OF_POCKET_MAX_KEY, end);
  if (layers.length && target?.type === ParameterType.RATIO) {
    const stayEvery = rng.int(12, 18);
    const [{ n }] = await m.query(
      `WITH first AS (
         SELECT DISTINCT ON (h.id) m.id, m.household_id, m.region_code, h.household_number, t.name AS town
           FROM members m
           JOIN households h ON h.id = m.household_id AND h.validity = 'ACTIVE'
           JOIN regions t ON t.code = left(m.region_code, 9) || '000'
          WHERE m.active AND m.joined_on <= make_date($1, 1, 1)
          ORDER BY h.id, 'SERIOUS_ILLNESS' = ANY(m.health) DESC, 'CHRONIC_ILLNESS' = ANY(m.health) DESC, m.birth_date, m.name, m.id
       ), ranked AS (
         SELECT f.*, row_number() OVER (ORDER BY f.household_number) AS n FROM first f
       ), chosen AS (
         -- k: the stay's rank among those chosen (the first two households, then one in stayEvery)
         SELECT r.*, row_number() OVER (ORDER BY r.n) AS k FROM ranked r WHERE r.n <= 2 OR r.n % $3 = 1
       ), stays AS (
         SELECT c.*, c.k % 4 <> 0 AS in_county,
                (make_date($1, 1, 15) + (c.k * 37 % 320)::int) AS admitted, (3 + c.k % 15)::int AS days,
                (2000 + (c.k * 7919) % 38000)::numeric(12,2) AS total,
                -- the household's share: above the target for the first two, else 30–80 % of it
                CASE WHEN c.k <= 2 THEN LEAST(0.95, $2::numeric * (1.5 + c.k)) ELSE $2::numeric * (0.3 + (c.k % 6) / 10.0) END AS share
           FROM chosen c
       ), costed AS (
         SELECT s.*, round(s.total * s.share, 2) AS paid, s.total - round(s.total * s.share, 2) AS rest FROM stays s
       ), parts AS (
         SELECT c.id AS member_id, l.layer, l.i, c.rest, floor(c.rest * l.w / $5 * 100) / 100 AS raw
           FROM costed c CROSS JOIN unnest($4::text[], $6::int[]) WITH ORDINALITY AS l(layer, w, i)
          WHERE l.layer IS NOT NULL
       ), payments AS (
         SELECT member_id, jsonb_agg(jsonb_build_object('layer', layer, 'amount', amount::text) ORDER BY i) AS paid
           FROM (SELECT p.member_id, p.layer, p.i,
                        round(CASE WHEN p.i = max(p.i) OVER (PARTITION BY p.member_id) THEN p.rest - (sum(p.raw) OVER (PARTITION BY p.member_id) - p.raw) ELSE p.raw END, 2) AS amount
                   FROM parts p) x
          GROUP BY member_id
       ), inserted AS (
         INSERT INTO hospital_stays (member_id, household_id, hospital, hospital_level, in_county, admitted_on, discharged_on, diagnosis, icd10_code, total_cost, layer_payments, household_paid, treat_first_pay_later, region_code, sector)
         SELECT c.id, c.household_id, COALESCE(hp.name, c.town || '卫生院'), hp.level::hospital_level, c.in_county, c.admitted, c.admitted + c.days,
                dx.diagnosis, dx.icd10, c.total, pay.paid, c.paid, c.in_county, c.region_code, $9
           FROM costed c
           JOIN payments pay ON pay.member_id = c.id
           CROSS JOIN LATERAL (SELECT * FROM jsonb_to_recordset(CASE WHEN c.in_county THEN $7::jsonb ELSE $8::jsonb END) AS h(name text, level text)
                                ORDER BY 1 OFFSET (c.k % 3) LIMIT 1) hp
           CROSS JOIN LATERAL (SELECT * FROM jsonb_to_recordset($10::jsonb) AS d(diagnosis text, icd10 text) OFFSET (c.k % $11) LIMIT 1) dx
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [
        year,
        target.value,
        stayEvery,
        layers,
        LAYER_SHARES.slice(0, layers.length).reduce((a, b) => a + b, 0),
        layers.map((_, i) => LAYER_SHARES[i] ?? 0),
        JSON.stringify(HOSPITALS_IN_COUNTY),
        JSON.stringify(HOSPITALS_OUT_OF_COUNTY),
        HEALTH_SECTOR,
        JSON.stringify(DIAGNOSES),
        DIAGNOSES.length,
      ],
    );
    counts.hospitalStays = n;
  }
  return counts;
}
