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
 * | `household(id)` | `householdByRowId(rowId)` |
 * | `viewer { id }` (the principal, read per request) | `__typename` (the peer has no authentication: its per-request floor without any) |
 */
import { HOUSEHOLD_BY_ID, householdById, householdPageFirst, householdPageNested, householdPageNestedTotal, NESTED_PAGE, NESTED_PAGE_TOTAL, PLAIN_PAGE, sampleHouseholdIds, VIEWER, viewerId } from '../scenarios/households';
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

const PEER_HOUSEHOLD_BY_ID = `query Household($rowId: UUID!) {
  householdByRowId(rowId: $rowId) {
    householdNumber status primaryCause
    membersByHouseholdId(condition: { active: true }, orderBy: [BIRTH_DATE_ASC]) { nodes { name idNumberEnc sex birthDate relation } }
  }
}`;

const PEER_FLOOR = `{ __typename }`;

const noErrors = (body: string) => !body.includes('"errors":[');

/** One read question: the service's scenario and the peer's requests for the same data. */
export interface ReadPair {
  name: string;
  description: string;
  service: Scenario;
  /** The service's query text, for the report. */
  serviceQuery: string;
  peerQuery: string;
  peerRequests(ctx: ScenarioContext): Promise<ScenarioRequest[]>;
  peerVerify(body: string): boolean;
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
    name: householdById.name,
    description: 'one household by id with its members',
    service: householdById,
    serviceQuery: HOUSEHOLD_BY_ID,
    peerQuery: PEER_HOUSEHOLD_BY_ID,
    peerRequests: async (ctx) => (await sampleHouseholdIds(ctx)).map((rowId) => gql(PEER_HOUSEHOLD_BY_ID, { rowId })),
    peerVerify: (body) => noErrors(body) && body.includes('"householdByRowId":{'),
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
