import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { todayInChina } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { newSeed } from '../common/random/seeded-random';
import { isWithin, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { RegionsService } from '../regions/regions.service';
import { drawSample, SampleStratum } from './inspection-sample';
import { InspectionEntity, InspectionType } from './inspection.entity';
import { InspectionErrors } from './inspection.errors';
import { InspectionFilter, InspectionRepository, VisitSheetRow } from './inspection.repository';
import { InspectionVisitRepository } from './inspection-visit.repository';
import { INSPECTION_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';
import { SupervisionService } from './supervision.service';

export interface CreateInspection {
  regionCode: string;
  inspectionType: InspectionType;
  title: string;
  organiser: string;
  leader: string;
  startOn: string;
  endOn: string;
}

export interface DrawInspectionSample {
  id: string;
  version: number;
  seed?: string | null;
  towns?: number | null;
  strata: SampleStratum[];
}

export interface RecordInspectionReport {
  id: string;
  version: number;
  report: string;
  reportedOn?: string | null;
}

/**
 * The use cases of inspections (督查检查, issue #20 part 3): creation by the supervising side,
 * the stratified random sample drawn once from a recorded seed (inspection-sample.ts) and stored
 * with the inspection, the report, and the visit sheet. One transaction per use case with its
 * audit row.
 */
@Injectable()
export class InspectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: InspectionRepository,
    private readonly visits: InspectionVisitRepository,
    private readonly findings: SupervisionService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: InspectionFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<InspectionEntity>> {
    return this.repo.page(principal, filter, args, withTotalCount);
  }

  get(principal: Principal, id: string): Promise<InspectionEntity | null> {
    return this.repo.findInScope(principal, id);
  }

  async create(principal: Principal, input: CreateInspection): Promise<InspectionEntity> {
    this.findings.requireSupervising(principal);
    for (const f of ['title', 'organiser', 'leader'] as const) {
      if (!input[f]?.trim()) throw SupervisionErrors.invalidValue(`input.${f}`, '不能为空 (must not be blank)');
    }
    if (input.endOn < input.startOn) throw InspectionErrors.endBeforeStart();
    return this.dataSource.transaction(async (m) => {
      if (!(await this.regions.findByCode(input.regionCode, m))) throw SupervisionErrors.regionNotFound();
      if (!inRegionScope(principal, input.regionCode)) throw SupervisionErrors.regionOutOfScope();
      const i = await this.repo.insert(m, {
        regionCode: input.regionCode,
        inspectionType: input.inspectionType,
        title: input.title.trim(),
        organiser: input.organiser.trim(),
        leader: input.leader.trim(),
        startOn: input.startOn,
        endOn: input.endOn,
      });
      await this.audit.change(m, INSPECTION_AUDIT, 'supervision.createInspection', null, i);
      return i;
    });
  }

  /**
   * Draws the inspection's sample once (a drawn sample is never redrawn: SAMPLE_ALREADY_DRAWN):
   * the strata are towns within the inspection's scope, each listed once; the populations are the
   * towns' villages by code and the villages' households on the roll (ACTIVE) by number; every
   * size beyond its population is SAMPLE_LARGER_THAN_POPULATION. The seed (given, or generated)
   * and the plan with its populations are stored with the sampled households.
   */
  async drawSample(principal: Principal, input: DrawInspectionSample): Promise<InspectionEntity> {
    this.findings.requireSupervising(principal);
    const seed = input.seed?.trim() || newSeed();
    return this.dataSource.transaction(async (m) => {
      const i = await this.repo.lockInScope(principal, input.id, m);
      if (!i) throw InspectionErrors.notFound();
      if (i.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: i.version });
      if (i.sampleSeed !== null) throw InspectionErrors.sampleDrawn();
      const villagesByTown = await this.checkStrata(m, i, input.strata);
      const villageCodes = [...villagesByTown.values()].flat();
      const households = await this.repo.householdsOfVillages(m, villageCodes);
      const draw = drawSample(seed, input.towns ?? null, input.strata, {
        villagesOf: (t) => villagesByTown.get(t) ?? [],
        householdsOf: (v) => households.get(v) ?? [],
      });
      if (!draw.ok) throw InspectionErrors.sampleTooLarge(draw.overflows);
      await this.repo.insertSample(m, draw.households.map((h) => ({ inspectionId: i.id, ...h })));
      const after = await this.repo.update(m, i.id, input.version, { sampleSeed: seed, samplePlan: draw.plan, sampledAt: new Date() });
      await this.audit.fact(m, INSPECTION_AUDIT, 'supervision.drawInspectionSample', after, { seed, plan: draw.plan, households: draw.households.length });
      return after;
    });
  }

  async recordReport(principal: Principal, input: RecordInspectionReport): Promise<InspectionEntity> {
    this.findings.requireSupervising(principal);
    if (!input.report.trim()) throw SupervisionErrors.invalidValue('input.report', '不能为空 (must not be blank)');
    const reportedOn = input.reportedOn ?? todayInChina();
    if (reportedOn > todayInChina()) throw SupervisionErrors.dateInFuture('input.reportedOn');
    return this.dataSource.transaction(async (m) => {
      const i = await this.repo.lockInScope(principal, input.id, m);
      if (!i) throw InspectionErrors.notFound();
      if (i.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: i.version });
      if (reportedOn < i.startOn) throw SupervisionErrors.dateBeforeLastStep(i.startOn, 'input.reportedOn');
      const after = await this.repo.update(m, i.id, input.version, { report: input.report.trim(), reportedOn });
      await this.audit.change(m, INSPECTION_AUDIT, 'supervision.recordInspectionReport', i, after);
      return after;
    });
  }

  /** The visit sheet (走访名单) of an inspection in the caller's scope, for the supervising side (a sector officer only of discipline inspection): NOT_FOUND when missing or outside it. */
  async visitSheet(principal: Principal, inspectionId: string, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<VisitSheetRow>> {
    this.findings.requireSupervising(principal);
    if (!(await this.repo.findInScope(principal, inspectionId))) throw InspectionErrors.notFound('inspectionId');
    const sheet = await this.repo.visitSheet(inspectionId, args, withTotalCount);
    const results = await this.visits.ofSamples(sheet.edges.map((e) => e.node.sample.id));
    return { ...sheet, edges: sheet.edges.map((e) => ({ cursor: e.cursor, node: { ...e.node, result: results.get(e.node.sample.id) ?? null } })) };
  }

  /** Each stratum a town within the inspection's scope, listed once; returns each town's villages by code. */
  private async checkStrata(m: EntityManager, i: InspectionEntity, strata: readonly SampleStratum[]): Promise<Map<string, string[]>> {
    const scope = subtreePrefix(i.regionCode);
    const seen = new Set<string>();
    for (const [n, s] of strata.entries()) {
      if (seen.has(s.townCode)) throw InspectionErrors.stratumRepeated(`input.strata.${n}.townCode`);
      seen.add(s.townCode);
      const town = await this.regions.findByCode(s.townCode, m);
      if (!town || town.level !== RegionLevel.TOWN || !isWithin(s.townCode, scope)) throw InspectionErrors.notATown(`input.strata.${n}.townCode`);
    }
    const children = await this.regions.findChildrenOf([...seen], m);
    const out = new Map<string, string[]>([...seen].map((t) => [t, []]));
    for (const r of children) if (r.level === RegionLevel.VILLAGE && r.parentCode) out.get(r.parentCode)?.push(r.code);
    for (const list of out.values()) list.sort();
    return out;
  }
}
