import { DataSource } from 'typeorm';
import type { Permission } from '../common/access/permissions';
import { makeCreditCode } from '../common/identity-number/credit-code';
import { fromCents, toCents } from '../common/money/money';
import { ProjectAssetsService } from '../projects/asset.service';
import { AssetKind, AssetOwnerType } from '../projects/asset.entity';
import { ImplementingEntitiesService } from '../projects/implementing-entities.service';
import { LinkagePaymentChannel } from '../projects/linkage-payment.entity';
import { LinkagePaymentsRepository } from '../projects/linkage-payments.repository';
import { LinkagePaymentsService } from '../projects/linkage-payments.service';
import { LinkageIncomeComponent } from '../projects/linkage.entity';
import { LinkageService } from '../projects/linkage.service';
import { ConstructionNature, ProjectStage } from '../projects/project.entity';
import { PROJECT_PROCEDURE, ProjectAction } from '../projects/project-procedure';
import { ProjectService } from '../projects/project.service';
import { asDemo, demoPrincipal } from './demo-principal';
import type { AppServices } from './registry-loader';

/**
 * The industry-projects demo (issue #15) for Shangjie's villages, on top of the demo registry:
 * in the villages with the most households on the roll, a cooperative each, a few projects each
 * taken through the project library procedure (国开办发〔2018〕10号) to different stages — drafts,
 * applications in their village notice, projects in the library, the 2019 plan, works under way,
 * completed, settled, handed over (with a PV station as the village's asset), rejected — and, for
 * the projects in a plan, the beneficiary households' linkages with the cooperative and their 2018
 * payments (paid in full, half, or not yet: the arrears list has rows). Everything goes through
 * the module's services, as an officer's requests would, so every rule applies and every step
 * has its event, notice and audit row. Deterministic: the same registry gives the same projects.
 */

/** A system writer of the whole district holding the project permissions, as the audit trail names it. */
const PERMISSIONS: Permission[] = ['projects.read', 'projects.write', 'projects.apply', 'projects.review', 'projects.approve'];
const DEMO_PRINCIPAL = demoPrincipal(PERMISSIONS);

/** The villages with projects, and the projects of each. */
const VILLAGES = 6;
const PROJECTS_PER_VILLAGE = 5;
const BENEFICIARIES_PER_PROJECT = 4;

/** The stage each project is taken to, in turn: every stage a district's library shows. */
const TARGETS: readonly ProjectStage[] = [
  ProjectStage.HANDED_OVER,
  ProjectStage.IMPLEMENTING,
  ProjectStage.COMPLETED,
  ProjectStage.IN_LIBRARY,
  ProjectStage.VILLAGE_NOTICE,
  ProjectStage.SETTLED,
  ProjectStage.PLAN_NOTICE,
  ProjectStage.APPLIED,
  ProjectStage.REJECTED,
  ProjectStage.DRAFT,
];

/** The road through the procedure, each step with its date (notices of 10 days are over before the next). */
const ROAD: readonly { action: ProjectAction; on: string; to: ProjectStage }[] = [
  { action: 'APPLY', on: '2018-03-01', to: ProjectStage.APPLIED },
  { action: 'PUBLISH_VILLAGE_NOTICE', on: '2018-03-01', to: ProjectStage.VILLAGE_NOTICE },
  { action: 'TOWN_REVIEW', on: '2018-03-15', to: ProjectStage.TOWN_REVIEWED },
  { action: 'DISTRICT_APPROVE', on: '2018-03-20', to: ProjectStage.DISTRICT_APPROVED },
  { action: 'PUBLISH_LIBRARY_NOTICE', on: '2018-03-21', to: ProjectStage.LIBRARY_NOTICE },
  { action: 'ENTER_LIBRARY', on: '2018-04-02', to: ProjectStage.IN_LIBRARY },
  // The fourth-quarter adjustment draws next year's plan from the library.
  { action: 'PLAN', on: '2018-10-08', to: ProjectStage.IN_ANNUAL_PLAN },
  { action: 'PUBLISH_PLAN_NOTICE', on: '2018-10-09', to: ProjectStage.PLAN_NOTICE },
  { action: 'START', on: '2018-10-22', to: ProjectStage.IMPLEMENTING },
  { action: 'COMPLETE', on: '2018-11-30', to: ProjectStage.COMPLETED },
  { action: 'ACCEPT', on: '2018-12-05', to: ProjectStage.ACCEPTED },
  { action: 'SETTLE', on: '2018-12-10', to: ProjectStage.SETTLED },
  { action: 'PUBLISH_COMPLETION_NOTICE', on: '2018-12-11', to: ProjectStage.COMPLETION_NOTICE },
  { action: 'HAND_OVER', on: '2018-12-24', to: ProjectStage.HANDED_OVER },
];

/** What a project is: its industry type, the linkage it gives households and the income that feeds. */
const KINDS = [
  { name: '光伏扶贫电站', industryType: '光伏扶贫', tasks: '建设村级光伏电站 100 千瓦', linkage: '光伏收益', component: LinkageIncomeComponent.ASSET_INCOME_DIVIDEND, perYear: '3000.00', asset: AssetKind.PV_STATION },
  { name: '食用菌种植基地', industryType: '特色加工业', tasks: '新建食用菌大棚 10 座', linkage: '土地流转+优先务工', component: LinkageIncomeComponent.PROPERTY, perYear: '1200.00', asset: AssetKind.GREENHOUSE },
  { name: '扶贫车间', industryType: '扶贫车间', tasks: '改建扶贫车间 600 平方米，吸纳贫困劳动力就业', linkage: '务工', component: LinkageIncomeComponent.WAGE, perYear: '6000.00', asset: AssetKind.WORKSHOP },
  { name: '特色养殖合作项目', industryType: '资产收益', tasks: '到户产业资金入股合作社，发展肉牛养殖', linkage: '保底收益+按股分红', component: LinkageIncomeComponent.ASSET_INCOME_DIVIDEND, perYear: '800.00', asset: AssetKind.LIVESTOCK },
  { name: '电商服务站', industryType: '电商流通', tasks: '建设村级电商服务站，带动农产品销售', linkage: '订单农业', component: LinkageIncomeComponent.PRODUCTION_BUSINESS, perYear: '1000.00', asset: AssetKind.OTHER },
] as const;

/** Linkages start with the works; their types are the 2018 list's (project.linkage_types). */
const LINKAGE_START = '2018-11-01';

export interface ProjectsDemoCounts {
  entities: number;
  projects: number;
  linkages: number;
  payments: number;
  assets: number;
}

interface Village {
  code: string;
  name: string;
  households: string[];
}

/** The villages of the district with the most households on the roll (ties by code), with up to BENEFICIARIES_PER_PROJECT × PROJECTS_PER_VILLAGE of them. */
async function villagesWithHouseholds(ds: DataSource): Promise<Village[]> {
  const rows: { code: string; name: string; households: string[] }[] = await ds.query(
    `SELECT r.code, r.name, (array_agg(h.id ORDER BY h.household_number))[1:$2] AS households
     FROM regions r JOIN households h ON h.region_code = r.code AND h.validity = 'ACTIVE'
     WHERE r.code LIKE '410106%' AND r.level = 'village'
     GROUP BY r.code, r.name ORDER BY count(*) DESC, r.code LIMIT $1`,
    [VILLAGES, BENEFICIARIES_PER_PROJECT * PROJECTS_PER_VILLAGE],
  );
  return rows;
}

/** A unified social credit code of a farmers' cooperative registered in Shangjie (GB 32100, check characters computed). */
function cooperativeCode(n: number): string {
  for (let k = n; ; k += 1000) {
    try {
      return makeCreditCode('9', '3', '410106', `MA${String(k).padStart(6, '0')}`);
    } catch {
      // The organisation check character fell outside the code's alphabet: the next body.
    }
  }
}

/** The demo's projects (after the registry): nothing when the district already has projects. */
export async function loadDemoProjects(app: AppServices): Promise<ProjectsDemoCounts> {
  const ds = app.get(DataSource);
  const counts: ProjectsDemoCounts = { entities: 0, projects: 0, linkages: 0, payments: 0, assets: 0 };
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM projects`);
  if (n > 0) return counts;
  const entities = app.get(ImplementingEntitiesService);
  const projects = app.get(ProjectService);
  const linkages = app.get(LinkageService);
  const payments = app.get(LinkagePaymentsService);
  const assets = app.get(ProjectAssetsService);
  const paymentsRepo = app.get(LinkagePaymentsRepository);
  const p = DEMO_PRINCIPAL;
  return asDemo(p, async () => {
    let k = 0;
    for (const [vi, village] of (await villagesWithHouseholds(ds)).entries()) {
      const cooperative = await entities.create(p, {
        type: '农民专业合作社',
        name: `${village.name}种养殖专业合作社`,
        creditCode: cooperativeCode(vi + 1),
        legalRepresentative: ['王建国', '李春生', '张秀兰', '赵德明', '刘桂芳', '陈志强'][vi % 6],
        regionCode: village.code,
        foundedOn: '2016-05-10',
        listedOn: '2018-02-01',
        businessScope: '组织成员种植、养殖，农产品收购、加工、销售',
      });
      counts.entities += 1;
      for (let j = 0; j < PROJECTS_PER_VILLAGE; j++, k++) {
        const kind = KINDS[(vi + j) % KINDS.length];
        const target = TARGETS[k % TARGETS.length];
        const beneficiaries = village.households.slice(j * BENEFICIARIES_PER_PROJECT, (j + 1) * BENEFICIARIES_PER_PROJECT);
        const budget = fromCents(BigInt(200_000 + 50_000 * ((vi + j) % 5)) * 100n);
        let read = await projects.create(p, {
          regionCode: village.code,
          name: `${village.name}${kind.name}`,
          year: 2018,
          category: '产业发展',
          industryType: kind.industryType,
          constructionNature: ConstructionNature.NEW,
          plannedStartOn: '2018-10-20',
          plannedEndOn: '2018-11-30',
          responsibleUnit: `${village.name}村民委员会`,
          responsiblePerson: cooperative.legalRepresentative,
          tasks: kind.tasks,
          budgetTotal: budget,
          fundingLines: [
            { level: 'CENTRAL', channel: '扶贫发展', amount: fromCents((toCents(budget) * 6n) / 10n) },
            { level: 'DISTRICT', channel: '区本级', amount: fromCents(toCents(budget) - (toCents(budget) * 6n) / 10n) },
          ],
          beneficiaryVillages: 1,
          beneficiaryPoorVillages: 1,
          beneficiaryHouseholds: beneficiaries.length * 3 + 10,
          beneficiaryPoorHouseholds: beneficiaries.length,
          beneficiaryPeople: beneficiaries.length * 9 + 30,
          beneficiaryPoorPeople: beneficiaries.length * 3,
          beneficiaryHouseholdIds: beneficiaries,
          partyBranchProposedOn: '2018-02-01',
          committeesDeliberatedOn: '2018-02-05',
          partyMembersReviewedOn: '2018-02-10',
          representativesResolvedOn: '2018-02-15',
          resolutionDisclosedOn: '2018-02-20',
          povertyReductionMechanism: `贫困户与${cooperative.name}签订${kind.linkage}协议，按年兑现收益`,
          performanceTargets: [{ indicator: '带动贫困户增收', targetValue: String(beneficiaries.length || 1), unit: '户' }],
        } as Parameters<ProjectService['create']>[1]);
        counts.projects += 1;
        for (const step of ROAD) {
          if (read.project.stage === target) break;
          const rejected = target === ProjectStage.REJECTED && step.action === 'TOWN_REVIEW';
          const action: ProjectAction = rejected ? 'TOWN_REJECT' : step.action;
          if (action === 'ACCEPT') {
            read = await projects.update(p, {
              id: read.project.id,
              version: read.project.version,
              performanceTargets: [{ indicator: '带动贫困户增收', targetValue: String(beneficiaries.length || 1), unit: '户', actualValue: String(beneficiaries.length || 1) }],
            });
          }
          read = await projects.step(p, PROJECT_PROCEDURE.actions[action].permission as Permission, {
            id: read.project.id,
            version: read.project.version,
            action,
            effectiveOn: step.on,
            reason: rejected ? '选址不符合土地利用规划，退回重新论证' : null,
          });
          if (rejected) break;
        }
        const stage = read.project.stage;
        if (stage === ProjectStage.HANDED_OVER) {
          await assets.create(p, {
            projectId: read.project.id,
            name: `${village.name}${kind.name}资产`,
            kind: kind.asset,
            ownerType: AssetOwnerType.VILLAGE_COLLECTIVE,
            ownerRegionCode: village.code,
            value: budget,
            handedOverOn: '2018-12-24',
            operatorId: cooperative.id,
          });
          counts.assets += 1;
        }
        if (![ProjectStage.PLAN_NOTICE, ProjectStage.IMPLEMENTING, ProjectStage.COMPLETED, ProjectStage.SETTLED, ProjectStage.HANDED_OVER].includes(stage)) continue;
        for (const householdId of beneficiaries) {
          const linkage = await linkages.create(p, {
            householdId,
            projectId: read.project.id,
            entityId: cooperative.id,
            type: kind.linkage,
            agreedTerms: `${kind.tasks}；每户每年 ${kind.perYear} 元，按年兑现`,
            startsOn: LINKAGE_START,
            agreedAmountPerYear: kind.perYear,
            incomeComponent: kind.component,
            returnedAtExit: kind.linkage === '保底收益+按股分红' ? true : null,
          });
          counts.linkages += 1;
          // Settled and handed-over projects paid 2018 in full, the works under way half, the others not yet.
          const share = stage === ProjectStage.SETTLED || stage === ProjectStage.HANDED_OVER ? 2n : stage === ProjectStage.IMPLEMENTING ? 1n : 0n;
          if (!share) continue;
          const { due } = await paymentsRepo.yearFigures(ds.manager, linkage.id, 2018);
          await payments.record(p, {
            linkageId: linkage.id,
            year: 2018,
            paidOn: '2018-12-28',
            amount: fromCents((toCents(due) * share) / 2n),
            channel: LinkagePaymentChannel.SUBSIDY_CARD,
            reference: `SJ2018-${String(counts.payments + 1).padStart(4, '0')}`,
          });
          counts.payments += 1;
        }
      }
    }
    return counts;
  });
}
