import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { endToEndDirectories, endToEndFilesOf, groupedFilesOf } from './e2e-groups.cjs';

const ROOT = join(__dirname, '..', '..');
const DIRS = ['src', 'test', 'bench', 'examples'].map((d) => join(ROOT, d));

/**
 * A grouped run (`npm test`, CI) runs a directory's end-to-end files only through its group file:
 * an end-to-end file in a directory without one would never run there.
 */
describe('end-to-end groups', () => {
  const dirs = endToEndDirectories(DIRS);

  it('are found (the check is not vacuous)', () => {
    expect(dirs.length).toBeGreaterThan(10);
    expect(dirs.map((d) => relative(ROOT, d.dir))).toContain(join('test', 'projects'));
  });

  it('every directory with end-to-end files has one group file, named after it, running that directory', () => {
    const wrong = dirs.flatMap(({ dir, groupFiles }) => {
      const expected = `${basename(dir)}.e2e-group.ts`;
      if (groupFiles.length !== 1 || groupFiles[0] !== expected) return [`${relative(ROOT, dir)}: ${groupFiles.join(', ') || 'no group file'} (want ${expected})`];
      const code = readFileSync(join(dir, expected), 'utf8');
      return /runEndToEndFilesOf\(__dirname\)/.test(code) ? [] : [`${relative(ROOT, dir)}/${expected} does not run its own directory`];
    });
    expect(wrong).toEqual([]);
  });

  it('each end-to-end file runs in its group or on its own (snapshots), never both, never neither', () => {
    for (const { dir, standalone } of dirs) {
      const grouped = groupedFilesOf(dir).map((f) => join(dir, f));
      expect([...grouped, ...standalone].sort()).toEqual(endToEndFilesOf(dir).map((f) => join(dir, f)).sort());
      expect(grouped.filter((f) => standalone.includes(f))).toEqual([]);
    }
    const standalone = dirs.flatMap((d) => d.standalone).map((f) => relative(ROOT, f));
    expect(standalone).toContain(join('test', 'foundation', 'contract.e2e-spec.ts'));
  });
});
