/**
 * node dist/bench/generate.js --households N [--seed S] [--format ndjson|csv] [--out FILE]
 *                             [--scale district|province] [--villages V] [--values labels|codes]
 *
 * Writes N generated households (see generator.ts) as NDJSON (one household a line, members
 * nested) or CSV (national Chinese headers, one row per member). Streams: memory stays flat
 * for any N. Without --out (or with --out -) the data goes to stdout; a summary goes to stderr.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { oneOf, UsageError, wholeNumber } from './cli-args';
import { generateHouseholds, GeneratorScale } from '../src/demo/generator';
import { csvHeaderLine, CsvValues, toCsvRows, toNdjsonLine } from '../src/demo/registry-format';

const USAGE = `usage: node dist/bench/generate.js --households N [--seed S] [--format ndjson|csv] [--out FILE]
                                    [--scale district|province] [--villages V] [--values labels|codes]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'ndjson' },
      out: { type: 'string' },
      scale: { type: 'string' },
      villages: { type: 'string' },
      values: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.households === undefined) throw new UsageError('--households is required');
  const households = wholeNumber('households', values.households, 0, 0, 100_000_000);
  const format = oneOf('format', values.format, ['ndjson', 'csv'] as const, 'ndjson');
  const scale = oneOf<GeneratorScale>('scale', values.scale, ['district', 'province'], 'district');
  const villages = values.villages === undefined ? undefined : wholeNumber('villages', values.villages, 64, 1, 2_000_000);
  const csvValues = oneOf<CsvValues>('values', values.values, ['labels', 'codes'], 'labels');

  const toStdout = values.out === undefined || values.out === '-';
  // `generate ... | head` closes the pipe early: stop quietly.
  if (toStdout) process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  const out: Writable = toStdout ? process.stdout : createWriteStream(values.out!);
  const started = Date.now();
  let buffer = format === 'csv' ? csvHeaderLine() : '';
  let members = 0;
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  for (const h of generateHouseholds({ households, seed: values.seed!, scale, villages })) {
    members += h.members.length;
    buffer += format === 'csv' ? toCsvRows(h, csvValues) : toNdjsonLine(h);
    if (buffer.length >= 1 << 20) await flush();
  }
  await flush();
  if (!toStdout) {
    out.end();
    await once(out, 'finish');
  }
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `${households} households, ${members} members (${(members / Math.max(households, 1)).toFixed(3)} per household), ` +
      `${(bytes / 1048576).toFixed(1)} MiB ${format} in ${seconds.toFixed(1)} s${toStdout ? '' : ` → ${values.out}`}\n`,
  );
}

main().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`${err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? `${err.message}\n${USAGE}` : err.stack ?? err.message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
