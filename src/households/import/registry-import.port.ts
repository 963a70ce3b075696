import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { inRegionScope } from '../../common/access/region-scope';
import { ImportContext, ImportMode, ImportPort, ImportSession } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { CountsByUnit, RawRow } from '../../common/imports/import-types';
import { RegionLevel } from '../../common/region/region-code';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SECRETS, Secrets } from '../../config/secrets';
import { todayInChina } from '../registry-validation';
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
  readonly modes = [ImportMode.SYNC] as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly audit: AuditService,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    const writer = new ImportWriter(this.secrets.cipher, !!this.config.databaseUrl);
    return {
      assemble,
      write: async (m: EntityManager, batch: readonly HouseholdRows[], { dryRun }: { dryRun: boolean }) => {
        const options = { strategy: ctx.strategy, dryRun, listChanges: ctx.listChanges, jobId: ctx.jobId, today, columns, checkRegion };
        const result = await writer.apply(m, batch, options, assemble);
        if (!dryRun) await this.audit.record(m, result.audit);
        return { counts: countsByUnit(result.counts), problems: result.problems, settledByDigest: result.settledByDigest };
      },
    };
  }
}
