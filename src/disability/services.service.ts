import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { changesOf } from '../common/kit/records';
import { compareAmounts } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { MemberEntity } from '../households/member.entity';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { DISABILITY_SERVICE_AUDIT, DISABILITY_SERVICE_NEED_AUDIT } from './disability.audited';
import { DISABILITY_SECTOR } from './disability.declaration';
import { DisabilityErrors } from './disability.errors';
import { pastDay, requiredText } from './input-checks';
import { CHILD_REHAB_AID_KEY, CHILD_REHAB_AID_MAX_AGE_KEY, checkServiceDetail, childRehabAidOf, SERVICE_LIST_ITEM, serviceAmount, ServiceDetailInput, SERVICES_KEY } from './services-rules';
import { DisabilityCareMode, DisabilityServiceEntity, DisabilityServiceKind, DisabilityServiceNeedEntity, DisabilityServiceNeedStatus } from './services.entities';
import { ServiceFilter, ServiceNeedFilter, ServicesRepository, ServiceTotalsRow } from './services.repository';

const WRITE = { sector: { value: DISABILITY_SECTOR, access: 'write' as const } };

export interface ServiceNeedTerms {
  kind: DisabilityServiceKind;
  careMode?: DisabilityCareMode | null;
  assessedOn: string;
  description: string;
}

export interface ServiceTerms extends ServiceDetailInput {
  kind: DisabilityServiceKind;
  deliveredOn: string;
  provider: string;
  cost: string;
  subsidy: string;
}

/** A service written, with the parameters read (disability.services, and for rehabilitation the children's aid). */
export interface WrittenService {
  service: DisabilityServiceEntity;
  /** The need after the write (met by it, or reopened by a deletion), when it was recorded against one. */
  need: DisabilityServiceNeedEntity | null;
  parametersUsed: ParameterValue[];
}

/** A stored service's detail as the API takes it (its kind's only). */
function storedDetail(s: DisabilityServiceEntity): ServiceDetailInput {
  switch (s.kind) {
    case DisabilityServiceKind.REHABILITATION:
      return { rehabilitation: { programme: s.programme ?? '', sessions: s.sessions ?? 0 } };
    case DisabilityServiceKind.ASSISTIVE_DEVICE:
      return { device: { deviceType: s.deviceType ?? '', quantity: s.quantity ?? 0 } };
    case DisabilityServiceKind.HOME_ADAPTATION:
      return { adaptation: { items: s.adaptationItems ?? '', completedOn: s.completedOn ?? '', acceptedOn: s.acceptedOn } };
    case DisabilityServiceKind.CARE:
      return { care: { mode: s.careMode!, institution: s.institution ?? '', periodStart: s.periodStart ?? '', periodEnd: s.periodEnd } };
  }
}


/**
 * Disability services (残疾人服务, issue #18 part 4): service needs of disabled members
 * (rehabilitation, assistive devices, barrier-free home adaptation, care) and the services
 * delivered against them or directly, each kind checked against disability.services in force on
 * its day in the village; rehabilitation of a child flagged for the children's rehabilitation
 * aid. Region-scoped; the disabled persons' federation writes (the module's sector write scope);
 * every write is one transaction with its audit rows.
 */
@Injectable()
export class ServicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ServicesRepository,
    private readonly members: MembersService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  async createNeed(principal: Principal, input: ServiceNeedTerms & { memberId: string }): Promise<DisabilityServiceNeedEntity> {
    const terms = this.checkNeedTerms(input);
    return this.dataSource.transaction(async (m) => {
      const member = await this.writableMember(principal, m, input.memberId);
      await this.checkDisabled(m, member, terms.assessedOn, 'input.memberId');
      const need = await this.repo.insert(m, DisabilityServiceNeedEntity, { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: DISABILITY_SECTOR });
      await this.audit.change(m, DISABILITY_SERVICE_NEED_AUDIT, 'disability.createServiceNeed', null, need);
      return need;
    });
  }

  /** Corrects a need, withdraws it or reopens it (MET comes only from a delivered service); send the version read. */
  async updateNeed(principal: Principal, input: Partial<ServiceNeedTerms> & { id: string; version: number; status?: DisabilityServiceNeedStatus }): Promise<DisabilityServiceNeedEntity> {
    const { id, version, status, ...given } = input;
    if (status === DisabilityServiceNeedStatus.MET) throw DisabilityErrors.invalidValue('input.status', '需求在登记服务后自动标为已满足 (a need is met by a delivered service)');
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.find(m, DisabilityServiceNeedEntity, principal, [id], true);
      if (!found) throw DisabilityErrors.serviceNeedNotFound();
      if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
      const changes = changesOf<Partial<ServiceNeedTerms>>(given, ['careMode']);
      const terms = this.checkNeedTerms({ kind: found.kind, careMode: found.careMode, assessedOn: found.assessedOn, description: found.description, ...changes });
      if (await this.repo.needHasServices(m, found.id)) {
        if (terms.kind !== found.kind) throw DisabilityErrors.serviceKindMismatch();
        if (terms.assessedOn !== found.assessedOn) throw DisabilityErrors.invalidValue('input.assessedOn', '已登记服务的需求不能更改评估日期 (services were delivered against the need: its assessment day stays)');
      }
      if (terms.assessedOn !== found.assessedOn) {
        const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id' });
        await this.checkDisabled(m, member, terms.assessedOn, 'input.assessedOn');
      }
      // Reopening a need met by a service is refused: the service stays against it.
      let next = found.status;
      if (status === DisabilityServiceNeedStatus.WITHDRAWN) next = status;
      if (status === DisabilityServiceNeedStatus.OPEN) next = (await this.repo.needHasServices(m, found.id)) ? DisabilityServiceNeedStatus.MET : status;
      const after = await this.repo.update(m, DisabilityServiceNeedEntity, found, { ...terms, status: next });
      await this.audit.change(m, DISABILITY_SERVICE_NEED_AUDIT, 'disability.updateServiceNeed', found, after);
      return after;
    });
  }

  /**
   * Records a service delivered to a member, against a need (its member, kind and not before its
   * assessment; the need becomes MET) or directly (the member certified or marked disabled).
   */
  async createService(principal: Principal, input: ServiceTerms & { memberId?: string | null; needId?: string | null }): Promise<WrittenService> {
    if (!input.memberId && !input.needId) throw DisabilityErrors.invalidValue('input.memberId', '须填写成员或服务需求 (a member or a need)');
    return this.dataSource.transaction(async (m) => {
      let need: DisabilityServiceNeedEntity | null = null;
      if (input.needId) {
        [need] = await this.repo.find(m, DisabilityServiceNeedEntity, principal, [input.needId], true);
        if (!need) throw DisabilityErrors.serviceNeedNotFound('input.needId');
        if (input.memberId && input.memberId !== need.memberId) throw DisabilityErrors.invalidValue('input.memberId', '成员与服务需求的成员不符 (not the need\'s member)');
      }
      const member = await this.writableMember(principal, m, need?.memberId ?? input.memberId!, need ? 'input.needId' : 'input.memberId');
      const { row, parametersUsed } = await this.checkServiceTerms(m, member, need, input);
      const service = await this.repo.insert(m, DisabilityServiceEntity, { ...row, needId: need?.id ?? null, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: DISABILITY_SECTOR });
      await this.audit.change(m, DISABILITY_SERVICE_AUDIT, 'disability.createService', null, service);
      if (need && need.status !== DisabilityServiceNeedStatus.MET) {
        const met = await this.repo.update(m, DisabilityServiceNeedEntity, need, { status: DisabilityServiceNeedStatus.MET });
        await this.audit.change(m, DISABILITY_SERVICE_NEED_AUDIT, 'disability.createService', need, met);
        need = met;
      }
      return { service, need, parametersUsed };
    });
  }

  /**
   * Corrects a service (not its member or need); send the version read. Omitted fields keep their
   * stored values; a new kind needs its own detail. Checked again as a new service (the list in
   * force on the new day, the children's aid re-decided).
   */
  async updateService(principal: Principal, input: Partial<ServiceTerms> & { id: string; version: number }): Promise<WrittenService> {
    const { id, version, ...given } = input;
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.find(m, DisabilityServiceEntity, principal, [id], true);
      if (!found) throw DisabilityErrors.serviceNotFound();
      if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
      const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
      const [need] = found.needId ? await this.repo.find(m, DisabilityServiceNeedEntity, principal, [found.needId], true) : [null];
      const changes = changesOf<Partial<ServiceTerms>>(given);
      const kind = changes.kind ?? found.kind;
      const merged: ServiceTerms = { ...(kind === found.kind ? storedDetail(found) : {}), kind, deliveredOn: found.deliveredOn, provider: found.provider, cost: found.cost, subsidy: found.subsidy, ...changes };
      const { row, parametersUsed } = await this.checkServiceTerms(m, member, need ?? null, merged, true);
      const after = await this.repo.update(m, DisabilityServiceEntity, found, row);
      await this.audit.change(m, DISABILITY_SERVICE_AUDIT, 'disability.updateService', found, after);
      return { service: after, need: need ?? null, parametersUsed };
    });
  }

  /** Deletes a service entered in error, with the reason; a need it alone met is open again. Send the version read. */
  async deleteService(principal: Principal, input: { id: string; version: number; reason: string }): Promise<WrittenService> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.find(m, DisabilityServiceEntity, principal, [input.id], true);
      if (!found) throw DisabilityErrors.serviceNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await this.repo.deleteService(m, found.id);
      await this.audit.change(m, DISABILITY_SERVICE_AUDIT, 'disability.deleteService', found, null, { reason: input.reason.trim() });
      let need: DisabilityServiceNeedEntity | null = null;
      if (found.needId) {
        [need] = await this.repo.find(m, DisabilityServiceNeedEntity, principal, [found.needId], true);
        if (need && need.status === DisabilityServiceNeedStatus.MET && !(await this.repo.needHasServices(m, need.id))) {
          const reopened = await this.repo.update(m, DisabilityServiceNeedEntity, need, { status: DisabilityServiceNeedStatus.OPEN });
          await this.audit.change(m, DISABILITY_SERVICE_NEED_AUDIT, 'disability.deleteService', need, reopened);
          need = reopened;
        }
      }
      return { service: found, need: need ?? null, parametersUsed: [] };
    });
  }

  findNeedsInScope(principal: Principal, ids: readonly string[]): Promise<DisabilityServiceNeedEntity[]> {
    return this.repo.find(undefined, DisabilityServiceNeedEntity, principal, ids);
  }

  findServicesInScope(principal: Principal, ids: readonly string[]): Promise<DisabilityServiceEntity[]> {
    return this.repo.find(undefined, DisabilityServiceEntity, principal, ids);
  }

  needs(principal: Principal, filter: Omit<ServiceNeedFilter, 'withinPrefix' | 'unmetOn'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilityServiceNeedEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.needPage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  /** Needs assessed by the day (default today), not withdrawn, without a service delivered against them by it; oldest assessment first. */
  unmetNeeds(principal: Principal, filter: { regionCode?: string; asOf?: string; kind?: DisabilityServiceKind }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilityServiceNeedEntity> & { asOf: string }> {
    const asOf = filter.asOf ?? todayInChina();
    if (!isLocalDate(asOf)) throw DisabilityErrors.invalidValue('asOf', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
    return this.repo
      .needPage(principal, { kind: filter.kind, unmetOn: asOf, withinPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined }, args, withTotalCount)
      .then((page) => ({ ...page, asOf }));
  }

  services(principal: Principal, filter: Omit<ServiceFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilityServiceEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.servicePage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  /** The year's services in your region (or a subtree) by village and kind, with counts and exact sums. */
  totals(principal: Principal, filter: { year: number; regionCode?: string; kind?: DisabilityServiceKind }): Promise<ServiceTotalsRow[]> {
    if (!Number.isInteger(filter.year) || filter.year < 2010 || filter.year > 2100) throw DisabilityErrors.invalidValue('year', '年度应在 2010–2100 之间 (a year 2010–2100)');
    return this.repo.totals(principal, { year: filter.year, kind: filter.kind, withinPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined });
  }

  /** The member, locked, in the caller's write scope (the federation's officers of its region) and current. */
  private async writableMember(principal: Principal, m: EntityManager, memberId: string, field = 'input.memberId'): Promise<MemberEntity> {
    const member = await this.members.getInScope(principal, memberId, m, { field, lock: true });
    if (!inRegionScope(principal, member.regionCode, WRITE)) throw DisabilityErrors.outOfScope(field);
    if (!member.active) throw DisabilityErrors.notCurrent(field);
    return member;
  }

  /** A need or a direct service is for a disabled member: a certificate valid on the day, or the registry's health DISABLED. */
  private async checkDisabled(m: EntityManager, member: MemberEntity, day: string, field: string): Promise<void> {
    if ((member.health ?? []).includes('DISABLED')) return;
    if (!(await this.repo.certifiedOn(m, member.id, day))) throw DisabilityErrors.serviceMemberNotDisabled(day, field);
  }

  private checkNeedTerms(input: ServiceNeedTerms): ServiceNeedTerms & { careMode: DisabilityCareMode | null } {
    const careMode = input.careMode ?? null;
    if (input.kind === DisabilityServiceKind.CARE && careMode === null) throw DisabilityErrors.serviceDetail('input.careMode', '照料需求须填写照料方式 (care needs its mode: CENTRALISED or HOME)');
    if (input.kind !== DisabilityServiceKind.CARE && careMode !== null) throw DisabilityErrors.serviceDetail('input.careMode', '仅照料需求填写照料方式 (only care takes a mode)');
    return { kind: input.kind, careMode, assessedOn: pastDay(input.assessedOn, 'input.assessedOn'), description: requiredText(input.description, 'input.description', 500) };
  }

  /**
   * The checks of a service's terms for a member found (and locked), against its need if any:
   * the day (not in the future, not before the need's assessment), the provider, the kind's
   * detail, the amounts (not negative, at most 2 decimals, the subsidy not above the cost), the
   * kind listed in disability.services in force on the day in the village, and for rehabilitation
   * the children's aid. Writes nothing.
   */
  private async checkServiceTerms(
    m: EntityManager,
    member: MemberEntity,
    need: DisabilityServiceNeedEntity | null,
    input: ServiceTerms,
    correction = false,
  ): Promise<{ row: Partial<DisabilityServiceEntity>; parametersUsed: ParameterValue[] }> {
    const deliveredOn = pastDay(input.deliveredOn, 'input.deliveredOn');
    if (need) {
      if (!correction && need.status === DisabilityServiceNeedStatus.WITHDRAWN) throw DisabilityErrors.serviceNeedWithdrawn();
      if (input.kind !== need.kind) throw DisabilityErrors.serviceKindMismatch();
      if (deliveredOn < need.assessedOn) throw DisabilityErrors.invalidPeriod('input.deliveredOn', `服务日期不能早于需求评估日期 ${need.assessedOn} (delivered before the need was assessed)`);
    } else {
      await this.checkDisabled(m, member, deliveredOn, 'input.memberId');
    }
    const provider = requiredText(input.provider, 'input.provider', 200);
    const detail = checkServiceDetail(input.kind, input);
    if (!detail.ok) {
      const p = detail.problem;
      if (p.problem === 'DETAIL_MISMATCH') throw DisabilityErrors.serviceDetail(p.field, p.message);
      if (p.problem === 'INVALID_PERIOD') throw DisabilityErrors.invalidPeriod(p.field, p.message);
      throw DisabilityErrors.invalidValue(p.field, p.message);
    }
    if (need?.careMode && detail.columns.careMode !== need.careMode) throw DisabilityErrors.serviceKindMismatch('input.care.mode');
    const cost = serviceAmount(input.cost);
    if (cost === null) throw DisabilityErrors.serviceAmount('input.cost');
    const subsidy = serviceAmount(input.subsidy);
    if (subsidy === null) throw DisabilityErrors.serviceAmount('input.subsidy');
    if (compareAmounts(subsidy, cost) > 0) throw DisabilityErrors.subsidyAboveCost();
    const listed = await this.parameters.requireListedCode(SERVICES_KEY, SERVICE_LIST_ITEM[input.kind], deliveredOn, member.regionCode, 'input.kind', m);
    const parametersUsed = [listed];
    let childRehabAid = null;
    if (input.kind === DisabilityServiceKind.REHABILITATION) {
      const [aid, maxAge] = await this.parameters.valuesAt([CHILD_REHAB_AID_KEY, CHILD_REHAB_AID_MAX_AGE_KEY], deliveredOn, member.regionCode, m);
      const aidInForce = aid.configured && aid.value === true;
      parametersUsed.push(aid);
      if (aidInForce) parametersUsed.push(maxAge);
      childRehabAid = childRehabAidOf({ kind: input.kind, birthDate: member.birthDate, deliveredOn, aidInForce, maxAge: maxAge.configured ? Number(maxAge.value) : null });
    }
    return { row: { kind: input.kind, deliveredOn, provider, ...detail.columns, cost, subsidy, childRehabAid }, parametersUsed };
  }
}
