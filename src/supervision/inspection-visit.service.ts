import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/access/principal';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { FindingSeverity, FindingSource } from './finding.entity';
import { INSPECTION_METRICS, InspectionMetricName, metricParts, metricValue, MetricValue, VisitCounts } from './inspection-metrics';
import { ExitCheck, IdentificationCheck, InspectionVisitResultEntity, VisitSatisfaction } from './inspection-visit.entity';
import { InspectionVisitOutcome, InspectionVisitRepository, VisitMetricFilter } from './inspection-visit.repository';
import { InspectionErrors } from './inspection.errors';
import { InspectionRepository } from './inspection.repository';
import { INSPECTION_VISIT_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';
import { FindingRead, SupervisionService } from './supervision.service';

export interface RecordInspectionVisit {
  inspectionId: string;
  householdId: string;
  visitedOn: string;
  identification: IdentificationCheck;
  exitCheck?: ExitCheck | null;
  missedHouseholds?: number | null;
  satisfaction?: VisitSatisfaction | null;
  notes?: string | null;
}

/** A correction of a recorded visit: the fields given replace (null clears exitCheck, satisfaction, notes), with the reason. */
export interface CorrectInspectionVisit {
  id: string;
  version: number;
  visitedOn?: string | null;
  identification?: IdentificationCheck | null;
  exitCheck?: ExitCheck | null;
  missedHouseholds?: number | null;
  satisfaction?: VisitSatisfaction | null;
  notes?: string | null;
  reason: string;
}

/** The fields a finding raised from a visit took from it (its found date and description): fixed once it is registered. */
const FINDING_SOURCED_FIELDS = ['visitedOn', 'notes'] as const;
/** The fields of a visit a correction may change. */
const CORRECTABLE_FIELDS = ['visitedOn', 'identification', 'exitCheck', 'missedHouseholds', 'satisfaction', 'notes'] as const;

export interface RegisterFindingFromVisit {
  visitId: string;
  version: number;
  category: string;
  subitem?: string | null;
  severity: FindingSeverity;
  leadUnit: string;
  responsibleUnit: string;
  responsiblePerson: string;
  deadline: string;
  description?: string | null;
  foundOn?: string | null;
  registeredOn?: string | null;
}

/** One group's metrics: the visits counted and the three metrics with their numerators, denominators and verdicts. */
export type MetricRow = { visited: number } & Record<InspectionMetricName, MetricValue>;

export interface InspectionMetrics {
  asOf: string;
  regionCode: string | null;
  inspectionId: string | null;
  /** Each metric's target as of the date in the region asked (else the caller's); not configured: no verdict. */
  targets: Record<InspectionMetricName, ParameterValue>;
  total: MetricRow;
  byTown: (MetricRow & { regionCode: string; regionName: string | null })[];
  byInspection: (MetricRow & { inspectionId: string; title: string | null })[];
}

/** The exit check exactly when the household has exited and was verified (INSPECTION_VISIT_EXIT_CHECK naming input.exitCheck). */
function checkExit(identification: IdentificationCheck, exitCheck: ExitCheck | null, exited: boolean): void {
  if (identification === IdentificationCheck.NOT_VERIFIED) {
    if (exitCheck) throw InspectionErrors.exitCheck('未能核实的农户不作退出核查 (a household not verified has no exit check)');
  } else if (exited && !exitCheck) {
    throw InspectionErrors.exitCheck('已脱贫农户须记录退出核查结果 (an exited household needs the exit check)');
  } else if (!exited && exitCheck) {
    throw InspectionErrors.exitCheck('该农户未脱贫，不作退出核查 (the household has not exited)');
  }
}

const NO_VISITS: VisitCounts = { visited: 0, verified: 0, correct: 0, shouldNotBeRegistered: 0, missed: 0, missedVisits: 0, exitsChecked: 0, wrongExits: 0 };
const METRIC_NAMES = Object.keys(INSPECTION_METRICS) as InspectionMetricName[];

/**
 * The visit results of inspections' samples (走访结果, issue #20 part 4) and the metrics from them
 * (identification accuracy, missed-registration and wrong-exit rates) with the visits behind each
 * number. A visit is written by the inspecting side, as the inspection's own writes
 * (supervision.write, the inspection in the caller's scope); one transaction with its audit row.
 */
@Injectable()
export class InspectionVisitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: InspectionVisitRepository,
    private readonly inspections: InspectionRepository,
    private readonly findings: SupervisionService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records the visit of a sampled household, once: visited within the inspection's dates (not in
   * the future); the exit checked exactly when the household has exited (its registry status now)
   * and was verified.
   */
  async record(principal: Principal, input: RecordInspectionVisit): Promise<InspectionVisitResultEntity> {
    this.findings.requireSupervising(principal);
    if (input.visitedOn > todayInChina()) throw SupervisionErrors.dateInFuture('input.visitedOn');
    return this.dataSource.transaction(async (m) => {
      const i = await this.inspections.lockInScope(principal, input.inspectionId, m);
      if (!i) throw InspectionErrors.notFound('input.inspectionId');
      if (input.visitedOn < i.startOn || input.visitedOn > i.endOn) throw InspectionErrors.visitOutsideInspection(i.startOn, i.endOn);
      const sampled = await this.repo.sampled(m, i.id, input.householdId);
      if (!sampled) throw InspectionErrors.notSampled();
      if (await this.repo.bySample(m, sampled.sample.id)) throw InspectionErrors.visitRecorded();
      const exitCheck = input.exitCheck ?? null;
      checkExit(input.identification, exitCheck, sampled.exited);
      const v = await this.repo.insert(m, {
        inspectionId: i.id,
        sampleId: sampled.sample.id,
        householdId: input.householdId,
        regionCode: i.regionCode,
        townCode: sampled.sample.townCode,
        villageCode: sampled.sample.villageCode,
        visitedOn: input.visitedOn,
        identification: input.identification,
        exitCheck,
        missedHouseholds: input.missedHouseholds ?? 0,
        satisfaction: input.satisfaction ?? null,
        notes: input.notes?.trim() || null,
        recordedByName: principal.name,
        findingId: null,
      });
      await this.audit.change(m, INSPECTION_VISIT_AUDIT, 'supervision.recordInspectionVisit', null, v);
      return v;
    });
  }

  /**
   * Corrects a recorded visit (更正): the fields given replace, with the reason in the audit row
   * beside the old and new values; the version read, as every write. The rules of recording hold
   * for the result (the date within the inspection, the exit check exactly for an exited and
   * verified household, by its registry status now when the checks change). Once a finding was
   * raised from the visit, the date and the notes it took (found date, description) are fixed
   * (INSPECTION_VISIT_HAS_FINDING naming the field); the checks can still be corrected, the finding
   * keeps its own procedure. The same values again change nothing (no new version, no audit row).
   */
  async correct(principal: Principal, input: CorrectInspectionVisit): Promise<InspectionVisitResultEntity> {
    this.findings.requireSupervising(principal);
    const reason = input.reason?.trim();
    if (!reason || !/[\p{L}\p{N}]/u.test(reason)) throw SupervisionErrors.reasonRequired();
    if (input.visitedOn != null) {
      if (!isLocalDate(input.visitedOn)) throw SupervisionErrors.invalidValue('input.visitedOn', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
      if (input.visitedOn > todayInChina()) throw SupervisionErrors.dateInFuture('input.visitedOn');
    }
    for (const f of ['visitedOn', 'identification', 'missedHouseholds'] as const) {
      if (input[f] === null) throw SupervisionErrors.invalidValue(`input.${f}`, '该项不能清空 (it cannot be cleared)');
    }
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo.lockInScope(principal, input.id, m);
      if (!before) throw InspectionErrors.visitNotFound('input.id');
      if (before.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: before.version });
      const next = {
        visitedOn: input.visitedOn ?? before.visitedOn,
        identification: input.identification ?? before.identification,
        exitCheck: input.exitCheck !== undefined ? input.exitCheck : before.exitCheck,
        missedHouseholds: input.missedHouseholds ?? before.missedHouseholds,
        satisfaction: input.satisfaction !== undefined ? input.satisfaction : before.satisfaction,
        notes: input.notes !== undefined ? input.notes?.trim() || null : before.notes,
      };
      const patch: Partial<InspectionVisitResultEntity> = {};
      for (const f of CORRECTABLE_FIELDS) if (next[f] !== before[f]) Object.assign(patch, { [f]: next[f] });
      if (!Object.keys(patch).length) return before;
      if (before.findingId) {
        const fixed = FINDING_SOURCED_FIELDS.find((f) => f in patch);
        if (fixed) throw InspectionErrors.visitHasFinding(`input.${fixed}`);
      }
      if (patch.visitedOn) {
        const i = (await this.inspections.lockInScope(principal, before.inspectionId, m))!;
        if (next.visitedOn < i.startOn || next.visitedOn > i.endOn) throw InspectionErrors.visitOutsideInspection(i.startOn, i.endOn);
      }
      if ('identification' in patch || 'exitCheck' in patch) {
        const sampled = (await this.repo.sampled(m, before.inspectionId, before.householdId))!;
        checkExit(next.identification, next.exitCheck, sampled.exited);
      }
      const after = await this.repo.update(m, before.id, input.version, patch);
      await this.audit.change(m, INSPECTION_VISIT_AUDIT, 'supervision.correctInspectionVisit', before, after, { reason });
      return after;
    });
  }

  /**
   * A finding raised from a visit (source INSPECTION, the visit's inspection, household and
   * village, found on the visit's date unless given), registered by the findings' own service in
   * the same transaction as the link; one per visit.
   */
  async registerFinding(principal: Principal, input: RegisterFindingFromVisit): Promise<{ visit: InspectionVisitResultEntity; finding: FindingRead }> {
    this.findings.requireSupervising(principal);
    return this.dataSource.transaction(async (m) => {
      const v = await this.repo.lockInScope(principal, input.visitId, m);
      if (!v) throw InspectionErrors.visitNotFound();
      if (v.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: v.version });
      if (v.findingId) throw InspectionErrors.visitHasFinding();
      const finding = await this.findings.register(
        principal,
        {
          source: FindingSource.INSPECTION,
          sourceReference: `走访 ${v.id}`,
          inspectionId: v.inspectionId,
          description: input.description?.trim() || v.notes || '',
          category: input.category,
          subitem: input.subitem,
          regionCode: v.villageCode,
          householdId: v.householdId,
          severity: input.severity,
          leadUnit: input.leadUnit,
          responsibleUnit: input.responsibleUnit,
          responsiblePerson: input.responsiblePerson,
          foundOn: input.foundOn ?? v.visitedOn,
          deadline: input.deadline,
          registeredOn: input.registeredOn,
        },
        m,
      );
      const after = await this.repo.update(m, v.id, input.version, { findingId: finding.finding.id });
      await this.audit.fact(m, INSPECTION_VISIT_AUDIT, 'supervision.registerFindingFromVisit', after, { findingId: finding.finding.id });
      return { visit: after, finding };
    });
  }

  visitsOfSamples(sampleIds: readonly string[]): Promise<Map<string, InspectionVisitResultEntity>> {
    return this.repo.ofSamples(sampleIds);
  }

  /** The metrics as of a date (not in the future), in total, by town and by inspection, from one grouped statement. */
  async metrics(principal: Principal, asOf: string, regionCode: string | null | undefined, inspectionId: string | null | undefined): Promise<InspectionMetrics> {
    const filter = this.filter(asOf, regionCode, inspectionId);
    const [rows, targetValues] = await Promise.all([
      this.repo.counts(principal, filter),
      this.parameters.valuesAt(METRIC_NAMES.map((n) => INSPECTION_METRICS[n].key), asOf, regionCode ?? principal.regionCode),
    ]);
    const targets = Object.fromEntries(METRIC_NAMES.map((n, k) => [n, targetValues[k]])) as Record<InspectionMetricName, ParameterValue>;
    const row = (c: VisitCounts): MetricRow => {
      const parts = metricParts(c);
      const out = { visited: c.visited } as MetricRow;
      for (const n of METRIC_NAMES) {
        const t = targets[n];
        out[n] = metricValue(parts[n].numerator, parts[n].denominator, t.configured ? String(t.value) : null, INSPECTION_METRICS[n].side);
      }
      return out;
    };
    const total = rows.find((r) => r.townCode === null && r.inspectionId === null) ?? NO_VISITS;
    const towns = rows.filter((r) => r.townCode !== null).sort((a, b) => a.townCode!.localeCompare(b.townCode!));
    const insp = rows.filter((r) => r.inspectionId !== null);
    const labels = await this.repo.labels(towns.map((r) => r.townCode!), insp.map((r) => r.inspectionId!));
    return {
      asOf,
      regionCode: regionCode ?? null,
      inspectionId: inspectionId ?? null,
      targets,
      total: row(total),
      byTown: towns.map((r) => ({ regionCode: r.townCode!, regionName: labels.towns.get(r.townCode!) ?? null, ...row(r) })),
      byInspection: insp
        .map((r) => ({ inspectionId: r.inspectionId!, title: labels.inspections.get(r.inspectionId!) ?? null, ...row(r) }))
        .sort((a, b) => (a.title ?? '').localeCompare(b.title ?? '') || a.inspectionId.localeCompare(b.inspectionId)),
    };
  }

  /** The visits behind one number of the metrics (the same date, region and inspection). */
  outcomeVisits(
    principal: Principal,
    asOf: string,
    regionCode: string | null | undefined,
    inspectionId: string | null | undefined,
    outcome: InspectionVisitOutcome,
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<InspectionVisitResultEntity>> {
    return this.repo.outcomePage(principal, this.filter(asOf, regionCode, inspectionId), outcome, args, withTotalCount);
  }

  private filter(asOf: string, regionCode: string | null | undefined, inspectionId: string | null | undefined): VisitMetricFilter {
    if (!isLocalDate(asOf)) throw SupervisionErrors.invalidValue('asOf', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
    if (asOf > todayInChina()) throw SupervisionErrors.dateInFuture('asOf');
    return { asOf, regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined, inspectionId: inspectionId ?? undefined };
  }
}
