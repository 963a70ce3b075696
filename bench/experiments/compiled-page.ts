/**
 * What the nested households page would cost the service's process if its rows arrived from
 * PostgreSQL already in the answer's shape (issue #12's lead "whole selections in SQL"): per
 * page, JSON.parse of one JSON text per household (what the driver does with a json column),
 * graphql-jit's execution of the bench's NESTED_PAGE over those objects with default resolvers
 * (the service's real schema, `schema.gql`), and the answer's JSON.stringify. No HTTP, no SQL,
 * no masking or coded-value finishing: the floor of that design on this machine, to set beside
 * the service's CPU per request of the same page (bench:read).
 *
 *   npm run build && node dist/bench/experiments/compiled-page.js [--pages N]
 *
 * The 50 households are the generator's first (src/demo/generator.ts), shaped as the service
 * answers them: masked ID numbers and phones, coded values as { value, code, label }, ages, the
 * incomes' totals as decimal strings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLEnumType, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { projectRoot } from '../../src/common/project-root';
import { generateHouseholds } from '../../src/demo/generator';
import { NESTED_PAGE } from '../scenarios/households';

const pages = Number(process.argv[process.argv.indexOf('--pages') + 1]) || 3000;
const schema = buildSchema(readFileSync(join(projectRoot(), 'schema.gql'), 'utf8'));
/** A coded value as the service answers it: the enum's value (one of the schema's, picked by the code), its code and label. */
const coded = (enumName: string) => (code: string) => {
  const values = (schema.getType(enumName) as GraphQLEnumType).getValues();
  const value = values[[...code].reduce((n, c) => n + c.charCodeAt(0), 0) % values.length]!.value as string;
  return { value, code, label: `${value}（标签）` };
};
const mask = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

const rows = [...generateHouseholds({ households: 50, seed: 1 })].map((h, i) => {
  const members = h.members.map((m) => ({
    name: m.name,
    idNumber: mask(m.idNumber),
    sex: coded('Sex')(m.sex),
    birthDate: m.birthDate,
    relation: coded('Relation')(m.relation),
    health: m.health.map(coded('HealthCondition')),
    labourSkill: coded('LabourSkill')(m.labourSkill),
    age: 2026 - Number(m.birthDate.slice(0, 4)),
  }));
  return JSON.stringify({
    cursor: Buffer.from(`number:${h.householdNumber}:${i}`).toString('base64url'),
    node: {
      householdNumber: h.householdNumber,
      status: coded('PovertyStatus')(h.status),
      yearRegistered: h.yearRegistered,
      primaryCause: coded('PovertyCause')(h.primaryCause),
      relocated: false,
      contactPhone: '138****1234',
      region: { code: h.villageCode, name: h.villageName },
      head: { name: members[0]!.name, idNumber: members[0]!.idNumber },
      members,
      incomes: [{ year: 2018, netIncome: '12345.67', perCapitaNetIncome: '4115.22' }],
      helpers: [{ helper: { name: '帮扶责任人' } }],
    },
  });
});

const compiled = compileQuery(schema, parse(NESTED_PAGE), 'HouseholdPage');
if (!isCompiledQuery(compiled)) throw new Error(`not compiled: ${JSON.stringify(compiled)}`);
const execute = compiled.query;

function page(): string {
  const edges = rows.map((r) => JSON.parse(r) as unknown);
  const result = execute({ households: { edges, pageInfo: { hasNextPage: true, endCursor: 'x' } } }, {}, { first: 50 }) as {
    errors?: unknown[];
  };
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return JSON.stringify(result);
}

for (let i = 0; i < Math.min(1000, pages); i++) page(); // JIT and caches warm
const start = process.cpuUsage();
let bytes = 0;
for (let i = 0; i < pages; i++) bytes += page().length;
const used = process.cpuUsage(start);
console.log(
  JSON.stringify({
    pages,
    households: rows.length,
    members: rows.reduce((n, r) => n + (JSON.parse(r) as { node: { members: unknown[] } }).node.members.length, 0),
    answerBytes: Math.round(bytes / pages),
    cpuMsPerPage: Number(((used.user + used.system) / 1000 / pages).toFixed(3)),
  }),
);
