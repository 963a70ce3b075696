import { Inject } from '@nestjs/common';
import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested, selectedFieldsAt } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { Connection } from '../common/pagination/connection';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { HouseholdEntity } from '../households/household.entity';
import { Household, HouseholdConnection } from '../households/household.model';
import { childrenWanted, HouseholdsLoaders } from '../households/households.loaders';
import { HouseholdChildren } from '../households/households.repository';
import { Member } from '../households/member.model';
import { ParameterValue } from '../parameters/parameter.model';
import { CoverageService } from './coverage.service';
import { EmploymentFiguresService } from './employment-figures.service';
import {
  EmploymentTargets,
  ExitedWithoutStableEmploymentArgs,
  LabourRegisterArgs,
  LabourRegisterConnection,
  LabourRegisterEntry,
  LinkageCoverage,
  LinkageCoverageArgs,
  YearRegionArgs,
  YearRegionPageArgs,
} from './employment.models';

/** The labour register, the plan's employment targets and the coverage target: thin; the services scope by region. */
@Resolver()
export class EmploymentFiguresResolver {
  constructor(
    private readonly figures: EmploymentFiguresService,
    private readonly coverageService: CoverageService,
    private readonly householdLoaders: HouseholdsLoaders,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  private households(ctx: RequestContext, conn: Connection<HouseholdEntity> & { children?: Map<HouseholdEntity, HouseholdChildren> }): HouseholdConnection {
    const { children, ...page } = conn;
    this.householdLoaders.prime(ctx, children);
    return mapConnection(page, (h) => Household.from(h, this.secrets.cipher));
  }

  @RequirePermission('employment.read')
  @Query(() => LabourRegisterConnection, {
    description: "劳动力台账: current members with labour (ordinary, skilled, weak or half) in your region, by name, with each member's year by the employment records beside the registry's months worked.",
  })
  async labourRegister(@Args() args: LabourRegisterArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<LabourRegisterConnection> {
    const { year, regionCode, status, householdId, ...page } = args;
    const { years, ...conn } = await this.figures.register(principal, { year, regionCode, status, householdId }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (m) => LabourRegisterEntry.from(Member.from(m, this.secrets.cipher), year, years.get(m)!));
  }

  @RequirePermission('employment.read')
  @Query(() => EmploymentTargets, { description: "The plan's employment targets of a year in your region (§2, §16), from the records, with the parameters used and their status." })
  async employmentTargets(@Args() { year, regionCode }: YearRegionArgs, @CurrentPrincipal() principal: Principal): Promise<EmploymentTargets> {
    const t = await this.figures.targets(principal, year, regionCode);
    return { ...t, parametersUsed: t.parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('employment.read')
  @Query(() => HouseholdConnection, {
    description:
      'Exited households (已脱贫) on the roll of your region with labour and fewer stably employed members in the year than target.exited_hh_stable_employment; with withoutLabour: true, the exited households with no member able to work (listed apart). By household number.',
  })
  async exitedHouseholdsWithoutStableEmployment(
    @Args() args: ExitedWithoutStableEmploymentArgs,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
    @Context() ctx: RequestContext,
  ): Promise<HouseholdConnection> {
    const { year, regionCode, withoutLabour, ...page } = args;
    const conn = await this.figures.exitedHouseholds(principal, { year, regionCode, withoutLabour }, page, isFieldRequested(info, 'totalCount'), childrenWanted(selectedFieldsAt(info, ['edges', 'node'])));
    return this.households(ctx, conn);
  }

  @RequirePermission('employment.read')
  @Query(() => HouseholdConnection, {
    description: 'Relocated households (易地搬迁) on the roll of your region with labour and fewer members working in the year in an enterprise or a public-welfare post than target.relocated_employment; by household number.',
  })
  async relocatedHouseholdsWithoutEnterpriseOrPost(
    @Args() args: YearRegionPageArgs,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
    @Context() ctx: RequestContext,
  ): Promise<HouseholdConnection> {
    const { year, regionCode, ...page } = args;
    const conn = await this.figures.relocatedHouseholds(principal, { year, regionCode }, page, isFieldRequested(info, 'totalCount'), childrenWanted(selectedFieldsAt(info, ['edges', 'node'])));
    return this.households(ctx, conn);
  }

  @RequirePermission('projects.read')
  @Query(() => LinkageCoverage, { description: "产业就业全覆盖: households on the roll of your region covered in the year by a benefit linkage or a member's employment record, against the plan's target (a warning)." })
  async linkageCoverage(@Args() { year, regionCode }: LinkageCoverageArgs, @CurrentPrincipal() principal: Principal): Promise<LinkageCoverage> {
    const c = await this.coverageService.coverage(principal, year, regionCode);
    return { ...c, target: ParameterValue.from(c.target) };
  }

  @RequirePermission('projects.read')
  @Query(() => HouseholdConnection, {
    description: "The households behind linkageCoverage's `uncovered`: on the roll, in your region, with neither a benefit linkage in force in the year nor a member who worked in it by the employment records; by household number.",
  })
  async householdsWithoutLinkage(
    @Args() args: YearRegionPageArgs,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
    @Context() ctx: RequestContext,
  ): Promise<HouseholdConnection> {
    const { year, regionCode, ...page } = args;
    const conn = await this.coverageService.list(principal, year, regionCode, page, isFieldRequested(info, 'totalCount'), childrenWanted(selectedFieldsAt(info, ['edges', 'node'])));
    return this.households(ctx, conn);
  }
}
