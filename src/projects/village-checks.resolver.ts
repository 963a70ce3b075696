import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { ImplementingEntity } from './implementing-entities.models';
import { ImplementingEntitiesService } from './implementing-entities.service';
import { VillageCheckRecord } from './village-checks.repository';
import {
  RecordVillageIndustryCheckInput,
  UpdateVillageIndustryCheckInput,
  VillageIndustryCheck,
  VillageIndustryCheckArgs,
  VillageIndustryCheckPayload,
  VillageIndustryCheckRow,
  VillageIndustryCheckRowConnection,
  VillageIndustryChecksArgs,
} from './village-checks.models';
import { VillageChecksService } from './village-checks.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Village industry checks (§10, §12): the list walks the villages of the scope, missing ones included. */
@Resolver(() => VillageIndustryCheckRow)
export class VillageChecksResolver {
  constructor(
    private readonly service: VillageChecksService,
    private readonly entities: ImplementingEntitiesService,
  ) {}

  /** The cooperatives of the records, read in one statement, as answers (phones masked). */
  private async cooperatives(records: (VillageCheckRecord | null)[]): Promise<(r: VillageCheckRecord | null) => ImplementingEntity[]> {
    const ids = [...new Set(records.flatMap((r) => r?.cooperativeIds ?? []))];
    const byId = new Map((await this.entities.findByIds(ids)).map((e) => [e.id, ImplementingEntity.from(e, this.entities.maskedPhone(e), this.entities.creditCodeInfo(e))]));
    return (r) => (r?.cooperativeIds ?? []).flatMap((id) => byId.get(id) ?? []);
  }

  @RequirePermission('projects.read')
  @Query(() => VillageIndustryCheckRowConnection, {
    description: 'Every village of your scope (or of `regionCode` within it), by code, with its industry check of the year and the results; a village without a check is listed with `recorded: false`.',
  })
  async villageIndustryChecks(@Args() args: VillageIndustryChecksArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<VillageIndustryCheckRowConnection> {
    const { year, regionCode, ...page } = args;
    const conn = await this.service.list(principal, year, regionCode, page, isFieldRequested(info, 'totalCount'));
    const cooperativesOf = await this.cooperatives(conn.edges.map((e) => e.node.record));
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: VillageIndustryCheckRow.from(e.node, cooperativesOf(e.node.record)) })) };
  }

  @RequirePermission('projects.read')
  @Query(() => VillageIndustryCheckRow, { nullable: true, description: 'A village industry check by id, with its results; null when it does not exist or lies outside your region.' })
  async villageIndustryCheck(@Args() { id }: VillageIndustryCheckArgs, @CurrentPrincipal() principal: Principal): Promise<VillageIndustryCheckRow | null> {
    const row = await this.service.get(principal, id);
    if (!row) return null;
    return VillageIndustryCheckRow.from(row, (await this.cooperatives([row.record]))(row.record));
  }

  @RequirePermission('projects.write')
  @Mutation(() => VillageIndustryCheckPayload, { description: 'Record a village\'s industry check of a year (one per village and year).' })
  async recordVillageIndustryCheck(@Args('input', { description: INPUT }) input: RecordVillageIndustryCheckInput, @CurrentPrincipal() principal: Principal): Promise<VillageIndustryCheckPayload> {
    const r = await this.service.record(principal, input);
    return { villageIndustryCheck: VillageIndustryCheck.from(r, (await this.cooperatives([r]))(r)) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => VillageIndustryCheckPayload, { description: 'Correct a village industry check; send the version you read. Lists given replace the stored ones.' })
  async updateVillageIndustryCheck(@Args('input', { description: INPUT }) input: UpdateVillageIndustryCheckInput, @CurrentPrincipal() principal: Principal): Promise<VillageIndustryCheckPayload> {
    const r = await this.service.update(principal, input);
    return { villageIndustryCheck: VillageIndustryCheck.from(r, (await this.cooperatives([r]))(r)) };
  }
}
