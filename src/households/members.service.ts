import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { CompiledAnswer, ReadPlan } from '../common/graphql/compiled-read';
import { Principal } from '../common/access/principal';
import { FieldProblem } from '../common/errors/app-error';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { AuditService } from '../audit/audit.service';
import { RegionsService } from '../regions/regions.service';
import { MemberInput, UpdateMemberInput } from './dto/household.inputs';
import { headFirst, HouseholdAsOf, MemberEntityAsOf, membersWithStates } from './as-of';
import { HouseholdEntity } from './household.entity';
import { HouseholdsErrors, HouseholdsReason } from './households.errors';
import { HouseholdsRepository } from './households.repository';
import { JoinReason, MemberEntity } from './member.entity';
import { ActiveHolder, MemberFilter, MembersRepository } from './members.repository';
import { normalizeDisabilityCertificate } from './protected-fields';
import { ProtectedFieldsService } from './protected-fields.service';
import { Relation, Sex } from './registry-codes';
import { emptyConnection, regionPrefixOf, stripUndefined } from './registry-helpers';
import { checkHouseholdMembers, checkMember, MemberFacts } from './registry-validation';
import { MEMBER_AUDIT } from './households.audited';
import { unchangedFor } from '../audit/audit-descriptor';
import { unchangedUpdate } from '../common/concurrency/optimistic-update';

/** The partial unique index that keeps one person in at most one active household. */
export const ONE_ACTIVE_HOUSEHOLD_INDEX = 'members_one_active_household';
const HOUSEHOLD_NUMBER_INDEX = 'households_household_number_key';

export interface MemberListFilter extends Omit<MemberFilter, 'regionPrefix' | 'idNumberHash'> {
  regionCode?: string;
  idNumber?: string;
}

/** A member checked and ready to insert (see prepareMember). */
export interface PreparedMember {
  /** Column values, encrypted ID number and its blind index included (household/region set on insert). */
  row: Partial<MemberEntity>;
  /** The normalised ID number, for the audit view and the one-household check. */
  idNumber: string;
  /** Input path of the member, for errors (`input.members.2`). */
  path: string;
}

/**
 * The registry's members: reads in the caller's region scope (as of a date too), the member
 * rules and the one-active-household rule on every write, corrections audited in one
 * transaction.
 *
 * For the households service and other modules (lifecycle): findInScope/getInScope, membersOf,
 * membersAsOf, prepareMember + insertMembers (inside your transaction: pass its manager),
 * checkAndPrepare (collects problems instead of throwing), mapUniqueViolation.
 */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly households: HouseholdsRepository,
    private readonly members: MembersRepository,
    private readonly fields: ProtectedFieldsService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ reads

  async list(principal: Principal, filter: MemberListFilter, args: ConnectionArgs, withTotalCount = false): Promise<Connection<MemberEntityAsOf>> {
    const { regionCode, idNumber, ...rest } = filter;
    const regionPrefix = regionCode ? await regionPrefixOf(this.regions, regionCode) : undefined;
    if (regionPrefix === null) return emptyConnection(withTotalCount);
    const idNumberHash = idNumber ? this.fields.hashIdNumber(idNumber) : undefined;
    const page = await this.members.page(principal, { ...rest, regionPrefix, idNumberHash }, args, withTotalCount);
    if (!rest.asOf) return page;
    // As of a date: each member with its household's state then (the head, relations; as-of.ts).
    const states = await this.statesOn([...new Set(page.edges.map((e) => e.node.householdId))], rest.asOf);
    const nodes = membersWithStates(page.edges.map((e) => e.node), states);
    return { ...page, edges: page.edges.map((e, i) => ({ ...e, node: nodes[i] })) };
  }

  /**
   * `list` answered by a compiled read (compiled-read.ts), with its total when asked: undefined as
   * of a date (the caller then reads through its resolvers), null when an answer could not be finished.
   */
  async listCompiled(principal: Principal, filter: MemberListFilter, args: ConnectionArgs, plan: ReadPlan, withTotalCount = false): Promise<Connection<CompiledAnswer> | null | undefined> {
    const { regionCode, idNumber, ...rest } = filter;
    const regionPrefix = regionCode ? await regionPrefixOf(this.regions, regionCode) : undefined;
    if (regionPrefix === null) return emptyConnection(withTotalCount);
    const idNumberHash = idNumber ? this.fields.hashIdNumber(idNumber) : undefined;
    return this.members.compiledPage(principal, { ...rest, regionPrefix, idNumberHash }, args, plan, withTotalCount);
  }

  /** The members of households (already checked for the caller) on a date, as of it: with their households' states, the head of the date first. */
  async membersAsOf(householdIds: readonly string[], date: string, manager?: EntityManager): Promise<MemberEntityAsOf[]> {
    const states = await this.statesOn(householdIds, date, manager);
    const members = membersWithStates(await this.members.findByHouseholds(householdIds, { asOf: date }, manager), states);
    return states.flatMap((s) => headFirst(members.filter((m) => m.householdId === s.householdId), s.headMemberId));
  }

  private statesOn(householdIds: readonly string[], date: string, manager?: EntityManager): Promise<HouseholdAsOf[]> {
    return this.households.statesAsOf(householdIds.map((householdId) => ({ householdId, date })), manager);
  }

  /** The members among `ids` the caller may see; pass `manager` inside a transaction. */
  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<MemberEntity[]> {
    return this.members.findInScope(principal, ids, manager);
  }

  /** One member in scope, or NOT_FOUND (the same answer for not allowed). `lock` takes a row lock (inside a transaction). */
  async getInScope(principal: Principal, id: string, manager?: EntityManager, opts: { field?: string; lock?: boolean } = {}): Promise<MemberEntity> {
    const [m] = await this.members.findInScope(principal, [id], manager, opts.lock);
    if (!m) throw HouseholdsErrors.memberNotFound(opts.field);
    return m;
  }

  /** Members of households the caller was already checked for: current by default, `all`, `asOf` a date, or every membership `startedBy` a date. */
  membersOf(householdIds: readonly string[], opts: { all?: boolean; asOf?: string; startedBy?: string } = {}, manager?: EntityManager): Promise<MemberEntity[]> {
    return this.members.findByHouseholds(householdIds, opts, manager);
  }

  /** Unscoped read for loaders and internal use after an access check. */
  findByIds(ids: readonly string[], manager?: EntityManager): Promise<MemberEntity[]> {
    return this.members.findByIds(ids, manager);
  }

  // ------------------------------------------------------------------ new members, for households and the lifecycle

  /**
   * Checks one member's input against the member rules and prepares its row (ID number
   * encrypted, blind index, sex and birth date derived). Throws BAD_USER_INPUT with the paths.
   */
  prepareMember(input: MemberInput, path: string, today: string = todayInChina()): PreparedMember {
    const { problems, prepared } = this.checkAndPrepare(input, path, today);
    if (problems.length) throw HouseholdsErrors.invalid(problems);
    return prepared as PreparedMember;
  }

  /** As prepareMember, but answers the problems instead of throwing (to report them with others). */
  checkAndPrepare(input: MemberInput, path: string, today: string): { problems: FieldProblem[]; prepared?: PreparedMember } {
    const check = checkMember(input, path, today);
    const problems = [...check.problems];
    if (input.joinedOn !== undefined && (!isLocalDate(input.joinedOn) || input.joinedOn > today)) {
      problems.push({ field: `${path}.joinedOn`, reason: HouseholdsReason.JOINED_ON_INVALID, message: '入户日期无效或晚于今天 (joined date invalid or in the future)' });
    }
    if (problems.length || !check.idNumber) return { problems };
    const idNumber = check.idNumber;
    const { idNumber: _raw, joinedOn, disabilityCertificate, ...fields } = input;
    const row: Partial<MemberEntity> = {
      ...(stripUndefined(fields) as Partial<MemberEntity>),
      disabilityCertificateEnc: this.fields.disabilityCertificateEnc(disabilityCertificate),
      name: input.name.trim(),
      idType: input.idType ?? 'RESIDENT_ID_CARD',
      ...this.fields.idNumberColumns(idNumber),
      sex: check.sex,
      birthDate: check.birthDate,
      health: input.health?.length ? input.health : ['HEALTHY'],
      joinedOn: joinedOn ?? today,
      joinReason: JoinReason.REGISTRATION,
    };
    return { problems, prepared: { row, idNumber, path } };
  }

  /**
   * Inserts memberships into a household inside the caller's transaction, after checking that
   * none of the persons is an active member elsewhere (CONFLICT naming the input field, and
   * nothing about the other household, in the caller's scope or not). A concurrent insert that
   * slips past the check fails on the unique index: wrap the transaction with mapUniqueViolation.
   */
  async insertMembers(
    manager: EntityManager,
    principal: Principal,
    household: Pick<HouseholdEntity, 'id' | 'regionCode'>,
    prepared: readonly PreparedMember[],
  ): Promise<MemberEntity[]> {
    await this.checkNotInAnotherHousehold(prepared.map((p) => ({ hash: p.row.idNumberHash as string, field: `${p.path}.idNumber` })), manager);
    return this.members.insertMany(
      manager,
      prepared.map((p) => ({ ...p.row, householdId: household.id, regionCode: household.regionCode, active: true })),
    );
  }

  /**
   * Maps a unique violation of the registry to its coded CONFLICT: one person in two active
   * households (members_one_active_household) or a household number taken. Call it on the error
   * of a transaction that inserted members or households; `fields` maps blind indexes to input
   * fields. Other errors are returned unchanged.
   */
  async mapUniqueViolation(principal: Principal, error: unknown, fields: { hash: string; field: string }[] = [], numberField = 'input.householdNumber'): Promise<unknown> {
    if (!(error instanceof QueryFailedError)) return error;
    const driver = error.driverError as { code?: string; constraint?: string };
    if (driver.code !== '23505') return error;
    if (driver.constraint === HOUSEHOLD_NUMBER_INDEX) return HouseholdsErrors.householdNumberTaken(numberField);
    if (driver.constraint === ONE_ACTIVE_HOUSEHOLD_INDEX) {
      const holders = await this.members.activeHolders(fields.map((f) => f.hash));
      const holder = holders[0];
      const field = fields.find((f) => f.hash === holder?.idNumberHash)?.field ?? fields[0]?.field ?? 'input.idNumber';
      return HouseholdsErrors.personInAnotherHousehold(field);
    }
    return error;
  }

  // ------------------------------------------------------------------ corrections

  /** Corrects a member's fields; the member and household rules run again; send the version read. */
  async update(principal: Principal, input: UpdateMemberInput): Promise<MemberEntity> {
    const { id, version, ...rest } = input;
    const given = stripUndefined(rest) as Partial<UpdateMemberInput>;
    if (!Object.keys(given).length) throw HouseholdsErrors.noChange('input');
    let hashField: { hash: string; field: string }[] = [];
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.getInScope(principal, id, m, { field: 'input.id' });
        const beforeId = this.fields.idNumberOf(before);
        const idChanged = given.idNumber !== undefined || given.idType !== undefined;
        // The merged record is checked as a whole; sex/birth date re-derive from the ID number
        // unless the correction gives them (a contradiction is refused).
        const merged: MemberFacts = {
          ...before,
          ...given,
          idNumber: given.idNumber ?? beforeId,
          sex: given.sex ?? (idChanged ? undefined : before.sex),
          birthDate: given.birthDate ?? (idChanged ? undefined : before.birthDate),
        };
        const check = checkMember(merged, 'input');
        if (check.problems.length) throw HouseholdsErrors.invalid(check.problems);
        const { idNumber: _id, disabilityCertificate, ...plain } = given;
        const patch: Partial<MemberEntity> = { ...(plain as Partial<MemberEntity>) };
        const beforeCertificate = this.fields.disabilityCertificateOf(before);
        if (disabilityCertificate !== undefined) {
          const certificate = normalizeDisabilityCertificate(disabilityCertificate);
          // Encrypted afresh only when it changes (a fresh IV would otherwise rewrite an equal value).
          if (certificate !== beforeCertificate) patch.disabilityCertificateEnc = this.fields.disabilityCertificateEnc(certificate);
        }
        patch.sex = check.sex as Sex;
        patch.birthDate = check.birthDate as string;
        const newId = check.idNumber as string;
        if (newId !== beforeId) {
          Object.assign(patch, this.fields.idNumberColumns(newId));
          hashField = [{ hash: patch.idNumberHash as string, field: 'input.idNumber' }];
          if (before.active) await this.checkNotInAnotherHousehold(hashField, m, [before.id]);
        }
        if (before.active && (given.relation !== undefined || patch.sex !== before.sex || newId !== beforeId)) {
          const others = (await this.members.findByHouseholds([before.householdId], {}, m)).filter((x) => x.id !== before.id);
          const problems = checkHouseholdMembers(
            [
              ...others.map((o) => ({ relation: o.relation, sex: o.sex, idNumber: this.fields.idNumberOf(o), path: '' })),
              { relation: (given.relation ?? before.relation) as Relation, sex: patch.sex, idNumber: newId, path: 'input' },
            ],
            'input.relation',
          );
          if (problems.length) throw HouseholdsErrors.invalid(problems);
        }
        if (unchangedFor(MEMBER_AUDIT, this.fields.memberAuditView(before, beforeId), this.fields.memberAuditView({ ...before, ...patch } as MemberEntity, newId))) {
          return unchangedUpdate(before, version);
        }
        const after = await this.members.update(m, id, version, patch);
        await this.audit.change(m, MEMBER_AUDIT, 'members.update', this.fields.memberAuditView(before, beforeId), this.fields.memberAuditView(after, newId));
        return after;
      });
    } catch (e) {
      throw await this.mapUniqueViolation(principal, e, hashField);
    }
  }

  /** One neutral refusal wherever the holder is: see HouseholdsErrors.personInAnotherHousehold. */
  private async checkNotInAnotherHousehold(fields: { hash: string; field: string }[], manager: EntityManager, exclude: string[] = []): Promise<void> {
    const holders: ActiveHolder[] = await this.members.activeHolders(fields.map((f) => f.hash), manager, exclude);
    if (!holders.length) return;
    const holder = holders[0];
    const field = fields.find((f) => f.hash === holder.idNumberHash)?.field ?? fields[0].field;
    throw HouseholdsErrors.personInAnotherHousehold(field);
  }
}
