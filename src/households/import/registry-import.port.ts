import { todayInChina } from '../../common/dates/local-date';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { inRegionScope } from '../../common/access/region-scope';
import { ImportContext, ImportMode, ImportPort, ImportSession } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { CountsByUnit, ImportProblem, ProblemSeverity, RawRow } from '../../common/imports/import-types';
import { releaseCells } from '../../common/imports/unit-rows';
import { RegionLevel } from '../../common/region/region-code';
import { SECRETS, Secrets } from '../../config/secrets';
import { ProposalsService } from '../lifecycle/proposals.service';
import { assembleHousehold, HouseholdRows, householdNumberOf, ParsedHousehold } from './household-assembler';
import { BatchCounts } from './household-planner';
import { ImportWriter } from './import-writer';
import { ExchangeColumn, REGISTRY_TABLE } from './registry-columns';

/** The registry's counts per unit, as the job keeps them. */
export function countsByUnit(c: BatchCounts): CountsByUnit {
  return {
    households: { created: c.householdsCreated, updated: c.householdsUpdated, unchanged: c.householdsUnchanged, rejected: c.householdsRejected, left: 0 },
    members: { created: c.membersCreated, updated: c.membersUpdated, unchanged: c.membersUnchanged, rejected: 0, left: c.membersLeft },
  };
}

/**
 * The registry's import port (kind `households`): the exchange column table
 * (registry-columns.ts), rows grouped by 户编号, the assembler (household-assembler.ts: rows →
 * a checked household) and the writer (import-writer.ts: locked reads, the pure planner, the
 * staged writer, audit rows). Registered with the kit's ImportPorts when the module starts;
 * src/exchange/imports runs the jobs and never imports this module.
 */
@Injectable()
export class RegistryImportPort implements ImportPort<ParsedHousehold>, OnModuleInit {
  readonly kind = 'households';
  readonly table = REGISTRY_TABLE;
  readonly units = ['households', 'members'] as const;
  readonly modes = [ImportMode.SYNC, ImportMode.PROPOSE] as const;
  /** PROPOSE: an uploader holding it proposes the candidates' registrations (a village officer, as in GraphQL). */
  readonly proposePermission = 'households.propose';
  /** Besides exchange.import: sector departments use the import for their own rosters, not the registry. */
  readonly permission = 'households.import' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly audit: AuditService,
    private readonly proposals: ProposalsService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  groupKey(row: RawRow): string {
    return householdNumberOf(row);
  }

  open(ctx: ImportContext): ImportSession<ParsedHousehold> {
    const today = todayInChina();
    const checkRegion = (code: string) => {
      if (!inRegionScope({ scopePrefix: ctx.scopePrefix }, code)) return { code: 'REGION_OUT_OF_SCOPE', message: `行政区划 ${code} 不在本次导入的范围内 (outside this import's region)` };
      const level = ctx.regionLevels.get(code);
      if (!level) return { code: 'REGION_NOT_FOUND', message: `行政区划 ${code} 不存在 (no such region)` };
      if (level !== RegionLevel.VILLAGE) return { code: 'REGION_NOT_VILLAGE', message: '贫困户须登记在村/社区 (a household belongs to a village)' };
      return null;
    };
    const columns = ctx.columns as readonly ExchangeColumn[];
    const assembleCtx = { columns, today, splitHouseholds: ctx.splitKeys, checkRegion };
    const assemble = (h: HouseholdRows) => assembleHousehold(h.rows, h.firstRow, assembleCtx, h.size, ctx.maxRows);
    const writer = new ImportWriter(this.secrets.cipher);
    const effectiveOn = ctx.effectiveOn ?? today;
    // A programming error, not a file's: no caller passes a date users give.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn) || effectiveOn > today) throw new Error(`import effectiveOn ${effectiveOn} is not a date up to today (${today})`);
    const planOptions = { strategy: ctx.strategy, mode: ctx.mode, listChanges: ctx.listChanges, jobId: ctx.jobId, today: effectiveOn, columns, checkRegion };
    return {
      // Checked while the previous batch is written, with what the writer can do ahead of its locked
      // reads; the raw cells are not read again (the writer reads the checked household, the rows'
      // numbers and the digest made before), so they go at once.
      assemble: (h: HouseholdRows) => {
        const parsed = assemble(h);
        writer.prepare(parsed, h, planOptions);
        releaseCells(h);
        return parsed;
      },
      write: async (m: EntityManager, batch: readonly HouseholdRows[], { dryRun }: { dryRun: boolean }) => {
        const options = { ...planOptions, dryRun };
        const result = await writer.apply(m, batch, options, assemble);
        if (!dryRun) await this.audit.append(m, result.audit);
        const problems = result.problems;
        if (ctx.mode === ImportMode.PROPOSE && result.created.length) {
          const proposer = ctx.actor.proposerId;
          if (!proposer) {
            for (const c of result.created) problems.push(notProposed(c));
          } else if (!dryRun) {
            // As proposeRegistration: the proposal at PROPOSED, its event and audit row, in this batch's transaction.
            await this.proposals.proposeImported(m, { id: ctx.actor.userId ?? proposer, personId: proposer, name: ctx.actor.name ?? 'import' }, result.created, `批量导入提出识别纳入 (proposed by import ${ctx.jobId})`);
          }
        }
        if (result.registered.length && !dryRun) {
          // SYNC registered candidates: their open registration proposals close (the authority's file decided).
          await this.proposals.closeRegisteredBySync(m, { id: ctx.actor.userId, name: ctx.actor.name ?? 'import' }, result.registered, effectiveOn, ctx.jobId);
        }
        return { counts: countsByUnit(result.counts), problems, settledByDigest: result.settledByDigest };
      },
      settledHint: (m: EntityManager, units: readonly HouseholdRows[]) => writer.settledHint(m, units, planOptions),
    };
  }
}

/** PROPOSE without a proposer: the candidate is registered, its registration not proposed (a village officer proposes it). */
function notProposed(c: { householdNumber: string; rowNumber: number | null }): ImportProblem {
  return {
    severity: ProblemSeverity.INFO,
    rowNumber: c.rowNumber,
    householdNumber: c.householdNumber,
    column: null,
    field: null,
    code: 'CANDIDATE_NOT_PROPOSED',
    message: '已登记为待识别户，未提出识别纳入申请：上传者没有 households.propose 权限，请由村级用户提出 (registered as a candidate without a registration proposal: the uploader cannot propose; a village officer proposes it)',
  };
}
