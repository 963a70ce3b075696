import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { RequestContext } from '../../common/graphql/request-context';
import { groupByKeys, orderByKeys } from '../../common/loaders/loader-cache';
import { HouseholdEventEntity } from '../household-event.entity';
import { HouseholdEntity } from '../household.entity';
import { HouseholdsService } from '../households.service';
import { ProposalEntity } from '../proposal.entity';
import { LifecycleRepository, StatusAsOfRow } from './lifecycle.repository';

/**
 * Per-request batch loaders of the lifecycle fields on Household (events, proposals, status as
 * of a date) and of a proposal's household: one `= ANY($1)` query per batch. Parents were
 * region-checked where they were loaded; these follow them.
 */
@Injectable()
export class LifecycleLoaders {
  constructor(
    private readonly repo: LifecycleRepository,
    private readonly households: HouseholdsService,
  ) {}

  events(ctx: RequestContext): DataLoader<string, HouseholdEventEntity[]> {
    return ctx.loaders.get('lifecycle.events', () =>
      new DataLoader<string, HouseholdEventEntity[]>(async (ids) => groupByKeys(ids, await this.repo.eventsOfHouseholds(ids), (e) => e.householdId)),
    );
  }

  proposals(ctx: RequestContext): DataLoader<string, ProposalEntity[]> {
    return ctx.loaders.get('lifecycle.proposals', () =>
      new DataLoader<string, ProposalEntity[]>(async (ids) => groupByKeys(ids, await this.repo.proposalsOfHouseholds(ids), (p) => p.householdId)),
    );
  }

  openProposal(ctx: RequestContext): DataLoader<string, ProposalEntity | null> {
    return ctx.loaders.get('lifecycle.openProposal', () =>
      new DataLoader<string, ProposalEntity | null>(async (ids) => orderByKeys(ids, await this.repo.proposalsOfHouseholds(ids, true), (p) => p.householdId)),
    );
  }

  /** Keys `householdId|YYYY-MM-DD`. */
  statusAsOf(ctx: RequestContext): DataLoader<string, StatusAsOfRow | null> {
    return ctx.loaders.get('lifecycle.statusAsOf', () =>
      new DataLoader<string, StatusAsOfRow | null>(async (keys) => {
        const rows = await this.repo.statusesAsOf(keys.map((k) => ({ householdId: k.slice(0, k.indexOf('|')), date: k.slice(k.indexOf('|') + 1) })));
        return orderByKeys(keys, rows, (r) => `${r.householdId}|${r.date}`);
      }),
    );
  }

  household(ctx: RequestContext): DataLoader<string, HouseholdEntity | null> {
    return ctx.loaders.get('lifecycle.household', () =>
      new DataLoader<string, HouseholdEntity | null>(async (ids) => orderByKeys(ids, await this.households.findByIds(ids), (h) => h.id)),
    );
  }
}
