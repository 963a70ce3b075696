import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Principal } from '../common/access/principal';
import { RequestContext } from '../common/graphql/request-context';
import { groupByKeys, orderByKeys } from '../common/loaders/loader-cache';
import { HouseholdEntityAsOf, householdEntityAsOf } from './as-of';
import { HouseholdIncomeEntity } from './household-income.entity';
import { HouseholdEntity } from './household.entity';
import { HouseholdChildren, HouseholdChildrenWanted, HouseholdsRepository } from './households.repository';
import { MemberInsuranceEntity } from './member-insurance.entity';
import { MemberEntity } from './member.entity';
import { MembersRepository } from './members.repository';
import { RegionsLoaders } from '../regions/regions.loaders';

/**
 * Per-request batch loaders of the registry: one `= ANY($1)` query per batch, so a page of 50
 * households with members, head, incomes and region costs what a page of 5 costs. Households and
 * members by id are read in the caller's region scope (a reference from another module cannot
 * reach outside it); the one-to-many loaders hang under a household or member already in scope.
 */
/**
 * The children of a page of households to read with it (one statement), from the fields selected
 * under each household: every list of households (the registry's and other modules') asks for them
 * so and primes the loaders with HouseholdsLoaders.prime.
 */
export function childrenWanted(fields: ReadonlySet<string>, incomeFields: ReadonlySet<string> = new Set()): HouseholdChildrenWanted {
  return {
    members: fields.has('members') || fields.has('head') || fields.has('memberCount'),
    incomes: fields.has('incomes'),
    // The year-end sizes `householdSize` and `perCapitaNetIncome` divide by, read with the incomes.
    incomeSizes: fields.has('incomes') && (incomeFields.has('householdSize') || incomeFields.has('perCapitaNetIncome')),
    region: fields.has('region'),
  };
}

@Injectable()
export class HouseholdsLoaders {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly members: MembersRepository,
    private readonly regions: RegionsLoaders,
  ) {}

  /** A household by id, in the caller's scope (null outside it). */
  householdById(ctx: RequestContext): DataLoader<string, HouseholdEntity | null> {
    return ctx.loaders.get('households.byId', () =>
      new DataLoader<string, HouseholdEntity | null>(async (ids) =>
        orderByKeys(ids, await this.households.findInScope(principalOf(ctx) as Principal, ids), (h) => h.id),
      ),
    );
  }

  /** A household by id as of a date (keys `householdId|YYYY-MM-DD`), in the caller's scope: its state then (as-of.ts). */
  householdAsOf(ctx: RequestContext): DataLoader<string, HouseholdEntityAsOf | null> {
    return ctx.loaders.get('households.householdAsOf', () =>
      new DataLoader<string, HouseholdEntityAsOf | null>(async (keys) => {
        const pairs = keys.map((k) => k.split('|') as [string, string]);
        const found = new Map((await this.households.findInScope(principalOf(ctx) as Principal, [...new Set(pairs.map(([id]) => id))])).map((h) => [h.id, h]));
        const wanted = pairs.filter(([id]) => found.has(id)).map(([householdId, date]) => ({ householdId, date }));
        const states = new Map((await this.households.statesAsOf(wanted)).map((s) => [`${s.householdId}|${s.date}`, s]));
        return pairs.map(([id, date]) => {
          const h = found.get(id);
          const s = states.get(`${id}|${date}`);
          return h && s ? householdEntityAsOf(h, s) : null;
        });
      }),
    );
  }

  /** A member by id (e.g. the head), in the caller's scope. */
  memberById(ctx: RequestContext): DataLoader<string, MemberEntity | null> {
    return ctx.loaders.get('households.memberById', () =>
      new DataLoader<string, MemberEntity | null>(async (ids) =>
        orderByKeys(ids, await this.members.findInScope(principalOf(ctx) as Principal, ids), (m) => m.id),
      ),
    );
  }

  /** Current members of each household (head first). */
  membersByHousehold(ctx: RequestContext): DataLoader<string, MemberEntity[]> {
    return ctx.loaders.get('households.membersByHousehold', () =>
      new DataLoader<string, MemberEntity[]>(async (ids) => groupByKeys(ids, await this.members.findByHouseholds(ids), (m) => m.householdId)),
    );
  }

  /**
   * Members of each household on a date (keys `householdId|YYYY-MM-DD`); with `startedBy`, every
   * membership begun by then. One query per date in the batch.
   */
  membersAsOf(ctx: RequestContext, startedBy = false): DataLoader<string, MemberEntity[]> {
    return ctx.loaders.get(startedBy ? 'households.membersStartedBy' : 'households.membersAsOf', () =>
      new DataLoader<string, MemberEntity[]>(async (keys) => {
        const byDate = new Map<string, string[]>();
        for (const k of keys) {
          const [id, date] = k.split('|');
          byDate.set(date, [...(byDate.get(date) ?? []), id]);
        }
        const rows: MemberEntity[] = [];
        const keyOf = new Map<MemberEntity, string>();
        for (const [date, ids] of byDate) {
          for (const m of await this.members.findByHouseholds(ids, startedBy ? { startedBy: date } : { asOf: date })) {
            rows.push(m);
            keyOf.set(m, `${m.householdId}|${date}`);
          }
        }
        return groupByKeys(keys, rows, (m) => keyOf.get(m)!);
      }),
    );
  }

  /** Every membership of each household, former members included. */
  allMembersByHousehold(ctx: RequestContext): DataLoader<string, MemberEntity[]> {
    return ctx.loaders.get('households.allMembersByHousehold', () =>
      new DataLoader<string, MemberEntity[]>(async (ids) =>
        groupByKeys(ids, await this.members.findByHouseholds(ids, { all: true }), (m) => m.householdId),
      ),
    );
  }

  /** Incomes of each household, newest year first. */
  incomesByHousehold(ctx: RequestContext): DataLoader<string, HouseholdIncomeEntity[]> {
    return ctx.loaders.get('households.incomesByHousehold', () =>
      new DataLoader<string, HouseholdIncomeEntity[]>(async (ids) => groupByKeys(ids, await this.households.incomesOf(ids), (i) => i.householdId)),
    );
  }

  /**
   * What a read of households took along in its own statement (nested-rows.ts) goes into this
   * request's loaders, so the `members`, `head`, `memberCount`, `incomes` and `region` fields find
   * it there instead of running their batch.
   */
  prime(ctx: RequestContext, children: ReadonlyMap<HouseholdEntity, HouseholdChildren> | undefined): void {
    if (!children) return;
    const cache = ctx.loaders;
    for (const [h, c] of children) {
      if (c.members) cache.prime(this.membersByHousehold(ctx), h.id, c.members);
      if (c.incomes) cache.prime(this.incomesByHousehold(ctx), h.id, c.incomes);
      for (const [year, size] of c.incomeSizes ?? []) cache.prime(this.sizeAtYearEnd(ctx), `${h.id}|${year}`, size);
      if (c.region !== undefined) cache.prime(this.regions.byCode(ctx), h.regionCode, c.region);
    }
  }

  /** The current members of a household when its parent's statement read them along (`prime`); undefined otherwise. */
  knownMembers(ctx: RequestContext, householdId: string): MemberEntity[] | undefined {
    return ctx.loaders.known(this.membersByHousehold(ctx), householdId);
  }

  /** The incomes of a household when its parent's statement read them along (`prime`); undefined otherwise. */
  knownIncomes(ctx: RequestContext, householdId: string): HouseholdIncomeEntity[] | undefined {
    return ctx.loaders.known(this.incomesByHousehold(ctx), householdId);
  }

  /** A household's size at the end of a year (key `householdId|year`) when its parent's statement read it along; undefined otherwise. */
  knownSizeAtYearEnd(ctx: RequestContext, key: string): number | undefined {
    return ctx.loaders.known(this.sizeAtYearEnd(ctx), key);
  }

  /** Household size at the end of a year; key `householdId|year`. */
  sizeAtYearEnd(ctx: RequestContext): DataLoader<string, number> {
    return ctx.loaders.get('households.sizeAtYearEnd', () =>
      new DataLoader<string, number>(async (keys) => {
        const parsed = keys.map((k) => {
          const [householdId, year] = k.split('|');
          return { householdId, year: Number(year) };
        });
        const sizes = await this.members.sizesAtYearEnd(parsed);
        return keys.map((k) => sizes.get(k) ?? 0);
      }),
    );
  }

  /** Insurance of each member, newest year first. */
  insuranceByMember(ctx: RequestContext): DataLoader<string, MemberInsuranceEntity[]> {
    return ctx.loaders.get('households.insuranceByMember', () =>
      new DataLoader<string, MemberInsuranceEntity[]>(async (ids) => groupByKeys(ids, await this.members.insuranceOf(ids), (i) => i.memberId)),
    );
  }
}

function principalOf(ctx: RequestContext): Principal | undefined {
  return (ctx.req as unknown as { principal?: Principal }).principal;
}
