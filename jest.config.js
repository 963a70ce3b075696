// ESM-only packages (NestJS 12, Apollo Server 5 and friends) are transformed by @swc/jest so
// that Jest's CommonJS runtime can load them; see ../README.md "Tests".
const esmPackages = [
  '@nestjs', '@apollo/server', '@as-integrations', 'file-type', 'load-esm', 'uid',
  '@standard-schema', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', '@borewit',
  'es-toolkit', 'graphql-http', 'canonicalize',
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

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/bench', '<rootDir>/examples'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // One migrated template database per run; each test file's database is a copy of it.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Per test and per hook. Generous on purpose: starting a test app (an embedded database, the
  // whole Nest app) takes over a minute when two runs of the suite share a 2-core machine.
  testTimeout: 300000,
  maxWorkers: process.env.CI ? 2 : '50%',
};
