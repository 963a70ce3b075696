/**
 * Imports a file (the registry's, or another kind's: --kind) through a running service, with a progress bar. See USAGE below
 * (`npm run import -- --help`). Exit code 0 when the job succeeded (problems may still be
 * reported), 1 when it failed or the service could not be reached, 2 on bad usage.
 */
import { SingleBar, Presets } from 'cli-progress';
import { openAsBlob, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run import -- FILE [options]

Uploads FILE (CSV UTF-8/GBK, XLSX or NDJSON) to POST /exchange/imports of a running service and
follows the job to its end.

  --url URL          the service (default: $JZFP_URL, else http://127.0.0.1:3000)
  --kind K           what the file holds: households (default, the registry), projects,
                     linkages, … (GET /exchange/imports/template.csv?kind=K is its template)
  --dry-run          validate and count, change nothing (the report lists what would change)
  --atomic           all or nothing
  --strategy S       CREATE | UPDATE | CREATE_AND_UPDATE (default)
  --mode M           SYNC (records land active; district level or wider, its default) |
                     PROPOSE (new households land as candidates with registration proposals;
                     the default below district level)
  --region CODE      the region subtree to import into (default: the caller's home region)
  --encoding E       AUTO (default) | UTF-8 | GBK
  --format F         CSV | XLSX | NDJSON (default: detected)
  --report FILE      write the validation report (CSV) there
  --help             this text

Credentials come from the environment only, never from the command line (where other users and
the shell history would see them):
  JZFP_API_KEY       an API key with exchange.import (sent as X-API-Key)
  JZFP_TOKEN         or an access token of a signed-in user (sent as Authorization: Bearer)
  JZFP_URL           the service's URL, when --url is not given

Exit code: 0 the job succeeded (the report may still list problems), 1 it failed or the service
could not be reached, 2 bad usage.
`;

class UsageError extends Error {}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        kind: { type: 'string' },
        // Recognised only to be refused with a clear message.
        'api-key': { type: 'string' },
        token: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        atomic: { type: 'boolean', default: false },
        strategy: { type: 'string' },
        mode: { type: 'string' },
        region: { type: 'string' },
        encoding: { type: 'string' },
        format: { type: 'string' },
        report: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values['api-key'] !== undefined || values.token !== undefined) {
    throw new UsageError(
      `${values['api-key'] !== undefined ? '--api-key' : '--token'} is not accepted on the command line (other users and the shell history would see it): set JZFP_API_KEY (or JZFP_TOKEN) in the environment`,
    );
  }
  return { values, positionals };
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = opts;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write(`${file ? 'one file at a time' : 'no file given'}\n\n${USAGE}`);
    return 2;
  }
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    process.stderr.write(`file not found (or not a file): ${file}\n`);
    return 2;
  }
  const apiKey = process.env.JZFP_API_KEY;
  const token = process.env.JZFP_TOKEN;
  if (!apiKey && !token) {
    process.stderr.write(`no credentials: set JZFP_API_KEY (or JZFP_TOKEN) in the environment\n\n${USAGE}`);
    return 2;
  }
  const base = (values.url ?? process.env.JZFP_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  try {
    new URL(base);
  } catch {
    process.stderr.write(`not a URL: ${base} (--url or JZFP_URL)\n`);
    return 2;
  }
  const headers: Record<string, string> = apiKey ? { 'x-api-key': apiKey } : { authorization: `Bearer ${token}` };

  /** A request to the service; an unreachable service is said as such, not as a stack trace. */
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach the service at ${base} (--url or JZFP_URL): ${cause?.code ?? cause?.message ?? (e as Error).message}`, { cause: e });
    }
  };
  const json = async (res: Response): Promise<Record<string, any>> => {
    try {
      return (await res.json()) as Record<string, any>;
    } catch {
      throw new Error(`the service at ${base} answered ${res.status} without JSON: is --url / JZFP_URL the import service?`);
    }
  };

  const query = new URLSearchParams();
  if (values['dry-run']) query.set('dryRun', 'true');
  if (values.atomic) query.set('atomic', 'true');
  for (const [k, v] of [['kind', values.kind], ['strategy', values.strategy], ['mode', values.mode], ['regionCode', values.region], ['encoding', values.encoding], ['format', values.format]] as const) if (v) query.set(k, v);
  const form = new FormData();
  form.set('file', await openAsBlob(file), basename(file));
  const res = await call(`/exchange/imports${query.toString() ? `?${query}` : ''}`, { method: 'POST', body: form });
  const body = await json(res);
  if (res.status !== 202 || !body.id) {
    const errors = (body.errors ?? []) as { message: string; extensions?: Record<string, unknown> }[];
    process.stderr.write(`upload refused (${res.status}): ${errors.map((e) => `${e.message} [${e.extensions?.reason ?? e.extensions?.code}]`).join('; ') || 'no reason given'}\n`);
    return 1;
  }
  const bar = new SingleBar({ format: '{bar} {percentage}% | {value}/{total} rows | {status}', hideCursor: true, noTTYOutput: false }, Presets.shades_classic);
  const interactive = process.stderr.isTTY;
  if (interactive) bar.start(1, 0, { status: 'QUEUED' });
  let job: Record<string, any>;
  for (;;) {
    job = await json(await call(`/exchange/imports/${body.id}`));
    if (interactive) {
      bar.setTotal(Math.max(1, job.rowsTotal ?? 1));
      bar.update(job.rowsCommitted ?? 0, { status: job.status });
    }
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (interactive) bar.stop();
  // One line a unit the kind counts (households and members; projects; payments …).
  const units = ((job.unitCounts ?? []) as { unit: string; created: number; updated: number; unchanged: number; rejected: number; left: number }[])
    .map((u) => `${u.unit}: ${u.created} created, ${u.updated} updated, ${u.unchanged} unchanged, ${u.rejected} rejected${u.left ? `, ${u.left} left` : ''}\n`)
    .join('');
  process.stdout.write(
    `job ${job.id}: ${job.status}${job.dryRun ? ' (dry run)' : ''}\n` +
      units +
      `problems: ${job.problemCount} errors, ${job.warningCount} warnings${job.errorMessage ? `\n${job.errorCode}: ${job.errorMessage}` : ''}\n`,
  );
  if (values.report) {
    const report = await call(job.reportUrl);
    writeFileSync(values.report, Buffer.from(await report.arrayBuffer()), { mode: 0o600 });
    process.stdout.write(`report written to ${values.report}\n`);
  }
  return job.status === 'SUCCEEDED' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`import failed: ${e.message}\n`);
    process.exit(1);
  },
);
