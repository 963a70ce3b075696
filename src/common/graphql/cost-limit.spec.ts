import { buildSchema, GraphQLSchema, Kind, OperationDefinitionNode, parse } from 'graphql';
import { loadConfig } from '../../config/app-config';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination/connection';
import { estimateCost, PAGE_COST_EXTENSION } from './cost-limit';

const SDL = `
  type Query {
    items(first: Int, after: String, last: Int, before: String): ItemConnection!
    feed(first: Int = 100, after: String): FeedConnection!
    item(id: ID!): Item
    itemsByIds(ids: [ID!]!): [Item!]!
  }
  type ItemConnection { edges: [ItemEdge!]! totalCount: Int }
  type ItemEdge { cursor: String! node: Item! }
  type Item { id: ID! name: String! children: [Item!]! visits(first: Int! = 5): [Visit!]! }
  type Visit { id: ID! on: String! }
  type FeedConnection { edges: [FeedEdge!]! }
  type FeedEdge { cursor: String! node: FeedEntry! }
  type FeedEntry { position: String! entityId: ID! data: String }
`;

function schemaWithFeedHint(hint: Record<string, number>): GraphQLSchema {
  const schema = buildSchema(SDL);
  const feed = schema.getQueryType()!.getFields().feed;
  (feed as { extensions: Record<string, unknown> }).extensions = { [PAGE_COST_EXTENSION]: hint };
  return schema;
}

const schema = buildSchema(SDL);

function cost(query: string, variables?: Record<string, unknown>, s = schema): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return estimateCost({ schema: s, document, operation, variables });
}

const PAGE = (first: string) => `{ items${first} { edges { cursor node { id name } } } }`;
/** The cost of one `items` page of one node (first: 1). */
const ONE = cost(PAGE('(first: 1)'));

describe('query cost estimate', () => {
  it('counts a batch lookup by ids as many items as ids asked, an unknown count as the maximum page', () => {
    const one = cost(`{ itemsByIds(ids: ["1"]) { id name } }`);
    expect(cost(`{ itemsByIds(ids: ["1", "2", "3"]) { id name } }`)).toBe(3 * one);
    const q = `query($ids: [ID!]!) { itemsByIds(ids: $ids) { id name } }`;
    expect(cost(q, { ids: Array.from({ length: 40 }, (_, i) => String(i)) })).toBe(40 * one);
    expect(cost(q, { ids: Array.from({ length: 5000 }, (_, i) => String(i)) })).toBe(MAX_PAGE_SIZE * one);
    expect(cost(q, { ids: 'not a list' })).toBe(MAX_PAGE_SIZE * one);
  });

  it('multiplies a page by `first` whether given as a literal or a variable (the bypass)', () => {
    const literal = cost(PAGE('(first: 100)'));
    expect(literal).toBe(100 * ONE);
    const q = `query($f: Int) { items(first: $f) { edges { cursor node { id name } } } }`;
    expect(cost(q, { f: 100 })).toBe(literal);
    expect(cost(q, { f: 7 })).toBe(7 * ONE);
    // `last` counts the same way.
    expect(cost(`query($l: Int) { items(last: $l) { edges { cursor node { id name } } } }`, { l: 100 })).toBe(literal);
  });

  it('counts an absent page size at the default page size, and a variable left out at its default', () => {
    expect(cost(PAGE(''))).toBe(DEFAULT_PAGE_SIZE * ONE);
    const q = `query($f: Int) { items(first: $f) { edges { cursor node { id name } } } }`;
    expect(cost(q, {})).toBe(DEFAULT_PAGE_SIZE * ONE);
    expect(cost(q, { f: null })).toBe(DEFAULT_PAGE_SIZE * ONE);
    expect(cost(`query($f: Int = 40) { items(first: $f) { edges { cursor node { id name } } } }`, {})).toBe(40 * ONE);
    // The schema's own default (a list field with `first: Int! = 5`).
    expect(cost(`{ item(id: "1") { visits { id } } }`)).toBe(cost(`{ item(id: "1") { visits(first: 5) { id } } }`));
  });

  it('caps a page size above the maximum, or one that is not a whole number, at the maximum', () => {
    const max = MAX_PAGE_SIZE * ONE;
    const q = `query($f: Int) { items(first: $f) { edges { cursor node { id name } } } }`;
    for (const f of [1e9, MAX_PAGE_SIZE + 1, '1000', 2.5, { n: 1 }]) expect({ f, cost: cost(q, { f }) }).toEqual({ f, cost: max });
    expect(cost(PAGE('(first: 100000)'))).toBe(max);
    // Both given (refused later): the larger counts.
    expect(cost(`query($f: Int, $l: Int) { items(first: $f, last: $l) { edges { cursor node { id name } } } }`, { f: 1, l: 1e6 })).toBe(max);
  });

  it('a field’s page-cost hint sets its default, maximum and per-item factor', () => {
    const hinted = schemaWithFeedHint({ defaultSize: 100, maxSize: 1000, factor: 0.05 });
    const q = `query($f: Int) { feed(first: $f) { edges { cursor node { position entityId data } } } }`;
    const unit = cost(`{ feed(first: 1) { edges { cursor node { position entityId data } } } }`);
    expect(cost(q, { f: 1000 }, hinted)).toBeCloseTo(unit * 1000 * 0.05);
    expect(cost(q, { f: 1e9 }, hinted)).toBeCloseTo(unit * 1000 * 0.05);
    expect(cost(q, {}, hinted)).toBeCloseTo(unit * 100 * 0.05);
    // Without the hint the same page would count at the ordinary maximum, factor 1.
    expect(cost(q, { f: 1000 })).toBe(unit * MAX_PAGE_SIZE);
    // A small page never counts for less than one item.
    expect(cost(q, { f: 2 }, hinted)).toBe(unit);
  });

  it('counts fragments like the fields they stand for, and a fragment spread many times costs no work to estimate', () => {
    const inline = cost(`{ items(first: 10) { edges { node { ...on Item { id name } } } } }`);
    const spread = cost(`query { items(first: 10) { edges { node { ...F } } } } fragment F on Item { id name }`);
    const plain = cost(`{ items(first: 10) { edges { node { id name } } } }`);
    expect(inline).toBe(plain);
    expect(spread).toBe(plain);
    // 2^30 expansions if spreads were expanded naively; here each fragment is costed once.
    const chain = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Item { children { ...F${i + 1} ...F${i + 1} } }`).join('\n');
    const started = performance.now();
    const deep = cost(`query { item(id: "1") { ...F0 } } ${chain} fragment F30 on Item { id }`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(deep).toBeGreaterThan(1e6);
  });

  it('introspection fields cost nothing; unknown fields still count', () => {
    expect(cost(`{ __schema { types { name } } }`)).toBe(0);
    expect(cost(`{ nope { a b } }`)).toBe(2 + 1.5 * 2);
  });

  it('the default limit lets a full change-feed page (1000 thin entries) through and refuses a deep page of 100', () => {
    const { maxCost } = loadConfig({}).graphql;
    const hinted = schemaWithFeedHint({ defaultSize: 100, maxSize: 1000, factor: 0.05 });
    const feedPage = `query($f: Int) { feed(first: $f) { edges { cursor node { position entityId data } } } }`;
    expect(cost(feedPage, { f: 1000 }, hinted)).toBeLessThan(maxCost);
    const deep = `query($f: Int) { items(first: $f) { edges { node { children { children { children { children { children { children { children { id name } } } } } } } } } } }`;
    expect(cost(deep, { f: 5 })).toBeLessThan(maxCost);
    expect(cost(deep, { f: 100 })).toBeGreaterThan(maxCost);
  });
});
