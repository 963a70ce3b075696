/**
 * The floor order of ARCHITECTURE.md, enforced by dependency-cruiser (`npm run lint`, in CI).
 *
 * A file may import from its own floor and the floors below it, never from a floor above. Unit
 * specs (`*.spec.ts`) sit beside the code but are tests: like test/, scripts/ and bench/ they
 * stand above every floor and may import anything. `examples/` (example modules, plugged in by
 * their tests) stands above the service too: it may import src/, and src/ never imports it.
 */

/** Lowest first. */
const FLOORS = [
  { name: 'kit', path: '^src/(common|config)/' },
  { name: 'database', path: '^(src/database/|migrations/)' },
  { name: 'audit', path: '^src/audit/' },
  { name: 'regions', path: '^src/regions/' },
  { name: 'identity', path: '^src/(identity|probes)/' },
  { name: 'parameters', path: '^src/parameters/' },
  { name: 'disclosure', path: '^src/disclosure/' },
  { name: 'households', path: '^src/households/' },
  { name: 'assistance', path: '^src/assistance/' },
  { name: 'projects', path: '^src/projects/' },
  { name: 'employment', path: '^src/employment/' },
  { name: 'education', path: '^src/education/' },
  { name: 'health', path: '^src/health/' },
  { name: 'disability', path: '^src/disability/' },
  { name: 'funds', path: '^src/funds/' },
  { name: 'supervision', path: '^src/supervision/' },
  { name: 'exchange', path: '^src/exchange/' },
  { name: 'app', path: '^src/app\\.[^/]+\\.ts$' },
  { name: 'demo', path: '^src/demo/' },
  { name: 'process', path: '^src/(bootstrap|main|startup-failure|import-thread)\\.ts$' },
];

/**
 * Known exceptions: imports that climb a floor today, each with the reason. Only the named pair is
 * allowed; anything else between those floors still fails. Remove an entry once the import is gone.
 */
const KNOWN_EXCEPTIONS = [];

const TESTS = '\\.spec\\.ts$';
/** The tests of an example module (`*.spec.ts`, `*.e2e-spec.ts`, the directory's `*.e2e-group.ts`). */
const EXAMPLE_TESTS = '([.-]spec|\\.e2e-group)\\.ts$';

function floorRules() {
  const rules = [];
  FLOORS.forEach((lower, i) => {
    FLOORS.slice(i + 1).forEach((higher) => {
      const known = KNOWN_EXCEPTIONS.filter((k) => new RegExp(lower.path).test(k.from.replace(/^\^|\\|\$$/g, '')));
      const comment = `floor order (ARCHITECTURE.md): ${lower.name} is below ${higher.name} and must not import it`;
      rules.push({
        name: `${lower.name}-not-to-${higher.name}`,
        severity: 'error',
        comment,
        from: { path: lower.path, pathNot: [TESTS, ...known.map((k) => k.from)] },
        to: { path: higher.path },
      });
      for (const k of known) {
        rules.push({
          name: `${lower.name}-not-to-${higher.name}`,
          severity: 'error',
          comment: `${comment} (beyond the known exception)`,
          from: { path: k.from },
          to: { path: higher.path, pathNot: k.to },
        });
      }
    });
  });
  return rules;
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...floorRules(),
    {
      name: 'src-not-to-tools',
      severity: 'error',
      comment: 'the service never imports tests, scripts or benchmarks',
      from: { path: '^(src|migrations)/', pathNot: TESTS },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'src-not-to-examples',
      severity: 'error',
      comment: 'examples/ (modules a newcomer copies, plugged in by their tests) sit above the service: nothing in it imports them',
      from: { path: '^(src|migrations)/' },
      to: { path: '^examples/' },
    },
    {
      name: 'examples-not-to-tools',
      severity: 'error',
      comment: 'an example module is built from src/ only (the kit and public module services); only its tests use test/',
      from: { path: '^examples/', pathNot: EXAMPLE_TESTS },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no import cycles between files',
      // Known exception: a household and its members refer to each other in their TypeORM
      // relations (`() => HouseholdEntity`, `() => MemberEntity`), as TypeORM's two-sided relations do.
      from: { path: '^(src|migrations|examples)/', pathNot: '^src/households/(household|member)\\.entity\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'an import that resolves to no file',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'the service must not need a devDependency at run time',
      from: { path: '^(src|migrations)/', pathNot: TESTS },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
