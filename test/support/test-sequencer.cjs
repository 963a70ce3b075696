// Jest's test sequencer with two changes, both for a machine without Jest's own timings (a fresh
// CI machine):
// - a test file Jest has no timing for takes the one recorded in test-durations.json for this run
//   (embedded or server; test-durations.cjs), so that the long files start first;
// - one recorded nowhere (a new file) runs before the timed ones, as in Jest's own sequencer,
//   largest first, where a group file (`*.e2e-group.ts`, a few lines that run a directory's
//   end-to-end files) weighs what its files weigh: by its own size a group would start last.
'use strict';
const { statSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { groupedFilesOf } = require('./e2e-groups.cjs');
const { recordedDuration } = require('./test-durations.cjs');

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
    for (const test of tests) test.duration = this.time(test) ?? recordedDuration(test.path);
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
