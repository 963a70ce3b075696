import { Int, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../common/graphql/request-context';
import { GraphQLDecimal } from '../common/scalars/scalars';
import { divideAmount } from '../common/money/money';
import { HouseholdIncome } from './household-income.model';
import { HouseholdsLoaders } from './households.loaders';

@Resolver(() => HouseholdIncome)
export class HouseholdIncomeResolver {
  constructor(private readonly loaders: HouseholdsLoaders) {}

  @ResolveField(() => Int, { description: 'Members at the end of the year (joined by Dec 31, not left or dead by then).' })
  householdSize(i: HouseholdIncome, _args: unknown, ctx: RequestContext): Promise<number> {
    return this.loaders.sizeAtYearEnd(ctx).load(`${i.householdId}|${i.year}`);
  }

  @ResolveField(() => GraphQLDecimal, { nullable: true, description: '人均纯收入 = net income ÷ household size at year end (computed; null when 0 members).' })
  async perCapitaNetIncome(i: HouseholdIncome, _args: unknown, ctx: RequestContext): Promise<string | null> {
    const size = await this.loaders.sizeAtYearEnd(ctx).load(`${i.householdId}|${i.year}`);
    return divideAmount(i.netIncome, size);
  }
}
