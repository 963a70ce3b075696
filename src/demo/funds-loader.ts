import { DataSource } from 'typeorm';
import { Role, Sector } from '../common/access/permissions';
import { fromCents, toCents } from '../common/money/money';
import { FundBatch } from '../funds/funds.entities';
import { FUNDS_CHANNELS_KEY, FUNDS_LEVELS_KEY, FundsService } from '../funds/funds.service';
import { FUNDS_VOUCHERS_KEY, ReimbursementsService } from '../funds/reimbursements.service';
import { IN_LIBRARY_OR_LATER } from '../projects/project-procedure';
import { ProjectStage } from '../projects/project.entity';
import { parameterValue } from './demo-parameters';
import { asDemo, DEMO_DISTRICT, demoPrincipal } from './demo-principal';
import { REFERENCE_YEAR } from './generator';
import { Rng } from './prng';
import type { AppServices } from './registry-loader';

/** What the funds demo wrote. */
export interface FundsDemoCounts {
  documents: number;
  allocations: number;
  fundings: number;
  reimbursements: number;
  payments: number;
  /** Why nothing was written, when a list the ledger needs is not configured. */
  notConfigured: string | null;
}

/** Finance (财政局): documents, allocations, approvals and payments are its steps. */
const FINANCE = demoPrincipal(['funds.read', 'funds.documents', 'funds.allocate', 'funds.decide', 'funds.pay'], { roles: [Role.SECTOR_OFFICER], sector: Sector.FINANCE });
/** The poverty office (扶贫办): arranges project funding, applies for and reviews reimbursements. */
const OFFICE = demoPrincipal(['funds.read', 'funds.arrange', 'funds.reimburse', 'funds.decide', 'projects.read'], { roles: [Role.DISTRICT_OFFICER] });

/** 其他扶贫支出 (政府收支分类科目 2130599). */
const FUNCTION_CODE = '2130599';
/** Works under way are reimbursed in part (half), finished works in full; stages before the works not at all. */
const REIMBURSED_HALF: readonly ProjectStage[] = [ProjectStage.IMPLEMENTING];
const REIMBURSED_FULL: readonly ProjectStage[] = [ProjectStage.COMPLETED, ProjectStage.ACCEPTED, ProjectStage.SETTLED, ProjectStage.COMPLETION_NOTICE, ProjectStage.HANDED_OVER];

interface FundedProject {
  id: string;
  region_code: string;
  town_code: string;
  stage: ProjectStage;
  budget: string;
  payee: string | null;
}

/**
 * The funds demo of 2018 (issue #19) for Shangjie, through the funds module's services (every
 * check of the ledger, each write audited), on top of the projects demo:
 * - **documents** (指标文件) with their levels (funds.levels) and the first channel of funds.channels:
 *   the central funds the province passes on (豫财农, 提前下达), and the chain province → city →
 *   district (豫财农 → 郑财预 → 上财预), each below its parent and out of what it has left;
 * - **allocations**: to each village with library projects, what its projects cost (from the central
 *   and provincial documents, project by project in turn), and from the city and district documents
 *   to two towns, not yet spent (the execution report shows money allocated and not paid);
 * - **project funding** of each project in the library or later, its whole budget;
 * - **reimbursements** through funds.reimbursement_flow, with every voucher kind of
 *   funds.reimbursement_vouchers: works under way half their funding, finished works all of it;
 *   submitted, reviewed by the poverty office, approved and **paid** by finance to the cooperative's
 *   account (one left submitted, one reviewed, so the flow has rows at each step).
 * Deterministic. Nothing when the district has documents already, when no project reached the
 * library (a demo of 0 households: no village has projects, so no document would have an amount),
 * or when funds.levels, funds.channels or funds.reimbursement_vouchers is not configured (said in
 * `notConfigured`).
 */
export async function loadDemoFunds(app: AppServices): Promise<FundsDemoCounts> {
  const ds = app.get(DataSource);
  const counts: FundsDemoCounts = { documents: 0, allocations: 0, fundings: 0, reimbursements: 0, payments: 0, notConfigured: null };
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM fund_documents`);
  if (n > 0) return counts;
  const levels = await parameterValue(ds, FUNDS_LEVELS_KEY, `${REFERENCE_YEAR}-01-01`);
  const channels = await parameterValue(ds, FUNDS_CHANNELS_KEY, `${REFERENCE_YEAR}-01-01`);
  const voucherKinds = await parameterValue(ds, FUNDS_VOUCHERS_KEY, `${REFERENCE_YEAR}-01-01`);
  const missing = [
    [FUNDS_LEVELS_KEY, Array.isArray(levels) && levels.length >= 4],
    [FUNDS_CHANNELS_KEY, Array.isArray(channels) && channels.length > 0],
    [FUNDS_VOUCHERS_KEY, Array.isArray(voucherKinds) && voucherKinds.length > 0],
  ].filter(([, ok]) => !ok);
  if (missing.length) return { ...counts, notConfigured: missing.map(([k]) => k).join(', ') };
  // funds.levels lists the levels from the highest: 中央, 省, 市, 区.
  const [central, province, city, district] = (levels as string[]).map(String);
  const channel = String((channels as unknown[])[0]);
  const projects: FundedProject[] = await ds.query(
    `SELECT p.id, p.region_code, left(p.region_code, 9) || '000' AS town_code, p.stage::text AS stage, p.budget_total::text AS budget,
            (SELECT e.name FROM implementing_entities e WHERE e.region_code = p.region_code ORDER BY e.credit_code LIMIT 1) AS payee
       FROM projects p WHERE p.year = $1 AND p.stage = ANY($2) AND p.region_code LIKE '410106%' ORDER BY p.region_code, p.name, p.id`,
    [REFERENCE_YEAR, [...IN_LIBRARY_OR_LATER]],
  );
  if (!projects.length) return counts;
  const rng = new Rng('shangjie-2018-funds');
  const funds = app.get(FundsService);
  const reimbursements = app.get(ReimbursementsService);
  return asDemo(FINANCE, async () => {
    // Project by project in turn: the central funds or the province's.
    const fromCentral = projects.filter((_, i) => i % 2 === 0);
    const fromProvince = projects.filter((_, i) => i % 2 === 1);
    const sum = (ps: FundedProject[]) => ps.reduce((s, p) => s + toCents(p.budget), 0n);
    const towns = [...new Set(projects.map((p) => p.town_code))].slice(0, 2);
    const townShare = (k: bigint) => 100_000_00n * k; // 100,000.00 yuan a town, from each of the city's and the district's documents
    const doc = async (input: { number: string; issuer: string; issuedOn: string; level: string; batch: FundBatch; amount: bigint; parentId?: string }) => {
      const d = await funds.createDocument(FINANCE, {
        documentNumber: input.number,
        issuer: input.issuer,
        issuedOn: input.issuedOn,
        year: REFERENCE_YEAR,
        level: input.level,
        channel,
        batch: input.batch,
        parentId: input.parentId ?? null,
        amount: fromCents(input.amount),
        functionCode: FUNCTION_CODE,
        regionCode: DEMO_DISTRICT,
      });
      counts.documents += 1;
      return d;
    };
    const num = () => rng.int(10, 180);
    const centralDoc = await doc({ number: `豫财农〔${REFERENCE_YEAR}〕${num()}号`, issuer: '河南省财政厅', issuedOn: `${REFERENCE_YEAR}-01-19`, level: central, batch: FundBatch.ADVANCE, amount: sum(fromCentral) + 200_000_00n });
    // The city's document: its towns' allocations and what it passes to the district's document.
    const districtAmount = townShare(BigInt(towns.length));
    const cityAmount = townShare(BigInt(towns.length)) * 2n + districtAmount;
    const provinceDoc = await doc({ number: `豫财农〔${REFERENCE_YEAR}〕${num() + 180}号`, issuer: '河南省财政厅', issuedOn: `${REFERENCE_YEAR}-03-12`, level: province, batch: FundBatch.REGULAR, amount: sum(fromProvince) + cityAmount + 150_000_00n });
    const cityDoc = await doc({ number: `郑财预〔${REFERENCE_YEAR}〕${num()}号`, issuer: '郑州市财政局', issuedOn: `${REFERENCE_YEAR}-04-03`, level: city, batch: FundBatch.REGULAR, amount: cityAmount, parentId: provinceDoc.id });
    const districtDoc = await doc({ number: `上财预〔${REFERENCE_YEAR}〕${num()}号`, issuer: '上街区财政局', issuedOn: `${REFERENCE_YEAR}-04-20`, level: district, batch: FundBatch.REGULAR, amount: districtAmount, parentId: cityDoc.id });

    // Allocations: each village its projects' cost from each source; the towns theirs from the city and the district.
    const allocate = async (documentId: string, regionCode: string, amount: bigint, allocatedOn: string, purpose: string) => {
      const a = await funds.createAllocation(FINANCE, { documentId, regionCode, amount: fromCents(amount), allocatedOn, purpose });
      counts.allocations += 1;
      return a;
    };
    const allocationOf = new Map<string, string>();
    for (const [source, ps, on] of [
      [centralDoc.id, fromCentral, `${REFERENCE_YEAR}-05-08`],
      [provinceDoc.id, fromProvince, `${REFERENCE_YEAR}-05-15`],
    ] as const) {
      for (const village of [...new Set(ps.map((p) => p.region_code))]) {
        const mine = ps.filter((p) => p.region_code === village);
        const a = await allocate(source, village, sum(mine), on, '产业发展项目（县级脱贫攻坚项目库）');
        for (const p of mine) allocationOf.set(p.id, a.id);
      }
    }
    for (const town of towns) {
      await allocate(cityDoc.id, town, townShare(2n), `${REFERENCE_YEAR}-05-20`, '村级集体经济发展');
      await allocate(districtDoc.id, town, townShare(1n), `${REFERENCE_YEAR}-06-01`, '雨露计划及小额信贷贴息');
    }

    // Fundings, reimbursements and payments, project by project.
    let k = 0;
    for (const p of projects) {
      const funding = await asDemo(OFFICE, () =>
        funds.createFunding(OFFICE, { allocationId: allocationOf.get(p.id)!, projectId: p.id, amount: p.budget, fundedOn: `${REFERENCE_YEAR}-10-25` }),
      );
      counts.fundings += 1;
      const share = REIMBURSED_FULL.includes(p.stage) ? 2n : REIMBURSED_HALF.includes(p.stage) ? 1n : 0n;
      if (!share || !p.payee) continue;
      const amount = (toCents(p.budget) * share) / 2n;
      const materials = (amount * 6n) / 10n;
      const applied = `${REFERENCE_YEAR}-${share === 2n ? '12-12' : '11-20'}`;
      const { reimbursement: created } = await asDemo(OFFICE, () =>
        reimbursements.create(OFFICE, {
          fundingId: funding.funding.id,
          appliedOn: applied,
          amount: fromCents(amount),
          lines: [
            { expenseType: '材料费', amount: fromCents(materials) },
            { expenseType: '劳务费', amount: fromCents(amount - materials) },
          ],
          vouchers: (voucherKinds as unknown[]).map((kind, i) => ({ kind: String(kind), reference: `SJBZ${REFERENCE_YEAR}-${String(counts.reimbursements + 1).padStart(3, '0')}-${i + 1}`, datedOn: `${applied.slice(0, 8)}05` })),
        }),
      );
      counts.reimbursements += 1;
      k += 1;
      // The first stays submitted, the second reviewed: the flow has a row at each step.
      if (k === 1) continue;
      const day = (d: number) => `${applied.slice(0, 8)}${String(Number(applied.slice(8)) + d).padStart(2, '0')}`;
      const reviewed = await asDemo(OFFICE, () => reimbursements.review(OFFICE, { id: created.id, version: created.version, decidedOn: day(2) }));
      if (k === 2) continue;
      const approved = await reimbursements.approve(FINANCE, { id: reviewed.id, version: reviewed.version, decidedOn: day(4) });
      await reimbursements.pay(FINANCE, {
        reimbursementId: approved.id,
        paidOn: day(6),
        amount: approved.amount,
        reference: `SJZF${REFERENCE_YEAR}${String(counts.payments + 1).padStart(4, '0')}`,
        account: { payeeName: p.payee, bankAccount: `6228480${String(rng.int(100_000_000, 999_999_999))}${String(rng.int(100, 999))}` },
      });
      counts.payments += 1;
    }
    return counts;
  });
}
