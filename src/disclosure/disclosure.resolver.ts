import { Args, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { groupByKeys } from '../common/loaders/loader-cache';
import { mapConnection } from '../common/pagination/keyset';
import { valueText } from '../parameters/parameter-values';
import {
  CorrectDisclosureNoticeInput,
  CreateDisclosureNoticeInput,
  DisclosureNotice,
  DisclosureNoticeArgs,
  DisclosureNoticeConnection,
  DisclosureNoticePayload,
  DisclosureNoticesArgs,
  DisclosureNoticeVersion,
  DisclosureObjection,
  DisclosureObjectionPayload,
  DisclosureProblem,
  DisclosureProblemsArgs,
  HandleDisclosureObjectionInput,
  PublishDisclosureNoticeInput,
  RecordDisclosureObjectionInput,
  UpdateDisclosureNoticeInput,
  WithdrawDisclosureNoticeInput,
} from './disclosure.models';
import { DisclosureRepository } from './disclosure.repository';
import { DisclosureService } from './disclosure.service';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/**
 * The authenticated GraphQL face of disclosure: thin. The public surface without sign-in is
 * `GET /public/notices` (public-notices.controller.ts).
 */
@Resolver(() => DisclosureNotice)
export class DisclosureResolver {
  constructor(
    private readonly service: DisclosureService,
    private readonly repo: DisclosureRepository,
  ) {}

  @RequirePermission('disclosure.read')
  @Query(() => DisclosureNoticeConnection, { description: 'Public notices (公告公示) posted in your region and below, drafts included, newest first.' })
  async disclosureNotices(@Args() args: DisclosureNoticesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DisclosureNoticeConnection> {
    const { regionCode, kind, state, ...page } = args;
    const conn = await this.service.list(principal, { regionCode, kind, states: state ? [state] : undefined }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, DisclosureNotice.from);
  }

  @RequirePermission('disclosure.read')
  @Query(() => DisclosureNotice, { nullable: true, description: 'One notice of your region; null when missing or outside it.' })
  async disclosureNotice(@Args() args: DisclosureNoticeArgs, @CurrentPrincipal() principal: Principal): Promise<DisclosureNotice | null> {
    const d = await this.service.detail(principal, args.id);
    return d ? DisclosureNotice.from(d.notice) : null;
  }

  @RequirePermission('disclosure.read')
  @Query(() => [DisclosureProblem], {
    description:
      'Deadline checks of the notices of your region published between two days: allocations published after the working-day deadline, periods shorter than the minimum, checks that need a parameter not configured, and records due a notice in those days that have none (MISSING).',
  })
  async disclosureProblems(@Args() args: DisclosureProblemsArgs, @CurrentPrincipal() principal: Principal): Promise<DisclosureProblem[]> {
    const problems = await this.service.problems(principal, args.from, args.to);
    return problems.map((p) => ({
      ...p,
      notice: p.notice ? DisclosureNotice.from(p.notice) : null,
      parametersUsed: p.parametersUsed.map((u) => ({ key: u.key, value: u.configured ? valueText(u.value) : null, configured: u.configured, status: u.status })),
    }));
  }

  @RequirePermission('disclosure.write')
  @Mutation(() => DisclosureNoticePayload, { description: 'Drafts a notice in your region (not public until published).' })
  async createDisclosureNotice(@Args('input', { description: INPUT }) input: CreateDisclosureNoticeInput, @CurrentPrincipal() principal: Principal): Promise<DisclosureNoticePayload> {
    return { notice: DisclosureNotice.from((await this.service.create(principal, input)).notice) };
  }

  @RequirePermission('disclosure.write')
  @Mutation(() => DisclosureNoticePayload, { description: 'Changes a draft; a published notice answers NOTICE_PUBLISHED_IMMUTABLE (correct it instead).' })
  async updateDisclosureNotice(@Args('input', { description: INPUT }) input: UpdateDisclosureNoticeInput, @CurrentPrincipal() principal: Principal): Promise<DisclosureNoticePayload> {
    return { notice: DisclosureNotice.from((await this.service.updateDraft(principal, input)).notice) };
  }

  @RequirePermission('disclosure.write')
  @Mutation(() => DisclosureNoticePayload, { description: 'Publishes a draft: required fields, a channel and a period of at least the minimum in force; freezes and hashes version 1.' })
  async publishDisclosureNotice(@Args('input', { description: INPUT }) input: PublishDisclosureNoticeInput, @CurrentPrincipal() principal: Principal): Promise<DisclosureNoticePayload> {
    return { notice: DisclosureNotice.from((await this.service.publish(principal, input)).notice) };
  }

  @RequirePermission('disclosure.write')
  @Mutation(() => DisclosureNoticePayload, { description: 'Publishes a correction: a new version naming the one it replaces and why (the period stays).' })
  async correctDisclosureNotice(@Args('input', { description: INPUT }) input: CorrectDisclosureNoticeInput, @CurrentPrincipal() principal: Principal): Promise<DisclosureNoticePayload> {
    return { notice: DisclosureNotice.from((await this.service.correct(principal, input)).notice) };
  }

  @RequirePermission('disclosure.write')
  @Mutation(() => DisclosureNoticePayload, { description: 'Withdraws a notice with a reason (its published versions stay public).' })
  async withdrawDisclosureNotice(@Args('input', { description: INPUT }) input: WithdrawDisclosureNoticeInput, @CurrentPrincipal() principal: Principal): Promise<DisclosureNoticePayload> {
    return { notice: DisclosureNotice.from(await this.service.withdraw(principal, input)) };
  }

  @RequirePermission('disclosure.write')
  @Mutation(() => DisclosureObjectionPayload, { description: 'Records an objection received within the period (on a board, by letter, in person).' })
  async recordDisclosureObjection(@Args('input', { description: INPUT }) input: RecordDisclosureObjectionInput, @CurrentPrincipal() principal: Principal): Promise<DisclosureObjectionPayload> {
    const o = await this.service.recordObjection(principal, input);
    const d = await this.service.detail(principal, o.noticeId);
    return { objection: DisclosureObjection.from(o, this.service.maskedContact(o)), notice: DisclosureNotice.from(d!.notice) };
  }

  @RequirePermission('disclosure.write')
  @Mutation(() => DisclosureObjectionPayload, { description: 'Handles an objection: finding, answer (published) and outcome; closes an ended notice with no other open objection.' })
  async handleDisclosureObjection(@Args('input', { description: INPUT }) input: HandleDisclosureObjectionInput, @CurrentPrincipal() principal: Principal): Promise<DisclosureObjectionPayload> {
    const { objection, notice } = await this.service.handleObjection(principal, input);
    return { objection: DisclosureObjection.from(objection, this.service.maskedContact(objection)), notice: DisclosureNotice.from(notice) };
  }

  // The notice was reached in the caller's scope: its versions and objections come with it.
  @ResolveField(() => [DisclosureNoticeVersion], { description: 'Its versions, oldest first (the draft\'s too).' })
  async versions(notice: DisclosureNotice, _args: unknown, ctx: RequestContext): Promise<DisclosureNoticeVersion[]> {
    const loader = ctx.loaders.get('disclosure.versions', () =>
      new DataLoader<string, NoticeVersionEntity[]>(async (ids) => groupByKeys(ids, await this.repo.versionsOf(ids), (v) => v.noticeId)),
    );
    return (await loader.load(notice.id)).map(DisclosureNoticeVersion.from);
  }

  @ResolveField(() => [DisclosureObjection], { description: 'Its objections, by the day received.' })
  async objections(notice: DisclosureNotice, _args: unknown, ctx: RequestContext): Promise<DisclosureObjection[]> {
    const loader = ctx.loaders.get('disclosure.objections', () =>
      new DataLoader<string, ObjectionEntity[]>(async (ids) => groupByKeys(ids, await this.repo.objectionsOf(ids), (o) => o.noticeId)),
    );
    return (await loader.load(notice.id)).map((o) => DisclosureObjection.from(o, this.service.maskedContact(o)));
  }
}
