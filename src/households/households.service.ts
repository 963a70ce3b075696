import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { AppError, FieldProblem } from '../common/errors/app-error';
import { parseCitizenId } from '../common/identity-number/citizen-id';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { SECRETS, Secrets } from '../config/secrets';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/audit-diff';
import { subtreePrefix } from '../common/region/region-code';
import { RegionEntity, RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { CreateHouseholdInput, MemberInput, UpdateHouseholdInput, UpdateMemberInput } from './dto/household.inputs';
import { SetHouseholdIncomeInput, SetMemberInsuranceInput } from './dto/income.inputs';
import { HouseholdIncomeEntity } from './household-income.entity';
import { INCOME_COMPONENTS, IncomeComponents, incomeTotals, IncomeTotals, perCapitaNetIncome } from './household-income';
import { headFirst, HouseholdAsOf, HouseholdEntityAsOf, householdPageAsOf, MemberEntityAsOf, membersWithStates } from './as-of';
import { FIRST_HEAD_REASON, HouseholdEventKind } from './household-event.entity';
import { HouseholdEntity, HouseholdValidity } from './household.entity';
import { HouseholdsErrors } from './households.errors';
import { HouseholdFilter, HouseholdSort, HouseholdsRepository } from './households.repository';
import { MemberInsuranceEntity } from './member-insurance.entity';
import { JoinReason, MemberEntity } from './member.entity';
import { ActiveHolder, MemberFilter, MembersRepository } from './members.repository';
import { Relation, Sex } from './registry-codes';
import {
  checkAmount,
  checkHousehold,
  checkHouseholdMembers,
  checkIncome,
  checkMember,
  isRealDate,
  MemberFacts,
  todayInChina,
  WARNING_RULES,
  WarningRuleCode,
} from './registry-validation';
import {
  BANK_ACCOUNT_DOMAIN,
  CITIZEN_ID_DOMAIN,
  decryptOptional,
  encryptOptional,
  normalizeBankAccount,
  normalizeDisabilityCertificate,
  PROTECTED_MASKS,
} from './protected-fields';

/** The partial unique index that keeps one person in at most one active household. */
export const ONE_ACTIVE_HOUSEHOLD_INDEX = 'members_one_active_household';
const HOUSEHOLD_NUMBER_INDEX = 'households_household_number_key';

/** Protected fields, recorded masked in the audit trail (DEFAULT_OMIT leaves out *Enc, *Hash, version, timestamps). */
const AUDIT_MASK = PROTECTED_MASKS;

export interface HouseholdListFilter extends Omit<HouseholdFilter, 'regionPrefix' | 'idNumberHash'> {
  /** A region whose subtree to list (looked up; an unknown code lists nothing). */
  regionCode?: string;
  /** Raw ID number, looked up through the blind index. */
  idNumber?: string;
}

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

/** One year's income with the computed totals and the per-capita figure. */
export interface IncomeSummary extends IncomeTotals {
  householdId: string;
  year: number;
  components: IncomeComponents;
  /** Members at the end of the year. */
  householdSize: number;
  /** Net income ÷ household size; null when the size is 0. */
  perCapitaNetIncome: string | null;
}

export interface DataQualityFinding {
  code: WarningRuleCode;
  reason: string;
  count: number;
  households: HouseholdEntity[];
}

/**
 * The registry: households and their members, incomes and insurance. Owns the rules (hard
 * consistency rules on every write; warnings in the data-quality report) and the access check
 * (region scope: not found and not allowed answer the same). Every write runs in one
 * transaction with its audit rows.
 *
 * For other modules (lifecycle, assistance, exchange): findInScope, findMembersInScope, membersOf,
 * incomeSummary, prepareMember + insertMembers (inside your transaction: pass its manager),
 * mapUniqueViolation, hashIdNumber, checkVillageInScope.
 */
@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly households: HouseholdsRepository,
    private readonly members: MembersRepository,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ reads

  async list(
    principal: Principal,
    filter: HouseholdListFilter,
    args: ConnectionArgs,
    sort: HouseholdSort = HouseholdSort.HOUSEHOLD_NUMBER,
    withTotalCount = false,
  ): Promise<Connection<HouseholdEntity>> {
    const { regionCode, idNumber, ...rest } = filter;
    const regionPrefix = regionCode ? await this.prefixOf(regionCode) : undefined;
    if (regionPrefix === null) return emptyConnection(withTotalCount);
    const idNumberHash = idNumber ? this.hashIdNumber(idNumber) : undefined;
    const page = await this.households.page(principal, { ...rest, regionPrefix, idNumberHash }, args, sort, withTotalCount);
    return rest.asOf ? this.asOfPage(page, rest.asOf) : page;
  }

  /** A page as of a date: status, validity, exit and registration years and head as they were then (see as-of.ts). */
  private async asOfPage(page: Connection<HouseholdEntity>, date: string): Promise<Connection<HouseholdEntityAsOf>> {
    return householdPageAsOf(page, await this.households.statesAsOf(page.edges.map((e) => ({ householdId: e.node.id, date }))));
  }

  /** The households among `ids` the caller may see; pass `manager` inside a transaction. */
  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<HouseholdEntity[]> {
    return this.households.findInScope(principal, ids, manager);
  }

  /** One household in scope, or NOT_FOUND (the same answer for not allowed). `lock` takes a row lock (inside a transaction). */
  async getInScope(principal: Principal, id: string, manager?: EntityManager, opts: { field?: string; lock?: boolean } = {}): Promise<HouseholdEntity> {
    const [h] = await this.households.findInScope(principal, [id], manager, opts.lock);
    if (!h) throw HouseholdsErrors.householdNotFound(opts.field);
    return h;
  }

  findByNumber(principal: Principal, householdNumber: string): Promise<HouseholdEntity | null> {
    return this.households.findByNumberInScope(principal, householdNumber.trim());
  }

  async listMembers(principal: Principal, filter: MemberListFilter, args: ConnectionArgs, withTotalCount = false): Promise<Connection<MemberEntityAsOf>> {
    const { regionCode, idNumber, ...rest } = filter;
    const regionPrefix = regionCode ? await this.prefixOf(regionCode) : undefined;
    if (regionPrefix === null) return emptyConnection(withTotalCount);
    const idNumberHash = idNumber ? this.hashIdNumber(idNumber) : undefined;
    const page = await this.members.page(principal, { ...rest, regionPrefix, idNumberHash }, args, withTotalCount);
    if (!rest.asOf) return page;
    // As of a date: each member with its household's state then (the head, relations; as-of.ts).
    const states = await this.statesOn([...new Set(page.edges.map((e) => e.node.householdId))], rest.asOf);
    const nodes = membersWithStates(page.edges.map((e) => e.node), states);
    return { ...page, edges: page.edges.map((e, i) => ({ ...e, node: nodes[i] })) };
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

  findMembersInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<MemberEntity[]> {
    return this.members.findInScope(principal, ids, manager);
  }

  async getMemberInScope(principal: Principal, id: string, manager?: EntityManager, opts: { field?: string; lock?: boolean } = {}): Promise<MemberEntity> {
    const [m] = await this.members.findInScope(principal, [id], manager, opts.lock);
    if (!m) throw HouseholdsErrors.memberNotFound(opts.field);
    return m;
  }

  /** Members of households the caller was already checked for: current by default, `all`, `asOf` a date, or every membership `startedBy` a date. */
  membersOf(householdIds: readonly string[], opts: { all?: boolean; asOf?: string; startedBy?: string } = {}, manager?: EntityManager): Promise<MemberEntity[]> {
    return this.members.findByHouseholds(householdIds, opts, manager);
  }

  /** Unscoped reads for loaders and internal use after an access check. */
  findByIds(ids: readonly string[], manager?: EntityManager): Promise<HouseholdEntity[]> {
    return this.households.findByIds(ids, manager);
  }

  findMembersByIds(ids: readonly string[], manager?: EntityManager): Promise<MemberEntity[]> {
    return this.members.findByIds(ids, manager);
  }

  incomesOf(householdIds: readonly string[], manager?: EntityManager): Promise<HouseholdIncomeEntity[]> {
    return this.households.incomesOf(householdIds, manager);
  }

  insuranceOf(memberIds: readonly string[], manager?: EntityManager): Promise<MemberInsuranceEntity[]> {
    return this.members.insuranceOf(memberIds, manager);
  }

  /** Household size at the end of each year (keys `householdId|year`). */
  sizesAtYearEnd(keys: readonly { householdId: string; year: number }[], manager?: EntityManager): Promise<Map<string, number>> {
    return this.members.sizesAtYearEnd(keys, manager);
  }

  /** A year's income with totals and per-capita net income (÷ size at that year's end); null if not recorded. */
  async incomeSummary(householdId: string, year: number, manager?: EntityManager): Promise<IncomeSummary | null> {
    const income = await this.households.incomeOf(householdId, year, manager);
    if (!income) return null;
    const sizes = await this.members.sizesAtYearEnd([{ householdId, year }], manager);
    const householdSize = sizes.get(`${householdId}|${year}`) ?? 0;
    const components = pickComponents(income);
    return { householdId, year, components, ...incomeTotals(components), householdSize, perCapitaNetIncome: perCapitaNetIncome(components, householdSize) };
  }

  /** The blind index of an ID number (resident ID numbers normalised first: lower-case x, full-width digits). */
  hashIdNumber(idNumber: string): string {
    const parsed = parseCitizenId(idNumber);
    const normalised = parsed.ok ? parsed.value : idNumber.normalize('NFKC').trim().toUpperCase();
    return this.secrets.cipher.blindIndex(normalised || '-', CITIZEN_ID_DOMAIN);
  }

  /** Resolves a region in the caller's scope that is a village; NOT_FOUND outside scope, BAD_USER_INPUT if not a village. */
  async checkVillageInScope(principal: Principal, regionCode: string, field: string, manager?: EntityManager): Promise<RegionEntity> {
    const region = await this.regions.findByCode(regionCode, manager);
    if (!region || !inRegionScope(principal, region.code)) throw HouseholdsErrors.regionNotFound(field);
    if (region.level !== RegionLevel.VILLAGE) throw HouseholdsErrors.notAVillage(field);
    return region;
  }

  // ------------------------------------------------------------------ members, for this module and the lifecycle

  /**
   * Checks one member's input against the member rules and prepares its row (ID number
   * encrypted, blind index, sex and birth date derived). Throws BAD_USER_INPUT with the paths.
   */
  prepareMember(input: MemberInput, path: string, today: string = todayInChina()): PreparedMember {
    const { problems, prepared } = this.checkAndPrepare(input, path, today);
    if (problems.length) throw HouseholdsErrors.invalid(problems);
    return prepared as PreparedMember;
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

  // ------------------------------------------------------------------ writes

  /** Registers a candidate household with its members: all or nothing, audited. */
  async create(principal: Principal, input: CreateHouseholdInput): Promise<HouseholdEntity> {
    const today = todayInChina();
    await this.checkVillageInScope(principal, input.regionCode, 'input.regionCode');
    const problems: FieldProblem[] = [...checkHousehold(input, 'input', today), ...this.checkHouseholdAmounts(input, 'input')];
    const prepared: PreparedMember[] = [];
    input.members.forEach((m, i) => {
      const r = this.checkAndPrepare(m, `input.members.${i}`, today);
      problems.push(...r.problems);
      if (r.prepared) prepared.push(r.prepared);
    });
    problems.push(
      ...checkHouseholdMembers(
        input.members.map((m, i) => ({
          relation: m.relation,
          sex: prepared.find((p) => p.path === `input.members.${i}`)?.row.sex ?? m.sex,
          idNumber: prepared.find((p) => p.path === `input.members.${i}`)?.idNumber,
          path: `input.members.${i}`,
        })),
        'input.members',
      ),
    );
    if (problems.length) throw HouseholdsErrors.invalid(problems);
    const householdNumber = input.householdNumber.trim();
    const fields = prepared.map((p) => ({ hash: p.row.idNumberHash as string, field: `${p.path}.idNumber` }));
    try {
      return await this.dataSource.transaction(async (m) => {
        if (await this.households.numberExists(householdNumber, m)) throw HouseholdsErrors.householdNumberTaken();
        const { members: _members, contactPhone, bankAccount, ...fieldsIn } = input;
        const household = await this.households.insert(m, {
          ...stripUndefined(fieldsIn),
          householdNumber,
          otherCauses: input.otherCauses ?? [],
          validity: HouseholdValidity.CANDIDATE,
          status: null,
          ...this.protectedHouseholdColumns({ contactPhone, bankAccount }),
        });
        const inserted = await this.insertMembers(m, principal, household, prepared);
        const head = inserted.find((x) => x.relation === 'HEAD') as MemberEntity;
        const saved = await this.households.setColumns(m, household.id, { headMemberId: head.id }, false);
        // The first head, from the day they joined: a list as of a date reads the head from these events.
        await this.households.insertEvents(m, [
          {
            householdId: saved.id,
            regionCode: saved.regionCode,
            memberId: head.id,
            kind: HouseholdEventKind.HEAD_CHANGED,
            effectiveOn: head.joinedOn,
            reason: FIRST_HEAD_REASON,
            actorId: principal.id,
            actorName: principal.name,
          },
        ]);
        await this.audit.record(m, [
          {
            operation: 'households.create',
            entityType: 'Household',
            entityId: saved.id,
            regionCode: saved.regionCode,
            changes: diffChanges(null, this.householdAuditView(saved), { mask: AUDIT_MASK }),
          },
          ...inserted.map((x, i) => ({
            operation: 'members.create',
            entityType: 'Member',
            entityId: x.id,
            regionCode: x.regionCode,
            changes: diffChanges(null, this.memberAuditView(x, prepared[i].idNumber), { mask: AUDIT_MASK }),
          })),
        ]);
        return saved;
      });
    } catch (e) {
      throw await this.mapUniqueViolation(principal, e, fields);
    }
  }

  /** Corrects a household's fields (not its status or members); send the version read. */
  async update(principal: Principal, input: UpdateHouseholdInput): Promise<HouseholdEntity> {
    const { id, version, contactPhone, bankAccount, householdNumber, ...rest } = input;
    const patch: Partial<HouseholdEntity> = stripUndefined(rest) as Partial<HouseholdEntity>;
    if (householdNumber !== undefined) patch.householdNumber = householdNumber.trim();
    if (contactPhone !== undefined || bankAccount !== undefined) {
      const cols = this.protectedHouseholdColumns({ contactPhone, bankAccount });
      if (contactPhone !== undefined) patch.contactPhoneEnc = cols.contactPhoneEnc;
      if (bankAccount !== undefined) Object.assign(patch, { bankAccountEnc: cols.bankAccountEnc, bankAccountHash: cols.bankAccountHash });
    }
    if (!Object.keys(patch).length) throw HouseholdsErrors.noChange('input');
    const amountProblems = this.checkHouseholdAmounts(input, 'input');
    if (amountProblems.length) throw HouseholdsErrors.invalid(amountProblems);
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.getInScope(principal, id, m, { field: 'input.id' });
        const problems = checkHousehold({ ...before, ...patch }, 'input');
        if (problems.length) throw HouseholdsErrors.invalid(problems);
        if (patch.householdNumber && patch.householdNumber !== before.householdNumber && (await this.households.numberExists(patch.householdNumber, m))) {
          throw HouseholdsErrors.householdNumberTaken();
        }
        const after = await this.households.update(m, id, version, patch);
        await this.audit.record(m, [
          {
            operation: 'households.update',
            entityType: 'Household',
            entityId: after.id,
            regionCode: after.regionCode,
            changes: diffChanges(this.householdAuditView(before), this.householdAuditView(after), { mask: AUDIT_MASK }),
          },
        ]);
        return after;
      });
    } catch (e) {
      throw await this.mapUniqueViolation(principal, e);
    }
  }

  /** Corrects a member's fields; the member and household rules run again; send the version read. */
  async updateMember(principal: Principal, input: UpdateMemberInput): Promise<MemberEntity> {
    const { id, version, ...rest } = input;
    const given = stripUndefined(rest) as Partial<UpdateMemberInput>;
    if (!Object.keys(given).length) throw HouseholdsErrors.noChange('input');
    let hashField: { hash: string; field: string }[] = [];
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.getMemberInScope(principal, id, m, { field: 'input.id' });
        const beforeId = this.secrets.cipher.decrypt(before.idNumberEnc);
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
        const beforeCertificate = decryptOptional(this.secrets.cipher, before.disabilityCertificateEnc);
        if (disabilityCertificate !== undefined) {
          const certificate = normalizeDisabilityCertificate(disabilityCertificate);
          // Encrypted afresh only when it changes (a fresh IV would otherwise rewrite an equal value).
          if (certificate !== beforeCertificate) patch.disabilityCertificateEnc = encryptOptional(this.secrets.cipher, certificate);
        }
        patch.sex = check.sex as Sex;
        patch.birthDate = check.birthDate as string;
        const newId = check.idNumber as string;
        if (newId !== beforeId) {
          const hash = this.secrets.cipher.blindIndex(newId, CITIZEN_ID_DOMAIN);
          patch.idNumberEnc = this.secrets.cipher.encrypt(newId);
          patch.idNumberHash = hash;
          hashField = [{ hash, field: 'input.idNumber' }];
          if (before.active) await this.checkNotInAnotherHousehold(hashField, m, [before.id]);
        }
        if (before.active && (given.relation !== undefined || patch.sex !== before.sex || newId !== beforeId)) {
          const others = (await this.members.findByHouseholds([before.householdId], {}, m)).filter((x) => x.id !== before.id);
          const problems = checkHouseholdMembers(
            [
              ...others.map((o) => ({ relation: o.relation, sex: o.sex, idNumber: this.secrets.cipher.decrypt(o.idNumberEnc), path: '' })),
              { relation: (given.relation ?? before.relation) as Relation, sex: patch.sex, idNumber: newId, path: 'input' },
            ],
            'input.relation',
          );
          if (problems.length) throw HouseholdsErrors.invalid(problems);
        }
        const after = await this.members.update(m, id, version, patch);
        await this.audit.record(m, [
          {
            operation: 'members.update',
            entityType: 'Member',
            entityId: after.id,
            regionCode: after.regionCode,
            changes: diffChanges(this.memberAuditView(before, beforeId), this.memberAuditView(after, newId), { mask: AUDIT_MASK }),
          },
        ]);
        return after;
      });
    } catch (e) {
      throw await this.mapUniqueViolation(principal, e, hashField);
    }
  }

  /** Records (or replaces) a household's income of one year; send the version when the year exists. */
  async setIncome(principal: Principal, input: SetHouseholdIncomeInput): Promise<HouseholdIncomeEntity> {
    const components = Object.fromEntries(INCOME_COMPONENTS.map((k) => [k, input[k] ?? '0'])) as unknown as IncomeComponents;
    const problems = checkIncome(components as unknown as Record<string, string>, 'input', INCOME_COMPONENTS);
    if (problems.length) throw HouseholdsErrors.invalid(problems);
    try {
      return await this.dataSource.transaction(async (m) => {
        const household = await this.getInScope(principal, input.householdId, m, { field: 'input.householdId' });
        const before = await this.households.incomeOf(household.id, input.year, m);
        let after: HouseholdIncomeEntity;
        if (before) {
          if (input.version == null) throw HouseholdsErrors.incomeVersionRequired();
          const updated = await this.households.updateIncome(m, household.id, input.year, input.version, components);
          if (!updated) {
            throw new AppError('CONFLICT', '记录已被他人修改，请刷新后重试 (the record was changed by someone else)', {
              reason: 'VERSION_MISMATCH',
              field: 'version',
              details: { expectedVersion: input.version, currentVersion: before.version },
            });
          }
          after = updated;
        } else {
          if (input.version != null) throw HouseholdsErrors.incomeVersionUnexpected();
          after = await this.households.insertIncome(m, { householdId: household.id, year: input.year, ...components });
        }
        await this.audit.record(m, [
          {
            operation: 'households.setIncome',
            entityType: 'HouseholdIncome',
            entityId: `${household.id}:${input.year}`,
            regionCode: household.regionCode,
            changes: diffChanges(before ? pickComponents(before) : null, pickComponents(after)),
          },
        ]);
        return after;
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
        // Two first recordings of the same year raced: the loser read no row.
        throw HouseholdsErrors.incomeVersionUnexpected();
      }
      throw e;
    }
  }

  /** Records a member's insurance flags of one year (replacing that year's), audited. */
  async setInsurance(principal: Principal, input: SetMemberInsuranceInput): Promise<MemberInsuranceEntity> {
    return this.dataSource.transaction(async (m) => {
      const member = await this.getMemberInScope(principal, input.memberId, m, { field: 'input.memberId' });
      const [before] = (await this.members.insuranceOf([member.id], m)).filter((x) => Number(x.year) === input.year);
      const after = await this.members.upsertInsurance(m, {
        memberId: member.id,
        year: input.year,
        basicMedical: input.basicMedical,
        seriousIllness: input.seriousIllness,
        pension: input.pension,
        supplementaryMedical: input.supplementaryMedical,
        accidentSubsidy: input.accidentSubsidy,
      });
      await this.audit.record(m, [
        {
          operation: 'members.setInsurance',
          entityType: 'MemberInsurance',
          entityId: `${member.id}:${input.year}`,
          regionCode: member.regionCode,
          changes: diffChanges(before ?? null, after, { omit: ['memberId', 'year'] }),
        },
      ]);
      return after;
    });
  }

  // ------------------------------------------------------------------ personal data

  revealIdNumber(principal: Principal, memberId: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const member = await this.getMemberInScope(principal, memberId, m);
      await this.audit.record(m, [this.unmaskRecord('Member', member.id, member.regionCode, 'idNumber', reason)]);
      return this.secrets.cipher.decrypt(member.idNumberEnc);
    });
  }

  /** The full disability certificate number (PersonalDataSubject.MEMBER_DISABILITY_CERTIFICATE): needs the member's read permission too. */
  async revealDisabilityCertificate(principal: Principal, memberId: string, reason: string): Promise<string | null> {
    if (!principal.permissions.has('households.read')) throw HouseholdsErrors.cannotReadMembers();
    return this.dataSource.transaction(async (m) => {
      const member = await this.getMemberInScope(principal, memberId, m);
      await this.audit.record(m, [this.unmaskRecord('Member', member.id, member.regionCode, 'disabilityCertificate', reason)]);
      return decryptOptional(this.secrets.cipher, member.disabilityCertificateEnc);
    });
  }

  /**
   * A member as the audit trail sees it: protected values decrypted here only to be masked by
   * diffChanges (pass AUDIT_MASK / PROTECTED_MASKS). `idNumber`: the clear ID number when known.
   */
  memberAuditView(member: MemberEntity, idNumber?: string): Record<string, unknown> {
    return {
      ...member,
      idNumber: idNumber ?? this.secrets.cipher.decrypt(member.idNumberEnc),
      disabilityCertificate: decryptOptional(this.secrets.cipher, member.disabilityCertificateEnc),
    };
  }

  revealBankAccount(principal: Principal, householdId: string, reason: string): Promise<string | null> {
    return this.revealHouseholdField(principal, householdId, reason, 'bankAccount', (h) => h.bankAccountEnc);
  }

  revealContactPhone(principal: Principal, householdId: string, reason: string): Promise<string | null> {
    return this.revealHouseholdField(principal, householdId, reason, 'contactPhone', (h) => h.contactPhoneEnc);
  }

  private revealHouseholdField(principal: Principal, id: string, reason: string, field: string, read: (h: HouseholdEntity) => string | null): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const household = await this.getInScope(principal, id, m);
      await this.audit.record(m, [this.unmaskRecord('Household', household.id, household.regionCode, field, reason)]);
      const enc = read(household);
      return enc ? this.secrets.cipher.decrypt(enc) : null;
    });
  }

  private unmaskRecord(entityType: string, entityId: string, regionCode: string, field: string, reason: string): AuditRecord {
    return { operation: 'personalData.unmask', entityType, entityId, regionCode, changes: { field }, reason };
  }

  // ------------------------------------------------------------------ data quality

  /** The warning rules (DOMAIN.md consistency rules that do not refuse a write), per rule: count and the first offending households. */
  async dataQualityReport(principal: Principal, regionCode: string | undefined, limit: number): Promise<DataQualityFinding[]> {
    const regionPrefix = regionCode ? await this.prefixOf(regionCode) : undefined;
    const out: DataQualityFinding[] = [];
    for (const rule of WARNING_RULES) {
      if (regionPrefix === null) {
        out.push({ ...rule, count: 0, households: [] });
        continue;
      }
      const qb = this.households.query(principal, { regionPrefix, validity: null });
      qb.andWhere(`h.validity <> 'REMOVED'`);
      if (rule.code === 'ILLNESS_CAUSE_ALL_HEALTHY') {
        qb.andWhere(`h.primary_cause = 'ILLNESS'`)
          .andWhere(`EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active)`)
          .andWhere(`NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.health <> '{HEALTHY}')`);
      } else {
        qb.andWhere(`h.attribute = 'LOW_INCOME_POOR'`).andWhere(
          `NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.low_income_support)`,
        );
      }
      const count = await qb.clone().getCount();
      const households = limit && count ? await qb.orderBy('h.household_number').limit(limit).getMany() : [];
      out.push({ ...rule, count, households });
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers

  private checkAndPrepare(input: MemberInput, path: string, today: string): { problems: FieldProblem[]; prepared?: PreparedMember } {
    const check = checkMember(input, path, today);
    const problems = [...check.problems];
    if (input.joinedOn !== undefined && (!isRealDate(input.joinedOn) || input.joinedOn > today)) {
      problems.push({ field: `${path}.joinedOn`, reason: 'JOINED_ON_INVALID', message: '入户日期无效或晚于今天 (joined date invalid or in the future)' });
    }
    if (problems.length || !check.idNumber) return { problems };
    const idNumber = check.idNumber;
    const { idNumber: _raw, joinedOn, disabilityCertificate, ...fields } = input;
    const row: Partial<MemberEntity> = {
      ...(stripUndefined(fields) as Partial<MemberEntity>),
      disabilityCertificateEnc: encryptOptional(this.secrets.cipher, normalizeDisabilityCertificate(disabilityCertificate)),
      name: input.name.trim(),
      idType: input.idType ?? 'RESIDENT_ID_CARD',
      idNumberEnc: this.secrets.cipher.encrypt(idNumber),
      idNumberHash: this.secrets.cipher.blindIndex(idNumber, CITIZEN_ID_DOMAIN),
      sex: check.sex,
      birthDate: check.birthDate,
      health: input.health?.length ? input.health : ['HEALTHY'],
      joinedOn: joinedOn ?? today,
      joinReason: JoinReason.REGISTRATION,
    };
    return { problems, prepared: { row, idNumber, path } };
  }

  /** One neutral refusal wherever the holder is: see HouseholdsErrors.personInAnotherHousehold. */
  private async checkNotInAnotherHousehold(fields: { hash: string; field: string }[], manager: EntityManager, exclude: string[] = []): Promise<void> {
    const holders: ActiveHolder[] = await this.members.activeHolders(fields.map((f) => f.hash), manager, exclude);
    if (!holders.length) return;
    const holder = holders[0];
    const field = fields.find((f) => f.hash === holder.idNumberHash)?.field ?? fields[0].field;
    throw HouseholdsErrors.personInAnotherHousehold(field);
  }

  private checkHouseholdAmounts(input: Partial<Record<'housingArea' | 'distanceToRoadKm' | 'cultivatedLandMu' | 'forestLandMu', string | null>>, path: string): FieldProblem[] {
    return [
      ...checkAmount(input.housingArea, `${path}.housingArea`, 6),
      ...checkAmount(input.distanceToRoadKm, `${path}.distanceToRoadKm`, 4),
      ...checkAmount(input.cultivatedLandMu, `${path}.cultivatedLandMu`, 8),
      ...checkAmount(input.forestLandMu, `${path}.forestLandMu`, 8),
    ];
  }

  private protectedHouseholdColumns(v: { contactPhone?: string | null; bankAccount?: string | null }): Pick<HouseholdEntity, 'contactPhoneEnc' | 'bankAccountEnc' | 'bankAccountHash'> {
    const cipher = this.secrets.cipher;
    const phone = v.contactPhone?.trim() || null;
    const account = normalizeBankAccount(v.bankAccount);
    return {
      contactPhoneEnc: phone ? cipher.encrypt(phone) : null,
      bankAccountEnc: account ? cipher.encrypt(account) : null,
      bankAccountHash: account ? cipher.blindIndex(account, BANK_ACCOUNT_DOMAIN) : null,
    };
  }

  /** A household as the audit trail sees it: protected values decrypted here only to be masked by diffChanges. */
  private householdAuditView(h: HouseholdEntity): Record<string, unknown> {
    const cipher = this.secrets.cipher;
    return {
      ...h,
      contactPhone: h.contactPhoneEnc ? cipher.decrypt(h.contactPhoneEnc) : null,
      bankAccount: h.bankAccountEnc ? cipher.decrypt(h.bankAccountEnc) : null,
    };
  }

  /** The code prefix of a region's subtree; null when the region does not exist. */
  private async prefixOf(regionCode: string): Promise<string | null> {
    const region = await this.regions.findByCode(regionCode);
    return region ? subtreePrefix(region.code, region.level) : null;
  }
}

function pickComponents(e: IncomeComponents): IncomeComponents {
  return Object.fromEntries(INCOME_COMPONENTS.map((k) => [k, e[k]])) as unknown as IncomeComponents;
}

/** The fields given, text trimmed (as the import trims it, so the same data compares equal). */
function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as Partial<T>;
}

function emptyConnection<T>(withTotalCount: boolean): Connection<T> {
  return {
    edges: [],
    totalCount: withTotalCount ? 0 : undefined,
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
}
