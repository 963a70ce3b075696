import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { EmploymentRecord, RecordWriteChecks } from './employment.models';
import {
  CloseJobOpeningInput,
  CreateJobOpeningInput,
  JobOpening,
  JobOpeningArgs,
  JobOpeningConnection,
  JobOpeningPayload,
  JobOpeningsArgs,
  OpeningCandidate,
  OpeningCandidateConnection,
  OpeningCandidatesArgs,
  PlaceCandidateInput,
  PlaceCandidatePayload,
  UpdateJobOpeningInput,
} from './openings.models';
import { JobOpeningsService } from './openings.service';
import { JobOpeningEntity } from './openings.entity';
import { ParameterValue } from '../parameters/parameter.model';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Job openings (招聘岗位), their candidates and placing one: thin; the service scopes by the opening's region (and the department, for writes). */
@Resolver(() => JobOpening)
export class JobOpeningsResolver {
  constructor(private readonly service: JobOpeningsService) {}

  private async withTaken(openings: JobOpeningEntity[]): Promise<JobOpening[]> {
    const taken = await this.service.placesTaken(openings.map((o) => o.id));
    return openings.map((o) => JobOpening.from(o, taken.get(o.id) ?? 0));
  }

  @RequirePermission('employment.read')
  @Query(() => JobOpeningConnection, { description: 'Job openings (招聘岗位) in your region and below, newest first.' })
  async jobOpenings(@Args() args: JobOpeningsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<JobOpeningConnection> {
    const { regionCode, open, channel, employerEntityId, ...page } = args;
    const conn = await this.service.list(principal, { regionCode, open, channel, employerEntityId }, page, isFieldRequested(info, 'totalCount'));
    const nodes = await this.withTaken(conn.edges.map((e) => e.node));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return mapConnection(conn, (o) => byId.get(o.id)!);
  }

  @RequirePermission('employment.read')
  @Query(() => JobOpening, { nullable: true, description: 'A job opening by id; null when it does not exist or lies outside your region.' })
  async jobOpening(@Args() { id }: JobOpeningArgs, @CurrentPrincipal() principal: Principal): Promise<JobOpening | null> {
    const [o] = await this.withTaken(await this.service.findInScope(principal, [id]));
    return o ?? null;
  }

  @RequirePermission('employment.read')
  @Query(() => OpeningCandidateConnection, {
    description:
      "The candidates of an opening: current members of the labour register in YOUR region (not only the opening's), without a not-seeking-work mark, ranked in one statement by a score with its reasons (labour skill, kind of labour, distance, a completed training course, not employed now); the points are a design choice, the rule text employment.matching is shown with its status.",
  })
  async openingCandidates(@Args() args: OpeningCandidatesArgs, @CurrentPrincipal() principal: Principal): Promise<OpeningCandidateConnection> {
    const { opening, asOf, matchingRule, ...conn } = await this.service.candidates(principal, args.openingId, args);
    const [o] = await this.withTaken([opening]);
    return { ...mapConnection(conn, OpeningCandidate.from), opening: o, asOf, matchingRule: ParameterValue.from(matchingRule) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => JobOpeningPayload, { description: 'Open a job opening: where (a village, town or the district in your write scope), employer, skills wanted, pay, places, period, channel (employment.channels).' })
  async createJobOpening(@Args('input', { description: INPUT }) input: CreateJobOpeningInput, @CurrentPrincipal() principal: Principal): Promise<JobOpeningPayload> {
    return { jobOpening: JobOpening.from(await this.service.create(principal, input), 0) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => JobOpeningPayload, { description: 'Correct an open job opening; send the version you read. Checked again as a new opening; places not fewer than taken.' })
  async updateJobOpening(@Args('input', { description: INPUT }) input: UpdateJobOpeningInput, @CurrentPrincipal() principal: Principal): Promise<JobOpeningPayload> {
    const [o] = await this.withTaken([await this.service.update(principal, input)]);
    return { jobOpening: o };
  }

  @RequirePermission('employment.write')
  @Mutation(() => JobOpeningPayload, { description: 'Close a job opening with the reason; send the version you read.' })
  async closeJobOpening(@Args('input', { description: INPUT }) input: CloseJobOpeningInput, @CurrentPrincipal() principal: Principal): Promise<JobOpeningPayload> {
    const [o] = await this.withTaken([await this.service.close(principal, input)]);
    return { jobOpening: o };
  }

  @RequirePermission('employment.write')
  @Mutation(() => PlaceCandidatePayload, {
    description:
      "Place a member in an opening: records the member's job of the year (the opening's channel, place, employer and pay; every employment record rule applies); refused when the opening is closed (JOB_OPENING_CLOSED) or its places are taken (JOB_OPENING_FULL).",
  })
  async placeCandidate(@Args('input', { description: INPUT }) input: PlaceCandidateInput, @CurrentPrincipal() principal: Principal): Promise<PlaceCandidatePayload> {
    const { written, opening, placesTaken } = await this.service.place(principal, input);
    return { employmentRecord: EmploymentRecord.from(written.record), jobOpening: JobOpening.from(opening, placesTaken), ...RecordWriteChecks.checksOf(written) };
  }
}
