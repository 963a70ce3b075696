import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { todayInChina } from '../common/dates/local-date';
import { isStoredAmount } from '../common/money/money';
import { Connection, ConnectionArgs, DEFAULT_PAGE_SIZE } from '../common/pagination/connection';
import { decodeCursor, forwardPage } from '../common/pagination/keyset';
import { levelOf, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { LabourSkill, WorkPlace } from '../households/registry-codes';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { EntitiesErrors } from '../projects/implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../projects/implementing-entities.repository';
import { RegionsService } from '../regions/regions.service';
import { EMPLOYMENT_CHANNELS_KEY, EmploymentRecordsService, WrittenEmploymentRecord } from './employment-records.service';
import { checkEmploymentTerms } from './employment-rules';
import { LABOUR_SKILLS } from './employment-year.sql';
import { JOB_OPENING_AUDIT } from './employment.audited';
import { EMPLOYMENT_SECTOR } from './employment.declaration';
import { EmploymentErrors } from './employment.errors';
import { JobOpeningEntity } from './openings.entity';
import { CandidateRow, MatchReasonCode, reasonsOf } from './openings.matching';
import { JobOpeningsRepository } from './openings.repository';

/** The rule text the ranking follows (RULES.md §3: full labour to jobs, weak or half labour to posts). */
export const EMPLOYMENT_MATCHING_KEY = 'employment.matching';

/** The regions a job can be in. */
const OPENING_LEVELS: readonly RegionLevel[] = [RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT];

export interface OpeningTerms {
  title: string;
  employerEntityId?: string | null;
  employerName?: string | null;
  regionCode: string;
  place: WorkPlace;
  skills: LabourSkill[];
  monthlyPay: string;
  places: number;
  openFrom: string;
  openUntil?: string | null;
  channel: string;
}

export interface UpdateOpening extends Partial<OpeningTerms> {
  id: string;
  version: number;
}

export interface OpeningCandidate {
  memberId: string;
  householdId: string;
  name: string;
  regionCode: string;
  labourSkill: LabourSkill;
  score: number;
  reasons: { code: MatchReasonCode; points: number }[];
}

export interface OpeningCandidates extends Connection<OpeningCandidate> {
  opening: JobOpeningEntity;
  /** The day "employed now" is asked about: the later of today and the opening's first day. */
  asOf: string;
  matchingRule: ParameterValue;
}

/**
 * Job openings (招聘岗位) and matching: one transaction per change, in the opening's region's write
 * scope (the human resources department and the offices), audited; the candidates of an opening in
 * one statement (openings.matching.ts); placing a candidate records the member's job through the
 * employment records' checks (EmploymentRecordsService.checkCreate / insertChecked).
 */
@Injectable()
export class JobOpeningsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: JobOpeningsRepository,
    private readonly records: EmploymentRecordsService,
    private readonly members: MembersService,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(
    principal: Principal,
    filter: { regionCode?: string; open?: boolean; channel?: string; employerEntityId?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<JobOpeningEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, today: todayInChina(), withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<JobOpeningEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  placesTaken(ids: readonly string[]): Promise<Map<string, number>> {
    return this.repo.placesTaken(ids);
  }

  async create(principal: Principal, input: OpeningTerms): Promise<JobOpeningEntity> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.checkTerms(principal, m, input, true);
      const opening = await this.repo.insert(m, { ...row, sector: EMPLOYMENT_SECTOR, closedOn: null, closeReason: null });
      await this.audit.change(m, JOB_OPENING_AUDIT, 'employment.createJobOpening', null, opening);
      return opening;
    });
  }

  /** Corrects an open opening's terms; send the version read. Checked again as a new opening. */
  async update(principal: Principal, input: UpdateOpening): Promise<JobOpeningEntity> {
    return this.dataSource.transaction(async (m) => {
      const found = await this.lockOpening(principal, m, input.id, 'input.id');
      if (found.closedOn !== null) throw EmploymentErrors.openingClosed('input.id');
      const { id: _id, version, ...changes } = input;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<OpeningTerms>;
      const row = await this.checkTerms(principal, m, { ...found, ...defined });
      const taken = (await this.repo.placesTaken([found.id], m)).get(found.id) ?? 0;
      if (row.places < taken) throw EmploymentErrors.openingPlaces();
      const after = await this.repo.update(m, found.id, version, row);
      await this.audit.change(m, JOB_OPENING_AUDIT, 'employment.updateJobOpening', found, after);
      return after;
    });
  }

  /** Closes an opening with the reason (filled, withdrawn…); send the version read. */
  async close(principal: Principal, input: { id: string; version: number; reason: string; closedOn?: string | null }): Promise<JobOpeningEntity> {
    return this.dataSource.transaction(async (m) => {
      const found = await this.lockOpening(principal, m, input.id, 'input.id');
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      if (found.closedOn !== null) throw EmploymentErrors.openingClosed('input.id');
      const closedOn = input.closedOn ?? todayInChina();
      if (closedOn < found.openFrom) throw EmploymentErrors.invalidPeriod('input.closedOn', `关闭日期不能早于开放日期 ${found.openFrom} (closes before it opens)`);
      const after = await this.repo.update(m, found.id, input.version, { closedOn, closeReason: input.reason.trim() });
      await this.audit.change(m, JOB_OPENING_AUDIT, 'employment.closeJobOpening', found, after, { reason: input.reason.trim() });
      return after;
    });
  }

  /**
   * The opening's candidates in the caller's scope, ranked (openings.matching.ts), a page at a time,
   * with the employment.matching rule the ranking follows and its status.
   */
  async candidates(principal: Principal, openingId: string, args: { first?: number | null; after?: string | null }): Promise<OpeningCandidates> {
    const [opening] = await this.repo.findInScope(principal, [openingId]);
    if (!opening) throw EmploymentErrors.openingNotFound('openingId');
    const today = todayInChina();
    const asOf = opening.openFrom > today ? opening.openFrom : today;
    const sort = { tag: 'score', type: 'int' as const };
    const after = args.after ? (decodeCursor(args.after, 'after', sort) as [number, string]) : undefined;
    const size = args.first ?? DEFAULT_PAGE_SIZE;
    const [rows, matchingRule] = await Promise.all([
      size > 0 ? this.repo.candidates(principal, opening, asOf, { after, limit: size + 1 }) : Promise.resolve([] as CandidateRow[]),
      // The rule in force when the opening opened, in its region.
      this.parameters.valueAt(EMPLOYMENT_MATCHING_KEY, opening.openFrom, opening.regionCode),
    ]);
    const page = forwardPage(rows, size, after !== undefined, sort, (r) => [r.score, r.id], (r) => ({
      memberId: r.id,
      householdId: r.household_id,
      name: r.name,
      regionCode: r.region_code,
      labourSkill: r.labour_skill,
      score: r.score,
      reasons: reasonsOf(r),
    }));
    return { ...page, opening, asOf, matchingRule };
  }

  /**
   * Places a member in an opening: the member's employment record of the year with the opening's
   * channel, place, employer and pay, through the ledger's checks (scope, member in the household,
   * channel listed, overlap); refused when the opening is closed or its places are taken. The
   * opening is locked, so two placements in it are counted one after the other.
   */
  async place(principal: Principal, input: { openingId: string; memberId: string; startsOn: string; monthsWorked: number; year: number; overlapReason?: string | null }): Promise<{ written: WrittenEmploymentRecord; opening: JobOpeningEntity; placesTaken: number }> {
    return this.dataSource.transaction(async (m) => {
      const opening = await this.lockOpening(principal, m, input.openingId, 'input.openingId');
      if (opening.closedOn !== null || (opening.openUntil !== null && opening.openUntil < input.startsOn)) throw EmploymentErrors.openingClosed();
      if (input.startsOn < opening.openFrom) throw EmploymentErrors.openingNotOpen(opening.openFrom, opening.openUntil);
      const taken = (await this.repo.placesTaken([opening.id], m)).get(opening.id) ?? 0;
      if (taken >= opening.places) throw EmploymentErrors.openingFull(opening.places);
      const terms = checkEmploymentTerms({
        year: input.year,
        channel: opening.channel,
        place: opening.place,
        employerEntityId: opening.employerEntityId,
        employerName: opening.employerName,
        startsOn: input.startsOn,
        endsOn: null,
        monthsWorked: input.monthsWorked,
        monthlyIncome: opening.monthlyPay,
        overlapReason: input.overlapReason ?? null,
      });
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      const row = await this.records.checkCreate(principal, m, member, terms);
      const written = await this.records.insertChecked(m, { ...row, openingId: opening.id }, 'employment.placeCandidate');
      return { written, opening, placesTaken: taken + 1 };
    });
  }

  private async lockOpening(principal: Principal, m: EntityManager, id: string, field: string): Promise<JobOpeningEntity> {
    const [found] = await this.repo.findInScope(principal, [id], m, true);
    if (!found) throw EmploymentErrors.openingNotFound(field);
    return found;
  }

  /**
   * The checks of an opening's terms: shapes, region (a village, town or the district in the scope;
   * `creating`: in the write scope of the human resources department, whose opening it becomes; a
   * correction's opening was read under the sector write scope), employer, channel.
   */
  private async checkTerms(scope: ScopeHolder, m: EntityManager, input: OpeningTerms, creating = false): Promise<Omit<JobOpeningEntity, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'sector' | 'closedOn' | 'closeReason'>> {
    const title = input.title.trim();
    if (!title) throw EmploymentErrors.invalidValue('input.title', '岗位名称不能为空 (a title is needed)');
    const skills = [...new Set(input.skills)];
    if (!skills.length || skills.some((s) => !LABOUR_SKILLS.includes(s))) throw EmploymentErrors.openingSkill();
    if (!isStoredAmount(input.monthlyPay)) throw EmploymentErrors.invalidAmount('input.monthlyPay');
    if (!Number.isInteger(input.places) || input.places < 1) throw EmploymentErrors.openingPlaces();
    const openUntil = input.openUntil ?? null;
    if (openUntil !== null && openUntil < input.openFrom) throw EmploymentErrors.invalidPeriod('input.openUntil', `截止日期不能早于开放日期 ${input.openFrom} (ends before it opens)`);
    const region = await this.regions.findByCode(input.regionCode, m);
    if (!region || !inRegionScope(scope, region.code)) throw EmploymentErrors.outOfScope('input.regionCode');
    if (!OPENING_LEVELS.includes(levelOf(region.code))) throw EmploymentErrors.openingRegionLevel();
    if (creating && !inRegionScope(scope, region.code, { sector: { value: EMPLOYMENT_SECTOR, access: 'write' } })) throw EmploymentErrors.outOfScope('input.regionCode');
    let employerName = input.employerName?.trim() || null;
    const employerEntityId = input.employerEntityId || null;
    if (employerEntityId) {
      const [entity] = await this.entities.findInScope(scope, [employerEntityId], m);
      if (!entity) throw EntitiesErrors.entityNotFound('input.employerEntityId');
      employerName = employerName ?? entity.name;
    }
    if (!employerName) throw EmploymentErrors.invalidValue('input.employerName', '须填写用工单位或选择经营主体 (an employer: an implementing entity or a name)');
    await this.parameters.requireListedCode(EMPLOYMENT_CHANNELS_KEY, input.channel.trim(), input.openFrom, region.code, 'input.channel', m);
    return { title, employerEntityId, employerName, regionCode: region.code, place: input.place, skills, monthlyPay: input.monthlyPay, places: input.places, openFrom: input.openFrom, openUntil, channel: input.channel.trim() };
  }
}
