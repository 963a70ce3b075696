/**
 * Lists as of a date (`households(asOf: "2017-12-31")`, `members(asOf:)`, `householdMembersAsOf`,
 * `householdsWithoutHelper(asOf:)`, `villageTeam(asOf:)`): every field they return answers as of
 * that date, or is refused. This file is the one place of that rule: the check (assertAsOf), the
 * registry's allow-lists and the reading of a household or member as of a date (another module's
 * type keeps its list beside the type, with ANY from here: VILLAGE_TEAM_AS_OF in
 * assistance.models.ts). What has history, and how it is read back:
 * - status, validity, exit year: the latest STATUS_CHANGED event effective on or before the date
 *   (no event yet: no status, CANDIDATE); the registration year only once registered by then;
 * - members and their count: memberships with joined_on ≤ date < left_on;
 * - the head: the latest HEAD_CHANGED event on or before the date, if that member was a member
 *   then; a member's relation: HEAD for that head, and for a member made head later, the relation
 *   that event recorded; a later leave or death is not shown; a member's household: as of the
 *   same date;
 * - identity (id, 户编号, region, a person's name, ID number, sex, birth date) is not history.
 * Any other field (the household's attributes, housing, incomes, procedures, helpers, a member's
 * education, health, work…) is refused with NOT_AVAILABLE_AS_OF naming it: these lists are
 * allow-lists, so a field added later is refused until someone says how it reads as of a date.
 */
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { EntityManager } from 'typeorm';
import { AppError, FieldProblem } from '../common/errors/app-error';
import { FieldCipher } from '../common/crypto/field-cipher';
import { Connection } from '../common/pagination/connection';
import { HouseholdEntity, HouseholdValidity } from './household.entity';
import { MemberEntity } from './member.entity';
import { Member } from './member.model';
import { coded } from './registry-enums';
import { PovertyStatus, Relation } from './registry-codes';
import { HouseholdsReason } from './households.errors';

/** An allow-list: the fields of a type; each maps to the allow-list of its own selection (ANY: anything below). */
export type AllowList = { readonly [field: string]: AllowList | typeof ANY };
export const ANY = 'ANY' as const;

/** A connection of nodes of this allow-list. */
export function connectionAsOf(node: AllowList): AllowList {
  return { __typename: ANY, totalCount: ANY, pageInfo: ANY, edges: { __typename: ANY, cursor: ANY, node } };
}

/** A member's fields as of a date: identity, membership and (below) the household as of that date. */
export const MEMBER_FIELDS_AS_OF: { [field: string]: AllowList | typeof ANY } = {
  __typename: ANY,
  id: ANY,
  householdId: ANY,
  regionCode: ANY,
  active: ANY,
  name: ANY,
  idType: ANY,
  idNumber: ANY,
  sex: ANY,
  birthDate: ANY,
  ethnicity: ANY,
  relation: ANY,
  age: ANY,
  joinedOn: ANY,
  joinReason: ANY,
  leftOn: ANY,
  leaveReason: ANY,
  diedOn: ANY,
};

/** A household's fields as of a date. */
export const HOUSEHOLD_FIELDS_AS_OF: AllowList = {
  __typename: ANY,
  id: ANY,
  householdNumber: ANY,
  regionCode: ANY,
  region: ANY,
  validity: ANY,
  status: ANY,
  exitYear: ANY,
  yearRegistered: ANY,
  headMemberId: ANY,
  head: MEMBER_FIELDS_AS_OF,
  members: MEMBER_FIELDS_AS_OF,
  memberCount: ANY,
  /** Takes its own date. */
  statusAsOf: ANY,
  /** Up to the date. */
  events: ANY,
  createdAt: ANY,
};

/** A member's household, read as of the member's date. */
MEMBER_FIELDS_AS_OF.household = HOUSEHOLD_FIELDS_AS_OF;

/** households(asOf:), householdsWithoutHelper(asOf:). */
export const HOUSEHOLD_CONNECTION_AS_OF = connectionAsOf(HOUSEHOLD_FIELDS_AS_OF);
/** members(asOf:). */
export const MEMBER_CONNECTION_AS_OF = connectionAsOf(MEMBER_FIELDS_AS_OF);

/**
 * Refuses (BAD_USER_INPUT, NOT_AVAILABLE_AS_OF, one problem per field, named by its path from the
 * query field) a selection outside `root`, the allow-list of what the query field returns.
 * Called by a resolver whose arguments ask for a date, before anything is read.
 */
export function assertAsOf(info: GraphQLResolveInfo, root: AllowList): void {
  const problems: FieldProblem[] = [];
  const visit = (set: SelectionSetNode | undefined, allowed: AllowList, path: string, seen: Set<string>) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'InlineFragment') visit(s.selectionSet, allowed, path, seen);
      else if (s.kind === 'FragmentSpread') {
        const fragment = info.fragments[s.name.value];
        if (fragment) visit(fragment.selectionSet, allowed, path, seen);
      } else checkField(s, allowed, path, seen);
    }
  };
  const checkField = (f: FieldNode, allowed: AllowList, path: string, seen: Set<string>) => {
    const name = f.name.value;
    const field = `${path}.${name}`;
    const rule = allowed[name];
    if (rule === undefined) {
      if (!seen.has(field)) {
        seen.add(field);
        problems.push({
          field,
          reason: HouseholdsReason.NOT_AVAILABLE_AS_OF,
          message: `${name} 没有历史记录，按日期（asOf）查询时不能返回 (not available as of a date: ${name} has no history)`,
        });
      }
      return;
    }
    if (rule !== ANY) visit(f.selectionSet, rule, field, seen);
  };
  const seen = new Set<string>();
  for (const node of info.fieldNodes) visit(node.selectionSet, root, info.fieldName, seen);
  if (problems.length) throw AppError.badInput(problems);
}

/** A household's state on a date, read from its events and memberships. */
export interface HouseholdAsOf {
  householdId: string;
  date: string;
  status: PovertyStatus | null;
  validity: HouseholdValidity;
  exitYear: number | null;
  /** Null when no member headed it then (before anyone joined, or every member had left). */
  headMemberId: string | null;
  /** Members made head after the date: their relation before (from the HEAD_CHANGED event). */
  relationsBefore: Record<string, Relation>;
}

const LATEST = (column: string, kind: string, extra = '') => `(SELECT e.${column} FROM household_events e
    WHERE e.household_id = k.household_id AND e.kind = '${kind}' AND e.effective_on <= k.as_of ${extra}
    ORDER BY e.effective_on DESC, e.created_at DESC, e.id DESC LIMIT 1)`;

/** A household entity of an as-of page: its state fields are those of the date, with the state read. */
export type HouseholdEntityAsOf = HouseholdEntity & { asOfState?: HouseholdAsOf };

/** A household as of a date: status, validity, exit and registration years and head as they were then. */
export function householdEntityAsOf(e: HouseholdEntity, s: HouseholdAsOf): HouseholdEntityAsOf {
  return {
    ...e,
    status: s.status,
    validity: s.validity,
    exitYear: s.exitYear,
    yearRegistered: s.validity === HouseholdValidity.CANDIDATE ? null : e.yearRegistered,
    headMemberId: s.headMemberId,
    asOfState: s,
  };
}

/** A page of households as of a date, from their states (readHouseholdsAsOf). */
export function householdPageAsOf(page: Connection<HouseholdEntity>, states: readonly HouseholdAsOf[]): Connection<HouseholdEntityAsOf> {
  const byId = new Map(states.map((s) => [s.householdId, s]));
  return { ...page, edges: page.edges.map((e) => ({ ...e, node: householdEntityAsOf(e.node, byId.get(e.node.id)!) })) };
}

/** A member entity read as of a date, with its household's state then (what memberAsOf needs). */
export type MemberEntityAsOf = MemberEntity & { asOfState?: HouseholdAsOf };

/** Members as of a date with their households' states (by household id). */
export function membersWithStates<T extends MemberEntity>(members: readonly T[], states: readonly HouseholdAsOf[]): (T & { asOfState?: HouseholdAsOf })[] {
  const byId = new Map(states.map((s) => [s.householdId, s]));
  return members.map((m) => ({ ...m, asOfState: byId.get(m.householdId) }));
}

/** Members of one household, the head of the date first (the rest in their order). */
export function headFirst<T extends { id: string }>(members: readonly T[], headMemberId: string | null): T[] {
  return [...members.filter((m) => m.id === headMemberId), ...members.filter((m) => m.id !== headMemberId)];
}

/** The GraphQL member of an entity: as of its date when read as of one (memberAsOf), else as it is. */
export function memberModel(e: MemberEntityAsOf, cipher: FieldCipher): Member {
  const m = Member.from(e, cipher);
  return e.asOfState ? memberAsOf(m, e.asOfState.date, e.asOfState) : m;
}

/**
 * Status, validity, exit year and head of households on dates, in one statement. Status and
 * validity: the same reading as the households list's asOf filter. Head: the latest HEAD_CHANGED
 * event on or before the date, else the first one (or, for a household without any, its head
 * today), counted only if that member was a member on the date.
 */
export async function readHouseholdsAsOf(m: EntityManager, keys: readonly { householdId: string; date: string }[]): Promise<HouseholdAsOf[]> {
  if (!keys.length) return [];
  const rows: {
    household_id: string;
    as_of: string;
    status: string | null;
    validity: string;
    exit_year: number | null;
    head_member_id: string | null;
    relations_before: Record<string, string> | null;
  }[] = await m.query(
    `SELECT k.household_id, k.as_of::text AS as_of,
            ${LATEST('to_status', 'STATUS_CHANGED', 'AND e.to_status IS NOT NULL')} AS status,
            COALESCE(${LATEST('to_validity', 'STATUS_CHANGED', 'AND e.to_validity IS NOT NULL')}, 'CANDIDATE') AS validity,
            ${LATEST('exit_year', 'STATUS_CHANGED', 'AND e.exit_year IS NOT NULL')} AS exit_year,
            (SELECT hm.id FROM members hm
              WHERE hm.household_id = k.household_id AND hm.joined_on <= k.as_of AND (hm.left_on IS NULL OR hm.left_on > k.as_of)
                AND hm.id = COALESCE(
                  ${LATEST('member_id', 'HEAD_CHANGED')},
                  (SELECT e.member_id FROM household_events e WHERE e.household_id = k.household_id AND e.kind = 'HEAD_CHANGED'
                    ORDER BY e.effective_on, e.created_at, e.id LIMIT 1),
                  h.head_member_id)) AS head_member_id,
            (SELECT json_object_agg(x.member_id, x.step) FROM (
               SELECT DISTINCT ON (e.member_id) e.member_id, e.step FROM household_events e
                WHERE e.household_id = k.household_id AND e.kind = 'HEAD_CHANGED' AND e.effective_on > k.as_of AND e.step IS NOT NULL
                ORDER BY e.member_id, e.effective_on, e.created_at, e.id) x) AS relations_before
       FROM unnest($1::uuid[], $2::date[]) AS k(household_id, as_of)
       JOIN households h ON h.id = k.household_id`,
    [keys.map((k) => k.householdId), keys.map((k) => k.date)],
  );
  return rows.map((r) => ({
    householdId: r.household_id,
    date: r.as_of,
    status: r.status as PovertyStatus | null,
    validity: r.validity as HouseholdValidity,
    exitYear: r.exit_year == null ? null : Number(r.exit_year),
    headMemberId: r.head_member_id,
    relationsBefore: (r.relations_before ?? {}) as Record<string, Relation>,
  }));
}

/**
 * A member as of a date (the membership row read today): a leave or death after the date is not
 * shown, and the relation is that of the date (HEAD for the head then; for a member made head
 * later, the relation recorded when they became head).
 */
export function memberAsOf(mm: Member, date: string, state: Pick<HouseholdAsOf, 'headMemberId' | 'relationsBefore'> | null): Member {
  mm.asOf = date;
  if (mm.leftOn && mm.leftOn > date) {
    mm.leftOn = null;
    mm.leaveReason = null;
  }
  if (mm.diedOn && mm.diedOn > date) mm.diedOn = null;
  mm.active = mm.joinedOn <= date && !mm.leftOn;
  if (state) {
    const relation: Relation = mm.id === state.headMemberId ? 'HEAD' : mm.relationValue === 'HEAD' ? (state.relationsBefore[mm.id] ?? 'HEAD') : mm.relationValue;
    if (relation !== mm.relationValue) {
      mm.relationValue = relation;
      mm.relation = coded(Relation, relation)!;
    }
  }
  return mm;
}
