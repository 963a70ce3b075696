/**
 * The service's read scenarios and the same questions asked of the PostGraphile peer, field by
 * field (PostGraphile 5's amber inflection: `allHouseholds`, `householdByRowId`, relations named
 * `<table>By<Column>`). Where the service computes or masks a value the peer has no equivalent
 * of, the peer selects the raw columns it would come from:
 *
 * | service (households.ts) | peer |
 * | --- | --- |
 * | `households(first)`: on the roll (`validity = ACTIVE`), by 户编号 then id | `allHouseholds(condition: { validity: ACTIVE }, orderBy: [HOUSEHOLD_NUMBER_ASC, ROW_ID_ASC])` |
 * | enum wrappers `status { value }`, `relation { label }` … | the enum column (`status`, `relation`) |
 * | `contactPhone`, `idNumber` (decrypted, masked) | `contactPhoneEnc`, `idNumberEnc` (ciphertext as stored) |
 * | `region { code name }` | `regionByRegionCode { code name }` |
 * | `head { name idNumber }` | `memberByHeadMemberId { name idNumberEnc }` |
 * | `members` (current, head first, by birth date) | `membersByHouseholdId(condition: { active: true }, orderBy: BIRTH_DATE_ASC)` |
 * | member `age` (computed from the birth date) | nothing more (`birthDate` is selected already) |
 * | `incomes { year netIncome perCapitaNetIncome }` (computed) | `householdIncomesByHouseholdId` with `year` and the eleven amounts the two are computed from |
 * | `helpers { helper { name } }` (open pairings) | `pairingsByHouseholdId(condition: { endOn: null }) { helperByHelperId { name } }` |
 * | `households(first, after)` at the keyset cursor of a deep row | `allHouseholds(first, after)` at PostGraphile's cursor of the same row (asked of the peer with `offset` once, before the run) |
 * | `household(id)` | `householdByRowId(rowId)` |
 * | `viewer { id }` (the principal, read per request) | `__typename` (the peer has no authentication: its per-request floor without any) |
 * | `dataQualityReport(limit)` | not PostGraphile: the same SQL by hand (`sql-report-server.ts`), its answer checked equal to the service's before the run |
 */
import { DATA_QUALITY_REPORT, dataQualityReport, DEEP_PAGE_POSITION, HOUSEHOLD_BY_ID, householdById, householdPageDeep, householdPageFirst, householdPageNested, householdPageNestedTotal, NESTED_PAGE, NESTED_PAGE_TOTAL, PLAIN_PAGE, prepareHouseholds, sampleHouseholdIds, VIEWER, viewerId } from '../scenarios/households';
import { gql, Scenario, ScenarioContext, ScenarioRequest } from '../scenarios/types';

const PEER_NESTED_PAGE = `query HouseholdPage($first: Int!, $after: Cursor) {
  allHouseholds(first: $first, after: $after, condition: { validity: ACTIVE }, orderBy: [HOUSEHOLD_NUMBER_ASC, ROW_ID_ASC]) {
    edges {
      cursor
      node {
        householdNumber status yearRegistered primaryCause relocated contactPhoneEnc
        regionByRegionCode { code name }
        memberByHeadMemberId { name idNumberEnc }
        membersByHouseholdId(condition: { active: true }, orderBy: [BIRTH_DATE_ASC]) {
          nodes { name idNumberEnc sex birthDate relation health labourSkill }
        }
        householdIncomesByHouseholdId {
          nodes {
            year wages productionBusiness property assetIncomeDividend transferFamilyPlanning transferLowIncome
            transferExtremePoverty transferPension transferEcological transferOther productionCosts
          }
        }
        pairingsByHouseholdId(condition: { endOn: null }) { nodes { helperByHelperId { name } } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PEER_NESTED_PAGE_TOTAL = PEER_NESTED_PAGE.replace('orderBy: [HOUSEHOLD_NUMBER_ASC, ROW_ID_ASC]) {', 'orderBy: [HOUSEHOLD_NUMBER_ASC, ROW_ID_ASC]) {\n    totalCount');

const PEER_PLAIN_PAGE = `query Page($first: Int!, $after: Cursor) {
  allHouseholds(first: $first, after: $after, condition: { validity: ACTIVE }, orderBy: [HOUSEHOLD_NUMBER_ASC, ROW_ID_ASC]) {
    edges { cursor node { householdNumber status } } pageInfo { hasNextPage }
  }
}`;

const PEER_PLAIN_PAGE_AFTER = PEER_PLAIN_PAGE.replace('query Page($first: Int!, $after: Cursor)', 'query PageAfter($first: Int!, $after: Cursor!)');

/** PostGraphile's cursor of the households list's row at `offset` (0-based), in the pages' order. */
const PEER_CURSOR_AT = `query CursorAt($offset: Int!) {
  allHouseholds(first: 1, offset: $offset, condition: { validity: ACTIVE }, orderBy: [HOUSEHOLD_NUMBER_ASC, ROW_ID_ASC]) { edges { cursor } }
}`;

const PEER_HOUSEHOLD_BY_ID = `query Household($rowId: UUID!) {
  householdByRowId(rowId: $rowId) {
    householdNumber status primaryCause
    membersByHouseholdId(condition: { active: true }, orderBy: [BIRTH_DATE_ASC]) { nodes { name idNumberEnc sex birthDate relation } }
  }
}`;

const PEER_FLOOR = `{ __typename }`;

const noErrors = (body: string) => !body.includes('"errors":[');

/** The peer, for a request made once while preparing its side (not measured). */
export type PeerClient = Pick<ScenarioContext, 'graphql'>;

/** One read question: the service's scenario and the peer's requests for the same data. */
export interface ReadPair {
  name: string;
  description: string;
  service: Scenario;
  /** The service's query text, for the report. */
  serviceQuery: string;
  peerQuery: string;
  peerRequests(ctx: ScenarioContext, peer: PeerClient): Promise<ScenarioRequest[]>;
  peerVerify(body: string): boolean;
  /** Where it runs (the service's scenario's modes): default both. */
  modes?: Scenario['modes'];
  /** The peer it is measured against: PostGraphile (default), or the same SQL by hand (sql-report-server.ts). */
  peer?: 'sql';
}

export const READ_PAIRS: readonly ReadPair[] = [
  {
    name: householdPageNested.name,
    description: 'page of 50 households with region, head, members, incomes, helpers',
    service: householdPageNested,
    serviceQuery: NESTED_PAGE,
    peerQuery: PEER_NESTED_PAGE,
    peerRequests: async () => [gql(PEER_NESTED_PAGE, { first: 50 })],
    peerVerify: (body) => noErrors(body) && body.includes('"edges":[{'),
  },
  {
    name: householdPageNestedTotal.name,
    description: 'the same page with its totalCount',
    service: householdPageNestedTotal,
    serviceQuery: NESTED_PAGE_TOTAL,
    peerQuery: PEER_NESTED_PAGE_TOTAL,
    peerRequests: async () => [gql(PEER_NESTED_PAGE_TOTAL, { first: 50 })],
    peerVerify: (body) => noErrors(body) && body.includes('"totalCount":'),
  },
  {
    name: householdPageFirst.name,
    description: 'page of 20 households, two fields',
    service: householdPageFirst,
    serviceQuery: PLAIN_PAGE,
    peerQuery: PEER_PLAIN_PAGE,
    peerRequests: async () => [gql(PEER_PLAIN_PAGE, { first: 20 })],
    peerVerify: (body) => noErrors(body) && body.includes('"edges":[{'),
  },
  {
    name: householdPageDeep.name,
    description: 'the plain page at the keyset cursor of a deep row (row 199,980, or 20 before the end of a smaller list)',
    service: householdPageDeep,
    serviceQuery: PLAIN_PAGE,
    peerQuery: PEER_PLAIN_PAGE_AFTER,
    peerRequests: async (ctx, peer) => {
      const data = await peer.graphql<{ allHouseholds: { edges: { cursor: string }[] } }>(PEER_CURSOR_AT, { offset: DEEP_PAGE_POSITION(ctx) - 1 });
      const cursor = data.allHouseholds.edges[0]?.cursor;
      if (!cursor) throw new Error(`the peer has no household at row ${DEEP_PAGE_POSITION(ctx)}`);
      return [gql(PEER_PLAIN_PAGE_AFTER, { first: 20, after: cursor })];
    },
    peerVerify: (body) => noErrors(body) && body.includes('"edges":[{'),
    modes: householdPageDeep.modes,
  },
  {
    name: householdById.name,
    description: 'one household by id with its members',
    service: householdById,
    serviceQuery: HOUSEHOLD_BY_ID,
    peerQuery: PEER_HOUSEHOLD_BY_ID,
    peerRequests: async (ctx) => (await sampleHouseholdIds(ctx)).map((rowId) => gql(PEER_HOUSEHOLD_BY_ID, { rowId })),
    peerVerify: (body) => noErrors(body) && body.includes('"householdByRowId":{'),
  },
  {
    name: dataQualityReport.name,
    description: 'data-quality report over the district (peer: the same SQL by hand)',
    service: dataQualityReport,
    serviceQuery: DATA_QUALITY_REPORT,
    peerQuery: '(sql-report-server.ts: per rule, its count and its first households by number)',
    peerRequests: async (ctx, peer) => {
      const request = gql(DATA_QUALITY_REPORT, { limit: 20 });
      // The same answer on both sides, or the comparison means nothing.
      const theirs = await peer.graphql<unknown>(DATA_QUALITY_REPORT, { limit: 20 });
      const ours = await ctx.graphql<unknown>(DATA_QUALITY_REPORT, { limit: 20 }, await prepareHouseholds(ctx));
      if (JSON.stringify(theirs) !== JSON.stringify(ours)) throw new Error(`the peer's report differs from the service's: ${JSON.stringify(theirs).slice(0, 300)} vs ${JSON.stringify(ours).slice(0, 300)}`);
      return [request];
    },
    peerVerify: (body) => noErrors(body) && body.includes('"dataQualityReport":[') && body.includes('"households":[{'),
    modes: dataQualityReport.modes,
    peer: 'sql',
  },
  {
    name: viewerId.name,
    description: 'per-request floor: viewer { id } (peer: __typename, no authentication)',
    service: viewerId,
    serviceQuery: VIEWER,
    peerQuery: PEER_FLOOR,
    peerRequests: async () => [gql(PEER_FLOOR)],
    peerVerify: (body) => noErrors(body) && body.includes('"__typename":"Query"'),
  },
];
