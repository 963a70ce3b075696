import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { changesOf, memberDuring, periodsOverlap } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { MemberEntity } from '../households/member.entity';
import { MembersRepository } from '../households/members.repository';
import { MembersService } from '../households/members.service';
import { ParametersErrors } from '../parameters/parameters.errors';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { FamilyDoctorContractEntity, FamilyDoctorFollowUpEntity } from './family-doctor.entity';
import { ContractFilter, FamilyDoctorRepository } from './family-doctor.repository';
import { FAMILY_DOCTOR_CONTRACT_AUDIT, FAMILY_DOCTOR_FOLLOW_UP_AUDIT } from './health.audited';
import { HEALTH_SECTOR } from './health.declaration';
import { HealthErrors } from './health.errors';
import { priorityDiseasesOf } from './health-rules';

/** The policy parameter naming the priority diseases of family-doctor contracts (RULES.md §5). */
export const FAMILY_DOCTOR_KEY = 'health.family_doctor';

/**
 * The registry's health conditions (HealthCondition) of a priority patient: a long-term chronic
 * illness or a serious illness. The registry does not name the disease; the contract does.
 */
export const PRIORITY_CONDITIONS = ['CHRONIC_ILLNESS', 'SERIOUS_ILLNESS'] as const;

export interface ContractTerms {
  doctor: string;
  clinic: string;
  startsOn: string;
  endsOn?: string | null;
  priorityDisease?: string | null;
  followUpsDue?: number;
}

/** A contract's terms as checked (trimmed, defaults filled): what is written. */
export type CheckedContractTerms = Required<ContractTerms> & { endsOn: string | null; priorityDisease: string | null };

/** The row checkCreate answers for insertChecked. */
export type NewContractRow = CheckedContractTerms & Pick<FamilyDoctorContractEntity, 'memberId' | 'householdId' | 'regionCode' | 'sector'>;

/**
 * A contract an import has checked in an earlier row of its file (a stored one corrected: its id;
 * a new one: null). A dry run writes nothing, so a later row of the member is checked for overlap
 * against the contracts as the file leaves them, not as they are stored; a real run's pending
 * contracts are the stored ones already.
 */
export interface PendingContract {
  id: string | null;
  memberId: string;
  startsOn: string;
  endsOn: string | null;
}

export interface WrittenContract {
  contract: FamilyDoctorContractEntity;
  parametersUsed: ParameterValue[];
}

/**
 * 家庭医生签约: contracts of members with family doctors and their follow-ups. One transaction per
 * use case locks the member (a member's contracts are checked against each other), checks the
 * write scope (the household's village, the health department), the member current and in the
 * household on the start, the period, the priority disease listed by health.family_doctor on the
 * start, no overlap with the member's other contracts; writes and audits.
 */
@Injectable()
export class FamilyDoctorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: FamilyDoctorRepository,
    private readonly members: MembersService,
    private readonly membersRepo: MembersRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<ContractFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FamilyDoctorContractEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<FamilyDoctorContractEntity[]> {
    return this.repo.contractsInScope(principal, ids);
  }

  followUpsOf(contractIds: readonly string[]): Promise<Map<string, FamilyDoctorFollowUpEntity[]>> {
    return this.repo.followUpsOf(contractIds);
  }

  async create(principal: Principal, input: ContractTerms & { memberId: string }): Promise<WrittenContract> {
    return this.dataSource.transaction(async (m) => {
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      const { row, parametersUsed } = await this.checkCreate(principal, m, member, input);
      return { contract: await this.insertChecked(m, row, 'health.createFamilyDoctorContract'), parametersUsed };
    });
  }

  /**
   * The checks of a new contract of a member found (and locked) in `scope`: the write scope, the
   * terms (checkTerms; `pending`: see PendingContract). Throws the coded errors; writes nothing (an
   * import's dry run stops here).
   */
  async checkCreate(scope: ScopeHolder, m: EntityManager, member: MemberEntity, input: ContractTerms, pending?: readonly PendingContract[]): Promise<{ row: NewContractRow; parametersUsed: ParameterValue[] }> {
    if (!inRegionScope(scope, member.regionCode, { sector: { value: HEALTH_SECTOR, access: 'write' } })) throw HealthErrors.outOfScope('input.memberId');
    const { terms, parametersUsed } = await this.checkTerms(m, member, input, undefined, pending);
    return { row: { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: HEALTH_SECTOR }, parametersUsed };
  }

  /** Writes a contract checked by checkCreate, with its audit row (`operation`: GraphQL's or an import's). */
  async insertChecked(m: EntityManager, row: NewContractRow, operation: 'health.createFamilyDoctorContract' | 'health.importFamilyDoctorContract'): Promise<FamilyDoctorContractEntity> {
    const contract = await this.repo.insertContract(m, row);
    await this.audit.change(m, FAMILY_DOCTOR_CONTRACT_AUDIT, operation, null, contract);
    return contract;
  }

  /** Corrects a contract (ends it, names another doctor…); send the version read. Checked again as a new contract; its follow-ups must stay within the period. */
  async update(principal: Principal, input: Partial<ContractTerms> & { id: string; version: number }): Promise<WrittenContract> {
    const { id, version, ...changes } = input;
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.contractsInScope(principal, [id], m, true);
      if (!found) throw HealthErrors.contractNotFound();
      if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
      const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
      const { terms, parametersUsed } = await this.checkUpdate(m, found, member, changes);
      return { contract: await this.applyUpdate(m, found, version, terms, 'health.updateFamilyDoctorContract'), parametersUsed };
    });
  }

  /**
   * The checks of corrected terms of a contract read (locked, in the write scope) of its member
   * (locked): the contract with the changes, checked again as a new one (`pending`: see
   * PendingContract), and none of its follow-ups outside the new period.
   */
  async checkUpdate(
    m: EntityManager,
    found: FamilyDoctorContractEntity,
    member: MemberEntity,
    changes: Partial<ContractTerms>,
    pending?: readonly PendingContract[],
  ): Promise<{ terms: CheckedContractTerms; parametersUsed: ParameterValue[] }> {
    const { terms, parametersUsed } = await this.checkTerms(m, member, { ...found, ...changesOf<Partial<ContractTerms>>(changes, ['endsOn', 'priorityDisease']) }, found.id, pending);
    const outside = await this.repo.followUpOutside(m, found.id, terms.startsOn, terms.endsOn);
    if (outside) throw HealthErrors.invalidPeriod(changes.startsOn !== undefined ? 'input.startsOn' : 'input.endsOn', `有 ${outside.followedOn} 的随访记录在新的签约期之外 (a follow-up falls outside the new period: remove it first)`);
    return { terms, parametersUsed };
  }

  /** Writes terms checked by checkUpdate (the version read), with its audit row. */
  async applyUpdate(
    m: EntityManager,
    before: FamilyDoctorContractEntity,
    version: number,
    terms: CheckedContractTerms,
    operation: 'health.updateFamilyDoctorContract' | 'health.importFamilyDoctorContract',
  ): Promise<FamilyDoctorContractEntity> {
    const after = await this.repo.updateContract(m, before.id, version, terms);
    await this.audit.change(m, FAMILY_DOCTOR_CONTRACT_AUDIT, operation, before, after);
    return after;
  }

  /** Deletes a contract entered in error with its follow-ups, with the reason (the audit trail keeps them); send the version read. */
  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<FamilyDoctorContractEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.contractsInScope(principal, [input.id], m, true);
      if (!found) throw HealthErrors.contractNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      const reason = input.reason.trim();
      for (const f of (await this.repo.followUpsOf([found.id], m)).get(found.id)!) await this.audit.change(m, FAMILY_DOCTOR_FOLLOW_UP_AUDIT, 'health.removeFollowUp', f, null, { reason });
      await this.repo.deleteContract(m, found.id);
      await this.audit.change(m, FAMILY_DOCTOR_CONTRACT_AUDIT, 'health.deleteFamilyDoctorContract', found, null, { reason });
      return found;
    });
  }

  /** Records a follow-up done under a contract in the caller's write scope, on a day within its period (not in the future). */
  async recordFollowUp(principal: Principal, input: { contractId: string; followedOn: string; note: string }): Promise<FamilyDoctorFollowUpEntity> {
    return this.dataSource.transaction(async (m) => {
      const [contract] = await this.repo.contractsInScope(principal, [input.contractId], m, true);
      if (!contract) throw HealthErrors.contractNotFound('input.contractId');
      if (!isLocalDate(input.followedOn) || input.followedOn > todayInChina()) throw HealthErrors.invalidValue('input.followedOn', '随访日期须为不晚于今天的日期 (a date, not in the future)');
      if (input.followedOn < contract.startsOn || (contract.endsOn !== null && input.followedOn > contract.endsOn)) throw HealthErrors.followUpOutside(contract);
      const note = input.note.trim();
      if (!note) throw HealthErrors.invalidValue('input.note', '须填写随访内容 (give the follow-up\'s note)');
      const followUp = await this.repo.insertFollowUp(m, { contractId: contract.id, followedOn: input.followedOn, note, regionCode: contract.regionCode, sector: contract.sector });
      await this.audit.change(m, FAMILY_DOCTOR_FOLLOW_UP_AUDIT, 'health.recordFollowUp', null, followUp);
      return followUp;
    });
  }

  /** Removes a follow-up entered in error, with the reason; send the version read. */
  async removeFollowUp(principal: Principal, input: { id: string; version: number; reason: string }): Promise<FamilyDoctorFollowUpEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.followUpsInScope(principal, [input.id], m, true);
      if (!found) throw HealthErrors.followUpNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await this.repo.deleteFollowUp(m, found.id);
      await this.audit.change(m, FAMILY_DOCTOR_FOLLOW_UP_AUDIT, 'health.removeFollowUp', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /**
   * The checks of a contract's terms for a member found (and locked). Throws the coded errors;
   * writes nothing. The overlap is checked against the member's other stored contracts, as
   * `pending` (an import's earlier rows) has them.
   */
  private async checkTerms(
    m: EntityManager,
    member: MemberEntity,
    input: ContractTerms,
    exceptId?: string,
    pending: readonly PendingContract[] = [],
  ): Promise<{ terms: CheckedContractTerms; parametersUsed: ParameterValue[] }> {
    const doctor = input.doctor.trim();
    const clinic = input.clinic.trim();
    if (!doctor) throw HealthErrors.invalidValue('input.doctor', '须填写家庭医生 (give the doctor)');
    if (!clinic) throw HealthErrors.invalidValue('input.clinic', '须填写签约机构 (give the clinic)');
    const endsOn = input.endsOn ?? null;
    if (endsOn !== null && endsOn < input.startsOn) throw HealthErrors.invalidPeriod('input.endsOn', `结束日期不能早于签约日期 ${input.startsOn} (ends before it starts)`);
    const followUpsDue = input.followUpsDue ?? 0;
    if (!Number.isInteger(followUpsDue) || followUpsDue < 0 || followUpsDue > 366) throw HealthErrors.invalidValue('input.followUpsDue', '应随访次数须为 0 至 366 的整数 (a whole number from 0 to 366)');
    if (!member.active || !memberDuring(member, input.startsOn, input.startsOn)) throw HealthErrors.notCurrent(Number(input.startsOn.slice(0, 4)), exceptId ? 'input.id' : 'input.memberId');
    const parametersUsed: ParameterValue[] = [];
    const priorityDisease = input.priorityDisease?.trim() || null;
    if (priorityDisease !== null) {
      const rule = await this.parameters.valueAt(FAMILY_DOCTOR_KEY, input.startsOn, member.regionCode, m);
      parametersUsed.push(rule);
      const diseases = rule.configured ? priorityDiseasesOf(rule.value) : null;
      if (!diseases) throw ParametersErrors.notConfigured(FAMILY_DOCTOR_KEY, input.startsOn, member.regionCode, 'input.priorityDisease');
      if (!diseases.includes(priorityDisease)) throw ParametersErrors.codeNotListed(FAMILY_DOCTOR_KEY, priorityDisease, diseases, 'input.priorityDisease');
    }
    const terms = { doctor, clinic, startsOn: input.startsOn, endsOn, priorityDisease, followUpsDue };
    const stored = (await this.repo.ofMember(m, member.id, exceptId)).filter((c) => !pending.some((p) => p.id === c.id));
    const other = [...stored, ...pending.filter((p) => p.memberId === member.id && (p.id === null || p.id !== exceptId))].find((c) => periodsOverlap(c, terms));
    if (other) throw HealthErrors.contractOverlap(other);
    return { terms, parametersUsed };
  }

  /**
   * 应签尽签: current members of the caller's region (or a subtree) whose registry health conditions
   * make them priority patients (PRIORITY_CONDITIONS), with no contract running on `asOf` (default
   * today in China), by name; the rule health.family_doctor in force then is listed with its status.
   */
  async priorityPatientsWithoutContract(
    principal: Principal,
    filter: { asOf?: string; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<MemberEntity> & { parametersUsed: ParameterValue[] }> {
    const asOf = filter.asOf ?? todayInChina();
    const rule = await this.parameters.valueAt(FAMILY_DOCTOR_KEY, asOf, filter.regionCode ?? principal.regionCode);
    const qb = this.membersRepo.query(principal, { regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, asOf });
    qb.andWhere(`m.health && CAST(:pcConditions AS health_condition[])`, { pcConditions: [...PRIORITY_CONDITIONS] }).andWhere(
      `NOT EXISTS (SELECT 1 FROM family_doctor_contracts c WHERE c.member_id = m.id AND c.starts_on <= CAST(:pcOn AS date) AND (c.ends_on IS NULL OR c.ends_on >= CAST(:pcOn AS date)))`,
      { pcOn: asOf },
    );
    const page = await paginate(qb, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (mm) => [mm.name, mm.id] }, { withTotalCount });
    return { ...page, parametersUsed: [rule] };
  }
}
