import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { todayInChina } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { ParametersService } from '../parameters/parameters.service';
import { RegionsService } from '../regions/regions.service';
import { AccountabilityActionEntity, AccountabilityCaseEntity, AccountabilityCaseType } from './accountability.entity';
import { AccountabilityErrors } from './accountability.errors';
import { AccountabilityFilter, AccountabilityRepository } from './accountability.repository';
import { HotlineErrors } from './hotline.errors';
import { ACCOUNTABILITY_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';
import { SupervisionService } from './supervision.service';

/** The policy parameters accountability cases read (RULES.md §9). */
export const ACCOUNTABILITY_PARAMETERS = {
  situations: 'supervision.accountability_situations',
  actions: 'supervision.accountability_actions',
} as const;

export interface OpenAccountabilityCase {
  caseType: AccountabilityCaseType;
  situation: string;
  summary: string;
  persons?: { name: string; unit: string; post?: string | null }[] | null;
  units?: string[] | null;
  openedOn?: string | null;
  regionCode?: string | null;
  findingId?: string | null;
  hotlineCaseId?: string | null;
}

export interface AddAccountabilityAction {
  id: string;
  version: number;
  action: string;
  subject: string;
  decidedOn: string;
  note?: string | null;
}

export interface PublishAccountabilityCase {
  id: string;
  version: number;
  publishedOn: string;
  reference: string;
}

export interface AccountabilityRead {
  accountabilityCase: AccountabilityCaseEntity;
  actions: AccountabilityActionEntity[];
}

/**
 * The use cases of accountability cases (问责, issue #20 part 3): opened by the supervising side
 * from a finding, from a substantiated hotline case, or standalone, the situation a code of
 * supervision.accountability_situations; the actions (codes of supervision.accountability_actions)
 * against its persons and units; the publication (通报). One transaction each with its audit row.
 */
@Injectable()
export class AccountabilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AccountabilityRepository,
    private readonly findings: SupervisionService,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: AccountabilityFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AccountabilityCaseEntity>> {
    return this.repo.page(principal, filter, args, withTotalCount);
  }

  async get(principal: Principal, id: string): Promise<AccountabilityRead | null> {
    const a = await this.repo.findInScope(principal, id);
    return a ? { accountabilityCase: a, actions: (await this.repo.actionsOf([a.id])).get(a.id)! } : null;
  }

  actionsOf(ids: readonly string[]): Promise<Map<string, AccountabilityActionEntity[]>> {
    return this.repo.actionsOf(ids);
  }

  async open(principal: Principal, input: OpenAccountabilityCase): Promise<AccountabilityRead> {
    this.findings.requireSupervising(principal);
    const today = todayInChina();
    const openedOn = input.openedOn ?? today;
    if (openedOn > today) throw SupervisionErrors.dateInFuture('input.openedOn');
    if (input.findingId && input.hotlineCaseId) throw AccountabilityErrors.sourceConflict();
    if (!input.summary.trim()) throw SupervisionErrors.invalidValue('input.summary', '不能为空 (must not be blank)');
    const persons = (input.persons ?? []).map((p, n) => {
      if (!p.name.trim()) throw SupervisionErrors.invalidValue(`input.persons.${n}.name`, '不能为空 (must not be blank)');
      if (!p.unit.trim()) throw SupervisionErrors.invalidValue(`input.persons.${n}.unit`, '不能为空 (must not be blank)');
      return { name: p.name.trim(), unit: p.unit.trim(), post: p.post?.trim() || null };
    });
    const units = [...new Set((input.units ?? []).map((u) => u.trim()).filter(Boolean))];
    if (!persons.length && !units.length) throw AccountabilityErrors.nobody();
    return this.dataSource.transaction(async (m) => {
      const { regionCode, since } = await this.placeOf(principal, m, input);
      if (openedOn < since) throw SupervisionErrors.dateBeforeLastStep(since, 'input.openedOn');
      await this.parameters.requireListedCode(ACCOUNTABILITY_PARAMETERS.situations, input.situation.trim(), openedOn, regionCode, 'input.situation', m);
      const a = await this.repo.insert(m, {
        regionCode,
        caseType: input.caseType,
        situation: input.situation.trim(),
        summary: input.summary.trim(),
        persons,
        units,
        openedOn,
        findingId: input.findingId ?? null,
        hotlineCaseId: input.hotlineCaseId ?? null,
      });
      await this.audit.change(m, ACCOUNTABILITY_AUDIT, 'supervision.openAccountabilityCase', null, a);
      return { accountabilityCase: a, actions: [] };
    });
  }

  /** An action (批评教育 … 移送司法) against a person or unit of the case, dated not before the case was opened. */
  async addAction(principal: Principal, input: AddAccountabilityAction): Promise<AccountabilityRead> {
    this.findings.requireSupervising(principal);
    if (input.decidedOn > todayInChina()) throw SupervisionErrors.dateInFuture('input.decidedOn');
    return this.dataSource.transaction(async (m) => {
      const a = await this.repo.lockInScope(principal, input.id, m);
      if (!a) throw AccountabilityErrors.notFound();
      if (a.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: a.version });
      if (input.decidedOn < a.openedOn) throw SupervisionErrors.dateBeforeLastStep(a.openedOn, 'input.decidedOn');
      const subject = input.subject.trim();
      if (!a.persons.some((p) => p.name === subject) && !a.units.includes(subject)) throw AccountabilityErrors.subjectUnknown();
      await this.parameters.requireListedCode(ACCOUNTABILITY_PARAMETERS.actions, input.action.trim(), input.decidedOn, a.regionCode, 'input.action', m);
      const after = await this.repo.update(m, a.id, input.version, {});
      const action = await this.repo.insertAction(m, {
        caseId: a.id, regionCode: a.regionCode, action: input.action.trim(), subject, decidedOn: input.decidedOn, note: input.note?.trim() || null, actorId: principal.id, actorName: principal.name,
      });
      await this.audit.fact(m, ACCOUNTABILITY_AUDIT, 'supervision.addAccountabilityAction', after, { action: action.action, subject, decidedOn: action.decidedOn });
      return { accountabilityCase: after, actions: (await this.repo.actionsOf([a.id], m)).get(a.id)! };
    });
  }

  /** 通报: publishes the case once, with its reference. */
  async publish(principal: Principal, input: PublishAccountabilityCase): Promise<AccountabilityRead> {
    this.findings.requireSupervising(principal);
    if (input.publishedOn > todayInChina()) throw SupervisionErrors.dateInFuture('input.publishedOn');
    if (!input.reference.trim()) throw SupervisionErrors.invalidValue('input.reference', '不能为空 (must not be blank)');
    return this.dataSource.transaction(async (m) => {
      const a = await this.repo.lockInScope(principal, input.id, m);
      if (!a) throw AccountabilityErrors.notFound();
      if (a.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: a.version });
      if (a.publishedOn) throw AccountabilityErrors.published();
      if (input.publishedOn < a.openedOn) throw SupervisionErrors.dateBeforeLastStep(a.openedOn, 'input.publishedOn');
      const after = await this.repo.update(m, a.id, input.version, { publishedOn: input.publishedOn, publicationReference: input.reference.trim() });
      await this.audit.change(m, ACCOUNTABILITY_AUDIT, 'supervision.publishAccountabilityCase', a, after);
      return { accountabilityCase: after, actions: (await this.repo.actionsOf([a.id], m)).get(a.id)! };
    });
  }

  /**
   * The case's place and the earliest date it may be opened: a finding's place and found date, a
   * substantiated hotline case's place and reply date (a case not found substantiated is refused),
   * or, standalone, the region given (in the caller's scope). A region given beside a source must be the source's.
   */
  private async placeOf(principal: Principal, m: EntityManager, input: OpenAccountabilityCase): Promise<{ regionCode: string; since: string }> {
    let place: { regionCode: string; since: string } | null = null;
    if (input.findingId) {
      const f = await this.repo.findingInScope(principal, input.findingId, m);
      if (!f) throw SupervisionErrors.findingNotFound('input.findingId');
      place = { regionCode: f.regionCode, since: f.foundOn };
    } else if (input.hotlineCaseId) {
      const c = await this.repo.hotlineCaseInScope(principal, input.hotlineCaseId, m);
      if (!c) throw HotlineErrors.caseNotFound('input.hotlineCaseId');
      if (c.substantiated !== true) throw HotlineErrors.notSubstantiated('input.hotlineCaseId');
      place = { regionCode: c.regionCode, since: c.repliedOn! };
    }
    if (place) {
      if (input.regionCode && input.regionCode !== place.regionCode) throw SupervisionErrors.invalidValue('input.regionCode', '区划须与来源一致，可不填 (the region is the source\'s; leave it out)');
      return place;
    }
    if (!input.regionCode) throw SupervisionErrors.invalidValue('input.regionCode', '无来源的案件须填写区划 (a standalone case needs its region)');
    if (!(await this.regions.findByCode(input.regionCode, m))) throw SupervisionErrors.regionNotFound();
    if (!inRegionScope(principal, input.regionCode)) throw SupervisionErrors.regionOutOfScope();
    return { regionCode: input.regionCode, since: '0001-01-01' };
  }
}
