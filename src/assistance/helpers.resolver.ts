import { Args, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { mapConnection } from '../common/pagination/keyset';
import { assertAsOf } from '../households/as-of';
import { AssistanceLoaders } from './assistance.loaders';
import {
  AssistingUnit,
  AssistingUnitConnection,
  AssistingUnitPayload,
  Helper,
  HelperConnection,
  HelperPayload,
  VillageAssignment,
  VillageAssignmentPayload,
  VILLAGE_TEAM_AS_OF,
  VillageTeam,
} from './assistance.models';
import {
  AssignToVillageInput,
  AssistingUnitsArgs,
  CreateAssistingUnitInput,
  CreateHelperInput,
  EndVillageAssignmentInput,
  HelpersArgs,
  IdArgs,
  UpdateHelperInput,
  VillageTeamArgs,
} from './dto/assistance.inputs';
import { HelpersService } from './helpers.service';

/** Assisting units, helpers (帮扶责任人) and village teams (第一书记, 驻村工作队). */
@Resolver(() => Helper)
export class HelpersResolver {
  constructor(
    private readonly service: HelpersService,
    private readonly loaders: AssistanceLoaders,
  ) {}

  @RequirePermission('assistance.read')
  @Query(() => AssistingUnitConnection, { description: 'Assisting units of your region and below, and of the regions above it (which send helpers down).' })
  async assistingUnits(@Args() args: AssistingUnitsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AssistingUnitConnection> {
    const { regionCode, kind, nameContains, ...page } = args;
    const conn = await this.service.listUnits(principal, { regionCode, kind, nameContains }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, AssistingUnit.from);
  }

  @RequirePermission('assistance.read')
  @Query(() => HelperConnection, { description: 'Helpers working in your region and below, by name.' })
  async helpers(@Args() args: HelpersArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HelperConnection> {
    const { regionCode, unitId, nameContains, phone, ...page } = args;
    const conn = await this.service.listHelpers(principal, { regionCode, unitId, nameContains, phone }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (h) => Helper.from(h, () => this.service.maskedPhone(h)));
  }

  @RequirePermission('assistance.read')
  @Query(() => Helper, { nullable: true, description: 'A helper by id; null when it does not exist or lies outside your region.' })
  async helper(@Args() { id }: IdArgs, @CurrentPrincipal() principal: Principal): Promise<Helper | null> {
    const [h] = await this.service.findHelpersInScope(principal, [id]);
    return h ? Helper.from(h, () => this.service.maskedPhone(h)) : null;
  }

  @RequirePermission('assistance.read')
  @Query(() => VillageTeam, {
    nullable: true,
    description: "A village's first secretary and resident work team on a date (default today); null outside your scope. With asOf, today's version fields are refused (NOT_AVAILABLE_AS_OF).",
  })
  async villageTeam(@Args() { regionCode, asOf }: VillageTeamArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<VillageTeam | null> {
    // As of a date, every field answers as of it or is refused, before any SQL runs.
    if (asOf) assertAsOf(info, VILLAGE_TEAM_AS_OF);
    const team = await this.service.villageTeam(principal, regionCode, asOf);
    if (!team) return null;
    return Object.assign(new VillageTeam(), {
      regionCode: team.regionCode,
      asOf: team.asOf,
      firstSecretary: team.firstSecretary && VillageAssignment.from(team.firstSecretary),
      workTeamLeader: team.workTeamLeader && VillageAssignment.from(team.workTeamLeader),
      workTeamMembers: team.workTeamMembers.map(VillageAssignment.from),
    });
  }

  @RequirePermission('assistance.write')
  @Mutation(() => AssistingUnitPayload, { description: 'Register an assisting unit (帮扶单位) in your region.' })
  async createAssistingUnit(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: CreateAssistingUnitInput, @CurrentPrincipal() principal: Principal): Promise<AssistingUnitPayload> {
    return { assistingUnit: AssistingUnit.from(await this.service.createUnit(principal, input)) };
  }

  @RequirePermission('assistance.write')
  @Mutation(() => HelperPayload, { description: 'Register a helper (帮扶责任人) of an assisting unit.' })
  async createHelper(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: CreateHelperInput, @CurrentPrincipal() principal: Principal): Promise<HelperPayload> {
    const h = await this.service.createHelper(principal, input);
    return { helper: Helper.from(h, () => this.service.maskedPhone(h)) };
  }

  @RequirePermission('assistance.write')
  @Mutation(() => HelperPayload, { description: 'Change a helper; send the version you read.' })
  async updateHelper(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: UpdateHelperInput, @CurrentPrincipal() principal: Principal): Promise<HelperPayload> {
    const h = await this.service.updateHelper(principal, input);
    return { helper: Helper.from(h, () => this.service.maskedPhone(h)) };
  }

  @RequirePermission('assistance.write')
  @Mutation(() => VillageAssignmentPayload, { description: 'Appoint a first secretary or a work team member to a village for a term.' })
  async assignToVillage(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: AssignToVillageInput, @CurrentPrincipal() principal: Principal): Promise<VillageAssignmentPayload> {
    return { assignment: VillageAssignment.from(await this.service.assignToVillage(principal, input)) };
  }

  @RequirePermission('assistance.write')
  @Mutation(() => VillageAssignmentPayload, { description: 'End a term on a date (its last day).' })
  async endVillageAssignment(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: EndVillageAssignmentInput, @CurrentPrincipal() principal: Principal): Promise<VillageAssignmentPayload> {
    return { assignment: VillageAssignment.from(await this.service.endVillageAssignment(principal, input)) };
  }

  @ResolveField(() => AssistingUnit, { nullable: true, description: 'The assisting unit that sends the helper.' })
  async unit(helper: Helper, _args: unknown, ctx: RequestContext): Promise<AssistingUnit | null> {
    const u = await this.loaders.unitById(ctx).load(helper.unitId);
    return u ? AssistingUnit.from(u) : null;
  }
}

@Resolver(() => VillageAssignment)
export class VillageAssignmentResolver {
  constructor(private readonly loaders: AssistanceLoaders) {}

  @ResolveField(() => AssistingUnit, { nullable: true, description: 'The assisting unit that sends the person.' })
  async unit(a: VillageAssignment, _args: unknown, ctx: RequestContext): Promise<AssistingUnit | null> {
    const u = await this.loaders.unitById(ctx).load(a.unitId);
    return u ? AssistingUnit.from(u) : null;
  }
}
