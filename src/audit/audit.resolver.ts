import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { AuditChainReport } from './audit-chain-report.model';
import { AuditEntry, AuditEntryConnection } from './audit-entry.model';
import { AuditTrailArgs } from './audit.args';
import { AuditService } from './audit.service';

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly service: AuditService) {}

  @RequirePermission('audit.read')
  @Query(() => AuditEntryConnection, {
    description: 'The audit trail, newest first, within the caller\'s region (entries without a region: district level and above).',
  })
  async auditTrail(@Args() args: AuditTrailArgs, @Info() info: GraphQLResolveInfo): Promise<AuditEntryConnection> {
    const { entityType, entityId, actorId, regionCode, operation, from, to, ...page } = args;
    const conn = await this.service.trail(
      { entityType, entityId, actorId, regionCode, operation, from, to },
      page,
      isFieldRequested(info, 'totalCount'),
    );
    return mapConnection(conn, AuditEntry.from);
  }

  @RequirePermission('audit.read')
  @Query(() => AuditChainReport, { description: 'Re-computes the audit hash chain and reports the first broken row, if any.' })
  async verifyAuditChain(): Promise<AuditChainReport> {
    return AuditChainReport.from(await this.service.verifyChain());
  }
}
