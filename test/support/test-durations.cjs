// What each test file took in a full run of the suite, per database (`npm test` on the embedded
// database, and on the PostgreSQL server), recorded in test-durations.json: the order Jest starts
// test files in on a machine that has no timing of its own yet (a fresh CI machine). Jest starts
// the files it has timings for longest first, so that no worker is left alone with a long file at
// the end of the run; without timings it goes by file size, and a group of a few short files that
// spawn the service (test/process) started last and ran alone for minutes. The durations decide
// the order only, never what runs or passes; a file not recorded runs first, as Jest does with an
// unknown file.
//
// To record them again from the JSON reports of a full run (what `.ci/run` writes with --json):
//   node test/support/test-durations.cjs EMBEDDED_JSON SERVER_JSON
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const FILE = join(__dirname, 'test-durations.json');

/** The run a Jest process belongs to: the server's when TEST_DATABASE_URL is set. */
function currentRun() {
  return process.env.TEST_DATABASE_URL ? 'server' : 'embedded';
}

let recorded;
/** The recorded duration (ms) of a test file (absolute path) in the current run, or undefined. */
function recordedDuration(path) {
  recorded ??= JSON.parse(readFileSync(FILE, 'utf8'));
  const seconds = recorded[currentRun()]?.[relative(ROOT, path).replaceAll('\\', '/')];
  return typeof seconds === 'number' ? seconds * 1000 : undefined;
}

/** Jest's roots (jest.config.js): a report's paths are made relative to the folder above them, wherever the run was. */
const UNDER_ROOT = /^.*?[\\/]((?:src|test|bench|examples)[\\/].*)$/;

/** Seconds per test file (path relative to the project) of one Jest JSON report. */
function durationsOf(report) {
  const out = {};
  for (const t of report.testResults) {
    const path = UNDER_ROOT.exec(t.name)?.[1].replaceAll('\\', '/');
    if (path) out[path] = Math.round((t.endTime - t.startTime) / 100) / 10;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

if (require.main === module) {
  const [embedded, server] = process.argv.slice(2);
  if (!embedded || !server) {
    process.stderr.write('usage: node test/support/test-durations.cjs EMBEDDED_JSON SERVER_JSON\n');
    process.exit(2);
  }
  const read = (f) => durationsOf(JSON.parse(readFileSync(f, 'utf8')));
  writeFileSync(FILE, `${JSON.stringify({ embedded: read(embedded), server: read(server) }, null, 2)}\n`);
  process.stdout.write(`written: ${relative(ROOT, FILE)}\n`);
}

module.exports = { recordedDuration, durationsOf };
