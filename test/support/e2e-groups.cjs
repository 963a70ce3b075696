// End-to-end groups: a directory's end-to-end files run in one Jest test file (its
// `<dir>.e2e-group.ts`), which loads the service's module graph once instead of once per file.
// Shared by jest.config.js (what a grouped run matches), the group files (what they run) and
// test/support/e2e-groups.spec.ts (that no end-to-end file is left out).
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** A file that checks Jest snapshots runs on its own: a snapshot file belongs to one test file. */
const STANDALONE = /\b(toMatchSnapshot|toMatchInlineSnapshot|toThrowErrorMatchingSnapshot|toThrowErrorMatchingInlineSnapshot)\b/;

/** The end-to-end files of a directory (not of its subdirectories), sorted. */
function endToEndFilesOf(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.e2e-spec.ts'))
    .sort();
}

function isStandalone(path) {
  return STANDALONE.test(readFileSync(path, 'utf8'));
}

/** What a directory's group file runs: its end-to-end files but the standalone ones. */
function groupedFilesOf(dir) {
  return endToEndFilesOf(dir).filter((f) => !isStandalone(join(dir, f)));
}

/** Every directory under the roots with an end-to-end file, and its standalone files (absolute paths). */
function endToEndDirectories(roots) {
  const found = [];
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.e2e-spec.ts')).map((e) => e.name).sort();
    if (files.length) {
      found.push({
        dir,
        groupFiles: entries.filter((e) => e.isFile() && e.name.endsWith('.e2e-group.ts')).map((e) => e.name),
        standalone: files.filter((f) => isStandalone(join(dir, f))).map((f) => join(dir, f)),
      });
    }
    for (const e of entries) if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(join(dir, e.name));
  };
  for (const root of roots) walk(root);
  return found;
}

module.exports = { endToEndFilesOf, groupedFilesOf, endToEndDirectories, isStandalone };
