import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { WriteWarning } from '../common/graphql/write-warning';
import { isStoredAmount } from '../common/money/money';
import { todayInChina } from '../common/dates/local-date';
import { Connection, ConnectionArgs, DEFAULT_PAGE_SIZE } from '../common/pagination/connection';
import { decodeCursor, forwardPage } from '../common/pagination/keyset';
import { MemberEntity } from '../households/member.entity';
import { subtreePrefix } from '../common/region/region-code';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { AssetErrors } from '../projects/asset.errors';
import { ProjectAssetsRepository } from '../projects/asset.repository';
import { EmploymentRecordEntity } from './employment-record.entity';
import { EmploymentRecordsService, WrittenEmploymentRecord } from './employment-records.service';
import { checkEmploymentTerms, fullOn, PUBLIC_WELFARE_POST_CHANNEL, PWP_ELIGIBLE_WEAK_LABOUR } from './employment-rules';
import { PUBLIC_WELFARE_POST_AUDIT } from './employment.audited';
import { EMPLOYMENT_SECTOR } from './employment.declaration';
import { EmploymentErrors, EmploymentReason } from './employment.errors';
import { PublicWelfarePostEntity } from './posts.entity';
import { PostFigures, PostFilter, PostMatchRow, PostsRepository } from './posts.repository';
import { Distance, MATCH_POINTS } from './openings.matching';

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

/** The keyset of matching posts: score descending, then id. */
const POST_MATCH_SORT = { tag: 'postScore', type: 'int' as const };

/** A post a member could hold, with its holders and vacancies on the day and the reasons of its rank. */
export interface PostMatch {
  post: PublicWelfarePostEntity;
  holders: number;
  vacancies: number;
  score: number;
  reasons: { code: Distance; points: number }[];
  /** The post lies in another village than the member's: assigning needs otherVillageReason. */
  needsOtherVillageReason: boolean;
}

export interface MatchingPosts extends Omit<Connection<PostMatch>, 'totalCount'> {
  member: MemberEntity;
  asOf: string;
  eligibleGroup: ParameterValue;
  memberEligible: boolean | null;
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

  /** A post in scope with its holders and vacancies on `asOf` (default today); null when missing or out of scope. */
  async getWithFigures(principal: Principal, id: string, asOf?: string | null): Promise<{ post: PublicWelfarePostEntity; figures: PostFigures } | null> {
    const [post] = await this.repo.findInScope(principal, [id]);
    if (!post) return null;
    const holders = (await this.repo.holdersOn([post.id], asOf ?? todayInChina())).get(post.id) ?? 0;
    return { post, figures: { holders, vacancies: Math.max(post.places - holders, 0) } };
  }

  /**
   * The posts a member could hold (公益岗位 for weak or half labour, employment.matching): the posts in
   * the caller's scope open on `asOf` (default today) with a place free that day, ranked by distance
   * from the member's village (one statement), a page at a time; with whether the member is in the
   * eligible group of employment.pwp_eligible (null where it is not configured) and that rule.
   */
  async matchingPosts(principal: Principal, memberId: string, args: { asOf?: string | null; first?: number | null; after?: string | null }): Promise<MatchingPosts> {
    const member = await this.members.getInScope(principal, memberId, undefined, { field: 'memberId' });
    const asOf = args.asOf ?? todayInChina();
    const after = args.after ? (decodeCursor(args.after, 'after', POST_MATCH_SORT) as [number, string]) : undefined;
    const size = args.first ?? DEFAULT_PAGE_SIZE;
    const [rows, eligibleGroup] = await Promise.all([
      size > 0 ? this.repo.matching(principal, member.regionCode, asOf, { after, limit: size + 1 }) : Promise.resolve([] as PostMatchRow[]),
      this.parameters.valueAt(PWP_ELIGIBLE_KEY, asOf, member.regionCode),
    ]);
    const listed = eligibleGroup.configured && Array.isArray(eligibleGroup.value) && (eligibleGroup.value as unknown[]).includes(PWP_ELIGIBLE_WEAK_LABOUR);
    const page = forwardPage(rows, size, after !== undefined, POST_MATCH_SORT, (r) => [r.score, r.post.id], (r) => ({
      post: r.post,
      holders: r.holders,
      vacancies: Math.max(r.post.places - r.holders, 0),
      score: r.score,
      reasons: r.distance ? [{ code: r.distance, points: MATCH_POINTS[r.distance] }] : [],
      needsOtherVillageReason: r.post.regionCode !== member.regionCode,
    }));
    return { ...page, member, asOf, eligibleGroup, memberEligible: eligibleGroup.configured ? listed && member.labourSkill === WEAK_OR_PARTIAL : null };
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
      await this.checkHoldersFit(m, found.id, terms);
      const after = await this.repo.update(m, found.id, version, terms);
      await this.audit.change(m, PUBLIC_WELFARE_POST_AUDIT, 'employment.updatePublicWelfarePost', found, after);
      return after;
    });
  }

  /**
   * The post's holders still fit its corrected terms as assignPostHolder would take them: no day
   * with more holders in force than its places (POST_PLACES_BELOW_HOLDERS), no holder starting
   * outside its period (POST_HOLDERS_OUTSIDE_PERIOD). Read under the post's lock.
   */
  private async checkHoldersFit(m: EntityManager, postId: string, terms: Required<PostTerms>): Promise<void> {
    const holders = await this.repo.holdersDuring(m, postId, '0001-01-01', null);
    const early = holders.find((h) => h.startsOn < terms.startsOn);
    if (early) throw EmploymentErrors.postHoldersOutsidePeriod('input.startsOn', early);
    const late = terms.endsOn === null ? undefined : holders.find((h) => h.startsOn > terms.endsOn!);
    if (late) throw EmploymentErrors.postHoldersOutsidePeriod('input.endsOn', late);
    const over = fullOn(holders, terms.places + 1, terms.startsOn);
    if (over) throw EmploymentErrors.postPlacesBelowHolders(new Set(holders.filter((h) => h.startsOn <= over && (h.endsOn === null || h.endsOn >= over)).map((h) => h.memberId)).size, over);
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
