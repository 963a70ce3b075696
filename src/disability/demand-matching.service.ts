import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { AppError } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { changesOf } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { checkTransition } from '../common/procedure/procedure';
import { isWithin, subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { HouseholdsService } from '../households/households.service';
import { MembersService } from '../households/members.service';
import { ASSISTANCE_MATCH_AUDIT, ASSISTANCE_NEED_AUDIT, ASSISTANCE_PROVIDER_AUDIT } from './disability.audited';
import { SOCIAL_ASSISTANCE_SECTOR } from './disability.declaration';
import { DisabilityErrors } from './disability.errors';
import { pastDay, requiredText } from './input-checks';
import { DEMAND_MATCH_PROCEDURE, DemandMatchAction } from './demand-matching-procedure';
import {
  AssistanceMatchEntity,
  AssistanceMatchStage,
  AssistanceNeedEntity,
  AssistanceNeedKind,
  AssistanceNeedStatus,
  AssistanceProviderEntity,
  AssistanceProviderKind,
} from './demand-matching.entities';
import { DemandMatchingRepository, MatchFilter, NeedFilter, ProviderFilter } from './demand-matching.repository';

const WRITE = { sector: { value: SOCIAL_ASSISTANCE_SECTOR, access: 'write' as const } };

function kinds(offers: readonly AssistanceNeedKind[], field: string): AssistanceNeedKind[] {
  const unique = [...new Set(offers)];
  if (!unique.length) throw DisabilityErrors.invalidValue(field, '至少提供一类帮扶 (at least one kind offered)');
  return unique;
}

/**
 * The social-assistance network (§21): needs recorded per registered household, providers (units,
 * enterprises, social organisations, volunteers) with what they offer and the region they serve,
 * and the matches of a need with a provider through proposed → accepted → delivered / declined
 * (the kit's procedure table). Region-scoped; civil affairs writes (the module's sector write
 * scope); every write is one transaction with its audit rows.
 */
@Injectable()
export class DemandMatchingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: DemandMatchingRepository,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly audit: AuditService,
  ) {}

  async createNeed(principal: Principal, input: { householdId: string; memberId?: string | null; kind: AssistanceNeedKind; description: string; recordedOn?: string | null }): Promise<AssistanceNeedEntity> {
    const description = requiredText(input.description, 'input.description', 500);
    const recordedOn = pastDay(input.recordedOn, 'input.recordedOn');
    return this.dataSource.transaction(async (m) => {
      const h = await this.households.getInScope(principal, input.householdId, m, { field: 'input.householdId', lock: true });
      if (!inRegionScope(principal, h.regionCode, WRITE)) throw DisabilityErrors.outOfScope('input.householdId');
      if (input.memberId) await this.checkMember(principal, m, h.id, input.memberId);
      const need = await this.repo.insert(m, AssistanceNeedEntity, { householdId: h.id, memberId: input.memberId ?? null, kind: input.kind, description, recordedOn, regionCode: h.regionCode, sector: SOCIAL_ASSISTANCE_SECTOR });
      await this.audit.change(m, ASSISTANCE_NEED_AUDIT, 'disability.createAssistanceNeed', null, need);
      return need;
    });
  }

  /** Corrects a need, or withdraws / reopens it (MET comes only from a delivered match); send the version read. */
  async updateNeed(
    principal: Principal,
    input: { id: string; version: number; memberId?: string | null; kind?: AssistanceNeedKind; description?: string; recordedOn?: string; status?: AssistanceNeedStatus },
  ): Promise<AssistanceNeedEntity> {
    const { id, version, ...given } = input;
    const changes = changesOf(given, ['memberId']);
    if (changes.description !== undefined) changes.description = requiredText(changes.description, 'input.description', 500);
    if (changes.recordedOn !== undefined) changes.recordedOn = pastDay(changes.recordedOn, 'input.recordedOn');
    if (changes.status === AssistanceNeedStatus.MET) throw DisabilityErrors.invalidValue('input.status', '需求经对接落实后自动标为已满足 (a need is met by a delivered match)');
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.find(m, AssistanceNeedEntity, principal, [id], true);
      if (!found) throw DisabilityErrors.needNotFound();
      if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
      if (changes.memberId) await this.checkMember(principal, m, found.householdId, changes.memberId);
      const after = await this.repo.update<AssistanceNeedEntity>(m, AssistanceNeedEntity, found, changes);
      await this.audit.change(m, ASSISTANCE_NEED_AUDIT, 'disability.updateAssistanceNeed', found, after);
      return after;
    });
  }

  async createProvider(principal: Principal, input: { name: string; kind: AssistanceProviderKind; offers: AssistanceNeedKind[]; offering: string; regionCode: string }): Promise<AssistanceProviderEntity> {
    const row = { name: requiredText(input.name, 'input.name', 100), kind: input.kind, offers: kinds(input.offers, 'input.offers'), offering: requiredText(input.offering, 'input.offering', 500) };
    return this.dataSource.transaction(async (m) => {
      await this.checkProviderRegion(principal, m, input.regionCode);
      const provider = await this.repo.insert(m, AssistanceProviderEntity, { ...row, regionCode: input.regionCode, sector: SOCIAL_ASSISTANCE_SECTOR });
      await this.audit.change(m, ASSISTANCE_PROVIDER_AUDIT, 'disability.createAssistanceProvider', null, provider);
      return provider;
    });
  }

  async updateProvider(
    principal: Principal,
    input: { id: string; version: number; name?: string; kind?: AssistanceProviderKind; offers?: AssistanceNeedKind[]; offering?: string; regionCode?: string; active?: boolean },
  ): Promise<AssistanceProviderEntity> {
    const { id, version, ...given } = input;
    const changes = changesOf(given);
    if (changes.name !== undefined) changes.name = requiredText(changes.name, 'input.name', 100);
    if (changes.offering !== undefined) changes.offering = requiredText(changes.offering, 'input.offering', 500);
    if (changes.offers !== undefined) changes.offers = kinds(changes.offers, 'input.offers');
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.find(m, AssistanceProviderEntity, principal, [id], true);
      if (!found) throw DisabilityErrors.providerNotFound();
      if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
      if (changes.regionCode !== undefined) await this.checkProviderRegion(principal, m, changes.regionCode);
      const after = await this.repo.update<AssistanceProviderEntity>(m, AssistanceProviderEntity, found, changes);
      await this.audit.change(m, ASSISTANCE_PROVIDER_AUDIT, 'disability.updateAssistanceProvider', found, after);
      return after;
    });
  }

  /**
   * Proposes a provider for an open need: the provider active, serving the need's village (its
   * region's subtree) and offering the need's kind; one live match per need and provider. A
   * provider outside your region that does not serve the need's village answers as missing.
   */
  async createMatch(principal: Principal, input: { needId: string; providerId: string; proposedOn?: string | null }): Promise<AssistanceMatchEntity> {
    const proposedOn = pastDay(input.proposedOn, 'input.proposedOn');
    try {
      return await this.dataSource.transaction(async (m) => {
        const [need] = await this.repo.find(m, AssistanceNeedEntity, principal, [input.needId], true);
        if (!need) throw DisabilityErrors.needNotFound('input.needId');
        if (need.status !== AssistanceNeedStatus.OPEN) throw DisabilityErrors.needNotOpen();
        const provider = await this.repo.providerById(m, input.providerId);
        const serves = provider !== null && isWithin(need.regionCode, subtreePrefix(provider.regionCode));
        if (!provider || (!serves && !inRegionScope(principal, provider.regionCode))) throw DisabilityErrors.providerNotFound('input.providerId');
        if (!serves) throw DisabilityErrors.providerNotServing();
        if (!provider.active) throw DisabilityErrors.providerInactive();
        if (!provider.offers.includes(need.kind)) throw DisabilityErrors.providerKindNotOffered();
        if (proposedOn < need.recordedOn) throw DisabilityErrors.invalidPeriod('input.proposedOn', '对接日期不能早于需求登记日期 (not before the need was recorded)');
        if (await this.repo.liveMatchExists(m, need.id, provider.id)) throw DisabilityErrors.matchDuplicate();
        const match = await this.repo.insert(m, AssistanceMatchEntity, { needId: need.id, providerId: provider.id, proposedOn, regionCode: need.regionCode, sector: SOCIAL_ASSISTANCE_SECTOR });
        await this.audit.change(m, ASSISTANCE_MATCH_AUDIT, 'disability.createAssistanceMatch', null, match);
        return match;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw DisabilityErrors.matchDuplicate();
      throw e;
    }
  }

  /**
   * A step of a match (the procedure table): ACCEPT, DELIVER (with its outcome: the need becomes
   * MET), DECLINE (with why); on a day not before the previous step, not after today.
   */
  async advanceMatch(principal: Principal, input: { id: string; version: number; action: DemandMatchAction; on?: string | null; outcome?: string | null }): Promise<{ match: AssistanceMatchEntity; need: AssistanceNeedEntity }> {
    const on = pastDay(input.on, 'input.on');
    const outcome = input.outcome?.trim() || null;
    if (outcome && outcome.length > 500) throw DisabilityErrors.invalidValue('input.outcome', '最多 500 字 (at most 500 characters)');
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.find(m, AssistanceMatchEntity, principal, [input.id], true);
      if (!found) throw DisabilityErrors.matchNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      const t = checkTransition(DEMAND_MATCH_PROCEDURE, { action: input.action, from: found.stage, held: principal.permissions, input: { outcome } });
      if (on < (found.acceptedOn ?? found.proposedOn)) throw DisabilityErrors.invalidPeriod('input.on', '日期不能早于上一步 (not before the previous step)');
      const changes: Partial<AssistanceMatchEntity> = { stage: t.to as AssistanceMatchStage, ...(t.to === AssistanceMatchStage.ACCEPTED ? { acceptedOn: on } : { closedOn: on, outcome }) };
      const after = await this.repo.update<AssistanceMatchEntity>(m, AssistanceMatchEntity, found, changes);
      const operation = ({ ACCEPT: 'disability.acceptAssistanceMatch', DELIVER: 'disability.deliverAssistanceMatch', DECLINE: 'disability.declineAssistanceMatch' } as const)[input.action];
      await this.audit.change(m, ASSISTANCE_MATCH_AUDIT, operation, found, after);
      let [need] = await this.repo.find(m, AssistanceNeedEntity, principal, [found.needId], true);
      if (!need) throw DisabilityErrors.matchNotFound();
      if (t.to === AssistanceMatchStage.DELIVERED && need.status !== AssistanceNeedStatus.MET) {
        const met = await this.repo.update<AssistanceNeedEntity>(m, AssistanceNeedEntity, need, { status: AssistanceNeedStatus.MET });
        await this.audit.change(m, ASSISTANCE_NEED_AUDIT, 'disability.deliverAssistanceMatch', need, met);
        need = met;
      }
      return { match: after, need };
    });
  }

  needs(principal: Principal, filter: Omit<NeedFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AssistanceNeedEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.needPage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  providers(principal: Principal, filter: Omit<ProviderFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AssistanceProviderEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.providerPage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  matches(principal: Principal, filter: Omit<MatchFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AssistanceMatchEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.matchPage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  private async checkMember(principal: Principal, m: EntityManager, householdId: string, memberId: string): Promise<void> {
    const member = await this.members.getInScope(principal, memberId, m, { field: 'input.memberId' });
    if (member.householdId !== householdId || !member.active) throw DisabilityErrors.needMemberNotInHousehold();
  }

  private async checkProviderRegion(principal: Principal, m: EntityManager, regionCode: string): Promise<void> {
    if (!inRegionScope(principal, regionCode, WRITE)) throw DisabilityErrors.outOfScope('input.regionCode');
    if (!(await this.repo.regionExists(m, regionCode))) throw new AppError('NOT_FOUND', `行政区划 ${regionCode} 不存在 (region not found)`, { reason: CommonReason.REGION_NOT_FOUND, field: 'input.regionCode' });
  }
}
