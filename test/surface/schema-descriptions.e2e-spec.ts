import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The schema is the frontends' documentation: every type, field, argument, input field and enum
 * value says what it means (units, formats, who may see it, what null means). The failure lists
 * what lacks a description: add `description` to its decorator or `registerEnumType` valuesMap.
 */
describe('schema descriptions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('describes every type, field, argument, input field and enum value of the running schema', () => {
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
  });

  it('the check sees what it must: an undescribed field, argument, input field or enum value is listed', () => {
    const sdl = `
      "Root" type Query { "ok" a(x: Int): Int b: Int }
      input I { f: Int }
      "E" enum E { V "described" W }
      scalar DateTime
    `;
    expect(undescribedSchemaElements(buildSchema(sdl))).toEqual(['E.V', 'I', 'I.f', 'Query.a(x)', 'Query.b']);
  });

  it('schema.gql, the committed schema, is described too', () => {
    const committed = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8'));
    expect(undescribedSchemaElements(committed)).toEqual([]);
  });
});
