import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { YearRegionPageArgs } from './employment.models';
import { HouseholdEmploymentIncome, HouseholdEmploymentIncomeArgs, HouseholdEmploymentIncomeConnection } from './employment-registry.models';
import { EmploymentRegistryService } from './employment-registry.service';

/** The employment records against the registry: thin; the service scopes by region. */
@Resolver(() => HouseholdEmploymentIncome)
export class EmploymentRegistryResolver {
  constructor(private readonly service: EmploymentRegistryService) {}

  @RequirePermission('employment.read')
  @Query(() => HouseholdEmploymentIncome, { description: "A household's year by the employment records beside the registry's wage income and members' months worked." })
  async householdEmploymentIncome(@Args() { householdId, year }: HouseholdEmploymentIncomeArgs, @CurrentPrincipal() principal: Principal): Promise<HouseholdEmploymentIncome> {
    const { household, figures } = await this.service.household(principal, householdId, year);
    return HouseholdEmploymentIncome.from(household, year, figures);
  }

  @RequirePermission('employment.read')
  @Query(() => HouseholdEmploymentIncomeConnection, {
    description: "Households on the roll of your region where the employment records of the year and the registry disagree (wages below the records', or a member's months worked different), by household number: correct the registry or the records.",
  })
  async employmentRegistryDisagreements(@Args() args: YearRegionPageArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HouseholdEmploymentIncomeConnection> {
    const { year, regionCode, ...page } = args;
    const { figures, ...conn } = await this.service.disagreements(principal, { year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (h) => HouseholdEmploymentIncome.from(h, year, figures.get(h)!));
  }
}
