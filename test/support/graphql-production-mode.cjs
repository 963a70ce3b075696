'use strict';
/**
 * graphql-js chooses its `instanceOf` once, when `jsutils/instanceOf.js` is first loaded: outside
 * NODE_ENV=production every failed `instanceof` of a type check (isListType, isNonNullType, … on
 * every value graphql-js completes) also reads both sides' Symbol.toStringTag, to warn about two
 * copies of graphql-js. Jest runs with NODE_ENV=test, so every test paid that on every field; the
 * service in production does not. This setup file loads that one module in production mode into
 * each test file's module registry; NODE_ENV is left as it was for everything else.
 */
const previous = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  require('graphql/jsutils/instanceOf');
} finally {
  if (previous === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = previous;
}
