import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { ReconciliationService } from './reconciliation.service';
import { ParameterValue } from '../parameters/parameter.model';
import {
  DibaoStandardCheck,
  DibaoStandardStatus,
  PovertyLineSource,
  DibaoStandardCheckArgs,
  ResolveSocialAssistanceCaseInput,
  RunSocialAssistanceReconciliationInput,
  SocialAssistanceCase,
  SocialAssistanceCaseConnection,
  SocialAssistanceCasesArgs,
  SocialAssistanceReconciliation,
  SocialAssistanceRosterArgs,
  SocialAssistanceRosterEntry,
  SocialAssistanceRosterEntryConnection,
  TekunEligibility,
  TekunEligibilityArgs,
  TekunEligibilityConnection,
} from './social-assistance.models';
import { TekunService } from './tekun.service';
import { SocialAssistanceService } from './social-assistance.service';

/** The civil-affairs social-assistance rosters (低保, 特困, 临时救助) as imported: thin; the service scopes. */
@Resolver(() => SocialAssistanceRosterEntry)
export class SocialAssistanceResolver {
  constructor(
    private readonly service: SocialAssistanceService,
    private readonly reconciliation: ReconciliationService,
    private readonly tekun: TekunService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  @RequirePermission('disability.read')
  @Query(() => SocialAssistanceRosterEntryConnection, {
    description: 'People on the civil-affairs social-assistance rosters (低保, 特困, 临时救助; import kind social-assistance) in your region and below, by civil-affairs household number.',
  })
  async socialAssistanceRosterEntries(@Args() args: SocialAssistanceRosterArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<SocialAssistanceRosterEntryConnection> {
    const { category, civilHouseholdNumber, regionCode, coveredOn, idNumber, ...page } = args;
    const conn = await this.service.list(principal, { category, civilHouseholdNumber, regionCode, coveredOn, idNumber }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (e) => SocialAssistanceRosterEntry.from(e, this.secrets.cipher));
  }

  @RequirePermission('disability.assistance')
  @Mutation(() => SocialAssistanceReconciliation, {
    description:
      "Reconcile civil affairs' 低保 roster with the registry by the ID number's blind index (§18), over your region (or a subtree) as of a day: counts the people on both lists and opens, keeps or reopens the cases of the queue (a resolved case stays resolved unless the facts behind it changed). Civil affairs only.",
  })
  async runSocialAssistanceReconciliation(@Args('input', { description: "The operation's arguments as one input object." }) input: RunSocialAssistanceReconciliationInput, @CurrentPrincipal() principal: Principal): Promise<SocialAssistanceReconciliation> {
    return this.reconciliation.run(principal, input);
  }

  @RequirePermission('disability.read')
  @Query(() => SocialAssistanceCaseConnection, { description: 'The reconciliation queue: cases of your region and below (found by the latest run unless includeGone), by village.' })
  async socialAssistanceCases(@Args() args: SocialAssistanceCasesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<SocialAssistanceCaseConnection> {
    const { kind, status, regionCode, includeGone, ...page } = args;
    return mapConnection(await this.reconciliation.list(principal, { kind, status, regionCode, includeGone }, page, isFieldRequested(info, 'totalCount')), SocialAssistanceCase.from);
  }

  @RequirePermission('disability.assistance')
  @Mutation(() => SocialAssistanceCase, { description: 'Resolve a reconciliation case (corrected, justified with a reason, referred) on a day; send the version you read. Civil affairs only.' })
  async resolveSocialAssistanceCase(@Args('input', { description: "The operation's arguments as one input object." }) input: ResolveSocialAssistanceCaseInput, @CurrentPrincipal() principal: Principal): Promise<SocialAssistanceCase> {
    return SocialAssistanceCase.from(await this.reconciliation.resolve(principal, input));
  }

  @RequirePermission('disability.read')
  @Query(() => DibaoStandardCheck, { description: "The local rural 低保 standard of a year (assistance.dibao_rural_local) against the poverty line applied that year (target: above); NOT_CONFIGURED says what is missing." })
  async dibaoStandardCheck(@Args() args: DibaoStandardCheckArgs, @CurrentPrincipal() principal: Principal): Promise<DibaoStandardCheck> {
    const r = await this.service.dibaoStandardCheck(principal, args);
    return {
      year: r.year,
      regionCode: r.regionCode,
      status: DibaoStandardStatus[r.status],
      standard: r.status === 'NOT_CONFIGURED' ? null : r.standard,
      line: r.status === 'NOT_CONFIGURED' ? null : r.line,
      lineSource: r.lineSource === null ? null : PovertyLineSource[r.lineSource],
      missing: r.status === 'NOT_CONFIGURED' ? r.missing : [],
      parametersUsed: r.parametersUsed.map(ParameterValue.from),
    };
  }

  @RequirePermission('disability.read')
  @Query(() => TekunEligibilityConnection, {
    description:
      "特困 eligibility (RULES.md §7) of the registry's members in your region (or a subtree) in a year, by name: ELIGIBLE, NOT_ELIGIBLE or NOT_CONFIGURED with each criterion (no labour by age and disability per assistance.tekun_no_labour, no income per disability.tekun_no_income_max, no able supporter in the household) and the parameters read; whether the member is on the 特困 roster (by blind index) and, if so, the support against assistance.tekun_support_min × the local 低保 standard.",
  })
  async tekunEligibility(@Args() args: TekunEligibilityArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<TekunEligibilityConnection> {
    const { year, regionCode, verdict, ...page } = args;
    const { parametersUsed, ...conn } = await this.tekun.eligibility(principal, { year, regionCode, verdict }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, (r) => TekunEligibility.from(r, this.secrets.cipher)), parametersUsed: parametersUsed.map(ParameterValue.from) };
  }
}
