import { join } from 'node:path';
import { groupedFilesOf } from './e2e-groups.cjs';

/**
 * Runs a directory's end-to-end files in one Jest test file (see e2e-groups.cjs), each inside a
 * describe block named after it, so that its hooks (beforeAll starting its app, afterAll closing
 * it) apply to its own tests only. Every file still starts its own app on its own database; what
 * the group shares is the module graph, which Jest otherwise loads anew for every test file
 * (about 4,000 modules, some 3 s of CPU a file).
 */
export function runEndToEndFilesOf(dir: string): void {
  for (const file of groupedFilesOf(dir)) {
    describe(file, () => {
      // Jest's require, synchronous: what the file registers (describe, it, hooks) lands inside this
      // block (an import() would register after the block closed).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(dir, file));
    });
  }
}
