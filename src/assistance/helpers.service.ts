import { todayInChina } from '../common/dates/local-date';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { blindIndexOf, decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { HELPER_PHONE } from './assistance.declaration';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { SECRETS, Secrets } from '../config/secrets';
import { AuditService } from '../audit/audit.service';
import { subtreePrefix } from '../common/region/region-code';
import { RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { AssistingUnitEntity, HelperEntity, UnitKind, VillageAssignmentEntity, VillageRole } from './assistance.entities';
import { AssistanceErrors } from './assistance.errors';
import { HelpersRepository } from './helpers.repository';
import { ASSISTING_UNIT_AUDIT, HELPER_AUDIT, VILLAGE_ASSIGNMENT_AUDIT } from './assistance.audited';

export interface CreateUnit {
  name: string;
  kind: UnitKind;
  regionCode: string;
}

export interface CreateHelper {
  name: string;
  unitId: string;
  regionCode: string;
  position?: string | null;
  phone?: string | null;
}

export interface UpdateHelper {
  id: string;
  version: number;
  name?: string;
  unitId?: string;
  regionCode?: string;
  /** '' or null clears it. */
  position?: string | null;
  /** '' or null clears it. */
  phone?: string | null;
}

export interface AssignToVillage {
  regionCode: string;
  personName: string;
  unitId: string;
  role: VillageRole;
  startOn: string;
  endOn?: string | null;
}

export interface VillageTeamView {
  regionCode: string;
  asOf: string;
  firstSecretary: VillageAssignmentEntity | null;
  workTeamLeader: VillageAssignmentEntity | null;
  workTeamMembers: VillageAssignmentEntity[];
}

export const ROLE_LABEL: Record<VillageRole, string> = {
  [VillageRole.FIRST_SECRETARY]: '第一书记',
  [VillageRole.WORK_TEAM_LEADER]: '驻村工作队长',
  [VillageRole.WORK_TEAM_MEMBER]: '驻村工作队员',
};

/**
 * Assisting units, helpers (帮扶责任人) and village teams (第一书记, 驻村工作队). A caller manages
 * what lies in its region's subtree; units of the regions above its home are visible too, since
 * they send people down. Every change is audited in its transaction, the phone masked.
 */
@Injectable()
export class HelpersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repo: HelpersRepository,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  // ---- units ----

  listUnits(
    principal: Principal,
    filter: { regionCode?: string; kind?: UnitKind; nameContains?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<AssistingUnitEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.pageUnits(principal, { ...rest, withinPrefix: regionCode && subtreePrefix(regionCode) }, args, withTotalCount);
  }

  findUnitsByIds(ids: readonly string[]): Promise<AssistingUnitEntity[]> {
    return this.repo.findUnitsByIds(ids);
  }

  async createUnit(principal: Principal, input: CreateUnit): Promise<AssistingUnitEntity> {
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.checkRegion(principal, input.regionCode, 'regionCode', m);
        const unit = await this.repo.insertUnit(m, { name: input.name.trim(), kind: input.kind, regionCode: input.regionCode });
        await this.audit.change(m, ASSISTING_UNIT_AUDIT, 'assistance.createAssistingUnit', null, unit);
        return unit;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw AssistanceErrors.unitNameTaken();
      throw e;
    }
  }

  // ---- helpers ----

  listHelpers(
    principal: Principal,
    filter: { regionCode?: string; unitId?: string; nameContains?: string; phone?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HelperEntity>> {
    return this.repo.pageHelpers(
      principal,
      {
        withinPrefix: filter.regionCode && subtreePrefix(filter.regionCode),
        unitId: filter.unitId,
        nameContains: filter.nameContains,
        phoneHash: filter.phone ? blindIndexOf(this.secrets.cipher, HELPER_PHONE, filter.phone) : undefined,
      },
      args,
      withTotalCount,
    );
  }

  findHelpersInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<HelperEntity[]> {
    return this.repo.findHelpersInScope(principal, ids, manager, lock);
  }

  /** Without scope: for the helper of a pairing or visit the caller has already reached. */
  findHelpersByIds(ids: readonly string[]): Promise<HelperEntity[]> {
    return this.repo.findHelpersByIds(ids);
  }

  /** Village assignments (第一书记, 驻村工作队) in the caller's scope, by id (for another module's records that name one). */
  findAssignmentsInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<VillageAssignmentEntity[]> {
    return this.repo.findAssignmentsInScope(principal, ids, manager);
  }

  /** Every assignment of a village whose term overlaps [from, to], by role then start; the caller has checked the village's scope. */
  villageAssignmentsDuring(regionCode: string, from: string, to: string, manager?: EntityManager): Promise<VillageAssignmentEntity[]> {
    return this.repo.findVillageAssignmentsDuring(regionCode, from, to, manager);
  }

  async createHelper(principal: Principal, input: CreateHelper): Promise<HelperEntity> {
    return this.dataSource.transaction(async (m) => {
      await this.checkRegion(principal, input.regionCode, 'regionCode', m);
      await this.checkUnit(principal, input.unitId, m);
      const phone = input.phone || null;
      const helper = await this.repo.insertHelper(m, {
        name: input.name.trim(),
        unitId: input.unitId,
        regionCode: input.regionCode,
        position: input.position?.trim() || null,
        ...this.phoneColumns(phone),
      });
      await this.audit.change(m, HELPER_AUDIT, 'assistance.createHelper', null, { ...helper, phone });
      return helper;
    });
  }

  async updateHelper(principal: Principal, input: UpdateHelper): Promise<HelperEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findHelpersInScope(principal, [input.id], m);
      if (!before) throw AssistanceErrors.helperNotFound('id');
      const patch: Partial<HelperEntity> = {};
      if (input.name !== undefined) patch.name = input.name.trim();
      if (input.regionCode !== undefined) {
        await this.checkRegion(principal, input.regionCode, 'regionCode', m);
        patch.regionCode = input.regionCode;
      }
      if (input.unitId !== undefined) {
        await this.checkUnit(principal, input.unitId, m);
        patch.unitId = input.unitId;
      }
      if (input.position !== undefined) patch.position = input.position?.trim() || null;
      if (input.phone !== undefined) Object.assign(patch, this.phoneColumns(input.phone || null));
      const after = await this.repo.updateHelper(m, input.id, input.version, patch);
      const beforePhone = this.plainPhone(before);
      const afterPhone = input.phone !== undefined ? input.phone || null : beforePhone;
      await this.audit.change(m, HELPER_AUDIT, 'assistance.updateHelper', { ...before, phone: beforePhone }, { ...after, phone: afterPhone });
      return after;
    });
  }

  /** The full phone number, for a stated reason, written to the audit trail (PersonalDataSubject.HELPER_PHONE). */
  async revealPhone(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [helper] = await this.repo.findHelpersInScope(principal, [id], m);
      if (!helper) throw AssistanceErrors.helperNotFound('id');
      await this.audit.fact(m, HELPER_AUDIT, 'personalData.unmask', helper, { field: 'phone' }, { reason });
      return this.plainPhone(helper);
    });
  }

  maskedPhone(helper: HelperEntity): string | null {
    return maskedField(this.secrets.cipher, HELPER_PHONE, helper);
  }

  // ---- village teams ----

  async assignToVillage(principal: Principal, input: AssignToVillage): Promise<VillageAssignmentEntity> {
    const endOn = input.endOn ?? null;
    if (endOn && endOn < input.startOn) throw AssistanceErrors.endBeforeStart(input.startOn);
    return this.dataSource.transaction(async (m) => {
      const region = await this.checkRegion(principal, input.regionCode, 'regionCode', m);
      if (region !== RegionLevel.VILLAGE) throw AssistanceErrors.notAVillage('regionCode');
      await this.checkUnit(principal, input.unitId, m);
      const personName = input.personName.trim();
      await this.repo.lockVillageTeam(m, input.regionCode);
      const overlapping = await this.repo.findOverlappingAssignments(m, input.regionCode, input.role, input.startOn, endOn);
      if (input.role !== VillageRole.WORK_TEAM_MEMBER && overlapping.length) {
        throw AssistanceErrors.roleFilled(ROLE_LABEL[input.role], overlapping[0].personName);
      }
      if (overlapping.some((a) => a.personName === personName)) throw AssistanceErrors.alreadyOnTeam();
      const assignment = await this.repo.insertAssignment(m, {
        regionCode: input.regionCode,
        personName,
        unitId: input.unitId,
        role: input.role,
        startOn: input.startOn,
        endOn,
      });
      await this.audit.change(m, VILLAGE_ASSIGNMENT_AUDIT, 'assistance.assignToVillage', null, assignment);
      return assignment;
    });
  }

  async endVillageAssignment(principal: Principal, input: { id: string; endOn: string; version?: number }): Promise<VillageAssignmentEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findAssignmentsInScope(principal, [input.id], m, true);
      if (!before) throw AssistanceErrors.assignmentNotFound();
      // An open term, or one planned to end later than the new date, can be ended.
      if (before.endOn !== null && before.endOn <= input.endOn) throw AssistanceErrors.assignmentEnded();
      if (input.endOn < before.startOn) throw AssistanceErrors.endBeforeStart(before.startOn);
      const after = await this.repo.endAssignment(m, before.id, input.version ?? before.version, input.endOn);
      await this.audit.change(m, VILLAGE_ASSIGNMENT_AUDIT, 'assistance.endVillageAssignment', before, after);
      return after;
    });
  }

  /** A village's first secretary and work team on a date; null when the village is outside the scope. */
  async villageTeam(principal: Principal, regionCode: string, asOf = todayInChina()): Promise<VillageTeamView | null> {
    if (!inRegionScope(principal, regionCode)) return null;
    const active = await this.repo.findActiveAssignments(principal, regionCode, asOf);
    return {
      regionCode,
      asOf,
      firstSecretary: active.find((a) => a.role === VillageRole.FIRST_SECRETARY) ?? null,
      workTeamLeader: active.find((a) => a.role === VillageRole.WORK_TEAM_LEADER) ?? null,
      workTeamMembers: active.filter((a) => a.role === VillageRole.WORK_TEAM_MEMBER),
    };
  }

  // ---- checks ----

  /** The region exists and lies in the caller's scope; returns its level. */
  private async checkRegion(principal: Principal, regionCode: string, field: string, manager: EntityManager): Promise<RegionLevel> {
    const region = await this.regions.findByCode(regionCode, manager);
    if (!region) throw AssistanceErrors.regionNotFound(field);
    if (!inRegionScope(principal, region.code)) throw AssistanceErrors.regionOutOfScope(field);
    return region.level;
  }

  private async checkUnit(principal: Principal, unitId: string, manager: EntityManager): Promise<AssistingUnitEntity> {
    const [unit] = await this.repo.findUnitsVisibleTo(principal, [unitId], manager);
    if (!unit) throw AssistanceErrors.unitNotFound();
    return unit;
  }

  private plainPhone(helper: HelperEntity): string | null {
    return decryptField(this.secrets.cipher, HELPER_PHONE, helper);
  }

  private phoneColumns(phone: string | null): Pick<HelperEntity, 'phoneEnc' | 'phoneHash'> {
    return encryptField(this.secrets.cipher, HELPER_PHONE, phone) as Pick<HelperEntity, 'phoneEnc' | 'phoneHash'>;
  }
}
