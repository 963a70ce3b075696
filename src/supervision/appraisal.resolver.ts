import { Args, Info, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { subtreePrefix } from '../common/region/region-code';
import {
  AddAppraisalEntryInput,
  AppraisalEntriesArgs,
  AppraisalEntry,
  AppraisalEntryConnection,
  AppraisalEntryPayload,
  AppraisalFollowUp,
  AppraisalFollowUpPayload,
  AppraisalIdArgs,
  AppraisalRound,
  AppraisalRoundConnection,
  AppraisalRoundPayload,
  AppraisalRoundsArgs,
  AppraisalStepInput,
  CompleteAppraisalFollowUpInput,
  CreateAppraisalRoundInput,
  RecordWorkTeamAttendanceInput,
  ScoreAppraisalEntryInput,
  WorkTeamAttendanceArgs,
  WorkTeamAttendancePayload,
  WorkTeamMonthModel,
} from './appraisal.models';
import { AppraisalService } from './appraisal.service';
import { WorkTeamAttendanceService } from './work-team-attendance.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/**
 * Annual appraisal's GraphQL face (考核, issue #20): rounds and entries read with supervision.read
 * (rounds by their region, entries by the target's place), written by the appraisal body
 * (supervision.appraise, the round's region in scope).
 */
@Resolver(() => AppraisalEntry)
export class AppraisalResolver {
  constructor(private readonly service: AppraisalService) {}

  @RequirePermission('supervision.read')
  @Query(() => AppraisalRoundConnection, { description: 'Appraisal rounds (考核轮次) of your region and below, latest year first.' })
  async appraisalRounds(@Args() args: AppraisalRoundsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AppraisalRoundConnection> {
    const { year, targetKind, regionCode, ...page } = args;
    const conn = await this.service.listRounds(principal, { year, targetKind, regionPrefix: regionCode ? subtreePrefix(regionCode) : null }, page, isFieldRequested(info, 'totalCount'));
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: AppraisalRound.from(e.node) })) };
  }

  @RequirePermission('supervision.read')
  @Query(() => AppraisalRound, { nullable: true, description: 'One appraisal round of your region and below; null when missing or outside your region.' })
  async appraisalRound(@Args() { id }: AppraisalIdArgs, @CurrentPrincipal() principal: Principal): Promise<AppraisalRound | null> {
    const r = await this.service.round(principal, id);
    return r ? AppraisalRound.from(r) : null;
  }

  @RequirePermission('supervision.read')
  @Query(() => AppraisalEntryConnection, { description: 'The ranking of a round (考核排名): its entries whose target lies in your region, highest total first, unscored last; `rank` is the place among all the round’s scored entries.' })
  async appraisalEntries(@Args() args: AppraisalEntriesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AppraisalEntryConnection> {
    const { roundId, stage, regionCode, ...page } = args;
    const conn = await this.service.listEntries(principal, { roundId, stage, regionPrefix: regionCode ? subtreePrefix(regionCode) : null }, page, isFieldRequested(info, 'totalCount'));
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: AppraisalEntry.from(e.node, principal.permissions) })) };
  }

  @RequirePermission('supervision.read')
  @Query(() => AppraisalEntry, { nullable: true, description: 'One appraisal entry whose target lies in your region; null when missing or outside it.' })
  async appraisalEntry(@Args() { id }: AppraisalIdArgs, @CurrentPrincipal() principal: Principal): Promise<AppraisalEntry | null> {
    const e = await this.service.entry(principal, id);
    return e ? AppraisalEntry.from(e, principal.permissions) : null;
  }

  @RequirePermission('supervision.appraise')
  @Mutation(() => AppraisalRoundPayload, { description: 'Create an appraisal round for a year and a kind of target, by the appraisal body of a region in your scope (one per region, year and kind).' })
  async createAppraisalRound(@Args('input', { description: INPUT }) input: CreateAppraisalRoundInput, @CurrentPrincipal() principal: Principal): Promise<AppraisalRoundPayload> {
    return { round: AppraisalRound.from(await this.service.createRound(principal, input)) };
  }

  @RequirePermission('supervision.appraise')
  @Mutation(() => AppraisalEntryPayload, { description: 'Add a target to a round (once per round): a town, a department, a village’s work team, a first secretary’s term or a helper within the round’s region.' })
  async addAppraisalEntry(@Args('input', { description: INPUT }) input: AddAppraisalEntryInput, @CurrentPrincipal() principal: Principal): Promise<AppraisalEntryPayload> {
    return { entry: AppraisalEntry.from(await this.service.addEntry(principal, input), principal.permissions) };
  }

  @RequirePermission('supervision.appraise')
  @Mutation(() => AppraisalEntryPayload, { description: 'Enter the sub-scores, the grade and notes of a draft entry; the weighted total is computed from supervision.appraisal_weights. Send the version you read.' })
  async scoreAppraisalEntry(@Args('input', { description: INPUT }) input: ScoreAppraisalEntryInput, @CurrentPrincipal() principal: Principal): Promise<AppraisalEntryPayload> {
    return { entry: AppraisalEntry.from(await this.service.score(principal, input), principal.permissions) };
  }

  @RequirePermission('supervision.appraise')
  @Mutation(() => AppraisalEntryPayload, { description: 'Take a step of an entry: SUBMIT (提交), APPROVE (审定; not by the submitter; a unit grade’s follow-ups are created), RETURN (退回, with a reason). Send the version you read.' })
  async appraisalStep(@Args('input', { description: INPUT }) input: AppraisalStepInput, @CurrentPrincipal() principal: Principal): Promise<AppraisalEntryPayload> {
    return { entry: AppraisalEntry.from((await this.service.step(principal, input)).entry, principal.permissions) };
  }

  @RequirePermission('supervision.appraise')
  @Mutation(() => AppraisalFollowUpPayload, { description: 'Record a follow-up of an approved grade (约谈, 限期整改) as done. Send the version you read.' })
  async completeAppraisalFollowUp(@Args('input', { description: INPUT }) input: CompleteAppraisalFollowUpInput, @CurrentPrincipal() principal: Principal): Promise<AppraisalFollowUpPayload> {
    return { followUp: AppraisalFollowUp.from(await this.service.completeFollowUp(principal, input)) };
  }

  @ResolveField(() => Int, { nullable: true, description: 'The place among the round’s scored entries, highest total first (ties share a place); null while unscored.' })
  async rank(e: AppraisalEntry, _args: unknown, ctx: RequestContext): Promise<number | null> {
    if (e.total === null) return null;
    const loader = ctx.loaders.get('supervision.appraisalRank', () =>
      new DataLoader<string, number | null>(async (ids) => {
        const ranks = await this.service.ranks(ids);
        return ids.map((id) => ranks.get(id) ?? null);
      }),
    );
    return loader.load(e.id);
  }

  @ResolveField(() => [AppraisalFollowUp], { description: 'The follow-ups created by the approval (约谈, 限期整改).' })
  async followUps(e: AppraisalEntry, _args: unknown, ctx: RequestContext): Promise<AppraisalFollowUp[]> {
    const loader = ctx.loaders.get('supervision.appraisalFollowUps', () =>
      new DataLoader<string, AppraisalFollowUp[]>(async (ids) => {
        const byEntry = await this.service.followUpsOf(ids);
        return ids.map((id) => (byEntry.get(id) ?? []).map(AppraisalFollowUp.from));
      }),
    );
    return loader.load(e.id);
  }
}

/** Work-team attendance (驻村考勤): recorded by the village's officers (supervision.attendance), read with supervision.read. */
@Resolver(() => WorkTeamMonthModel)
export class WorkTeamAttendanceResolver {
  constructor(private readonly service: WorkTeamAttendanceService) {}

  @RequirePermission('supervision.read')
  @Query(() => WorkTeamMonthModel, { nullable: true, description: 'A village’s first secretary and work team in a month: each one’s days in the village, and the team’s size against supervision.work_team; null when the village is outside your region.' })
  async workTeamAttendance(@Args() { villageCode, month }: WorkTeamAttendanceArgs, @CurrentPrincipal() principal: Principal): Promise<WorkTeamMonthModel | null> {
    const m = await this.service.month(principal, villageCode, month);
    return m ? WorkTeamMonthModel.from(m) : null;
  }

  @RequirePermission('supervision.attendance')
  @Mutation(() => WorkTeamAttendancePayload, { description: 'Record days a first secretary or work team member (a village assignment in your scope) was in the village.' })
  async recordWorkTeamAttendance(@Args('input', { description: INPUT }) input: RecordWorkTeamAttendanceInput, @CurrentPrincipal() principal: Principal): Promise<WorkTeamAttendancePayload> {
    const r = await this.service.record(principal, input);
    return { assignmentId: r.assignment.id, recorded: r.recorded, alreadyRecorded: r.alreadyRecorded };
  }
}
