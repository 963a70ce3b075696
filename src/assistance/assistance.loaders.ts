import { todayInChina } from '../common/dates/local-date';
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Principal } from '../common/access/principal';
import { RequestContext } from '../common/graphql/request-context';
import { groupByKeys, orderByKeys } from '../common/loaders/loader-cache';
import { AssistingUnitEntity, HelperEntity, PairingEntity, VisitEntity } from './assistance.entities';
import { HelpersService } from './helpers.service';
import { PairingsService } from './pairings.service';

/**
 * Per-request batch loaders of assistance: one `= ANY($1)` statement per batch, whatever the
 * page size. Units and helpers are loaded by id as the related records of a unit, helper,
 * pairing or visit the caller has already reached in its scope; the per-household lists apply
 * the caller's scope themselves.
 */
@Injectable()
export class AssistanceLoaders {
  constructor(
    private readonly helpers: HelpersService,
    private readonly pairings: PairingsService,
  ) {}

  unitById(ctx: RequestContext): DataLoader<string, AssistingUnitEntity | null> {
    return ctx.loaders.get('assistance.unitById', () =>
      new DataLoader<string, AssistingUnitEntity | null>(async (ids) => orderByKeys(ids, await this.helpers.findUnitsByIds(ids), (u) => u.id)),
    );
  }

  helperById(ctx: RequestContext): DataLoader<string, HelperEntity | null> {
    return ctx.loaders.get('assistance.helperById', () =>
      new DataLoader<string, HelperEntity | null>(async (ids) => orderByKeys(ids, await this.helpers.findHelpersByIds(ids), (h) => h.id)),
    );
  }

  /** Pairings active today of each household (Household.helpers). */
  currentPairingsByHousehold(ctx: RequestContext): DataLoader<string, PairingEntity[]> {
    const principal = principalOf(ctx);
    return ctx.loaders.get('assistance.currentPairingsByHousehold', () =>
      new DataLoader<string, PairingEntity[]>(async (ids) => {
        if (!principal) return ids.map(() => []);
        return groupByKeys(ids, await this.pairings.activePairingsOfHouseholds(principal, ids, todayInChina()), (p) => p.householdId);
      }),
    );
  }

  /**
   * The same pairings, each with its helper read in the same statement (for a selection of
   * `helper`; the Pairing model carries it, so Pairing.helper needs no other statement).
   */
  currentPairingsWithHelpersByHousehold(ctx: RequestContext): DataLoader<string, { pairing: PairingEntity; helper: HelperEntity | null }[]> {
    const principal = principalOf(ctx);
    return ctx.loaders.get('assistance.currentPairingsWithHelpersByHousehold', () =>
      new DataLoader<string, { pairing: PairingEntity; helper: HelperEntity | null }[]>(async (ids) => {
        if (!principal) return ids.map(() => []);
        const found = await this.pairings.activePairingsWithHelpers(principal, ids, todayInChina());
        return groupByKeys(ids, found, (p) => p.pairing.householdId);
      }),
    );
  }

  /** The newest `first` visits of each household (Household.visits); one loader per `first`. */
  latestVisitsByHousehold(ctx: RequestContext, first: number): DataLoader<string, VisitEntity[]> {
    const principal = principalOf(ctx);
    return ctx.loaders.get(`assistance.latestVisitsByHousehold:${first}`, () =>
      new DataLoader<string, VisitEntity[]>(async (ids) => {
        if (!principal) return ids.map(() => []);
        return groupByKeys(ids, await this.pairings.latestVisitsOfHouseholds(principal, ids, first), (v) => v.householdId);
      }),
    );
  }
}

function principalOf(ctx: RequestContext): Principal | undefined {
  return (ctx.req as { principal?: Principal }).principal;
}
