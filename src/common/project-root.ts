import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json, from source (tests) or from dist/ alike. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + from);
    dir = up;
  }
  return dir;
}

/**
 * The compiled file of a source under src/ (`path` as under src/, e.g.
 * `database/embedded-thread-entry.js`) that a worker thread can load: beside this build's own
 * files, or, when this module is TypeScript run by the test runner, in the build (dist/, which
 * `npm test` builds first).
 */
export function compiledSource(path: string): string {
  const here = join(__dirname, '..', path);
  return existsSync(here) ? here : join(projectRoot(), 'dist', 'src', path);
}
