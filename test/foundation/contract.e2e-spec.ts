import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLSchema, isObjectType, printSchema } from 'graphql';
import { MIGRATIONS } from '../../migrations';
import { collectOperations } from '../../src/common/access/operation-map';
import { printServiceSchema } from '../../src/common/graphql/print-schema';
import { SchemaFromMetadataApolloDriver } from '../../src/common/graphql/schema-driver';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');

describe('the service contract: schema, migrations, access map', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('schema.gql is what the code generates (run `npm run schema:print` after changing the API)', () => {
    const generated = printServiceSchema(t.get(GraphQLSchemaHost).schema);
    const committed = readFileSync(join(ROOT, 'schema.gql'), 'utf8');
    expect(committed).toBe(generated);
  });

  it('the served schema is the one Nest\'s own factory builds: the same SDL, a resolver on the same fields (schema-driver.ts)', async () => {
    const driver = t.service.app.get<GraphQLModule<SchemaFromMetadataApolloDriver>>(GraphQLModule, { strict: false }).graphQlAdapter;
    expect(driver).toBeInstanceOf(SchemaFromMetadataApolloDriver);
    // As GraphQLModule hands them to the driver, without the transform (it would hand the schema to this app's executor).
    const moduleOptions = t.service.app.get<ApolloDriverConfig>('GqlModuleOptions', { strict: false });
    const options: ApolloDriverConfig = { ...(await driver.mergeDefaultOptions(moduleOptions)), typeDefs: [], transformSchema: undefined };
    const direct = await driver.generateDirect(options);
    if (!direct) throw new Error('the driver fell back to Nest\'s path for the service\'s own schema');
    const nest = await ApolloDriver.prototype.generateSchema.call(driver, options);
    if (!nest) throw new Error('Nest built no schema');
    expect(direct).not.toBe(nest);
    expect(printSchema(direct)).toBe(printSchema(nest));
    const resolved = (schema: GraphQLSchema) =>
      Object.values(schema.getTypeMap())
        .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
        .flatMap((type) => Object.values((type as { getFields(): Record<string, { name: string; resolve?: unknown; subscribe?: unknown }> }).getFields()).flatMap((f) => [
          ...(f.resolve ? [`${type.name}.${f.name}`] : []),
          ...(f.subscribe ? [`${type.name}.${f.name} (subscribe)`] : []),
        ]));
    expect(resolved(direct)).toEqual(resolved(nest));
    expect(resolved(direct).length).toBeGreaterThan(300);
    // What the direct path does not cover goes through Nest's.
    expect(await driver.generateDirect({ ...options, typeDefs: ['scalar Extra'] })).toBeUndefined();
  });

  it('entities and migrations agree (run `npm run migration:generate -- Name` after changing an entity)', async () => {
    const { up } = await pendingSchemaChanges(t.dataSource);
    expect(up).toEqual([]);
  });

  it('every migration file is listed in migrations/index.ts, in file order', () => {
    const files = readdirSync(join(ROOT, 'migrations'))
      .filter((f) => /^\d+-\w+\.ts$/.test(f))
      .sort();
    const listed = (MIGRATIONS as { name: string }[]).map((m) => m.name);
    expect(listed).toEqual(files.map((f) => f.replace(/^(\d+)-(\w+)\.ts$/, '$2$1')));
  });

  it('every query, mutation and route declares its permission or is explicitly public', () => {
    const undeclared = collectOperations(t.service.app).filter((o) => o.access === null);
    expect(undeclared).toEqual([]);
  });

  it('the operation → permission map is reviewed as a security change when it moves', () => {
    const map = Object.fromEntries(collectOperations(t.service.app).map((o) => [o.operation, o.access]));
    expect(map).toMatchSnapshot();
  });
});
