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
  householdSize(i: HouseholdIncome, _args: unknown, ctx: RequestContext): number | Promise<number> {
    const key = `${i.householdId}|${i.year}`;
    return this.loaders.knownSizeAtYearEnd(ctx, key) ?? this.loaders.sizeAtYearEnd(ctx).load(key);
  }

  // Synchronous when the households' statement read the size along (childrenWanted's incomeSizes).
  @ResolveField(() => GraphQLDecimal, { nullable: true, description: '人均纯收入 = net income ÷ household size at year end (computed; null when 0 members).' })
  perCapitaNetIncome(i: HouseholdIncome, _args: unknown, ctx: RequestContext): string | null | Promise<string | null> {
    const key = `${i.householdId}|${i.year}`;
    const known = this.loaders.knownSizeAtYearEnd(ctx, key);
    if (known !== undefined) return divideAmount(i.netIncome, known);
    return this.loaders.sizeAtYearEnd(ctx).load(key).then((size) => divideAmount(i.netIncome, size));
  }
}
