import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Sector } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { fromCents, isStoredAmount, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { isWithin, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { ParametersService } from '../parameters/parameters.service';
import { IN_LIBRARY_OR_LATER } from '../projects/project-procedure';
import { ProjectErrors } from '../projects/project.errors';
import { ProjectQueriesService } from '../projects/project-queries.service';
import { RegionsService } from '../regions/regions.service';
import { FUND_ALLOCATION_AUDIT, FUND_DOCUMENT_AUDIT, PROJECT_FUNDING_AUDIT } from './funds.audited';
import { FundAllocationEntity, FundBatch, FundDocumentEntity, FundingBasis, FundRecordStatus, ProjectFundingEntity } from './funds.entities';
import { FundsErrors } from './funds.errors';
import { AllocationFilter, DocumentFilter, FundingFilter, FundsRepository, LedgerViolationRow, OutsideLibraryRow } from './funds.repository';
import { ReimbursementsRepository } from './reimbursements.repository';

/** The parameters the ledger reads (RULES.md §8). */
export const FUNDS_LEVELS_KEY = 'funds.levels';
export const FUNDS_CHANNELS_KEY = 'funds.channels';
export const FUNDS_ZHENGZHOU_RULES_KEY = 'funds.zhengzhou_rules';

/** 政府收支分类科目 (支出功能分类): 类 (3 digits, 2xx), 款 (5) or 项 (7). */
const FUNCTION_CODE = /^2\d{2}(\d{2}){0,2}$/;

export interface CreateDocument {
  documentNumber: string;
  issuer: string;
  issuedOn: string;
  year: number;
  level: string;
  channel: string;
  batch: FundBatch;
  parentId?: string | null;
  amount: string;
  functionCode: string;
  regionCode: string;
}

export interface UpdateDocument {
  id: string;
  version: number;
  documentNumber?: string | null;
  issuer?: string | null;
  issuedOn?: string | null;
  batch?: FundBatch | null;
  amount?: string | null;
  functionCode?: string | null;
}

export interface CreateAllocation {
  documentId: string;
  regionCode: string;
  amount: string;
  allocatedOn: string;
  purpose: string;
}

/** The input fields an allocation's errors name: createFundAllocation's own, or another operation's writing through the same path. */
export interface AllocationFields {
  documentId: string;
  regionCode: string;
  amount: string;
  allocatedOn: string;
  purpose: string;
}

const ALLOCATION_FIELDS: AllocationFields = {
  documentId: 'input.documentId',
  regionCode: 'input.regionCode',
  amount: 'input.amount',
  allocatedOn: 'input.allocatedOn',
  purpose: 'input.purpose',
};

export interface UpdateAllocation {
  id: string;
  version: number;
  amount?: string | null;
  allocatedOn?: string | null;
  purpose?: string | null;
}

export interface CreateFunding {
  allocationId: string;
  projectId: string;
  amount: string;
  fundedOn: string;
  exceptionReason?: string | null;
}

export interface Cancel {
  id: string;
  version: number;
  reason: string;
}

/** funds.zhengzhou_rules: one project drawing on several levels is warned, not refused. */
export interface LevelsWarning {
  levels: string[];
  parameter: string;
  source: string | null;
  rule: string;
}

export interface FundingResult {
  funding: ProjectFundingEntity;
  levelsWarning: LevelsWarning | null;
}

export interface LedgerCheck {
  year: number;
  documents: number;
  allocations: number;
  fundings: number;
  reimbursements: number;
  payments: number;
  violations: LedgerViolationRow[];
}

/** What a source has left: its amount less what its active parts take. */
function sourceFigures(s: { id: string; amount: string; committed: string }) {
  return { id: s.id, amount: s.amount, committed: s.committed, available: fromCents(toCents(s.amount) - toCents(s.committed)) };
}

/**
 * The funds ledger (扶贫资金): document → allocation → project funding, each use case one
 * transaction. A write under a source locks the source's row first (FOR UPDATE), so writes under
 * one source queue and each sees what the others committed: two officers funding one allocation
 * at once never overspend it. The trigger of the migration keeps each source's `committed`; the
 * CHECK `committed <= amount` is the database's own backstop.
 */
@Injectable()
export class FundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: FundsRepository,
    private readonly parameters: ParametersService,
    private readonly regions: RegionsService,
    private readonly projectQueries: ProjectQueriesService,
    private readonly audit: AuditService,
    private readonly reimbursementsRepo: ReimbursementsRepository,
  ) {}

  // ---- reads ---------------------------------------------------------------------------------

  listDocuments(principal: Principal, filter: DocumentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundDocumentEntity>> {
    return this.repo.pageDocuments(principal, filter, args, withTotalCount);
  }

  listAllocations(principal: Principal, filter: AllocationFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundAllocationEntity>> {
    return this.repo.pageAllocations(principal, filter, args, withTotalCount);
  }

  listFundings(principal: Principal, filter: FundingFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProjectFundingEntity>> {
    return this.repo.pageFundings(principal, filter, args, withTotalCount);
  }

  async document(principal: Principal, id: string): Promise<FundDocumentEntity | null> {
    return (await this.repo.findDocuments(principal, [id]))[0] ?? null;
  }

  async allocation(principal: Principal, id: string): Promise<FundAllocationEntity | null> {
    return (await this.repo.findAllocations(principal, [id]))[0] ?? null;
  }

  async funding(principal: Principal, id: string): Promise<ProjectFundingEntity | null> {
    return (await this.repo.findFundings(principal, [id]))[0] ?? null;
  }

  // ---- documents -----------------------------------------------------------------------------

  async createDocument(principal: Principal, input: CreateDocument): Promise<FundDocumentEntity> {
    return this.dataSource.transaction((m) => this.createDocumentIn(m, principal, input));
  }

  /**
   * The create path of a fund document in the caller's transaction, for createFundDocument and the
   * document list import (kind `fund-documents`, whose scope holder is the uploader's as at upload):
   * every check, the insert and its audit row.
   */
  async createDocumentIn(m: EntityManager, principal: ScopeHolder, input: CreateDocument): Promise<FundDocumentEntity> {
    const x = this.checkDocumentFields(input);
    const region = await this.regions.findByCode(input.regionCode, m);
    if (!region || !inRegionScope(principal, region.code)) throw FundsErrors.outOfScope('input.regionCode');
    if (region.level !== RegionLevel.DISTRICT) throw FundsErrors.regionNotDistrict();
    if (!this.financeWrites(principal, region.code)) throw FundsErrors.outOfScope('input.regionCode');
    const [levels] = await this.parameters.requireListedCodes(
      [
        { key: FUNDS_LEVELS_KEY, code: input.level, field: 'input.level' },
        { key: FUNDS_CHANNELS_KEY, code: input.channel, field: 'input.channel' },
      ],
      input.issuedOn,
      region.code,
      m,
    );
    const levelRank = (levels.value as string[]).indexOf(input.level);
    let parentId: string | null = null;
    if (input.parentId) {
      const [parent] = await this.repo.findDocuments(principal, [input.parentId], m, true);
      if (!parent) throw FundsErrors.documentNotFound('input.parentId');
      if (parent.status !== FundRecordStatus.ACTIVE) throw FundsErrors.sourceCancelled('input.parentId');
      if (parent.year !== input.year) throw FundsErrors.yearNotParent(input.year, parent.year);
      if (levelRank <= parent.levelRank) throw FundsErrors.levelNotBelowParent(input.level, parent.level);
      if (!isWithin(region.code, subtreePrefix(parent.regionCode))) throw FundsErrors.regionOutsideSource('input.regionCode', parent.regionCode);
      if (input.issuedOn < parent.issuedOn) throw FundsErrors.dateBeforeSource('input.issuedOn', parent.issuedOn);
      this.requireAvailable(parent, x.amount, 'input.amount');
      parentId = parent.id;
    }
    if (await this.repo.numberTaken(m, x.issuer, input.year, x.documentNumber)) throw FundsErrors.numberTaken();
    const doc = await this.insertOrTaken(() =>
      this.repo.insert(m, FundDocumentEntity, {
        regionCode: region.code,
        documentNumber: x.documentNumber,
        issuer: x.issuer,
        issuedOn: input.issuedOn,
        year: input.year,
        level: input.level,
        levelRank,
        channel: input.channel,
        batch: input.batch,
        parentId,
        amount: x.amount,
        functionCode: input.functionCode,
      }),
    );
    const stored = await this.repo.reread(m, FundDocumentEntity, doc.id);
    await this.audit.change(m, FUND_DOCUMENT_AUDIT, 'funds.createDocument', null, stored);
    return stored;
  }

  async updateDocument(principal: Principal, input: UpdateDocument): Promise<FundDocumentEntity> {
    const documentNumber = input.documentNumber?.trim();
    const issuer = input.issuer?.trim();
    if (input.documentNumber != null && !documentNumber) throw FundsErrors.reasonRequired('input.documentNumber');
    if (input.issuer != null && !issuer) throw FundsErrors.reasonRequired('input.issuer');
    if (input.amount != null && !isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount();
    if (input.functionCode != null && !FUNCTION_CODE.test(input.functionCode)) throw FundsErrors.functionCode();
    if (input.issuedOn != null) this.checkDate(input.issuedOn, 'input.issuedOn');
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockDocumentForWrite(principal, input.id, m);
      if (before.status !== FundRecordStatus.ACTIVE) throw FundsErrors.alreadyCancelled();
      const patch: Partial<FundDocumentEntity> = {};
      if (documentNumber) patch.documentNumber = documentNumber;
      if (issuer) patch.issuer = issuer;
      if (input.issuedOn != null) {
        const parent = before.parentId ? await this.repo.lockById(m, FundDocumentEntity, before.parentId) : null;
        if (parent && input.issuedOn < parent.issuedOn) throw FundsErrors.dateBeforeSource('input.issuedOn', parent.issuedOn);
        patch.issuedOn = input.issuedOn;
      }
      if (input.batch != null) patch.batch = input.batch;
      if (input.functionCode != null) patch.functionCode = input.functionCode;
      if (input.amount != null && toCents(input.amount) !== toCents(before.amount)) {
        if (toCents(input.amount) < toCents(before.committed)) throw FundsErrors.belowCommitted(before.committed);
        if (before.parentId && toCents(input.amount) > toCents(before.amount)) {
          const parent = await this.repo.lockById(m, FundDocumentEntity, before.parentId);
          this.requireAvailable(parent!, fromCents(toCents(input.amount) - toCents(before.amount)), 'input.amount');
        }
        patch.amount = input.amount;
      }
      if ((patch.documentNumber || patch.issuer) && (await this.repo.numberTaken(m, patch.issuer ?? before.issuer, before.year, patch.documentNumber ?? before.documentNumber, before.id))) {
        throw FundsErrors.numberTaken();
      }
      await this.insertOrTaken(() => this.repo.update(m, FundDocumentEntity, before.id, input.version, patch, () => FundsErrors.documentNotFound()));
      const after = await this.repo.reread(m, FundDocumentEntity, before.id);
      await this.audit.change(m, FUND_DOCUMENT_AUDIT, 'funds.updateDocument', before, after);
      return after;
    });
  }

  async cancelDocument(principal: Principal, input: Cancel): Promise<FundDocumentEntity> {
    const reason = this.reasonOf(input.reason);
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockDocumentForWrite(principal, input.id, m);
      if (before.status !== FundRecordStatus.ACTIVE) throw FundsErrors.alreadyCancelled();
      if (toCents(before.committed) > 0n) throw FundsErrors.hasCommitments(before.committed);
      await this.repo.update(m, FundDocumentEntity, before.id, input.version, { status: FundRecordStatus.CANCELLED, cancelledOn: todayInChina(), cancelReason: reason }, () => FundsErrors.documentNotFound());
      const after = await this.repo.reread(m, FundDocumentEntity, before.id);
      await this.audit.change(m, FUND_DOCUMENT_AUDIT, 'funds.cancelDocument', before, after, { reason });
      return after;
    });
  }

  // ---- allocations ---------------------------------------------------------------------------

  async createAllocation(principal: Principal, input: CreateAllocation): Promise<FundAllocationEntity> {
    return this.dataSource.transaction((m) => this.allocateIn(m, principal, input));
  }

  /**
   * The create path of an allocation, in the caller's transaction: every check of
   * createFundAllocation (amount, date, purpose, the document active and in scope, the region
   * within it, in scope and of finance's sector, not dated before it, within what it has left,
   * locked FOR UPDATE), then the row and its audit row. applyFactorAllocationRun writes each line
   * of a run through it (`runId`, and `fields` naming its own input's fields in the errors).
   */
  async allocateIn(m: EntityManager, principal: Principal, input: CreateAllocation & { runId?: string | null }, fields: AllocationFields = ALLOCATION_FIELDS): Promise<FundAllocationEntity> {
    if (!isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount(fields.amount);
    this.checkDate(input.allocatedOn, fields.allocatedOn);
    const purpose = input.purpose.trim();
    if (!purpose) throw FundsErrors.reasonRequired(fields.purpose);
    const [doc] = await this.repo.findDocuments(principal, [input.documentId], m, true);
    if (!doc) throw FundsErrors.documentNotFound(fields.documentId);
    if (doc.status !== FundRecordStatus.ACTIVE) throw FundsErrors.sourceCancelled(fields.documentId);
    const region = await this.regions.findByCode(input.regionCode, m);
    if (!region || !inRegionScope(principal, region.code)) throw FundsErrors.outOfScope(fields.regionCode);
    if (!isWithin(region.code, subtreePrefix(doc.regionCode))) throw FundsErrors.regionOutsideSource(fields.regionCode, doc.regionCode);
    if (!this.financeWrites(principal, region.code)) throw FundsErrors.outOfScope(fields.regionCode);
    if (input.allocatedOn < doc.issuedOn) throw FundsErrors.dateBeforeSource(fields.allocatedOn, doc.issuedOn);
    this.requireAvailable(doc, input.amount, fields.amount);
    const a = await this.repo.insert(m, FundAllocationEntity, {
      documentId: doc.id,
      regionCode: region.code,
      year: doc.year,
      level: doc.level,
      channel: doc.channel,
      allocatedOn: input.allocatedOn,
      purpose,
      amount: input.amount,
      runId: input.runId ?? null,
    });
    const stored = await this.repo.reread(m, FundAllocationEntity, a.id);
    await this.audit.change(m, FUND_ALLOCATION_AUDIT, 'funds.createAllocation', null, stored);
    return stored;
  }

  async updateAllocation(principal: Principal, input: UpdateAllocation): Promise<FundAllocationEntity> {
    if (input.amount != null && !isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount();
    if (input.allocatedOn != null) this.checkDate(input.allocatedOn, 'input.allocatedOn');
    const purpose = input.purpose?.trim();
    if (input.purpose != null && !purpose) throw FundsErrors.reasonRequired('input.purpose');
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockAllocationForWrite(principal, input.id, m);
      if (before.status !== FundRecordStatus.ACTIVE) throw FundsErrors.alreadyCancelled();
      const doc = (await this.repo.lockById(m, FundDocumentEntity, before.documentId))!;
      const patch: Partial<FundAllocationEntity> = {};
      if (purpose) patch.purpose = purpose;
      if (input.allocatedOn != null) {
        if (input.allocatedOn < doc.issuedOn) throw FundsErrors.dateBeforeSource('input.allocatedOn', doc.issuedOn);
        patch.allocatedOn = input.allocatedOn;
      }
      if (input.amount != null && toCents(input.amount) !== toCents(before.amount)) {
        // The run's lines are the allocation (因素法): an amount changed by hand would leave the run's sum.
        if (before.runId) throw FundsErrors.fromRun(before.runId);
        if (toCents(input.amount) < toCents(before.committed)) throw FundsErrors.belowCommitted(before.committed);
        if (toCents(input.amount) > toCents(before.amount)) this.requireAvailable(doc, fromCents(toCents(input.amount) - toCents(before.amount)), 'input.amount');
        patch.amount = input.amount;
      }
      await this.repo.update(m, FundAllocationEntity, before.id, input.version, patch, () => FundsErrors.allocationNotFound());
      const after = await this.repo.reread(m, FundAllocationEntity, before.id);
      await this.audit.change(m, FUND_ALLOCATION_AUDIT, 'funds.updateAllocation', before, after);
      return after;
    });
  }

  async cancelAllocation(principal: Principal, input: Cancel): Promise<FundAllocationEntity> {
    const reason = this.reasonOf(input.reason);
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockAllocationForWrite(principal, input.id, m);
      if (before.status !== FundRecordStatus.ACTIVE) throw FundsErrors.alreadyCancelled();
      if (toCents(before.committed) > 0n) throw FundsErrors.hasCommitments(before.committed);
      await this.repo.update(m, FundAllocationEntity, before.id, input.version, { status: FundRecordStatus.CANCELLED, cancelledOn: todayInChina(), cancelReason: reason }, () => FundsErrors.allocationNotFound());
      const after = await this.repo.reread(m, FundAllocationEntity, before.id);
      await this.audit.change(m, FUND_ALLOCATION_AUDIT, 'funds.cancelAllocation', before, after, { reason });
      return after;
    });
  }

  // ---- project fundings ----------------------------------------------------------------------

  async createFunding(principal: Principal, input: CreateFunding): Promise<FundingResult> {
    if (!isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount();
    this.checkDate(input.fundedOn, 'input.fundedOn');
    return this.dataSource.transaction(async (m) => {
      const [allocation] = await this.repo.findAllocations(principal, [input.allocationId], m, true);
      if (!allocation) throw FundsErrors.allocationNotFound('input.allocationId');
      if (allocation.status !== FundRecordStatus.ACTIVE) throw FundsErrors.sourceCancelled('input.allocationId');
      const project = await this.projectQueries.findInScope(m, principal, input.projectId);
      if (!project) throw ProjectErrors.notFound('input.projectId');
      if (!isWithin(project.regionCode, subtreePrefix(allocation.regionCode))) throw FundsErrors.regionOutsideSource('input.projectId', allocation.regionCode);
      if (input.fundedOn < allocation.allocatedOn) throw FundsErrors.dateBeforeSource('input.fundedOn', allocation.allocatedOn);
      const fundable = await this.projectQueries.requireFundable(m, project.id, input.fundedOn, input.exceptionReason);
      this.requireAvailable(allocation, input.amount, 'input.amount');
      const f = await this.repo.insert(m, ProjectFundingEntity, {
        allocationId: allocation.id,
        documentId: allocation.documentId,
        projectId: fundable.project.id,
        regionCode: fundable.project.regionCode,
        year: allocation.year,
        level: allocation.level,
        channel: allocation.channel,
        fundedOn: input.fundedOn,
        amount: input.amount,
        basis: fundable.basis as FundingBasis,
        exceptionReason: fundable.basis === 'EXCEPTION' ? fundable.exceptionReason : null,
      });
      const stored = await this.repo.reread(m, ProjectFundingEntity, f.id);
      await this.audit.change(m, PROJECT_FUNDING_AUDIT, 'funds.createProjectFunding', null, stored, fundable.exceptionReason ? { reason: fundable.exceptionReason } : undefined);
      return { funding: stored, levelsWarning: await this.levelsWarning(m, stored) };
    });
  }

  async updateFunding(principal: Principal, input: { id: string; version: number; amount: string }): Promise<FundingResult> {
    if (!isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount();
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockFundingForWrite(principal, input.id, m);
      if (before.status !== FundRecordStatus.ACTIVE) throw FundsErrors.alreadyCancelled();
      const allocation = (await this.repo.lockById(m, FundAllocationEntity, before.allocationId))!;
      if (toCents(input.amount) < toCents(before.committed)) throw FundsErrors.belowCommitted(before.committed);
      if (toCents(input.amount) > toCents(before.amount)) this.requireAvailable(allocation, fromCents(toCents(input.amount) - toCents(before.amount)), 'input.amount');
      await this.repo.update(m, ProjectFundingEntity, before.id, input.version, { amount: input.amount }, () => FundsErrors.fundingNotFound());
      const after = await this.repo.reread(m, ProjectFundingEntity, before.id);
      await this.audit.change(m, PROJECT_FUNDING_AUDIT, 'funds.updateProjectFunding', before, after);
      return { funding: after, levelsWarning: await this.levelsWarning(m, after) };
    });
  }

  async cancelFunding(principal: Principal, input: Cancel): Promise<ProjectFundingEntity> {
    const reason = this.reasonOf(input.reason);
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockFundingForWrite(principal, input.id, m);
      if (before.status !== FundRecordStatus.ACTIVE) throw FundsErrors.alreadyCancelled();
      if (toCents(before.committed) > 0n) throw FundsErrors.hasCommitments(before.committed);
      await this.repo.update(m, ProjectFundingEntity, before.id, input.version, { status: FundRecordStatus.CANCELLED, cancelledOn: todayInChina(), cancelReason: reason }, () => FundsErrors.fundingNotFound());
      const after = await this.repo.reread(m, ProjectFundingEntity, before.id);
      await this.audit.change(m, PROJECT_FUNDING_AUDIT, 'funds.cancelProjectFunding', before, after, { reason });
      return after;
    });
  }

  // ---- checks and queries --------------------------------------------------------------------

  async ledgerCheck(principal: Principal, year: number): Promise<LedgerCheck> {
    const [violations, counts, more, moreCounts] = await Promise.all([
      this.repo.ledgerViolations(principal, year),
      this.repo.ledgerCounts(principal, year),
      this.reimbursementsRepo.ledgerViolations(principal, year),
      this.reimbursementsRepo.ledgerCounts(principal, year),
    ]);
    const all = [...violations, ...more].sort((a, b) => a.recordType.localeCompare(b.recordType) || a.kind.localeCompare(b.kind) || a.recordId.localeCompare(b.recordId));
    return { year, ...counts, ...moreCounts, violations: all };
  }

  async fundedOutsideLibrary(principal: Principal, year: number, regionCode?: string): Promise<{ rows: OutsideLibraryRow[]; fundings: Map<string, ProjectFundingEntity> }> {
    const rows = await this.repo.outsideLibrary(principal, year, regionCode ? subtreePrefix(regionCode) : undefined, IN_LIBRARY_OR_LATER);
    const fundings = new Map((await this.repo.findFundings(principal, rows.map((r) => r.fundingId))).map((f) => [f.id, f]));
    return { rows, fundings };
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Finance writes documents and allocations: a sector officer must be of sector FINANCE (the kit's sector write scope); other roles are not confined by sector. */
  private financeWrites(principal: ScopeHolder, regionCode: string): boolean {
    return inRegionScope(principal, regionCode, { sector: { value: Sector.FINANCE, access: 'write' } });
  }

  private async lockDocumentForWrite(principal: Principal, id: string, m: EntityManager): Promise<FundDocumentEntity> {
    const [doc] = await this.repo.findDocuments(principal, [id], m, true);
    // Outside the write scope (region or sector) answers as missing.
    if (!doc || !this.financeWrites(principal, doc.regionCode)) throw FundsErrors.documentNotFound();
    return doc;
  }

  private async lockAllocationForWrite(principal: Principal, id: string, m: EntityManager): Promise<FundAllocationEntity> {
    const [a] = await this.repo.findAllocations(principal, [id], m, true);
    if (!a || !this.financeWrites(principal, a.regionCode)) throw FundsErrors.allocationNotFound();
    return a;
  }

  private async lockFundingForWrite(principal: Principal, id: string, m: EntityManager): Promise<ProjectFundingEntity> {
    const [f] = await this.repo.findFundings(principal, [id], m, true);
    if (!f) throw FundsErrors.fundingNotFound();
    return f;
  }

  /** Refuses `amount` over what the (locked) source has left, with the figures in details. */
  private requireAvailable(source: { id: string; amount: string; committed: string }, amount: string, field: string): void {
    const s = sourceFigures(source);
    if (toCents(amount) > toCents(s.available)) throw FundsErrors.overSource(field, s, amount);
  }

  private checkDocumentFields(input: CreateDocument): { documentNumber: string; issuer: string; amount: string } {
    const documentNumber = input.documentNumber.trim();
    const issuer = input.issuer.trim();
    if (!documentNumber) throw FundsErrors.reasonRequired('input.documentNumber');
    if (!issuer) throw FundsErrors.reasonRequired('input.issuer');
    if (!isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount();
    if (!FUNCTION_CODE.test(input.functionCode)) throw FundsErrors.functionCode();
    this.checkDate(input.issuedOn, 'input.issuedOn');
    return { documentNumber, issuer, amount: input.amount };
  }

  private checkDate(date: string, field: string): void {
    if (!isLocalDate(date)) throw FundsErrors.invalidDate(field);
    if (date > todayInChina()) throw FundsErrors.dateInFuture(field);
  }

  private reasonOf(reason: string): string {
    const r = reason.trim();
    if (!r) throw FundsErrors.reasonRequired();
    return r;
  }

  private async insertOrTaken<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw FundsErrors.numberTaken();
      throw e;
    }
  }

  /** The several-levels warning of funds.zhengzhou_rules, when the rule is in force in the project's region on the funding's date. */
  private async levelsWarning(m: EntityManager, f: ProjectFundingEntity): Promise<LevelsWarning | null> {
    const levels = await this.repo.levelsOfProject(m, f.projectId);
    if (levels.length < 2) return null;
    const rule = await this.parameters.valueAt(FUNDS_ZHENGZHOU_RULES_KEY, f.fundedOn, f.regionCode, m);
    if (!rule.configured) return null;
    return { levels, parameter: rule.key, source: rule.source, rule: (rule.value as { text?: string })?.text ?? '' };
  }
}
