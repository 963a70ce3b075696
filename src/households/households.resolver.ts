import { Inject } from '@nestjs/common';
import { Args, Context, Field, Info, Int, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { CompiledReads } from '../common/graphql/compiled-read';
import { isFieldRequested, selectedFieldsAt } from '../common/graphql/field-selection';
import { plainArgs, SchemaArgs } from '../common/graphql/plain-field';
import { RequestContext } from '../common/graphql/request-context';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { Region } from '../regions/region.model';
import { RegionsLoaders } from '../regions/regions.loaders';
import { assertAsOf, headFirst, HOUSEHOLD_CONNECTION_AS_OF, memberAsOf } from './as-of';
import { DataQualityService } from './data-quality.service';
import { CreateHouseholdInput, HouseholdPayload, UpdateHouseholdInput } from './dto/household.inputs';
import { HouseholdIncomePayload, SetHouseholdIncomeInput } from './dto/income.inputs';
import { HouseholdIncome } from './household-income.model';
import { HouseholdIncomesService } from './household-incomes.service';
import { Household, HouseholdConnection } from './household.model';
import { DataQualityArgs, HouseholdIdArgs, HouseholdIdsArgs, HouseholdNumberArgs, HouseholdsArgs, YearArgs } from './households.args';
import { childrenWanted, HouseholdsLoaders } from './households.loaders';
import { HouseholdsService } from './households.service';
import { Member } from './member.model';
import { MemberEntity } from './member.entity';
import { HouseholdIncomeEntity } from './household-income.entity';

@ObjectType('DataQualityRule', { description: 'A national consistency rule that warns (数据质量): the households that break it.' })
export class DataQualityRule {
  @Field({ description: 'Stable code, e.g. ILLNESS_CAUSE_ALL_HEALTHY.' })
  code: string;

  @Field({ description: 'Why these records are suspicious.' })
  reason: string;

  @Field(() => Int, { description: 'All offending households in the region.' })
  count: number;

  @Field(() => [Household], { description: 'The first offending households, by household number (see limit).' })
  households: Household[];
}

/** The children a read of households takes along (nested-rows.ts) for the fields selected on them. */

@Resolver(() => Household)
export class HouseholdsResolver {
  constructor(
    private readonly service: HouseholdsService,
    private readonly householdIncomes: HouseholdIncomesService,
    private readonly dataQuality: DataQualityService,
    private readonly loaders: HouseholdsLoaders,
    private readonly regions: RegionsLoaders,
    private readonly reads: CompiledReads,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  private model = (e: Parameters<typeof Household.from>[0]) => Household.from(e, this.secrets.cipher);

  @RequirePermission('households.read')
  @Query(() => HouseholdConnection, { description: 'Registered households in your region, filtered and paged (default: on the roll).' })
  async households(@Args() args: HouseholdsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo, @Context() ctx: RequestContext): Promise<HouseholdConnection> {
    const { first, after, last, before, sort, ...filter } = args;
    // As of a date, every field answers as of it or is refused, before any SQL runs.
    if (filter.asOf) assertAsOf(info, HOUSEHOLD_CONNECTION_AS_OF);
    const children = childrenWanted(selectedFieldsAt(info, ['edges', 'node']), selectedFieldsAt(info, ['edges', 'node', 'incomes']));
    const page = { first, after, last, before };
    const totalCount = isFieldRequested(info, 'totalCount');
    // The whole selection in one statement when it compiles (compiled-read.ts), its total in a second.
    const plan = filter.asOf ? null : this.reads.plan(info, ['edges', 'node']);
    const answered = plan && (await this.service.listCompiled(principal, filter, page, sort, plan, totalCount));
    if (answered) return answered as unknown as HouseholdConnection;
    const { children: read, ...conn } = await this.service.list(principal, filter, page, sort, totalCount, children);
    this.loaders.prime(ctx, read);
    return mapConnection(conn, this.model);
  }

  @RequirePermission('households.read')
  @Query(() => Household, { nullable: true, description: 'A household by id; null when it does not exist or lies outside your region.' })
  async household(@Args() { id }: HouseholdIdArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo, @Context() ctx: RequestContext): Promise<Household | null> {
    const plan = this.reads.plan(info, []);
    const answers = plan && (await this.service.compiledRecords(principal, [id], plan));
    // At most one (keyed by the id as stored: the argument may differ in case).
    if (answers) return ([...answers.values()][0] ?? null) as unknown as Household | null;
    const { households: [h], children } = await this.service.findInScopeWithChildren(principal, [id], childrenWanted(selectedFieldsAt(info, []), selectedFieldsAt(info, ['incomes'])));
    this.loaders.prime(ctx, children);
    return h ? this.model(h) : null;
  }

  @RequirePermission('households.read')
  @Query(() => [Household], {
    description:
      'Households by id, in the order asked (duplicates once), whatever their validity: how a change-feed consumer reads the current state of the entries’ roots. Ids unknown or outside your region are left out, as deleted households are.',
  })
  async householdsByIds(@Args() { ids }: HouseholdIdsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<Household[]> {
    const unique = [...new Set(ids)];
    const plan = this.reads.plan(info, []);
    const answers = plan && (await this.service.compiledRecords(principal, unique, plan));
    if (answers) return unique.flatMap((id) => (answers.has(id) ? [answers.get(id) as unknown as Household] : []));
    const found = new Map((await this.service.findInScope(principal, unique)).map((h) => [h.id, h]));
    return unique.flatMap((id) => (found.has(id) ? [this.model(found.get(id)!)] : []));
  }

  @RequirePermission('households.read')
  @Query(() => Household, { nullable: true, description: 'One household by its 户编号.' })
  async householdByNumber(@Args() { householdNumber }: HouseholdNumberArgs, @CurrentPrincipal() principal: Principal): Promise<Household | null> {
    const h = await this.service.findByNumber(principal, householdNumber);
    return h ? this.model(h) : null;
  }

  @RequirePermission('households.read')
  @Query(() => [DataQualityRule], { description: 'The warning consistency rules, per rule: count and the first offending households.' })
  async dataQualityReport(@Args() { regionCode, limit }: DataQualityArgs, @CurrentPrincipal() principal: Principal): Promise<DataQualityRule[]> {
    const findings = await this.dataQuality.report(principal, regionCode, limit);
    return findings.map((f) => ({ code: f.code, reason: f.reason, count: f.count, households: f.households.map(this.model) }));
  }

  @RequirePermission('households.write')
  @Mutation(() => HouseholdPayload, { description: 'Registers a candidate household with its members (one HEAD), all or nothing.' })
  async createHousehold(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: CreateHouseholdInput, @CurrentPrincipal() principal: Principal): Promise<HouseholdPayload> {
    return { household: this.model(await this.service.create(principal, input)) };
  }

  @RequirePermission('households.write')
  @Mutation(() => HouseholdPayload, { description: 'Corrects a household; send the version you read.' })
  async updateHousehold(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: UpdateHouseholdInput, @CurrentPrincipal() principal: Principal): Promise<HouseholdPayload> {
    return { household: this.model(await this.service.update(principal, input)) };
  }

  @RequirePermission('households.write')
  @Mutation(() => HouseholdIncomePayload, { description: 'Records a household’s income of one year (replaces that year; send its version when it exists).' })
  async setHouseholdIncome(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: SetHouseholdIncomeInput, @CurrentPrincipal() principal: Principal): Promise<HouseholdIncomePayload> {
    return { income: HouseholdIncome.from(await this.householdIncomes.setIncome(principal, input)) };
  }

  // The field resolvers below answer synchronously (no promise, no `load`) when the parent's
  // statement read their values along (HouseholdsLoaders.prime: the households page and
  // household(id)), and load them otherwise (issue #12).

  @ResolveField(() => Region, { nullable: true, description: 'The village.' })
  region(h: Household, _args: unknown, ctx: RequestContext): Region | null | Promise<Region | null> {
    const known = this.regions.knownByCode(ctx, h.regionCode);
    if (known !== undefined) return known ? Region.from(known) : null;
    return this.regions.byCode(ctx).load(h.regionCode).then((r) => (r ? Region.from(r) : null));
  }

  @ResolveField(() => Member, { nullable: true, description: '户主' })
  head(h: Household, _args: unknown, ctx: RequestContext): Member | null | Promise<Member | null> {
    if (!h.headMemberId) return null;
    if (h.asOf) return this.headAsOf(h, ctx);
    // From the members batch (same wave as `members`, so their nested loads batch together);
    // by id only when the head is not a current member.
    const known = this.loaders.knownMembers(ctx, h.id);
    const current = known?.find((m) => m.id === h.headMemberId);
    if (current) return Member.from(current, this.secrets.cipher);
    return this.currentHead(h, ctx, known);
  }

  private async headAsOf(h: Household, ctx: RequestContext): Promise<Member | null> {
    const state = h.asOf!;
    const then = (await this.loaders.membersAsOf(ctx).load(`${h.id}|${state.date}`)).find((m) => m.id === h.headMemberId);
    return then ? memberAsOf(Member.from(then, this.secrets.cipher), state.date, state) : null;
  }

  private async currentHead(h: Household, ctx: RequestContext, known: MemberEntity[] | undefined): Promise<Member | null> {
    const current = known ? undefined : (await this.loaders.membersByHousehold(ctx).load(h.id)).find((m) => m.id === h.headMemberId);
    const m = current ?? (await this.loaders.memberById(ctx).load(h.headMemberId!));
    return m ? Member.from(m, this.secrets.cipher) : null;
  }

  @ResolveField(() => [Member], { description: 'Current members, head first; includeFormer adds those who left.' })
  members(
    h: Household,
    @SchemaArgs('includeFormer', { type: () => Boolean, defaultValue: false, description: 'Also members who have left (default false: current members only).' }) { includeFormer }: { includeFormer: boolean },
    ctx: RequestContext,
  ): Member[] | Promise<Member[]> {
    if (h.asOf) {
      const state = h.asOf;
      return this.loaders.membersAsOf(ctx, includeFormer).load(`${h.id}|${state.date}`)
        .then((rows) => headFirst(rows, state.headMemberId).map((m) => memberAsOf(Member.from(m, this.secrets.cipher), state.date, state)));
    }
    const known = includeFormer ? undefined : this.loaders.knownMembers(ctx, h.id);
    if (known) return this.memberModels(known);
    const loader = includeFormer ? this.loaders.allMembersByHousehold(ctx) : this.loaders.membersByHousehold(ctx);
    return loader.load(h.id).then((rows) => this.memberModels(rows));
  }

  private memberModels(rows: readonly MemberEntity[]): Member[] {
    const cipher = this.secrets.cipher;
    return rows.map((m) => Member.from(m, cipher));
  }

  @ResolveField(() => Int, { description: 'Current members (in a list as of a date: the members on that date).' })
  memberCount(h: Household, _args: unknown, ctx: RequestContext): number | Promise<number> {
    if (h.asOf) return this.loaders.membersAsOf(ctx).load(`${h.id}|${h.asOf.date}`).then((rows) => rows.length);
    const known = this.loaders.knownMembers(ctx, h.id);
    if (known) return known.length;
    return this.loaders.membersByHousehold(ctx).load(h.id).then((rows) => rows.length);
  }

  @ResolveField(() => [HouseholdIncome], { description: 'Incomes by year, newest first (or one year).' })
  incomes(h: Household, @SchemaArgs() args: YearArgs, ctx: RequestContext): HouseholdIncome[] | Promise<HouseholdIncome[]> {
    const { year } = plainArgs(YearArgs, args);
    const pick = (rows: readonly HouseholdIncomeEntity[]) => rows.filter((r) => year == null || Number(r.year) === year).map(HouseholdIncome.from);
    const known = this.loaders.knownIncomes(ctx, h.id);
    if (known) return pick(known);
    return this.loaders.incomesByHousehold(ctx).load(h.id).then(pick);
  }
}
