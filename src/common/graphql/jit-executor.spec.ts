import { buildSchema, execute, ExecutionResult, GraphQLObjectType, GraphQLSchema, getOperationAST, parse } from 'graphql';
import { AppError } from '../errors/app-error';
import { CommonReason } from '../errors/reasons';
import { formatGraphQLError } from '../errors/graphql-errors';
import { COMPILED_OPERATIONS_MAX, JitGateway } from './jit-executor';

class CodedError extends Error {
  extensions = { code: 'FORBIDDEN', reason: 'NOT_YOURS' };
}

function schema(): GraphQLSchema {
  const s = buildSchema(`
    enum Sex { MALE FEMALE }
    type Member { name: String! sex: Sex age: Int secret: String note: String }
    type Household { id: ID! members: [Member!]! head: Member! helpers: [String] visits(first: Int): [Int!]! }
    input Range { from: Int!, to: Int }
    type Query {
      household(id: ID!): Household
      households(first: Int = 2, range: Range): [Household!]!
      failing: String
      failingNonNull: Household
      asyncValue: Int
    }
  `);
  // Values as the app's models give them: plain properties and getters (a masked value is a
  // getter). graphql-jit reads a field without a resolver as a property, as graphql-js does, but
  // does not call a function found there (graphql-js does): no model has such a field.
  const member = (name: string, age: number, secret?: 'throws' | 'null') => ({
    secretKind: secret,
    name,
    sex: age % 2 ? 'MALE' : 'FEMALE',
    age,
    get secret() {
      if (secret === 'throws') throw new CodedError('不能看 (not yours)');
      return secret === 'null' ? null : '***';
    },
  });
  const household = (id: string) => ({
    id,
    members: [member('甲', 40), member('乙', 9, 'throws'), member('丙', 70, 'null')],
    get head() {
      return id === 'broken' ? null : member('甲', 40);
    },
    helpers: ['a', null, 'b'],
  });
  const query = s.getQueryType()!.getFields();
  query.household!.resolve = (_: unknown, args: { id: string }) => (args.id === 'none' ? null : household(args.id));
  query.households!.resolve = async (_: unknown, args: { first: number; range?: { from: number } }) =>
    Array.from({ length: args.first }, (_x, i) => household(`h${i + (args.range?.from ?? 0)}`));
  (s.getType('Member') as GraphQLObjectType).getFields().note!.resolve = (m: { secretKind?: string }) => {
    if (m.secretKind === 'throws') throw new CodedError('不能看 (not yours)');
    return m.secretKind ?? 'ok';
  };
  (s.getType('Household') as GraphQLObjectType).getFields().visits!.resolve = async (_h: unknown, { first }: { first?: number }) => {
    if (first !== undefined && first > 50) throw AppError.badInput([{ field: 'first', reason: CommonReason.INVALID_VALUE, message: 'first 应在 0 到 50 之间' }]);
    return [1, 2];
  };
  query.failing!.resolve = () => {
    throw new CodedError('拒绝');
  };
  query.failingNonNull!.resolve = () => household('broken');
  query.asyncValue!.resolve = async (_: unknown, __: unknown, ctx: { n: number }) => ctx.n;
  return s;
}

/**
 * The result as a client receives it: each error as Apollo 5 normalizes it (`{ ...toJSON(),
 * extensions: { ...extensions, code } }`, errorNormalize.ts) and then the service's formatter.
 */
const wire = (r: ExecutionResult) => ({
  data: JSON.parse(JSON.stringify(r.data ?? null)),
  errors: (r.errors ?? []).map((e) => {
    const formatted = { ...e.toJSON(), extensions: { ...e.extensions, code: e.extensions.code ?? 'INTERNAL_SERVER_ERROR' } };
    return formatGraphQLError(formatted, e);
  }),
});

describe('JitGateway: compiled execution answers as graphql-js', () => {
  const s = schema();
  const gateway = new JitGateway();
  gateway.useSchema(s);
  let executor: Awaited<ReturnType<JitGateway['load']>>['executor'];
  beforeAll(async () => {
    ({ executor } = await gateway.load());
  });

  // Every row has its three values (an it.each row shorter than the test's parameters makes
  // Jest pass a done callback).
  type Path = 'compiled' | 'graphqlJs';
  const cases: [string, string, Record<string, unknown> | undefined, Path][] = [
    ['fields, lists, enums, async and context', '{ households(first: 3) { id members { name sex age } } asyncValue }', undefined, 'compiled'],
    ['a resolver error with extensions, in a list', '{ household(id: "x") { members { name note } } }', undefined, 'compiled'],
    ['an AppError (no extensions of its own) in a non-null list, nulling the parents', '{ households(first: 2) { id visits(first: 51) } }', undefined, 'compiled'],
    ['a getter that throws, in a list (graphql-js answers)', '{ household(id: "x") { members { name secret } } }', undefined, 'graphqlJs'],
    ['a non-null field resolving to null propagates to the nullable parent', '{ failingNonNull { id head { name } } }', undefined, 'compiled'],
    ['a top-level error beside data', '{ failing household(id: "y") { id } }', undefined, 'compiled'],
    ['null for a nullable object', '{ household(id: "none") { id } }', undefined, 'compiled'],
    ['nullable list items', '{ household(id: "z") { helpers } }', undefined, 'compiled'],
    ['variables, defaults, input objects, aliases, fragments', 'query Q($n: Int, $r: Range) { a: households(first: $n, range: $r) { ...F } b: households { id } } fragment F on Household { id head { name } }', { n: 2, r: { from: 5 } }, 'compiled'],
    ['a variable that does not coerce (graphql-js answers)', 'query Q($n: Int) { households(first: $n) { id } }', { n: 'many' }, 'graphqlJs'],
    ['a missing non-null variable (graphql-js answers)', 'query Q($r: Range!) { households(range: $r) { id } }', {}, 'graphqlJs'],
    ['an input object field of the wrong type (graphql-js answers)', 'query Q($r: Range) { households(range: $r) { id } }', { r: { from: 'x' } }, 'graphqlJs'],
    ['__typename and introspection', '{ __typename __type(name: "Sex") { enumValues { name } } }', undefined, 'compiled'],
  ];

  it.each(cases)('%s', async (_name, source, variables, path) => {
    const before = { ...gateway.executions };
    const document = parse(source);
    const expected = await execute({ schema: s, document, contextValue: { n: 7 }, variableValues: variables });
    const actual = await executor({
      document,
      operation: getOperationAST(document),
      operationName: null,
      queryHash: source,
      context: { n: 7 },
      request: { variables },
    } as never);
    expect(wire(actual)).toEqual(wire(expected));
    expect(gateway.executions[path]).toBe(before[path] + 1);
  });

  it('answers an operation name the document does not have as graphql-js does (not its only operation)', async () => {
    const source = 'query Q { asyncValue }';
    const document = parse(source);
    const expected = await execute({ schema: s, document, contextValue: { n: 7 }, operationName: 'Other' });
    // Apollo resolves no operation: its context's operationName is null, the request's is kept.
    const actual = await executor({ document, operation: undefined, operationName: null, queryHash: source, context: { n: 7 }, request: { operationName: 'Other' } } as never);
    expect(expected.errors?.[0]?.message).toBe('Unknown operation named "Other".');
    expect(wire(actual)).toEqual(wire(expected));
  });

  it('keeps one compiled operation per query and operation name, at most COMPILED_OPERATIONS_MAX', async () => {
    const g = new JitGateway();
    g.useSchema(s);
    const run = (await g.load()).executor;
    const ask = (source: string) => run({ document: parse(source), operation: { operation: 'query' }, operationName: null, queryHash: source, context: { n: 1 }, request: {} } as never);
    await ask('{ asyncValue }');
    await ask('{ asyncValue }');
    expect(g.size).toBe(1);
    for (let i = 0; i < COMPILED_OPERATIONS_MAX + 10; i++) await ask(`{ a${i}: asyncValue }`);
    expect(g.size).toBe(COMPILED_OPERATIONS_MAX);
  });
});
