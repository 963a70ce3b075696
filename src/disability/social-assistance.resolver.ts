import { Inject } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { SocialAssistanceRosterArgs, SocialAssistanceRosterEntry, SocialAssistanceRosterEntryConnection } from './social-assistance.models';
import { SocialAssistanceService } from './social-assistance.service';

/** The civil-affairs social-assistance rosters (低保, 特困, 临时救助) as imported: thin; the service scopes. */
@Resolver(() => SocialAssistanceRosterEntry)
export class SocialAssistanceResolver {
  constructor(
    private readonly service: SocialAssistanceService,
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
}
