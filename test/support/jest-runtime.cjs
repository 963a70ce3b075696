// Jest's runtime with V8's code cache kept per worker process (jest.config.js `runtime`).
//
// Every test file loads the whole service anew in its own module registry (Nest, Apollo, TypeORM,
// the schema: about 4,000 modules with their dependencies), and Jest compiles each module with
// vm.compileFunction every time: 13 % of the CPU of three small end-to-end files run in one
// process. This module is loaded once per worker, outside the test files' sandboxes; it keeps, per
// file name, the code V8 compiled and the code cache it produced, and hands the cache back when a
// later test file of the worker compiles the very same code (compared whole). A cache V8 rejects
// is compiled afresh. Nothing of a test file's state crosses files: only the bytecode of unchanged
// code. Measured (profile, the same three files in one process): compiling 2.0 s → 1.4 s.
// Code with a dynamic import() is never cached: on Node 20, a function compiled from V8's cache
// loses the dynamic import callback ("A dynamic import callback was not specified"; PGlite's
// extension loader hit it from the second test file of a worker on).
// JEST_CODE_CACHE=0 turns it off; JEST_CODE_CACHE_DEBUG=1 prints the hits when a worker exits.
'use strict';
const vm = require('node:vm');

if (process.env.JEST_CODE_CACHE !== '0' && !vm.compileFunction.codeCached) {
  const compileFunction = vm.compileFunction;
  const DYNAMIC_IMPORT = /\bimport\s*\(/;
  /** file name → { the code compiled, V8's cached data } */
  const cache = new Map();
  const stats = { hits: 0, rejected: 0 };
  const cached = function (code, params, options) {
    if (!options || !options.filename || options.cachedData || options.produceCachedData || DYNAMIC_IMPORT.test(code)) return compileFunction.call(this, code, params, options);
    const hit = cache.get(options.filename);
    if (hit && hit.code === code) {
      const fn = compileFunction.call(this, code, params, { ...options, cachedData: hit.data });
      if (!fn.cachedDataRejected) {
        stats.hits += 1;
        return fn;
      }
      stats.rejected += 1;
    }
    const fn = compileFunction.call(this, code, params, { ...options, produceCachedData: true });
    if (fn.cachedDataProduced && fn.cachedData) cache.set(options.filename, { code, data: fn.cachedData });
    return fn;
  };
  cached.codeCached = true;
  vm.compileFunction = cached;
  if (process.env.JEST_CODE_CACHE_DEBUG) {
    process.on('exit', () => require('node:fs').writeSync(2, `code cache of worker ${process.pid}: ${stats.hits} hits, ${stats.rejected} rejected, ${cache.size} files\n`));
  }
}

module.exports = require('jest-runtime');
