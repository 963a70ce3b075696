const path = require('node:path');

// ESM-only packages (NestJS 12, Apollo Server 5 and friends) are transformed by @swc/jest so
// that Jest's CommonJS runtime can load them; see ../README.md "Tests".
const esmPackages = [
  '@nestjs', '@apollo/server', '@as-integrations', 'file-type', 'load-esm', 'uid',
  '@standard-schema', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', '@borewit',
  'es-toolkit', 'graphql-http', 'canonicalize', 'uuid',
];
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
}];

const roots = ['src', 'test', 'bench', 'examples'];

/**
 * JEST_GROUPS=1 (what `npm test` sets): each directory's end-to-end files run in one test file,
 * its `<dir>.e2e-group.ts` (test/support/e2e-groups.cjs), and the files that check snapshots on
 * their own. Otherwise (`npx jest <file>`) every end-to-end file is a test file of its own.
 */
const grouped = process.env.JEST_GROUPS === '1';
const testMatch = grouped
  ? [
      '**/*.spec.ts',
      '**/*.e2e-group.ts',
      ...require('./test/support/e2e-groups.cjs')
        .endToEndDirectories(roots.map((r) => path.join(__dirname, r)))
        .flatMap((d) => d.standalone),
    ]
  : ['**/*.spec.ts', '**/*.e2e-spec.ts'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: roots.map((r) => `<rootDir>/${r}`),
  testMatch,
  // Groups (and other test files) by their expected length, longest first (test-sequencer.cjs).
  testSequencer: '<rootDir>/test/support/test-sequencer.cjs',
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // Jest's runtime, with V8's code cache kept per worker across test files (test/support/jest-runtime.cjs).
  runtime: '<rootDir>/test/support/jest-runtime.cjs',
  // graphql-js in production mode, as the service runs (test/support/graphql-production-mode.cjs).
  setupFiles: ['<rootDir>/test/support/graphql-production-mode.cjs'],
  // One migrated template database per run; each test file's database is a copy of it.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Per test and per hook. Generous on purpose: starting a test app (an embedded database, the
  // whole Nest app) takes over a minute when two runs of the suite share a 2-core machine.
  testTimeout: 300000,
  maxWorkers: process.env.CI ? 2 : '50%',
  // A Jest process keeps part of every test file's module graph (each file loads the whole
  // service anew: Nest, Apollo, TypeORM, the schema): run in band, the server run's process grew
  // by 100-150 MB a file to V8's heap limit (about 4 GB here), then spent its time in garbage
  // collection, ran twice as long and missed 5 s connection timeouts. With a limit Jest always
  // uses worker processes (also with one worker on two cores) and replaces a worker whose heap
  // is over it after a file.
  workerIdleMemoryLimit: '1GB',
};
