import { Args, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Public } from '../common/access/access.decorators';
import { isFieldRequested } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { groupByKeys } from '../common/loaders/loader-cache';
import { mapConnection } from '../common/pagination/keyset';
import { DisclosureRepository, PUBLIC_STATES } from './disclosure.repository';
import { DisclosureService } from './disclosure.service';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';
import { PublicNotice, PublicNoticeArgs, PublicNoticeConnection, PublicNoticesArgs, PublicNoticeVersion, PublicObjectionAnswer } from './public-notices.models';

/**
 * The public GraphQL set of disclosure: queries anyone may run without a token (explicitly
 * @Public, rate-limited per address like every operation), over types of their own.
 */
@Resolver(() => PublicNotice)
export class PublicNoticesResolver {
  constructor(
    private readonly service: DisclosureService,
    private readonly repo: DisclosureRepository,
  ) {}

  @Public()
  @Query(() => PublicNoticeConnection, { description: 'Published notices (公告公示), newest first; no sign-in needed (as GET /public/notices).' })
  async publicNotices(@Args() args: PublicNoticesArgs, @Info() info: GraphQLResolveInfo): Promise<PublicNoticeConnection> {
    const { regionCode, kind, publishedFrom, publishedTo, ...page } = args;
    const conn = await this.service.list(null, { regionCode, kind, publishedFrom, publishedTo, states: PUBLIC_STATES }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, PublicNotice.from);
  }

  @Public()
  @Query(() => PublicNotice, { nullable: true, description: 'One published notice; null for a draft or an unknown id. No sign-in needed.' })
  async publicNotice(@Args() args: PublicNoticeArgs): Promise<PublicNotice | null> {
    const d = await this.service.publicDetail(args.id);
    return d ? PublicNotice.from(d.notice) : null;
  }

  @ResolveField(() => [PublicNoticeVersion], { description: 'Its published versions, oldest first, with payloads and hashes.' })
  async versions(notice: PublicNotice, _args: unknown, ctx: RequestContext): Promise<PublicNoticeVersion[]> {
    const loader = ctx.loaders.get('disclosure.publicVersions', () =>
      new DataLoader<string, NoticeVersionEntity[]>(async (ids) => groupByKeys(ids, await this.repo.versionsOf(ids, undefined, true), (v) => v.noticeId)),
    );
    return (await loader.load(notice.id)).map(PublicNoticeVersion.from);
  }

  @ResolveField(() => [PublicObjectionAnswer], { description: 'Its objections as the public sees them: when received and the answers.' })
  async answers(notice: PublicNotice, _args: unknown, ctx: RequestContext): Promise<PublicObjectionAnswer[]> {
    const loader = ctx.loaders.get('disclosure.publicAnswers', () =>
      new DataLoader<string, ObjectionEntity[]>(async (ids) => groupByKeys(ids, await this.repo.objectionsOf(ids), (o) => o.noticeId)),
    );
    return (await loader.load(notice.id)).map(PublicObjectionAnswer.from);
  }
}
