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
