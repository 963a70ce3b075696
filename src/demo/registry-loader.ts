import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SECRETS, Secrets } from '../config/secrets';
import type { FieldCipher } from '../common/crypto/field-cipher';
import {
  DisabilityType,
  EducationLevel,
  Fuel,
  HealthCondition,
  HouseholdAttribute,
  IdentificationStandard,
  LabourSkill,
  PovertyCause,
  PovertyStatus,
  Relation,
  RelocationScope,
  ResettlementMode,
  RoadType,
  SchoolingStatus,
  Sex,
  WorkPlace,
} from '../households/registry-codes';
import { FIRST_HEAD_REASON } from '../households/household-event.entity';
import { APP_DECLARATIONS } from '../app.modules';
import { encryptProtected } from '../common/protection/protected-field';
import { Row, StagedWriter } from '../database/staged-writer';
import { GeneratedHousehold, generateHouseholds, GeneratorScale, REFERENCE_YEAR } from './generator';
import { Rng } from './prng';

/** Every module's protected fields (the demo writes members and helpers with them). */
const PROTECTED = APP_DECLARATIONS.protectedFields;

export interface LoadOptions {
  households: number;
  seed: string | number;
  scale?: GeneratorScale;
  /** Also create assisting units, helpers, pairings, visits and village teams. */
  assistance?: boolean;
  batchSize?: number;
  /** Skip the first N generated households (already loaded: a smaller run is a prefix of a larger one). */
  skip?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LoadCounts {
  households: number;
  members: number;
  events: number;
  helpers: number;
  pairings: number;
  visits: number;
}

interface Column {
  name: string;
  type: string;
}

const ACTOR = { actor_id: null, actor_name: '示例数据 (demo data)' };

/**
 * Loads a deterministic registry (the generator's households, members, incomes and insurance,
 * with a consistent history: the first head, registration, the exit procedure for exited
 * households, returns)
 * straight into the tables in batches, one transaction per batch. Used by the embedded demo seed
 * (about a thousand households) and by the benchmarks (hundreds of thousands). Not an import path
 * for real data: it trusts its generator and writes no audit rows.
 */
export function loadDemoRegistry(app: INestApplication, options: LoadOptions): Promise<LoadCounts> {
  return loadRegistry(app.get(DataSource), app.get<Secrets>(SECRETS as never).cipher, options);
}

export async function loadRegistry(ds: DataSource, cipher: FieldCipher, options: LoadOptions): Promise<LoadCounts> {
  const counts: LoadCounts = { households: 0, members: 0, events: 0, helpers: 0, pairings: 0, visits: 0 };
  const batchSize = options.batchSize ?? 2000;
  const rng = new Rng(`assistance/${options.seed}`);
  const units = options.assistance ? await createUnits(ds) : [];
  let batch: GeneratedHousehold[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const part = batch;
    batch = [];
    await ds.transaction(async (m) => {
      const c = await insertBatch(m, cipher, part, units, rng);
      for (const k of Object.keys(c) as (keyof LoadCounts)[]) counts[k] += c[k];
    });
    options.onProgress?.(counts.households, options.households);
  };
  let index = 0;
  for (const h of generateHouseholds({ households: options.households, seed: options.seed, scale: options.scale })) {
    if (index++ < (options.skip ?? 0)) continue;
    batch.push(h);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (options.assistance) await assignVillageTeams(ds, units, rng);
  return counts;
}

async function insertBatch(m: EntityManager, cipher: FieldCipher, batch: GeneratedHousehold[], units: string[], rng: Rng): Promise<LoadCounts> {
  const households: Row[] = [];
  const members: Row[] = [];
  const insurance: Row[] = [];
  const incomes: Row[] = [];
  const events: Row[] = [];
  const proposals: Row[] = [];
  const helpers: Row[] = [];
  const pairings: Row[] = [];
  const visits: Row[] = [];
  const helperOfTown = new Map<string, { id: string; households: number }>();

  for (const g of batch) {
    const id = randomUUID();
    let status = PovertyStatus.parse(g.status) ?? 'NOT_EXITED';
    // The demo keeps no procedure half-way: "exit in progress" households are still poor.
    if (status === 'EXIT_IN_PROGRESS') status = 'NOT_EXITED';
    const registeredOn = `${g.yearRegistered}-05-15`;
    const region = g.villageCode;
    const headId = randomUUID();
    households.push({
      id,
      household_number: g.householdNumber,
      region_code: region,
      head_member_id: headId,
      validity: 'ACTIVE',
      status,
      exit_year: status === 'NOT_EXITED' ? null : g.exitYear,
      year_registered: g.yearRegistered,
      identification_standard: IdentificationStandard.parse(g.identificationStandard),
      attribute: HouseholdAttribute.parse(g.attribute),
      primary_cause: PovertyCause.parse(g.primaryCause),
      other_causes: g.otherCauses.map((c) => PovertyCause.parse(c)),
      military_family: g.militaryMartyrFamily,
      only_child: g.onlyChildFamily,
      two_daughters: g.twoDaughterFamily,
      relocated: !!g.relocation,
      relocation_scope: g.relocation ? RelocationScope.parse(g.relocation.scope) : null,
      resettlement_mode: g.relocation ? ResettlementMode.parse(g.relocation.resettlement) : null,
      food_clothing_secure: true,
      safe_drinking_water: g.living.safeDrinkingWater,
      drinking_water_difficulty: g.living.drinkingWaterDifficulty,
      has_electricity: g.living.electricity,
      owns_housing: true,
      dilapidated_housing: g.living.dilapidatedHouse !== null,
      dilapidation_grade: g.living.dilapidatedHouse,
      housing_area: g.living.housingArea.toFixed(2),
      sanitary_toilet: g.living.sanitaryToilet,
      road_type: RoadType.parse(g.living.roadType),
      main_fuel: Fuel.parse(g.living.mainFuel),
      distance_to_road_km: g.living.distanceToMainRoadKm.toFixed(2),
      cooperative_member: g.living.cooperativeMember,
      cultivated_land_mu: g.land.cultivated.toFixed(2),
      forest_land_mu: g.land.forest.toFixed(2),
    });
    g.members.forEach((gm, i) => {
      const memberId = i === 0 ? headId : randomUUID();
      const bornAfter = gm.birthDate > registeredOn;
      const joinedOn = bornAfter ? gm.birthDate : registeredOn;
      members.push({
        id: memberId,
        household_id: id,
        region_code: region,
        active: true,
        name: gm.name,
        id_type: 'RESIDENT_ID_CARD',
        sex: Sex.parse(gm.sex),
        birth_date: gm.birthDate,
        relation: Relation.parse(gm.relation),
        ethnicity: gm.ethnicity,
        political_status: gm.politicalStatus,
        education_level: gm.education ? EducationLevel.parse(gm.education) : null,
        schooling_status: gm.schooling ? SchoolingStatus.parse(gm.schooling) : null,
        health: gm.health.map((x) => HealthCondition.parse(x)),
        disability_type: gm.disabilityType ? DisabilityType.parse(gm.disabilityType) : null,
        disability_grade: gm.disabilityGrade,
        // The declared protected values (ID number, certificate): encrypted and indexed as every writer does.
        ...encryptProtected(cipher, PROTECTED, 'Member', { idNumber: gm.idNumber, disabilityCertificate: disabilityCertificate(gm) }, { keys: 'column' }),
        labour_skill: LabourSkill.parse(gm.labourSkill),
        work_place: gm.workPlace ? WorkPlace.parse(gm.workPlace) : null,
        months_worked: gm.monthsWorked,
        low_income_support: gm.dibao,
        extreme_poverty_support: gm.tekun,
        joined_on: joinedOn,
        join_reason: bornAfter ? 'BIRTH' : 'REGISTRATION',
      });
      if (bornAfter) {
        events.push({ household_id: id, region_code: region, member_id: memberId, kind: 'MEMBER_JOINED', effective_on: joinedOn, reason: '出生 (birth)', ...ACTOR });
      }
      // Who heads it from when, as creating a household writes it: the first head from joining.
      if (memberId === headId) {
        events.push({ household_id: id, region_code: region, member_id: headId, kind: 'HEAD_CHANGED', effective_on: joinedOn, reason: FIRST_HEAD_REASON, ...ACTOR });
      }
      insurance.push({
        member_id: memberId,
        year: REFERENCE_YEAR,
        basic_medical: gm.insurance.basicMedical,
        serious_illness: gm.insurance.criticalIllness,
        pension: gm.insurance.basicPension,
        supplementary_medical: gm.insurance.supplementaryMedical,
        accident_subsidy: gm.insurance.accidentSubsidy,
      });
    });
    const inc = g.income;
    incomes.push({
      household_id: id,
      year: inc.year,
      wages: inc.wage.toFixed(2),
      production_business: inc.business.toFixed(2),
      property: inc.property.toFixed(2),
      asset_income_dividend: inc.assetDividend.toFixed(2),
      transfer_family_planning: inc.familyPlanning.toFixed(2),
      transfer_low_income: inc.dibao.toFixed(2),
      transfer_extreme_poverty: inc.tekun.toFixed(2),
      transfer_pension: inc.pension.toFixed(2),
      transfer_ecological: inc.ecological.toFixed(2),
      transfer_other: inc.otherTransfer.toFixed(2),
      production_costs: inc.businessExpense.toFixed(2),
    });

    // History: registration, then the exit procedure, then a return or the end of policies.
    const reg = randomUUID();
    proposals.push(proposal(reg, id, region, 'REGISTRATION', g.yearRegistered, registeredOn, { reason: '农户申请、村民主评议、乡镇审核、县级审批 (registration)' }));
    events.push(statusEvent(id, region, registeredOn, null, 'NOT_EXITED', 'CANDIDATE', 'ACTIVE', reg, '识别纳入 (registered)'));
    if (status !== 'NOT_EXITED' && g.exitYear) {
      const y = g.exitYear;
      const ex = randomUUID();
      proposals.push(
        proposal(ex, id, region, 'EXIT', y, `${y}-11-10`, {
          appraisal_on: `${y}-10-10`,
          household_agreed_on: `${y}-10-12`,
          notice_days: 7,
          notice_starts_on: `${y}-11-01`,
          notice_ends_on: `${y}-11-08`,
          reason: '人均纯收入稳定超过当年扶贫标准，两不愁三保障 (exit standard met)',
        }),
      );
      for (const [step, on] of [['PROPOSED', `${y}-10-10`], ['HOUSEHOLD_AGREED', `${y}-10-12`], ['TOWN_REVIEWED', `${y}-10-20`], ['IN_NOTICE', `${y}-11-01`], ['COMPLETED', `${y}-11-10`]] as const) {
        events.push({ household_id: id, region_code: region, kind: 'PROCEDURE_STEP', effective_on: on, step, proposal_id: ex, ...ACTOR });
      }
      events.push(statusEvent(id, region, `${y}-10-10`, 'NOT_EXITED', 'EXIT_IN_PROGRESS', null, null, ex, '预脱贫 (exit in progress)'));
      events.push({ ...statusEvent(id, region, `${y}-11-10`, 'EXIT_IN_PROGRESS', 'EXITED', null, null, ex, '脱贫公告 (exit announced)'), exit_year: y });
      if (status === 'RETURNED') {
        const rt = randomUUID();
        proposals.push(proposal(rt, id, region, 'RETURN_TO_POVERTY', y + 1, `${y + 1}-04-20`, { reason: '因病返贫 (returned after illness)' }));
        events.push(statusEvent(id, region, `${y + 1}-04-20`, 'EXITED', 'RETURNED', null, null, rt, '返贫 (returned to poverty)'));
      }
      if (status === 'EXITED_NO_POLICY') {
        events.push(statusEvent(id, region, `${Math.min(y + 2, REFERENCE_YEAR)}-12-31`, 'EXITED', 'EXITED_NO_POLICY', null, null, null, '稳定脱贫，不再享受政策'));
      }
    }

    // Assistance: a helper of one of the units for every household but a few (kept unpaired
    // so "households without a helper" has something to show), visits during the reference year.
    if (units.length && rng.float() > 0.03) {
      // A helper looks after up to five households of one town.
      const town = region.slice(0, 9) + '000';
      let current = helperOfTown.get(town);
      if (!current || current.households >= 5) {
        const phone = `13${String(rng.int(100000000, 999999999))}`;
        current = { id: randomUUID(), households: 0 };
        helperOfTown.set(town, current);
        helpers.push({
          id: current.id,
          name: `${HELPER_SURNAMES[rng.int(0, HELPER_SURNAMES.length - 1)]}${HELPER_GIVEN[rng.int(0, HELPER_GIVEN.length - 1)]}`,
          unit_id: units[rng.int(0, units.length - 1)],
          region_code: town,
          position: '帮扶责任人',
          ...encryptProtected(cipher, PROTECTED, 'Helper', { phone }, { keys: 'column' }),
        });
      }
      current.households += 1;
      const helperId = current.id;
      pairings.push({ helper_id: helperId, household_id: id, region_code: region, start_on: registeredOn });
      const n = rng.int(2, 6);
      for (let v = 0; v < n; v++) {
        const month = String(1 + Math.floor((v * 12) / n)).padStart(2, '0');
        const delivered = ['TECHNOLOGY', 'INFORMATION', 'SERVICES', 'POLICY', 'GOODS', 'FUNDS'].filter(() => rng.float() < 0.35);
        visits.push({
          helper_id: helperId,
          household_id: id,
          region_code: region,
          visited_on: `${REFERENCE_YEAR}-${month}-${String(rng.int(1, 28)).padStart(2, '0')}`,
          delivered: delivered.length ? delivered : ['INFORMATION'],
          notes: '入户走访，宣讲政策，了解生产生活情况',
        });
      }
    }
  }

  await insert(m, 'households', households, HOUSEHOLD_COLUMNS);
  await insert(m, 'members', members, MEMBER_COLUMNS);
  await insert(m, 'member_insurance', insurance, INSURANCE_COLUMNS);
  await insert(m, 'household_incomes', incomes, INCOME_COLUMNS);
  await insert(m, 'household_proposals', proposals, PROPOSAL_COLUMNS);
  await insert(m, 'household_events', events, EVENT_COLUMNS);
  await insert(m, 'helpers', helpers, HELPER_COLUMNS);
  await insert(m, 'pairings', pairings, PAIRING_COLUMNS);
  await insert(m, 'visits', visits, VISIT_COLUMNS);
  return {
    households: households.length,
    members: members.length,
    events: events.length,
    helpers: helpers.length,
    pairings: pairings.length,
    visits: visits.length,
  };
}

function proposal(id: string, householdId: string, region: string, kind: string, year: number, completedOn: string, extra: Row): Row {
  return {
    id,
    household_id: householdId,
    region_code: region,
    kind,
    stage: 'COMPLETED',
    year,
    completed_on: completedOn,
    proposed_by: '00000000-0000-0000-0000-000000000000',
    objections: 0,
    ...extra,
  };
}

function statusEvent(
  householdId: string,
  region: string,
  on: string,
  from: string | null,
  to: string,
  fromValidity: string | null,
  toValidity: string | null,
  proposalId: string | null,
  reason: string,
): Row {
  return {
    household_id: householdId,
    region_code: region,
    kind: 'STATUS_CHANGED',
    effective_on: on,
    from_status: from,
    to_status: to,
    from_validity: fromValidity,
    to_validity: toValidity,
    proposal_id: proposalId,
    reason,
    ...ACTOR,
  };
}

const cols = (spec: string): Column[] =>
  spec
    .trim()
    .split(/\s*,\s*/)
    .map((c) => {
      const [name, type] = c.split(':');
      return { name, type };
    });

const HOUSEHOLD_COLUMNS = cols(`id:uuid, household_number:varchar, region_code:varchar, head_member_id:uuid, validity:household_validity,
  status:poverty_status, exit_year:smallint, year_registered:smallint, identification_standard:identification_standard,
  attribute:household_attribute, primary_cause:poverty_cause, other_causes:poverty_cause[], military_family:boolean,
  only_child:boolean, two_daughters:boolean, relocated:boolean, relocation_scope:relocation_scope,
  resettlement_mode:resettlement_mode, food_clothing_secure:boolean, safe_drinking_water:boolean,
  drinking_water_difficulty:boolean, has_electricity:boolean, owns_housing:boolean, dilapidated_housing:boolean,
  dilapidation_grade:dilapidation_grade, housing_area:numeric, sanitary_toilet:boolean, road_type:road_type,
  main_fuel:fuel, distance_to_road_km:numeric, cooperative_member:boolean, cultivated_land_mu:numeric, forest_land_mu:numeric`);
const MEMBER_COLUMNS = cols(`id:uuid, household_id:uuid, region_code:varchar, active:boolean, name:varchar, id_type:id_type,
  id_number_enc:text, id_number_hash:varchar, sex:sex, birth_date:date, relation:relation, ethnicity:varchar,
  political_status:varchar, education_level:education_level, schooling_status:schooling_status,
  health:health_condition[], disability_type:disability_type, disability_grade:smallint, disability_certificate_enc:text,
  labour_skill:labour_skill,
  work_place:work_place, months_worked:smallint, low_income_support:boolean, extreme_poverty_support:boolean,
  joined_on:date, join_reason:member_join_reason`);
const INSURANCE_COLUMNS = cols(`member_id:uuid, year:smallint, basic_medical:boolean, serious_illness:boolean, pension:boolean,
  supplementary_medical:boolean, accident_subsidy:boolean`);
const INCOME_COLUMNS = cols(`household_id:uuid, year:smallint, wages:numeric, production_business:numeric, property:numeric,
  asset_income_dividend:numeric, transfer_family_planning:numeric, transfer_low_income:numeric,
  transfer_extreme_poverty:numeric, transfer_pension:numeric, transfer_ecological:numeric, transfer_other:numeric,
  production_costs:numeric`);
const PROPOSAL_COLUMNS = cols(`id:uuid, household_id:uuid, region_code:varchar, kind:proposal_kind, stage:proposal_stage,
  year:smallint, reason:text, appraisal_on:date, household_agreed_on:date, notice_days:smallint,
  notice_starts_on:date, notice_ends_on:date, objections:smallint, proposed_by:uuid, completed_on:date`);
const EVENT_COLUMNS = cols(`household_id:uuid, region_code:varchar, member_id:uuid, kind:household_event_kind, effective_on:date,
  from_status:poverty_status, to_status:poverty_status, from_validity:household_validity, to_validity:household_validity,
  exit_year:smallint, step:varchar, reason:text, proposal_id:uuid, actor_id:varchar, actor_name:varchar`);
const HELPER_COLUMNS = cols(`id:uuid, name:varchar, unit_id:uuid, region_code:varchar, position:varchar, phone_enc:text, phone_hash:varchar`);
const PAIRING_COLUMNS = cols(`helper_id:uuid, household_id:uuid, region_code:varchar, start_on:date`);
const VISIT_COLUMNS = cols(`helper_id:uuid, household_id:uuid, region_code:varchar, visited_on:date, delivered:visit_delivery[], notes:text`);

/** One jsonb parameter per chunk (the embedded database does not speak COPY FROM STDIN): see StagedWriter. */
const WRITER = new StagedWriter(false);

/** The rows into the table with the shared staged writer: every row writes `columns` (a missing value is NULL). */
async function insert(m: EntityManager, table: string, rows: Row[], columns: Column[]): Promise<void> {
  await WRITER.write(m, { table, mode: 'INSERT', rows, columns: columns.map((c) => c.name) });
}

const HELPER_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const HELPER_GIVEN = ['建军', '秀英', '志强', '丽娟', '国华', '海燕', '伟', '静', '磊', '敏', '军', '洋', '勇', '艳', '杰', '娜'];

const UNITS = [
  ['中共上街区委办公室', 'PARTY_GOVERNMENT'],
  ['上街区人民政府办公室', 'PARTY_GOVERNMENT'],
  ['上街区财政局', 'PARTY_GOVERNMENT'],
  ['上街区教育局', 'PARTY_GOVERNMENT'],
  ['上街区卫生健康委员会', 'PARTY_GOVERNMENT'],
  ['上街区人力资源和社会保障局', 'PARTY_GOVERNMENT'],
  ['上街区民政局', 'PARTY_GOVERNMENT'],
  ['上街区残疾人联合会', 'SOCIAL_ORGANISATION'],
  ['上街区农业农村工作委员会', 'PARTY_GOVERNMENT'],
  ['上街区人民医院', 'PUBLIC_INSTITUTION'],
] as const;

async function createUnits(ds: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO assisting_units (name, kind, region_code)
     SELECT x.name, x.kind::assisting_unit_kind, '410106000000' FROM jsonb_to_recordset($1::jsonb) AS x(name text, kind text)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [JSON.stringify(UNITS.map(([name, kind]) => ({ name, kind })))],
  );
  return rows.map((r) => r.id);
}

/** A first secretary and a work-team leader for each village that has registered households. */
async function assignVillageTeams(ds: DataSource, units: string[], rng: Rng): Promise<void> {
  const villages: { region_code: string }[] = await ds.query(`SELECT DISTINCT region_code FROM households ORDER BY region_code`);
  const rows = villages.flatMap((v, i) => [
    { region_code: v.region_code, person_name: `第一书记${i + 1}号`, unit_id: units[i % units.length], role: 'FIRST_SECRETARY', start_on: '2017-03-01' },
    { region_code: v.region_code, person_name: `工作队长${i + 1}号`, unit_id: units[(i + rng.int(1, 5)) % units.length], role: 'WORK_TEAM_LEADER', start_on: '2017-03-01' },
  ]);
  if (!rows.length) return;
  await ds.query(
    `INSERT INTO village_assignments (region_code, person_name, unit_id, role, start_on)
     SELECT x.region_code, x.person_name, x.unit_id, x.role::village_role, x.start_on
     FROM jsonb_to_recordset($1::jsonb) AS x(region_code varchar, person_name varchar, unit_id uuid, role text, start_on date)`,
    [JSON.stringify(rows)],
  );
}

/**
 * A disabled member's certificate number (残疾证号) in the national form: the ID number, then the
 * category (GB/T 26341 code) and grade digits. Null for a member without a disability.
 */
function disabilityCertificate(gm: GeneratedHousehold['members'][number]): string | null {
  return gm.disabilityType && gm.disabilityGrade ? `${gm.idNumber}${gm.disabilityType}${gm.disabilityGrade}` : null;
}
