import { todayInChina } from '../common/dates/local-date';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { AuditService } from '../audit/audit.service';
import { subtreePrefix } from '../common/region/region-code';
import { HouseholdEntity, HouseholdValidity } from '../households/household.entity';
import { HouseholdsService } from '../households/households.service';
import { HelperEntity, PairingEntity, VisitDelivery, VisitEntity } from './assistance.entities';
import { AssistanceErrors } from './assistance.errors';
import { HelpersService } from './helpers.service';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { HelperPeriodFigures, PairingsRepository } from './pairings.repository';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { PAIRING_AUDIT, VISIT_AUDIT } from './assistance.audited';

export interface PairHelper {
  helperId: string;
  householdId: string;
  startOn: string;
}

export interface EndPairing {
  pairingId: string;
  endOn: string;
  reason: string;
  version?: number;
}

export interface LogVisit {
  helperId: string;
  householdId: string;
  visitedOn: string;
  delivered: VisitDelivery[];
  notes?: string | null;
}

export interface HelperVisitSummaryRow extends HelperPeriodFigures {
  helper: HelperEntity;
}

/**
 * Pairings of helpers with households (结对帮扶) and their visits (走访), and the reports on
 * them (§5, §28): households without a helper, helpers' visits per period. A household must be
 * in the caller's scope (otherwise it answers as missing); exit ends nothing here: only
 * endPairing ends a pairing (脱贫不脱帮扶).
 */
@Injectable()
export class PairingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: PairingsRepository,
    private readonly helpers: HelpersService,
    private readonly households: HouseholdsService,
    private readonly audit: AuditService,
  ) {}

  // ---- pairings ----

  listPairings(
    principal: Principal,
    filter: { householdId?: string; helperId?: string; regionCode?: string; activeOn?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<PairingEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.pagePairings(principal, { ...rest, withinPrefix: regionCode && subtreePrefix(regionCode) }, args, withTotalCount);
  }

  /** Pairings active on a date (default today) of households, in the caller's scope. */
  activePairingsOfHouseholds(principal: Principal, householdIds: readonly string[], on = todayInChina()): Promise<PairingEntity[]> {
    return this.repo.findActivePairingsOfHouseholds(principal, householdIds, on);
  }

  /** activePairingsOfHouseholds with the pairings' helpers, in one statement. */
  activePairingsWithHelpers(principal: Principal, householdIds: readonly string[], on = todayInChina()): Promise<{ pairing: PairingEntity; helper: HelperEntity | null }[]> {
    return this.repo.findActivePairingsWithHelpers(principal, householdIds, on);
  }

  async pairHelper(principal: Principal, input: PairHelper): Promise<PairingEntity> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const household = await this.householdInScope(principal, input.householdId, m);
        if (household.validity === HouseholdValidity.REMOVED) throw AssistanceErrors.householdNotOnRoll();
        // The helper's row lock makes pairing changes of one helper run one at a time.
        const [helper] = await this.helpers.findHelpersInScope(principal, [input.helperId], m, true);
        if (!helper) throw AssistanceErrors.helperNotFound();
        for (const p of await this.repo.findPairingsOf(m, helper.id, household.id)) {
          if (p.endOn === null) throw AssistanceErrors.alreadyPaired();
          if (p.endOn >= input.startOn) throw AssistanceErrors.pairingOverlap(p.startOn, p.endOn);
        }
        const pairing = await this.repo.insertPairing(m, {
          helperId: helper.id,
          householdId: household.id,
          regionCode: household.regionCode,
          startOn: input.startOn,
          endOn: null,
          endReason: null,
        });
        await this.audit.change(m, PAIRING_AUDIT, 'assistance.pairHelper', null, pairing);
        return pairing;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw AssistanceErrors.alreadyPaired();
      throw e;
    }
  }

  async endPairing(principal: Principal, input: EndPairing): Promise<PairingEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findPairingsInScope(principal, [input.pairingId], m, true);
      if (!before) throw AssistanceErrors.pairingNotFound();
      if (input.version !== undefined && input.version !== before.version) {
        throw versionConflict({ expectedVersion: input.version, currentVersion: before.version });
      }
      if (before.endOn !== null) throw AssistanceErrors.pairingEnded();
      if (input.endOn < before.startOn) throw AssistanceErrors.endBeforeStart(before.startOn);
      const lastVisit = await this.repo.latestVisitAfter(m, before.helperId, before.householdId, input.endOn);
      if (lastVisit) throw AssistanceErrors.endBeforeVisit(lastVisit);
      const after = await this.repo.endPairing(m, before.id, before.version, input.endOn, input.reason.trim());
      // The row is locked above: only a concurrent change between read and lock could get here.
      if (!after) throw AssistanceErrors.pairingEnded();
      await this.audit.change(m, PAIRING_AUDIT, 'assistance.endPairing', before, after, { reason: after.endReason });
      return after;
    });
  }

  // ---- visits ----

  listVisits(
    principal: Principal,
    filter: { householdId?: string; helperId?: string; regionCode?: string; from?: string; to?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<VisitEntity>> {
    if (filter.from && filter.to && filter.from > filter.to) throw AssistanceErrors.invalidPeriod();
    const { regionCode, ...rest } = filter;
    return this.repo.pageVisits(principal, { ...rest, withinPrefix: regionCode && subtreePrefix(regionCode) }, args, withTotalCount);
  }

  /** The newest `first` visits of each household, in the caller's scope. */
  latestVisitsOfHouseholds(principal: Principal, householdIds: readonly string[], first: number): Promise<VisitEntity[]> {
    return this.repo.findLatestVisitsOfHouseholds(principal, householdIds, first);
  }

  /** A visit is by a helper paired with the household on that date; anything else is refused. */
  async logVisit(principal: Principal, input: LogVisit): Promise<VisitEntity> {
    if (input.visitedOn > todayInChina()) throw AssistanceErrors.dateInFuture('visitedOn');
    return this.dataSource.transaction(async (m) => {
      const household = await this.householdInScope(principal, input.householdId, m);
      const pairing = await this.repo.findActivePairing(m, input.helperId, household.id, input.visitedOn);
      if (!pairing) throw AssistanceErrors.helperNotPaired(input.visitedOn);
      const visit = await this.repo.insertVisit(m, {
        helperId: pairing.helperId,
        householdId: household.id,
        regionCode: household.regionCode,
        visitedOn: input.visitedOn,
        delivered: [...new Set(input.delivered)],
        notes: input.notes?.trim() || null,
      });
      await this.audit.change(m, VISIT_AUDIT, 'assistance.logVisit', null, visit);
      return visit;
    });
  }

  // ---- reports ----

  /**
   * §5, §28 "every household paired with a helper, including exited ones": households on the
   * roll (any status) with no pairing active on `asOf` (default today), by household number.
   * The registry's list with one more condition: with `asOf`, the roll of that date and each
   * household as of it (as-of.ts), like `households(asOf:)`.
   */
  householdsWithoutHelper(
    principal: Principal,
    filter: { regionCode?: string; asOf?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdEntity>> {
    const on = filter.asOf ?? todayInChina();
    return this.households.list(
      principal,
      { regionCode: filter.regionCode, validity: HouseholdValidity.ACTIVE, asOf: filter.asOf, extend: (qb) => this.repo.withoutPairingOn(qb, on) },
      args,
      undefined,
      withTotalCount,
    );
  }

  /**
   * Per helper with a pairing or a visit in [from, to] on households of the region: visits,
   * households visited, and the paired households never visited in the period.
   */
  async helperVisitSummary(
    principal: Principal,
    filter: { from: string; to: string; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HelperVisitSummaryRow>> {
    if (filter.from > filter.to) throw AssistanceErrors.invalidPeriod();
    const within = filter.regionCode && subtreePrefix(filter.regionCode);
    const page = await this.repo.pageHelpersActiveInPeriod(principal, within, filter.from, filter.to, args, withTotalCount);
    const figures = await this.repo.periodFigures(
      principal,
      page.edges.map((e) => e.node.id),
      within,
      filter.from,
      filter.to,
    );
    const byHelper = new Map(figures.map((f) => [f.helperId, f]));
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: { ...byHelper.get(e.node.id)!, helper: e.node } })),
    };
  }

  // ---- checks ----

  private async householdInScope(principal: Principal, householdId: string, m: EntityManager): Promise<HouseholdEntity> {
    const [household] = await this.households.findInScope(principal, [householdId], m);
    if (!household) throw AssistanceErrors.householdNotFound();
    return household;
  }
}
