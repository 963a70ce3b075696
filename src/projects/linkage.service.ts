import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { Sector } from '../common/access/permissions';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { HouseholdsService } from '../households/households.service';
import { ParametersService } from '../parameters/parameters.service';
import { EntitiesErrors } from './implementing-entities.errors';
import { ImplementingEntitiesRepository } from './implementing-entities.repository';
import { ImplementingEntityStatus } from './implementing-entity.entity';
import { LINKAGE_AUDIT } from './linkage.audited';
import { LinkageEntity, LinkageIncomeComponent } from './linkage.entity';
import { LinkageErrors } from './linkage.errors';
import { LinkageFilter, LinkageRepository } from './linkage.repository';
import { ProjectStage } from './project.entity';
import { IN_LIBRARY_OR_LATER } from './project-procedure';
import { ProjectErrors } from './project.errors';
import { isStoredAmount } from '../common/money/money';

/** The policy parameter whose codes a linkage's type is (RULES.md §2). */
export const LINKAGE_TYPES_KEY = 'project.linkage_types';


/**
 * The project stages at which a project benefits households, so that a linkage may name it: from
 * its entry into the annual plan (IN_ANNUAL_PLAN) on, through implementation to handover. Before
 * the plan the beneficiaries are only proposed; REJECTED and REMOVED projects benefit nobody.
 */
export const LINKABLE_STAGES: readonly ProjectStage[] = IN_LIBRARY_OR_LATER.filter((s) => s !== ProjectStage.IN_LIBRARY);

export interface LinkageTerms {
  type: string;
  agreedTerms: string;
  startsOn: string;
  endsOn?: string | null;
  agreedAmountPerYear: string;
  incomeComponent: LinkageIncomeComponent;
  returnedAtExit?: boolean | null;
}

export interface CreateLinkage extends LinkageTerms {
  householdId: string;
  projectId?: string | null;
  entityId?: string | null;
}

export interface UpdateLinkage extends Partial<LinkageTerms> {
  id: string;
  version: number;
}

export interface ListLinkages extends Omit<LinkageFilter, 'withinPrefix'> {
  regionCode?: string;
}

/**
 * Benefit linkages (利益联结): each household's agreed benefit from a project and/or an
 * implementing entity. One transaction per use case reads what it checks (the household in
 * scope; the project readable, at a linkable stage, with the household among its beneficiaries;
 * the entity readable and active; the type listed for the village as of the start), checks the
 * sector write scope on the linkage's sector (the project's, else the entity's), writes and audits.
 */
@Injectable()
export class LinkageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: LinkageRepository,
    private readonly households: HouseholdsService,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: ListLinkages, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<LinkageEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<LinkageEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  async create(principal: Principal, input: CreateLinkage): Promise<LinkageEntity> {
    const checked = checkNewLinkage(input);
    return this.dataSource.transaction(async (m) => {
      const [household] = await this.households.findInScope(principal, [input.householdId], m);
      if (!household) throw ProjectErrors.householdNotFound('input.householdId');
      const row = await this.checkCreate(principal, m, household, checked);
      return this.insertChecked(m, row, 'projects.createBenefitLinkage');
    });
  }

  /**
   * The reads and checks of a new linkage for a household found in `scope` (GraphQL: the caller;
   * an import: the uploader's scope): the project readable, at a linkable stage, with the household
   * among its beneficiaries; the entity readable and active; the linkage's sector (the project's,
   * else the entity's) in the write scope; the type listed. Throws the coded errors; writes nothing.
   */
  async checkCreate(scope: ScopeHolder, m: EntityManager, household: { id: string; regionCode: string }, checked: CheckedNewLinkage): Promise<NewLinkageRow> {
    const { projectId, entityId, terms } = checked;
    let sector: Sector | null = null;
    if (projectId) {
      const found = await this.repo.projectFor(scope, m, projectId, household.id);
      if (!found) throw ProjectErrors.notFound('input.projectId');
      if (!LINKABLE_STAGES.includes(found.project.stage)) throw LinkageErrors.projectStage(found.project.stage);
      if (!found.beneficiary) throw LinkageErrors.notBeneficiary();
      sector = found.project.sector;
    }
    if (entityId) {
      const [entity] = await this.entities.findInScope(scope, [entityId], m);
      if (!entity) throw EntitiesErrors.entityNotFound('input.entityId');
      if (entity.status === ImplementingEntityStatus.CLOSED) throw EntitiesErrors.entityClosed('input.entityId');
      sector = sector ?? entity.sector;
    }
    if (!inRegionScope(scope, household.regionCode, { sector: { value: sector, access: 'write' } })) throw LinkageErrors.outOfScope(projectId ? 'input.projectId' : 'input.entityId');
    await this.checkType(terms.type, terms.startsOn, household.regionCode, m);
    return { ...terms, householdId: household.id, projectId, entityId, regionCode: household.regionCode, sector, endReason: null };
  }

  /** Writes a linkage checked by checkCreate, with its audit row (`operation`: the use case, GraphQL or import). */
  async insertChecked(m: EntityManager, row: NewLinkageRow, operation: 'projects.createBenefitLinkage' | 'projects.importBenefitLinkage'): Promise<LinkageEntity> {
    const linkage = await this.repo.insert(m, row);
    await this.audit.change(m, LINKAGE_AUDIT, operation, null, linkage);
    return linkage;
  }

  /** Corrects the terms of a linkage (not its parties: end it and record another); send the version read. */
  async update(principal: Principal, input: UpdateLinkage): Promise<LinkageEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!before) throw LinkageErrors.notFound();
      const { id: _id, version, ...changes } = input;
      const terms = await this.checkUpdate(m, before, changes);
      return this.applyUpdate(m, before, version, terms, 'projects.updateBenefitLinkage');
    });
  }

  /**
   * The checks of corrected terms of a linkage read (locked, in the write scope): the terms'
   * shapes over the stored ones, and the type again when it or the start changes; an ended
   * linkage's end stays (LINKAGE_ENDED). Undefined fields keep the stored value. Throws the
   * coded errors; writes nothing.
   */
  async checkUpdate(m: EntityManager, before: LinkageEntity, changes: Partial<LinkageTerms>): Promise<Required<LinkageTerms>> {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<LinkageTerms>;
    // An ended linkage (endBenefitLinkage: date and reason) keeps its end: a correction, or a
    // roster's blank 终止日期, never reopens it.
    if (before.endReason !== null && before.endsOn !== null && defined.endsOn !== undefined && defined.endsOn !== before.endsOn) throw LinkageErrors.ended(before.endsOn);
    const terms = checkLinkageTerms({ ...before, ...defined });
    if (defined.type !== undefined || defined.startsOn !== undefined) await this.checkType(terms.type, terms.startsOn, before.regionCode, m);
    return terms;
  }

  /** Writes terms checked by checkUpdate (the version read), with its audit row. */
  async applyUpdate(m: EntityManager, before: LinkageEntity, version: number, terms: Required<LinkageTerms>, operation: 'projects.updateBenefitLinkage' | 'projects.importBenefitLinkage'): Promise<LinkageEntity> {
    const after = await this.repo.update(m, before.id, version, terms);
    await this.audit.change(m, LINKAGE_AUDIT, operation, before, after);
    return after;
  }

  /** Ends a linkage on a date (not before its start) with the reason; send the version read. */
  async end(principal: Principal, input: { id: string; version: number; endsOn: string; reason: string }): Promise<LinkageEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!before) throw LinkageErrors.notFound();
      if (input.endsOn < before.startsOn) throw LinkageErrors.invalidPeriod('input.endsOn', `结束日期不能早于开始日期 ${before.startsOn} (ends before it starts)`);
      const reason = input.reason.trim();
      const after = await this.repo.update(m, before.id, input.version, { endsOn: input.endsOn, endReason: reason });
      await this.audit.change(m, LINKAGE_AUDIT, 'projects.endBenefitLinkage', before, after, { reason });
      return after;
    });
  }

  private checkType(type: string, startsOn: string, regionCode: string, m: EntityManager) {
    return this.parameters.requireListedCode(LINKAGE_TYPES_KEY, type, startsOn, regionCode, 'input.type', m);
  }
}

/** A new linkage's parties and terms as checked before any read (checkNewLinkage). */
export interface CheckedNewLinkage {
  projectId: string | null;
  entityId: string | null;
  terms: Required<LinkageTerms>;
}

/** The row checkCreate answers for insertChecked. */
export type NewLinkageRow = Required<LinkageTerms> & Pick<LinkageEntity, 'householdId' | 'projectId' | 'entityId' | 'regionCode' | 'sector' | 'endReason'>;

/** The shapes of a new linkage before any read: a project or an entity, and the terms. */
export function checkNewLinkage(input: LinkageTerms & { projectId?: string | null; entityId?: string | null }): CheckedNewLinkage {
  const projectId = input.projectId || null;
  const entityId = input.entityId || null;
  if (!projectId && !entityId) throw LinkageErrors.partyRequired();
  return { projectId, entityId, terms: checkLinkageTerms(input) };
}

/** The shapes of the terms (before any read): amount, period, and the flag only for 优先股 types. */
export function checkLinkageTerms(input: LinkageTerms): Required<LinkageTerms> {
  if (!isStoredAmount(input.agreedAmountPerYear)) throw LinkageErrors.invalidAmount('input.agreedAmountPerYear');
  const endsOn = input.endsOn ?? null;
  if (endsOn && endsOn < input.startsOn) throw LinkageErrors.invalidPeriod('input.endsOn', `结束日期不能早于开始日期 ${input.startsOn} (ends before it starts)`);
  return {
    type: input.type,
    agreedTerms: input.agreedTerms.trim(),
    startsOn: input.startsOn,
    endsOn,
    agreedAmountPerYear: input.agreedAmountPerYear,
    incomeComponent: input.incomeComponent,
    returnedAtExit: input.returnedAtExit ?? null,
  };
}
