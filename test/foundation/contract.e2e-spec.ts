import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { MIGRATIONS } from '../../migrations';
import { collectOperations } from '../../src/common/access/operation-map';
import { printServiceSchema } from '../../src/common/graphql/print-schema';
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
