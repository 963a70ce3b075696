import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../common/access/permissions';
import { ageOn } from '../common/dates/local-date';
import { formatCell } from '../common/imports/columns';
import { ImportPorts } from '../common/imports/import-ports';
import { AssembledUnit, ImportMode } from '../common/imports/import-port';
import { ImportStrategy, ProblemSeverity, RawRow } from '../common/imports/import-types';
import type { UnitRows } from '../common/imports/unit-rows';
import { fromCents, toCents } from '../common/money/money';
import { CertificatesService } from '../disability/certificates.service';
import { DemandMatchingService } from '../disability/demand-matching.service';
import { DemandMatchAction } from '../disability/demand-matching-procedure';
import { AssistanceNeedKind, AssistanceProviderKind } from '../disability/demand-matching.entities';
import { DISABILITY_SECTOR } from '../disability/disability.declaration';
import { DisabilityPaymentChannel, DisabilitySubsidyKind } from '../disability/disability.entities';
import { amountKeyOf } from '../disability/disability-rules';
import { SOCIAL_ASSISTANCE_COLUMNS } from '../disability/import/social-assistance-columns';
import { DIBAO_RURAL_LOCAL_KEY, DIBAO_RURAL_MIN_KEY, DIBAO_SUBSIDY_MIN_KEY } from '../disability/social-assistance-rules';
import { ReconciliationService } from '../disability/reconciliation.service';
import { ReconciliationKind, ReconciliationResolution, SocialAssistanceCategory } from '../disability/social-assistance.entities';
import { SubsidiesService } from '../disability/subsidies.service';
import { ServicesService } from '../disability/services.service';
import { ChildRehabAidStatus, DisabilityCareMode, DisabilityServiceKind } from '../disability/services.entities';
import type { ServiceDetailInput } from '../disability/services-rules';
import { ProtectedFieldsService } from '../households/protected-fields.service';
import { DisabilityType } from '../households/registry-codes';
import { makeCitizenId } from '../common/identity-number/citizen-id';
import { parameterValue } from './demo-parameters';
import { asDemo, DEMO_ACTOR_NAME, DEMO_DISTRICT, demoPrincipal } from './demo-principal';
import { REFERENCE_YEAR } from './generator';
import { Rng } from './prng';
import { DemoRefused, type AppServices } from './registry-loader';

/** What the disability and social-assistance demo wrote. */
export interface DisabilityDemoCounts {
  certificates: number;
  /** Disabled members left without a certificate (it is voluntary: the module lists them). */
  uncertified: number;
  subsidyPayments: number;
  /** Eligible member-months left unpaid because the amount parameter of the month is not configured. */
  subsidiesNotConfigured: number;
  dibaoEntries: number;
  tekunEntries: number;
  /** The reconciliation's run as of the end of the reference year. */
  reconciliation: { both: number; found: Record<ReconciliationKind, number>; resolved: number };
  needs: number;
  providers: number;
  matches: number;
  /** Disability services (残疾人服务): needs by kind, services delivered against them, needs left unmet. */
  services: { needs: Record<DisabilityServiceKind, number>; delivered: number; unmet: number; childRehabAid: ChildRehabAidStatus | null; childAge: number | null };
}

const P = demoPrincipal(['disability.read', 'disability.write', 'disability.assistance']);
/** The disabled persons' federation (残联), who records service needs and services (the module's sector write scope). */
const FEDERATION = demoPrincipal(['disability.read', 'disability.write'], { roles: [Role.SECTOR_OFFICER], sector: DISABILITY_SECTOR });
const AS_OF = `${REFERENCE_YEAR}-12-31`;
/** Every CERTIFICATE_GAP-th disabled member holds no certificate (voluntary, RULES.md §6): the list of the uncertified has rows. */
const CERTIFICATE_GAP = 5;
/** Every ROSTER_GAP-th member on 低保 in the registry is missing from civil affairs' roster: REGISTRY_ONLY cases. */
const ROSTER_GAP = 7;
/** People on the 低保 roster who are not in the registry (DIBAO_ONLY cases). */
const OUTSIDERS = [
  { name: '周玉兰', birth: '1951-03-18', sex: 'FEMALE' as const },
  { name: '孙保国', birth: '1963-11-02', sex: 'MALE' as const },
];

/**
 * The disability and social-assistance demo (issue #18) for Shangjie, on top of the demo registry,
 * everything through the module's own writers (its services, and civil affairs' roster import
 * port in-process), so each record is checked and audited as an officer's would be:
 * - **certificates** (第二代残疾人证) for the registry's disabled members: the number is the one the
 *   registry holds (ID number + category + grade, GB/T 26341), issued between 2012 and 2017 and
 *   valid ten years; the severely disabled with a long-term care need as drawn; every fifth
 *   disabled member holds none (the certificate is voluntary);
 * - **subsidy payments** (两项补贴) of December for the members eligible then, only where the
 *   month's amount parameter is configured: none of 2018 is (RULES.md §6), so none is recorded and
 *   the eligible member-months are counted instead;
 * - civil affairs' **低保 and 特困 rosters**: a row a member the registry marks 享受低保/特困 (the
 *   monthly amount the household's recorded 2018 transfer divided by twelve and by its members on
 *   it, for 低保 at least the monthly floor disability.dibao_subsidy_min_rural; the 低保 standard stated the district's when configured, else the provincial floor
 *   assistance.dibao_rural_min), less every seventh 低保 member, plus
 *   two people the registry does not know; imported as civil affairs' SYNC file would be;
 * - the **reconciliation** as of 31 December (cases of every kind the data gives), one case resolved;
 * - **demand matching**: needs of households with disabled members, three providers, and a match
 *   at each stage (delivered, accepted, proposed, declined);
 * - **services** (残疾人服务) of certified members recorded by the federation: needs of every kind
 *   (care in both modes) assessed in 2018, services delivered against most of them in 2018 with
 *   their costs and subsidies (record data of the demo, exact decimals), the rest left unmet; the
 *   youngest certified member's rehabilitation after 2018-10-01, which the children's aid answers
 *   NOT_CONFIGURED (disability.child_rehab_aid_max_age is not configured).
 * Deterministic (the seeded Rng and the registry's order). Nothing when certificates exist already.
 */
export async function loadDemoDisability(app: AppServices): Promise<DisabilityDemoCounts> {
  const ds = app.get(DataSource);
  const counts: DisabilityDemoCounts = {
    certificates: 0,
    uncertified: 0,
    subsidyPayments: 0,
    subsidiesNotConfigured: 0,
    dibaoEntries: 0,
    tekunEntries: 0,
    reconciliation: { both: 0, found: { DIBAO_ONLY: 0, REGISTRY_ONLY: 0, EXITED_ON_DIBAO: 0, ATTR_MISMATCH: 0 }, resolved: 0 },
    needs: 0,
    providers: 0,
    matches: 0,
    services: { needs: { REHABILITATION: 0, ASSISTIVE_DEVICE: 0, HOME_ADAPTATION: 0, CARE: 0 }, delivered: 0, unmet: 0, childRehabAid: null, childAge: null },
  };
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM disability_certificates`);
  if (n > 0) return counts;
  const rng = new Rng('shangjie-2018-disability');
  const fields = app.get(ProtectedFieldsService);
  return asDemo(P, async () => {
    await certificates(app, ds, fields, rng, counts);
    await subsidies(app, ds, counts);
    await rosters(app, ds, fields, counts);
    const run = await app.get(ReconciliationService).run(P, { regionCode: DEMO_DISTRICT, asOf: AS_OF });
    counts.reconciliation = { both: run.both, found: run.found, resolved: 0 };
    const [justified] = await ds.query(`SELECT id, version FROM social_assistance_cases WHERE kind = 'REGISTRY_ONLY' ORDER BY region_code, subject_key LIMIT 1`);
    if (justified) {
      await app.get(ReconciliationService).resolve(P, {
        id: justified.id,
        version: justified.version,
        resolution: ReconciliationResolution.JUSTIFIED,
        reason: '该成员年内已申请低保，民政审批中，名册尚未更新',
        resolvedOn: `${REFERENCE_YEAR + 1}-01-15`,
      });
      counts.reconciliation.resolved = 1;
    }
    await demandMatching(app, ds, rng, counts);
    await asDemo(FEDERATION, () => services(app, ds, counts));
    return counts;
  });
}

async function certificates(app: AppServices, ds: DataSource, fields: ProtectedFieldsService, rng: Rng, counts: DisabilityDemoCounts): Promise<void> {
  const disabled: { id: string; type: DisabilityType; grade: number; enc: string; birth: string }[] = await ds.query(
    `SELECT m.id, m.disability_type::text AS type, m.disability_grade AS grade, m.disability_certificate_enc AS enc, m.birth_date::text AS birth
       FROM members m JOIN households h ON h.id = m.household_id
      WHERE m.active AND h.validity = 'ACTIVE' AND m.disability_type IS NOT NULL AND m.disability_grade IS NOT NULL AND m.disability_certificate_enc IS NOT NULL
      ORDER BY h.household_number, m.birth_date, m.id`,
  );
  const service = app.get(CertificatesService);
  for (const [k, d] of disabled.entries()) {
    if (k % CERTIFICATE_GAP === CERTIFICATE_GAP - 1) {
      counts.uncertified += 1;
      continue;
    }
    const drawn = `${rng.int(2012, REFERENCE_YEAR - 1)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    // Not before the holder was born (a child born since is certified from birth; 29 February moves to 1 March, so ten years on is a date).
    const issued = drawn >= d.birth ? drawn : d.birth.endsWith('-02-29') ? `${d.birth.slice(0, 4)}-03-01` : d.birth;
    await service.create(P, {
      memberId: d.id,
      category: d.type,
      grade: d.grade,
      certificateNumber: fields.disabilityCertificateOf({ disabilityCertificateEnc: d.enc })!,
      issuedOn: issued,
      validUntil: `${Number(issued.slice(0, 4)) + 10}${issued.slice(4)}`,
      needsLongTermCare: d.grade <= 2 && rng.chance(0.7),
    });
    counts.certificates += 1;
  }
}

/** December's payments for the eligible, where the month's amount is configured; else counted as not configured. */
async function subsidies(app: AppServices, ds: DataSource, counts: DisabilityDemoCounts): Promise<void> {
  const service = app.get(SubsidiesService);
  const month = `${REFERENCE_YEAR}-12`;
  for (const kind of [DisabilitySubsidyKind.LIVING, DisabilitySubsidyKind.NURSING]) {
    const page = await service.eligibleWithoutSubsidy(P, { kind, month, regionCode: DEMO_DISTRICT }, { first: 500 }, false);
    for (const { node } of page.edges) {
      const grade = Math.min(...node.certificates.map((c) => c.grade));
      if ((await parameterValue(ds, amountKeyOf(kind, grade), `${month}-01`)) === null) {
        counts.subsidiesNotConfigured += 1;
        continue;
      }
      await service.create(P, { memberId: node.member.id, kind, month, paidOn: `${month}-20`, channel: DisabilityPaymentChannel.ONE_CARD });
      counts.subsidyPayments += 1;
    }
  }
}

/** Civil affairs' 低保 and 特困 rosters through the roster import port (SYNC, as the file would be). */
async function rosters(app: AppServices, ds: DataSource, fields: ProtectedFieldsService, counts: DisabilityDemoCounts): Promise<void> {
  const people: { category: SocialAssistanceCategory; household_number: string; region_code: string; name: string; enc: string; total: string | null; sharing: number; k: number }[] = await ds.query(
    `WITH covered AS (
       SELECT c.category, h.household_number, m.region_code, m.name, m.id_number_enc AS enc, m.birth_date, m.id,
              CASE c.category WHEN 'DIBAO' THEN i.transfer_low_income ELSE i.transfer_extreme_poverty END::text AS total,
              count(*) OVER (PARTITION BY h.id, c.category)::int AS sharing
         FROM members m JOIN households h ON h.id = m.household_id
         CROSS JOIN LATERAL (VALUES ('DIBAO', m.low_income_support), ('TEKUN', m.extreme_poverty_support)) AS c(category, on_it)
         LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year = $1
        WHERE m.active AND h.validity = 'ACTIVE' AND c.on_it
     )
     SELECT category, household_number, region_code, name, enc, total, sharing,
            row_number() OVER (PARTITION BY category ORDER BY household_number, birth_date, id)::int AS k
       FROM covered ORDER BY category, household_number, birth_date, id`,
    [REFERENCE_YEAR],
  );
  // The 低保 standard a row states: the district's (assistance.dibao_rural_local) when configured, else the provincial floor
  // (assistance.dibao_rural_min), the least any district applies; neither configured: no 低保 rows.
  const standard = (await parameterValue(ds, DIBAO_RURAL_LOCAL_KEY, AS_OF)) ?? (await parameterValue(ds, DIBAO_RURAL_MIN_KEY, AS_OF));
  // No 低保 row pays below the monthly floor (disability.dibao_subsidy_min_rural, when configured): civil affairs pays at least it.
  const floor = await parameterValue(ds, DIBAO_SUBSIDY_MIN_KEY, AS_OF);
  const rows: Record<string, string>[] = [];
  for (const p of people) {
    if (p.category === SocialAssistanceCategory.DIBAO && (p.k % ROSTER_GAP === 0 || standard === null)) continue;
    // The household's recorded transfer of the year shared by its members on it, a month's part (whole cents, rounded down).
    const share = p.total === null ? 0n : toCents(p.total) / 12n / BigInt(p.sharing);
    if (share <= 0n) continue;
    const monthly = p.category === SocialAssistanceCategory.DIBAO && floor !== null && share < toCents(String(floor)) ? toCents(String(floor)) : share;
    rows.push(row(p.category, p.household_number, p.region_code, p.name, fields.idNumberOf({ idNumberEnc: p.enc }), fromCents(monthly), p.category === SocialAssistanceCategory.DIBAO ? String(standard) : ''));
  }
  const [village] = await ds.query(`SELECT code FROM regions WHERE level = 'village' AND code LIKE '410106%' ORDER BY code LIMIT 1`);
  const dibao = rows.find((r) => r.category === formatCell(SOCIAL_ASSISTANCE_COLUMNS.byKey.get('category')!, SocialAssistanceCategory.DIBAO));
  if (village && dibao) {
    for (const [i, o] of OUTSIDERS.entries()) {
      rows.push(row(SocialAssistanceCategory.DIBAO, `MZ${village.code.slice(6)}9${String(i + 1).padStart(3, '0')}`, village.code, o.name, makeCitizenId('410106', o.birth, 500 + i * 7, o.sex), dibao.monthlyAmount, dibao.dibaoStandard));
    }
  }
  if (!rows.length) return;
  const levels = new Map<string, string>(
    (await ds.query(`SELECT code, level::text AS level FROM regions WHERE code LIKE '410106%'`)).map((r: { code: string; level: string }) => [r.code, r.level]),
  );
  const port = app.get(ImportPorts).get('social-assistance');
  const session = port.open({
    jobId: 'demo-social-assistance',
    columns: SOCIAL_ASSISTANCE_COLUMNS.columns,
    splitKeys: new Set(),
    maxRows: 1,
    scopePrefix: P.scopePrefix,
    scope: P,
    regionLevels: levels,
    strategy: ImportStrategy.CREATE_AND_UPDATE,
    mode: ImportMode.SYNC,
    listChanges: false,
    actor: { userId: P.id, name: DEMO_ACTOR_NAME, proposerId: null },
    effectiveOn: AS_OF,
  });
  const units: UnitRows<AssembledUnit>[] = rows.map((values, i) => {
    const raw: RawRow = { rowNumber: i + 2, values: new Map(Object.entries(values).filter(([, v]) => v !== '')), problems: [] };
    return { key: values.householdNumber, rows: [raw], firstRow: i, size: 1, digest: null };
  });
  const result = await ds.transaction((m: EntityManager) => session.write(m, units, { dryRun: false }));
  const refused = result.problems.filter((p) => p.severity === ProblemSeverity.ERROR);
  if (refused.length) throw new DemoRefused(refused);
  const [written] = await ds.query(
    `SELECT count(*) FILTER (WHERE category = 'DIBAO')::int AS dibao, count(*) FILTER (WHERE category = 'TEKUN')::int AS tekun FROM social_assistance_roster_entries`,
  );
  counts.dibaoEntries = written.dibao;
  counts.tekunEntries = written.tekun;
}

/** A roster row as civil affairs' file gives it (cells as the export writes them). */
function row(category: SocialAssistanceCategory, householdNumber: string, regionCode: string, personName: string, idNumber: string, monthlyAmount: string, dibaoStandard: string): Record<string, string> {
  const cell = (key: string, value: string) => formatCell(SOCIAL_ASSISTANCE_COLUMNS.byKey.get(key)!, value);
  return {
    category: cell('category', category),
    householdNumber: `MZ${householdNumber}`.slice(0, 32),
    regionCode,
    personName,
    idNumber,
    monthlyAmount,
    dibaoStandard,
    startsOn: `${REFERENCE_YEAR}-01-01`,
  };
}

const NEEDS: readonly { kind: AssistanceNeedKind; description: string; action: DemandMatchAction[]; outcome?: string }[] = [
  { kind: AssistanceNeedKind.CARE, description: '重度残疾，家中无人照料，需日间照料服务', action: ['ACCEPT', 'DELIVER'], outcome: '已纳入日间照料中心，每周五天' },
  { kind: AssistanceNeedKind.EMPLOYMENT, description: '肢体残疾，有劳动能力，希望就近从事手工活', action: ['ACCEPT'] },
  { kind: AssistanceNeedKind.MEDICAL, description: '需要康复训练和辅助器具适配', action: [] },
  { kind: AssistanceNeedKind.EDUCATION, description: '残疾儿童需送教上门或特殊教育学位', action: ['DECLINE'], outcome: '家长希望就读普通学校，转教育部门随班就读' },
];
const PROVIDERS: readonly { name: string; kind: AssistanceProviderKind; offers: AssistanceNeedKind[]; offering: string }[] = [
  { name: '上街区残疾人托养服务中心', kind: AssistanceProviderKind.SOCIAL_ORGANISATION, offers: [AssistanceNeedKind.CARE, AssistanceNeedKind.MEDICAL], offering: '日间照料、康复训练、辅具适配' },
  { name: '上街区爱心手工编织厂', kind: AssistanceProviderKind.ENTERPRISE, offers: [AssistanceNeedKind.EMPLOYMENT], offering: '居家手工编织，计件工资' },
  { name: '上街区特殊教育学校', kind: AssistanceProviderKind.UNIT, offers: [AssistanceNeedKind.EDUCATION], offering: '特殊教育学位、送教上门' },
];

/** Needs of households with disabled members, the district's providers and a match at each stage. */
async function demandMatching(app: AppServices, ds: DataSource, rng: Rng, counts: DisabilityDemoCounts): Promise<void> {
  const service = app.get(DemandMatchingService);
  const members: { id: string; household_id: string }[] = await ds.query(
    `SELECT m.id, m.household_id FROM members m JOIN households h ON h.id = m.household_id
      WHERE m.active AND h.validity = 'ACTIVE' AND m.disability_type IS NOT NULL ORDER BY h.household_number, m.birth_date, m.id LIMIT $1`,
    [NEEDS.length],
  );
  if (!members.length) return;
  const providers: Awaited<ReturnType<DemandMatchingService['createProvider']>>[] = [];
  for (const p of PROVIDERS) {
    providers.push(await service.createProvider(P, { ...p, regionCode: DEMO_DISTRICT }));
    counts.providers += 1;
  }
  for (const [i, member] of members.entries()) {
    const need = NEEDS[i]!;
    const recorded = `${REFERENCE_YEAR}-0${3 + i}-${String(rng.int(2, 20)).padStart(2, '0')}`;
    const created = await service.createNeed(P, { householdId: member.household_id, memberId: member.id, kind: need.kind, description: need.description, recordedOn: recorded });
    counts.needs += 1;
    const provider = providers.find((p) => p.offers.includes(need.kind))!;
    let match = await service.createMatch(P, { needId: created.id, providerId: provider.id, proposedOn: `${REFERENCE_YEAR}-0${4 + i}-10` });
    counts.matches += 1;
    for (const [k, action] of need.action.entries()) {
      ({ match } = await service.advanceMatch(P, { id: match.id, version: match.version, action, on: `${REFERENCE_YEAR}-0${5 + i}-${String(10 + k * 10)}`, outcome: action === 'ACCEPT' ? null : need.outcome }));
    }
  }
}

/** A service need of the demo and, unless left unmet, the service delivered against it. */
interface ServiceSpec {
  kind: DisabilityServiceKind;
  careMode?: DisabilityCareMode;
  assessedOn: string;
  description: string;
  delivered?: { on: string; provider: string; cost: string; subsidy: string } & ServiceDetailInput;
}

const Y = REFERENCE_YEAR;
/** The services' demo: costs and subsidies are the records' own figures (no parameter gives a service's price or subsidy). */
const SERVICE_SPECS: readonly ServiceSpec[] = [
  { kind: DisabilityServiceKind.REHABILITATION, assessedOn: `${Y}-03-12`, description: '脑卒中后遗症，需肢体功能康复训练', delivered: { on: `${Y}-04-20`, provider: '上街区残疾人康复中心', cost: '2400.00', subsidy: '2400.00', rehabilitation: { programme: '肢体功能康复训练', sessions: 24 } } },
  { kind: DisabilityServiceKind.REHABILITATION, assessedOn: `${Y}-11-05`, description: '需定期精神康复服务' },
  { kind: DisabilityServiceKind.ASSISTIVE_DEVICE, assessedOn: `${Y}-02-26`, description: '下肢残疾，行动不便，需适配轮椅', delivered: { on: `${Y}-03-30`, provider: '上街区辅助器具服务中心', cost: '1280.00', subsidy: '1280.00', device: { deviceType: '轮椅', quantity: 1 } } },
  { kind: DisabilityServiceKind.ASSISTIVE_DEVICE, assessedOn: `${Y}-05-08`, description: '听力残疾，需验配助听器', delivered: { on: `${Y}-06-15`, provider: '上街区辅助器具服务中心', cost: '3650.00', subsidy: '3000.00', device: { deviceType: '助听器', quantity: 2 } } },
  { kind: DisabilityServiceKind.ASSISTIVE_DEVICE, assessedOn: `${Y}-12-03`, description: '视力残疾，需盲杖和助视器' },
  { kind: DisabilityServiceKind.HOME_ADAPTATION, assessedOn: `${Y}-04-16`, description: '卫生间无扶手、门前有台阶，需无障碍改造', delivered: { on: `${Y}-08-28`, provider: '上街区残疾人联合会', cost: '4860.50', subsidy: '4000.00', adaptation: { items: '卫生间安装扶手，门前台阶改坡道', completedOn: `${Y}-08-20`, acceptedOn: `${Y}-08-28` } } },
  { kind: DisabilityServiceKind.HOME_ADAPTATION, assessedOn: `${Y}-07-09`, description: '厨房灶台过高，需降低改造', delivered: { on: `${Y}-11-30`, provider: '上街区残疾人联合会', cost: '2150.00', subsidy: '2000.00', adaptation: { items: '灶台降低，加装防滑地面', completedOn: `${Y}-11-30` } } },
  { kind: DisabilityServiceKind.HOME_ADAPTATION, assessedOn: `${Y}-10-22`, description: '需安装卫生间扶手' },
  { kind: DisabilityServiceKind.CARE, careMode: DisabilityCareMode.CENTRALISED, assessedOn: `${Y}-02-06`, description: '一级重度残疾，家中无人照料，需集中托养', delivered: { on: `${Y}-03-01`, provider: '上街区残疾人托养服务中心', cost: '9600.00', subsidy: '7200.00', care: { mode: DisabilityCareMode.CENTRALISED, institution: '上街区残疾人托养服务中心', periodStart: `${Y}-03-01`, periodEnd: `${Y}-12-31` } } },
  { kind: DisabilityServiceKind.CARE, careMode: DisabilityCareMode.HOME, assessedOn: `${Y}-05-21`, description: '重度残疾，需居家照料服务', delivered: { on: `${Y}-06-01`, provider: '上街区助残服务社', cost: '3000.00', subsidy: '3000.00', care: { mode: DisabilityCareMode.HOME, institution: '上街区助残服务社', periodStart: `${Y}-06-01` } } },
  { kind: DisabilityServiceKind.CARE, careMode: DisabilityCareMode.HOME, assessedOn: `${Y}-11-19`, description: '老年残疾人，子女外出务工，需居家照料' },
];
/** The youngest certified member's rehabilitation after the children's aid came into force (2018-10-01); no aid amount is configured, so no subsidy is recorded. */
const CHILD_REHAB: ServiceSpec = {
  kind: DisabilityServiceKind.REHABILITATION,
  assessedOn: `${Y}-09-20`,
  description: '需言语和运动康复训练',
  delivered: { on: `${Y}-11-15`, provider: '上街区残疾人康复中心', cost: '6000.00', subsidy: '0.00', rehabilitation: { programme: '儿童言语和运动康复训练', sessions: 40 } },
};

/** Service needs and services of certified members, through the federation's own service. */
async function services(app: AppServices, ds: DataSource, counts: DisabilityDemoCounts): Promise<void> {
  // Members certified by the day assessed (a certificate issued by then).
  const certifiedBy = (day: string, order: string, limit: number | null): Promise<{ id: string; birth: string }[]> =>
    ds.query(
      `SELECT m.id, m.birth_date::text AS birth FROM members m JOIN households h ON h.id = m.household_id
        WHERE m.active AND h.validity = 'ACTIVE' AND EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = m.id AND c.issued_on <= $1)
        ORDER BY ${order}${limit === null ? '' : ` LIMIT ${limit}`}`,
      [day],
    );
  const certified = await certifiedBy(`${Y}-01-01`, 'h.household_number, m.birth_date, m.id', null);
  const [youngest] = await certifiedBy(CHILD_REHAB.assessedOn, 'm.birth_date DESC, m.id', 1);
  if (!certified.length || !youngest) return;
  const service = app.get(ServicesService);
  const specs = [...SERVICE_SPECS.map((spec, i) => ({ spec, memberId: certified[i % certified.length]!.id })), { spec: CHILD_REHAB, memberId: youngest.id }];
  for (const { spec, memberId } of specs) {
    const need = await service.createNeed(FEDERATION, { memberId, kind: spec.kind, careMode: spec.careMode ?? null, assessedOn: spec.assessedOn, description: spec.description });
    counts.services.needs[spec.kind] += 1;
    if (!spec.delivered) {
      counts.services.unmet += 1;
      continue;
    }
    const { on, ...terms } = spec.delivered;
    const written = await service.createService(FEDERATION, { needId: need.id, kind: spec.kind, deliveredOn: on, ...terms });
    counts.services.delivered += 1;
    if (spec === CHILD_REHAB) {
      counts.services.childRehabAid = written.service.childRehabAid;
      counts.services.childAge = ageOn(youngest.birth, on);
    }
  }
}
