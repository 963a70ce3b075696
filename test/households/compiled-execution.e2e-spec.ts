import { GRAPHQL_MODULE_OPTIONS } from '@nestjs/graphql';
import { Role } from '../../src/common/access/permissions';
import { JitGateway } from '../../src/common/graphql/jit-executor';
import { HOUSEHOLD_BY_ID, NESTED_PAGE, PLAIN_PAGE, VIEWER } from '../../bench/scenarios/households';
import { loadRegions, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, householdInput, member } from './registry-fixtures';

/**
 * The read path's queries (the bench's) execute compiled (jit-executor.ts), once compiled per
 * document, and answer what graphql-js answers; a mutation executes with graphql-js.
 */
describe('compiled execution of the read path', () => {
  let t: TestApp;
  let gateway: JitGateway;
  let headers: Record<string, string>;
  let id: string;
  const V = '410106100204';
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    await loadRegions(t);
    gateway = (t.get(GRAPHQL_MODULE_OPTIONS as never) as { gateway: JitGateway }).gateway;
    const officer = await signIn(t, Role.VILLAGE_OFFICER, V);
    headers = officer.headers;
    const h = await createHousehold(t, officer, householdInput(V, {
      members: [member({ name: '刘建国', birthDate: '1975-05-05' }), member({ name: '刘小军', relation: 'SON', birthDate: '2000-01-01' })],
    }));
    await activate(t, h.id);
    id = h.id;
  });
  afterAll(() => t?.close());

  it('is the gateway Apollo executes with', () => {
    expect(gateway).toBeInstanceOf(JitGateway);
  });

  it.each([
    ['the nested page', NESTED_PAGE, { first: 50 }],
    ['the plain page', PLAIN_PAGE, { first: 20 }],
    ['a household by id', HOUSEHOLD_BY_ID, 'id'],
    ['the viewer', VIEWER, {}],
  ] as const)('%s: compiled, every time', async (_name, query, vars) => {
    const variables = vars === 'id' ? { id } : vars;
    const before = { ...gateway.executions };
    for (let i = 0; i < 3; i++) {
      const res = await t.gql(query, variables, headers);
      expect(res.body.errors).toBeUndefined();
    }
    expect(gateway.executions).toEqual({ compiled: before.compiled + 3, graphqlJs: before.graphqlJs });
  });

  it('a mutation executes with graphql-js (last: it ends the sign-in)', async () => {
    const before = { ...gateway.executions };
    const res = await t.gql(`mutation { logout(input: {}) { revoked } }`, {}, headers);
    expect(res.body.errors).toBeUndefined();
    expect(gateway.executions).toEqual({ compiled: before.compiled, graphqlJs: before.graphqlJs + 1 });
  });
});
