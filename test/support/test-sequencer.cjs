// Jest's test sequencer with one change: a group file (`*.e2e-group.ts`, a few lines that run a
// directory's end-to-end files) weighs what its files weigh. Jest runs the tests it has no timing
// for (every test on a fresh machine, as in CI) largest file first, so that the long ones start
// early and no worker idles at the end of the run; by its own size a group would start last.
'use strict';
const { statSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { groupedFilesOf } = require('./e2e-groups.cjs');

class GroupAwareSequencer extends Sequencer {
  sort(tests) {
    const weights = new Map();
    const weight = (test) => {
      if (!weights.has(test.path)) {
        const files = test.path.endsWith('.e2e-group.ts') ? groupedFilesOf(dirname(test.path)).map((f) => join(dirname(test.path), f)) : [test.path];
        weights.set(test.path, files.reduce((sum, f) => sum + statSync(f).size, 0));
      }
      return weights.get(test.path);
    };
    for (const test of tests) test.duration = this.time(test);
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      const timedA = a.duration != null;
      // Known durations come after the unknown ones, as in Jest's own sequencer.
      if (timedA !== (b.duration != null)) return timedA ? 1 : -1;
      if (timedA) return b.duration - a.duration;
      return weight(b) - weight(a);
    });
  }
}

module.exports = GroupAwareSequencer;
