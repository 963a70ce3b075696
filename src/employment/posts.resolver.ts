import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { Member } from '../households/member.model';
import { ParameterValue } from '../parameters/parameter.model';
import { MembersService } from '../households/members.service';
import { EmploymentRecord, RecordWriteChecks, YearRegionPageArgs } from './employment.models';
import {
  AssignPostHolderInput,
  ClosePublicWelfarePostInput,
  MatchingPostsArgs,
  PostMatch,
  PostMatchConnection,
  CreatePublicWelfarePostInput,
  PostHolderOutsideEligibleGroup,
  PostHolderOutsideEligibleGroupConnection,
  PostHolderPayload,
  PublicWelfarePost,
  PublicWelfarePostArgs,
  PublicWelfarePostConnection,
  PublicWelfarePostPayload,
  PublicWelfarePostsArgs,
  UpdatePublicWelfarePostInput,
} from './posts.models';
import { PostsService, PWP_ELIGIBLE_KEY } from './posts.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Public-welfare posts (公益岗位) and their holders: thin; the service scopes by the post's village (and the department, for writes). */
@Resolver(() => PublicWelfarePost)
export class PostsResolver {
  constructor(
    private readonly service: PostsService,
    private readonly members: MembersService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  @RequirePermission('employment.read')
  @Query(() => PublicWelfarePostConnection, { description: 'Public-welfare posts (公益岗位) of your region running in the year, by name, with their holders and vacancies computed from the records.' })
  async publicWelfarePosts(@Args() args: PublicWelfarePostsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<PublicWelfarePostConnection> {
    const { year, asOf, regionCode, type, withVacancies, ...page } = args;
    const { figures, ...conn } = await this.service.list(principal, { year, asOf, regionCode, type, withVacancies }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (p) => PublicWelfarePost.from(p, figures.get(p)));
  }

  @RequirePermission('employment.read')
  @Query(() => PublicWelfarePost, { nullable: true, description: 'A public-welfare post by id, with its holders and vacancies on `asOf` (default today); null when it does not exist or lies outside your region.' })
  async publicWelfarePost(@Args() { id, asOf }: PublicWelfarePostArgs, @CurrentPrincipal() principal: Principal): Promise<PublicWelfarePost | null> {
    const found = await this.service.getWithFigures(principal, id, asOf);
    return found ? PublicWelfarePost.from(found.post, found.figures) : null;
  }

  @RequirePermission('employment.read')
  @Query(() => PostHolderOutsideEligibleGroupConnection, {
    description: `Post holders of the year in your region outside the eligible group of ${PWP_ELIGIBLE_KEY} (not weak or half labour by the registry), newest start first, each with the member, the post and the basis stated (eligibilityNote) if any.`,
  })
  async postHoldersOutsideEligibleGroup(@Args() args: YearRegionPageArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<PostHolderOutsideEligibleGroupConnection> {
    const { year, regionCode, ...page } = args;
    const conn = await this.service.holdersOutsideEligibleGroup(principal, { year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    const members = new Map((await this.members.findByIds([...new Set(conn.edges.map((e) => e.node.record.memberId))])).map((m) => [m.id, m]));
    return mapConnection(conn, ({ record, post }) => {
      const member = members.get(record.memberId)!;
      return Object.assign(new PostHolderOutsideEligibleGroup(), {
        record: EmploymentRecord.from(record),
        member: Member.from(member, this.secrets.cipher),
        post: PublicWelfarePost.from(post),
        why: `劳动能力为 ${member.labourSkill ?? '未填'}，不是弱/半劳动力${record.eligibilityNote ? `；资格说明：${record.eligibilityNote}` : ''} (not weak or half labour by the registry${record.eligibilityNote ? '; a basis was stated' : ''})`,
      });
    });
  }

  @RequirePermission('employment.read')
  @Query(() => PostMatchConnection, {
    description:
      "The public-welfare posts a member could hold (employment.matching: weak or half labour → 公益性岗位): posts in your region open on the day with a place free, ranked by distance from the member's village, with whether the member is in the eligible group (employment.pwp_eligible).",
  })
  async matchingPostsForMember(@Args() args: MatchingPostsArgs, @CurrentPrincipal() principal: Principal): Promise<PostMatchConnection> {
    const { member, asOf, eligibleGroup, memberEligible, ...conn } = await this.service.matchingPosts(principal, args.memberId, args);
    return {
      ...mapConnection(conn, (n) => Object.assign(new PostMatch(), { ...n, post: PublicWelfarePost.from(n.post, n) })),
      member: Member.from(member, this.secrets.cipher),
      asOf,
      eligibleGroup: ParameterValue.from(eligibleGroup),
      memberEligible,
    };
  }

  @RequirePermission('employment.write')
  @Mutation(() => PublicWelfarePostPayload, { description: 'Create a public-welfare post of a village: type from employment.pwp_types, places ≥ 1, the monthly pay stated (no default exists), the funding source and optionally the funding asset.' })
  async createPublicWelfarePost(@Args('input', { description: INPUT }) input: CreatePublicWelfarePostInput, @CurrentPrincipal() principal: Principal): Promise<PublicWelfarePostPayload> {
    return { post: PublicWelfarePost.from(await this.service.create(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => PublicWelfarePostPayload, { description: 'Correct a post; send the version you read. Checked again as a new post.' })
  async updatePublicWelfarePost(@Args('input', { description: INPUT }) input: UpdatePublicWelfarePostInput, @CurrentPrincipal() principal: Principal): Promise<PublicWelfarePostPayload> {
    return { post: PublicWelfarePost.from(await this.service.update(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => PublicWelfarePostPayload, { description: 'Close (撤销) a post from a day, with the reason; send the version you read. No holder starts after it.' })
  async closePublicWelfarePost(@Args('input', { description: INPUT }) input: ClosePublicWelfarePostInput, @CurrentPrincipal() principal: Principal): Promise<PublicWelfarePostPayload> {
    return { post: PublicWelfarePost.from(await this.service.close(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => PostHolderPayload, {
    description:
      "Record a member as a post's holder: makes the member's employment record of the year (channel 公益岗, within the town, the post's name and pay) under every record rule; refused when the post is full for the period (POST_FULL), not open on the start (POST_CLOSED), or the member lives in another village without otherVillageReason. A holder who is not weak or half labour is a warning.",
  })
  async assignPostHolder(@Args('input', { description: INPUT }) input: AssignPostHolderInput, @CurrentPrincipal() principal: Principal): Promise<PostHolderPayload> {
    const written = await this.service.assignHolder(principal, input);
    return { employmentRecord: EmploymentRecord.from(written.record), ...RecordWriteChecks.checksOf(written) };
  }
}
