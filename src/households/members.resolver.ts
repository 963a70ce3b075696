import { ageOn, todayInChina } from '../common/dates/local-date';
import { Inject } from '@nestjs/common';
import { Args, Info, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { CompiledReads } from '../common/graphql/compiled-read';
import { isFieldRequested } from '../common/graphql/field-selection';
import { plainArgs, SchemaArgs } from '../common/graphql/plain-field';
import { RequestContext } from '../common/graphql/request-context';
import { mapConnection } from '../common/pagination/keyset';
import { GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { SECRETS, Secrets } from '../config/secrets';
import { assertAsOf, MEMBER_CONNECTION_AS_OF, memberModel } from './as-of';
import { MemberPayload, UpdateMemberInput } from './dto/household.inputs';
import { MemberInsurancePayload, SetMemberInsuranceInput } from './dto/income.inputs';
import { Household } from './household.model';
import { HouseholdIdArgs, MembersArgs, YearArgs } from './households.args';
import { HouseholdsLoaders } from './households.loaders';
import { HouseholdIncomesService } from './household-incomes.service';
import { Member, MemberConnection, MemberInsurance } from './member.model';
import { MembersService } from './members.service';

@Resolver(() => Member)
export class MembersResolver {
  constructor(
    private readonly service: MembersService,
    private readonly incomes: HouseholdIncomesService,
    private readonly loaders: HouseholdsLoaders,
    private readonly reads: CompiledReads,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  private model = (e: Parameters<typeof Member.from>[0]) => Member.from(e, this.secrets.cipher);

  @RequirePermission('households.read')
  @Query(() => MemberConnection, { description: 'Members of registered households in your region, by name (default: current members).' })
  async members(@Args() args: MembersArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<MemberConnection> {
    const { first, after, last, before, ...filter } = args;
    // As of a date, every field answers as of it or is refused, before any SQL runs.
    if (filter.asOf) assertAsOf(info, MEMBER_CONNECTION_AS_OF);
    const totalCount = isFieldRequested(info, 'totalCount');
    // The whole selection in one statement when it compiles (compiled-read.ts).
    const plan = filter.asOf ? null : this.reads.plan(info, ['edges', 'node']);
    const answered = plan && (await this.service.listCompiled(principal, filter, { first, after, last, before }, plan, totalCount));
    if (answered) return answered as unknown as MemberConnection;
    const conn = await this.service.list(principal, filter, { first, after, last, before }, totalCount);
    return mapConnection(conn, (e) => memberModel(e, this.secrets.cipher));
  }

  @RequirePermission('households.read')
  @Query(() => Member, { nullable: true, description: 'A member by id; null when it does not exist or lies outside your region.' })
  async member(@Args() { id }: HouseholdIdArgs, @CurrentPrincipal() principal: Principal): Promise<Member | null> {
    const [m] = await this.service.findInScope(principal, [id]);
    return m ? this.model(m) : null;
  }

  @RequirePermission('households.write')
  @Mutation(() => MemberPayload, { description: 'Corrects a member; send the version you read. Joining, leaving and moving are lifecycle operations.' })
  async updateMember(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: UpdateMemberInput, @CurrentPrincipal() principal: Principal): Promise<MemberPayload> {
    return { member: this.model(await this.service.update(principal, input)) };
  }

  @RequirePermission('households.write')
  @Mutation(() => MemberInsurancePayload, { description: 'Records a member’s insurance of one year.' })
  async setMemberInsurance(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: SetMemberInsuranceInput, @CurrentPrincipal() principal: Principal): Promise<MemberInsurancePayload> {
    return { insurance: MemberInsurance.from(await this.incomes.setInsurance(principal, input)) };
  }

  @ResolveField(() => Household, { nullable: true, description: 'The household (of a member in a list as of a date: as of that date).' })
  async household(m: Member, _args: unknown, ctx: RequestContext): Promise<Household | null> {
    const h = m.asOf ? await this.loaders.householdAsOf(ctx).load(`${m.householdId}|${m.asOf}`) : await this.loaders.householdById(ctx).load(m.householdId);
    return h ? Household.from(h, this.secrets.cipher) : null;
  }

  @ResolveField(() => Int, { description: 'Full years of age today (China time), on the given date, or (in a list as of a date) on that date.' })
  age(m: Member, @SchemaArgs('on', { type: () => GraphQLLocalDateScalar, nullable: true, description: 'Age in whole years on this date (YYYY-MM-DD); default today, or the as-of date of the list.' }) { on }: { on?: string | null }): number {
    return ageOn(m.birthDate, on ?? m.asOf ?? todayInChina());
  }

  @ResolveField(() => [MemberInsurance], { description: 'Insurance by year, newest first (or one year).' })
  async insurance(m: Member, @SchemaArgs() args: YearArgs, ctx: RequestContext): Promise<MemberInsurance[]> {
    const { year } = plainArgs(YearArgs, args);
    const rows = await this.loaders.insuranceByMember(ctx).load(m.id);
    return rows.filter((r) => year == null || Number(r.year) === year).map(MemberInsurance.from);
  }
}
