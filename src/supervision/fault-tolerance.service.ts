import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/access/principal';
import { applyRegionScope } from '../common/access/region-scope';
import { updateWithVersion, versionConflict } from '../common/concurrency/optimistic-update';
import { todayInChina } from '../common/dates/local-date';
import { checkTransition } from '../common/procedure/procedure';
import { ParametersService } from '../parameters/parameters.service';
import { AccountabilityErrors } from './accountability.errors';
import { AccountabilityRepository } from './accountability.repository';
import { FAULT_TOLERANCE_PROCEDURE, FaultToleranceAction } from './fault-tolerance-procedure';
import { FaultToleranceDistinction, FaultToleranceFactor, FaultToleranceRequestEntity, FaultToleranceStage } from './fault-tolerance.entity';
import { FAULT_TOLERANCE_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';
import { SupervisionService } from './supervision.service';

/** The decisions' parameter (RULES.md §9: 免责; 从轻; 减轻; 不予容错). */
export const FAULT_TOLERANCE_DECISIONS_KEY = 'supervision.fault_tolerance_decisions';

export interface RequestFaultTolerance {
  caseId: string;
  applicant: string;
  grounds: string;
  distinctions: FaultToleranceDistinction[];
  requestedOn?: string | null;
}

export interface FaultToleranceStep {
  id: string;
  version: number;
  action: FaultToleranceAction;
  effectiveOn?: string | null;
  note?: string | null;
  factors?: { factor: FaultToleranceFactor; assessment: string }[] | null;
  decision?: string | null;
}

/**
 * Fault-tolerance requests (容错, §27, issue #20 part 3): recorded by the supervising side for a
 * person or unit of an accountability case, then verified (the factors weighed), decided (a code
 * of supervision.fault_tolerance_decisions as of the date) and fed back, by the kit's procedure
 * table (FAULT_TOLERANCE_PROCEDURE). One transaction per use case with its audit row.
 */
@Injectable()
export class FaultToleranceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: AccountabilityRepository,
    private readonly findings: SupervisionService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(FaultToleranceRequestEntity).createQueryBuilder('r');
  }

  get(principal: Principal, id: string): Promise<FaultToleranceRequestEntity | null> {
    return applyRegionScope(this.query().where('r.id = :id', { id }), 'r.region_code', principal).getOne();
  }

  /** The requests of cases (by request date), one statement. */
  async ofCases(caseIds: readonly string[]): Promise<Map<string, FaultToleranceRequestEntity[]>> {
    const out = new Map<string, FaultToleranceRequestEntity[]>(caseIds.map((id) => [id, []]));
    if (!caseIds.length) return out;
    const rows = await this.query().where('r.case_id IN (:...ids)', { ids: [...caseIds] }).orderBy('r.requested_on', 'ASC').addOrderBy('r.id', 'ASC').getMany();
    for (const r of rows) out.get(r.caseId)!.push(r);
    return out;
  }

  async request(principal: Principal, input: RequestFaultTolerance): Promise<FaultToleranceRequestEntity> {
    this.findings.requireSupervising(principal);
    const requestedOn = input.requestedOn ?? todayInChina();
    if (requestedOn > todayInChina()) throw SupervisionErrors.dateInFuture('input.requestedOn');
    if (!input.grounds.trim()) throw SupervisionErrors.invalidValue('input.grounds', '不能为空 (must not be blank)');
    if (!input.distinctions.length) throw SupervisionErrors.invalidValue('input.distinctions', '须说明适用的“三个区分开来”情形 (name the distinctions invoked)');
    return this.dataSource.transaction(async (m) => {
      const a = await this.cases.lockInScope(principal, input.caseId, m);
      if (!a) throw AccountabilityErrors.notFound('input.caseId');
      if (requestedOn < a.openedOn) throw SupervisionErrors.dateBeforeLastStep(a.openedOn, 'input.requestedOn');
      const applicant = input.applicant.trim();
      if (!a.persons.some((p) => p.name === applicant) && !a.units.includes(applicant)) throw AccountabilityErrors.subjectUnknown('input.applicant');
      const repo = m.getRepository(FaultToleranceRequestEntity);
      const r = await repo.save(
        repo.create({ caseId: a.id, regionCode: a.regionCode, applicant, grounds: input.grounds.trim(), distinctions: [...new Set(input.distinctions)], requestedOn, stage: FaultToleranceStage.REQUESTED, lastStepOn: requestedOn }),
      );
      await this.audit.change(m, FAULT_TOLERANCE_AUDIT, 'supervision.requestFaultTolerance', null, r);
      return r;
    });
  }

  async step(principal: Principal, input: FaultToleranceStep): Promise<FaultToleranceRequestEntity> {
    this.findings.requireSupervising(principal);
    const today = todayInChina();
    const on = input.effectiveOn ?? today;
    if (on > today) throw SupervisionErrors.dateInFuture('input.effectiveOn');
    return this.dataSource.transaction(async (m) => {
      const r = await applyRegionScope(this.query(m).where('r.id = :id', { id: input.id }), 'r.region_code', principal).setLock('pessimistic_write').getOne();
      if (!r) throw AccountabilityErrors.requestNotFound();
      if (r.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: r.version });
      const t = checkTransition(FAULT_TOLERANCE_PROCEDURE, { action: input.action, from: r.stage, held: this.findings.held(principal), input: { ...input } });
      if (on < r.lastStepOn) throw SupervisionErrors.dateBeforeLastStep(r.lastStepOn);
      const patch: Partial<FaultToleranceRequestEntity> = { stage: t.to, lastStepOn: on };
      if (input.action === 'VERIFY') {
        const factors: Partial<Record<FaultToleranceFactor, string>> = {};
        for (const [n, f] of (input.factors ?? []).entries()) {
          if (!f.assessment.trim()) throw SupervisionErrors.invalidValue(`input.factors.${n}.assessment`, '不能为空 (must not be blank)');
          factors[f.factor] = f.assessment.trim();
        }
        Object.assign(patch, { verification: input.note!.trim(), factors, verifiedOn: on });
      }
      if (input.action === 'DECIDE') {
        await this.parameters.requireListedCode(FAULT_TOLERANCE_DECISIONS_KEY, input.decision!.trim(), on, r.regionCode, 'input.decision', m);
        Object.assign(patch, { decision: input.decision!.trim(), decidedOn: on });
      }
      if (input.action === 'FEED_BACK') Object.assign(patch, { feedback: input.note!.trim(), fedBackOn: on });
      const after = await updateWithVersion(m, FaultToleranceRequestEntity, { column: 'id', value: r.id }, input.version, patch, () => AccountabilityErrors.requestNotFound());
      await this.audit.fact(m, FAULT_TOLERANCE_AUDIT, 'supervision.faultToleranceStep', after, { action: input.action, stage: { from: r.stage, to: t.to }, effectiveOn: on, decision: after.decision });
      return after;
    });
  }
}
