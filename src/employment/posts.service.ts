import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { WriteWarning } from '../common/graphql/write-warning';
import { isStoredAmount } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { MembersService } from '../households/members.service';
import { ParametersService } from '../parameters/parameters.service';
import { AssetErrors } from '../projects/asset.errors';
import { ProjectAssetsRepository } from '../projects/asset.repository';
import { EmploymentRecordEntity } from './employment-record.entity';
import { EmploymentRecordsService, WrittenEmploymentRecord } from './employment-records.service';
import { checkEmploymentTerms, PUBLIC_WELFARE_POST_CHANNEL, PWP_ELIGIBLE_WEAK_LABOUR } from './employment-rules';
import { PUBLIC_WELFARE_POST_AUDIT } from './employment.audited';
import { EMPLOYMENT_SECTOR } from './employment.declaration';
import { EmploymentErrors, EmploymentReason } from './employment.errors';
import { PublicWelfarePostEntity } from './posts.entity';
import { PostFilter, PostsRepository } from './posts.repository';

/** The policy parameters of public-welfare posts (RULES.md §3). */
export const PWP_TYPES_KEY = 'employment.pwp_types';
export const PWP_ELIGIBLE_KEY = 'employment.pwp_eligible';
/** The registry labour skill of the eligible group 弱/半劳动力. */
const WEAK_OR_PARTIAL = 'WEAK_OR_PARTIAL';

export interface PostTerms {
  regionCode: string;
  type: string;
  name: string;
  places: number;
  monthlyPay: string;
  fundingSource: string;
  fundingAssetId?: string | null;
  startsOn: string;
  endsOn?: string | null;
}

export interface AssignPostHolder {
  postId: string;
  memberId: string;
  year: number;
  startsOn: string;
  endsOn?: string | null;
  monthsWorked: number;
  otherVillageReason?: string | null;
  eligibilityNote?: string | null;
}

/** A holder outside the eligible group, with the member's labour skill. */
export interface HolderOutsideEligibleGroup {
  record: EmploymentRecordEntity;
  post: PublicWelfarePostEntity;
}

/**
 * Public-welfare posts (公益岗位) and their holders. One transaction per use case: a post is
 * checked for the write scope (the village, the human resources department), its type against
 * employment.pwp_types in force on its start in the village, the funding asset readable; a holder
 * is an employment record made through EmploymentRecordsService.checkCreate + insertChecked (every
 * record rule applies), refused when the post is full, ended or closed, or the member lives in
 * another village without a reason; a holder outside employment.pwp_eligible is a warning.
 */
@Injectable()
export class PostsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: PostsRepository,
    private readonly records: EmploymentRecordsService,
    private readonly members: MembersService,
    private readonly assets: ProjectAssetsRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<PostFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean) {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<PublicWelfarePostEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  /** Unscoped, for a list already checked (the posts of holders read in scope). */
  findByIds(ids: readonly string[]): Promise<PublicWelfarePostEntity[]> {
    return this.repo.findByIds(ids);
  }

  async create(principal: Principal, input: PostTerms): Promise<PublicWelfarePostEntity> {
    const terms = checkPostShape(input);
    return this.dataSource.transaction(async (m) => {
      if (!inRegionScope(principal, terms.regionCode, { sector: { value: EMPLOYMENT_SECTOR, access: 'write' } })) throw EmploymentErrors.outOfScope('input.regionCode');
      await this.parameters.requireRegion(terms.regionCode, 'input.regionCode', m);
      await this.checkReads(principal, m, terms);
      const post = await this.repo.insert(m, { ...terms, sector: EMPLOYMENT_SECTOR });
      await this.audit.change(m, PUBLIC_WELFARE_POST_AUDIT, 'employment.createPublicWelfarePost', null, post);
      return post;
    });
  }

  /** Corrects a post's terms (not its village); send the version read. Checked again as a new post. */
  async update(principal: Principal, input: Partial<Omit<PostTerms, 'regionCode'>> & { id: string; version: number }): Promise<PublicWelfarePostEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!found) throw EmploymentErrors.postNotFound();
      const { id: _id, version, ...changes } = input;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      const terms = checkPostShape({ ...found, ...defined, regionCode: found.regionCode });
      await this.checkReads(principal, m, terms);
      const after = await this.repo.update(m, found.id, version, terms);
      await this.audit.change(m, PUBLIC_WELFARE_POST_AUDIT, 'employment.updatePublicWelfarePost', found, after);
      return after;
    });
  }

  /** Closes (撤销) a post from a day (its last day), with the reason; send the version read. */
  async close(principal: Principal, input: { id: string; version: number; closedOn: string; reason: string }): Promise<PublicWelfarePostEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!found) throw EmploymentErrors.postNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      if (found.closedOn !== null) throw EmploymentErrors.postClosed(found.closedOn);
      if (input.closedOn < found.startsOn) throw EmploymentErrors.invalidPeriod('input.closedOn', `撤销日期不能早于岗位开始日期 ${found.startsOn} (closes before it starts)`);
      const after = await this.repo.update(m, found.id, input.version, { closedOn: input.closedOn, closeReason: input.reason.trim() });
      await this.audit.change(m, PUBLIC_WELFARE_POST_AUDIT, 'employment.closePublicWelfarePost', found, after, { reason: input.reason.trim() });
      return after;
    });
  }

  /**
   * Records a member as a holder of a post: an employment record of the public-welfare post channel,
   * within the town, the post's name as employer and its pay as monthly income. Answers the record
   * and the warnings (a holder outside the eligible group of employment.pwp_eligible).
   */
  async assignHolder(principal: Principal, input: AssignPostHolder): Promise<WrittenEmploymentRecord> {
    return this.dataSource.transaction(async (m) => {
      // The post first, locked: holders of one post are counted one assignment at a time.
      const [post] = await this.repo.findInScope(principal, [input.postId], m, true);
      if (!post) throw EmploymentErrors.postNotFound('input.postId');
      const terms = checkEmploymentTerms({
        year: input.year,
        channel: PUBLIC_WELFARE_POST_CHANNEL,
        place: 'WITHIN_TOWN',
        employerName: post.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        monthsWorked: input.monthsWorked,
        monthlyIncome: post.monthlyPay,
      });
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      const row = await this.records.checkCreate(principal, m, member, terms);
      const otherVillageReason = input.otherVillageReason?.trim() || null;
      if (member.regionCode !== post.regionCode && !otherVillageReason) throw EmploymentErrors.postHolderOtherVillage();
      const lastDay = [post.closedOn, post.endsOn].filter((d): d is string => d !== null).sort()[0] ?? null;
      if (terms.startsOn < post.startsOn) throw EmploymentErrors.invalidPeriod('input.startsOn', `岗位 ${post.startsOn} 才开始 (the post starts later)`);
      if (lastDay !== null && lastDay < terms.startsOn) throw EmploymentErrors.postClosed(lastDay);
      const full = fullOn(await this.repo.holdersDuring(m, post.id, terms.startsOn, terms.endsOn), post.places, terms.startsOn);
      if (full) throw EmploymentErrors.postFull(post.places, full);
      const eligibilityNote = input.eligibilityNote?.trim() || null;
      const written = await this.records.insertChecked(m, { ...row, postId: post.id, otherVillageReason, eligibilityNote }, 'employment.assignPostHolder');
      const warnings: WriteWarning[] = [...written.warnings];
      const eligible = await this.parameters.valueAt(PWP_ELIGIBLE_KEY, terms.startsOn, post.regionCode, m);
      const listed = eligible.configured && Array.isArray(eligible.value) && (eligible.value as unknown[]).includes(PWP_ELIGIBLE_WEAK_LABOUR);
      if (!listed || member.labourSkill !== WEAK_OR_PARTIAL) {
        warnings.push({
          code: EmploymentReason.POST_HOLDER_OUTSIDE_ELIGIBLE_GROUP,
          field: 'input.memberId',
          message: eligibilityNote
            ? `该成员不是弱/半劳动力（${PWP_ELIGIBLE_KEY}），已记录资格说明：${eligibilityNote} (not weak or half labour; the stated basis is kept and the holder listed with it)`
            : `该成员不是弱/半劳动力，不在 ${PWP_ELIGIBLE_KEY} 的对象范围内 (not weak or half labour: outside the eligible group; listed by postHoldersOutsideEligibleGroup)`,
        });
      }
      return { ...written, warnings, parametersUsed: [...written.parametersUsed, eligible] };
    });
  }

  /** The caller's post holders of the year outside the eligible group (not weak or half labour), with their posts. */
  async holdersOutsideEligibleGroup(principal: Principal, filter: { year: number; regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<HolderOutsideEligibleGroup>> {
    const page = await this.repo.outsideEligibleGroup(principal, { year: filter.year, withinPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, eligibleSkill: WEAK_OR_PARTIAL }, args, withTotalCount);
    const posts = new Map((await this.repo.findByIds([...new Set(page.edges.map((e) => e.node.postId!))])).map((p) => [p.id, p]));
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: { record: e.node, post: posts.get(e.node.postId!)! } })) };
  }

  /** The reads of a post's terms: its type listed on its start in the village, the funding asset readable. */
  private async checkReads(principal: Principal, m: EntityManager, terms: PostTerms): Promise<void> {
    await this.parameters.requireListedCode(PWP_TYPES_KEY, terms.type, terms.startsOn, terms.regionCode, 'input.type', m);
    if (terms.fundingAssetId) {
      const [asset] = await this.assets.findInScope(principal, [terms.fundingAssetId], m);
      if (!asset) throw AssetErrors.notFound('input.fundingAssetId');
    }
  }
}

/** The shapes of a post's terms before any read; trims the texts. */
function checkPostShape(input: PostTerms): Required<PostTerms> {
  if (!Number.isInteger(input.places) || input.places < 1) {
    throw EmploymentErrors.invalidValue('input.places', '岗位名额须为不小于 1 的整数 (places: a whole number, at least 1)');
  }
  if (!isStoredAmount(input.monthlyPay)) throw EmploymentErrors.invalidAmount('input.monthlyPay');
  const endsOn = input.endsOn ?? null;
  if (endsOn !== null && endsOn < input.startsOn) throw EmploymentErrors.invalidPeriod('input.endsOn', `结束日期不能早于开始日期 ${input.startsOn} (ends before it starts)`);
  return {
    regionCode: input.regionCode,
    type: input.type.trim(),
    name: input.name.trim(),
    places: input.places,
    monthlyPay: input.monthlyPay,
    fundingSource: input.fundingSource.trim(),
    fundingAssetId: input.fundingAssetId || null,
    startsOn: input.startsOn,
    endsOn,
  };
}

/**
 * The first day from `from` on which all `places` are held by the records given (the holders of a
 * post over a period), or null: the holders in force are counted at `from` and at each later start.
 */
export function fullOn(holders: readonly Pick<EmploymentRecordEntity, 'memberId' | 'startsOn' | 'endsOn'>[], places: number, from: string): string | null {
  const days = [...new Set([from, ...holders.map((h) => h.startsOn).filter((d) => d > from)])].sort();
  for (const day of days) {
    const inForce = new Set(holders.filter((h) => h.startsOn <= day && (h.endsOn === null || h.endsOn >= day)).map((h) => h.memberId));
    if (inForce.size >= places) return day;
  }
  return null;
}
