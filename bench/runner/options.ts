/** The command line of `npm run bench`: usage, parsing and defaults. */
import { parseArgs } from 'node:util';
import { oneOf, UsageError, wholeNumber } from '../cli-args';
import { DbMode, Scenario, SCENARIOS } from '../scenarios';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const USAGE = `usage: npm run bench -- [--db embedded|server] [--database-url URL] [--scenario NAME ...]
                        [--households N] [--seed S] [--duration S] [--warmup S] [--connections C]
                        [--verbose] [--list]
scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`;

export interface Options {
  db: DbMode;
  serverUrl: string;
  scenarios: Scenario[];
  households: number;
  seed: string;
  duration: number;
  warmup: number;
  connections: number;
  verbose: boolean;
}

export function parseOptions(argv: string[]): Options | 'list' | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      'database-url': { type: 'string' },
      scenario: { type: 'string', multiple: true },
      households: { type: 'string' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      verbose: { type: 'boolean' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (values.list) return 'list';
  // `--scenario a b`, `--scenario a --scenario b` and `--scenario a,b` all work.
  const names = [...(values.scenario ?? []).flatMap((s) => s.split(',')), ...positionals].map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new UsageError(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const scenarios = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : [...SCENARIOS];
  const serverUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL;
  try {
    const u = new URL(serverUrl);
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error();
  } catch {
    throw new UsageError('--database-url must be a postgres:// URL');
  }
  return {
    db: oneOf<DbMode>('db', values.db, ['embedded', 'server'], values['database-url'] ? 'server' : 'embedded'),
    serverUrl,
    scenarios,
    households: wholeNumber('households', values.households, 10_000, 0, 100_000_000),
    seed: values.seed ?? '1',
    duration: wholeNumber('duration', values.duration, 10, 1, 3600),
    warmup: wholeNumber('warmup', values.warmup, 1, 0, 600),
    connections: wholeNumber('connections', values.connections, 10, 1, 1000),
    verbose: values.verbose ?? false,
  };
}
