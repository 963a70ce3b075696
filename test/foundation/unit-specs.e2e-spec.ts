import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * CI runs the unit specs (`*.spec.ts`) once, in the embedded database's run, and only the
 * end-to-end files (`*.e2e-spec.ts`) on the PostgreSQL server: a unit spec that opened a database
 * would be tested on one of the two. This lists any unit spec that reaches for one.
 */
const ROOT = join(__dirname, '..', '..');
const DIRS = ['src', 'test', 'bench', 'examples'];
/**
 * What opens a database in this project: the test app, a test database, the embedded server, the
 * pg driver, a data source initialised (one only built, for its query builder, connects to nothing).
 */
const DATABASE = [
  /\bstartTestApp\b/,
  /\bcreateTestDatabase\b/,
  /\bEmbeddedPostgres\b/,
  /\bspawnService\b/,
  /from 'pg'/,
  /\.initialize\(\)/,
  /\bTEST_DATABASE_URL\b/,
];

function specsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : specsUnder(path);
    return e.name.endsWith('.spec.ts') && !e.name.endsWith('.e2e-spec.ts') ? [path] : [];
  });
}

describe('unit specs (*.spec.ts)', () => {
  const specs = DIRS.flatMap((d) => specsUnder(join(ROOT, d)));

  it('are found (the check is not vacuous)', () => {
    expect(specs.length).toBeGreaterThan(50);
    expect(specs.map((s) => relative(ROOT, s))).toContain(join('src', 'common', 'money', 'money.spec.ts'));
  });

  it('never open a database: what does is an end-to-end file (*.e2e-spec.ts), run on both databases', () => {
    const offending = specs.flatMap((s) => {
      const text = readFileSync(s, 'utf8');
      return DATABASE.filter((re) => re.test(text)).map((re) => `${relative(ROOT, s)}: ${re.source}`);
    });
    expect(offending).toEqual([]);
  });
});
