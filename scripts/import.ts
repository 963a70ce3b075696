/**
 * Imports a registry file through a running service, with a progress bar:
 *
 *   npm run import -- FILE [--url http://127.0.0.1:3000] [--api-key KEY | --token JWT]
 *                         [--dry-run] [--atomic] [--strategy CREATE|UPDATE|CREATE_AND_UPDATE]
 *                         [--region CODE] [--encoding AUTO|UTF-8|GBK] [--format CSV|XLSX|NDJSON]
 *                         [--report report.csv]
 *
 * The key can also come from JZFP_API_KEY, the URL from JZFP_URL. Exit code 0 when the job
 * succeeded (problems may still be reported), 1 when it failed, 2 on bad usage.
 */
import { SingleBar, Presets } from 'cli-progress';
import { openAsBlob, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.JZFP_URL ?? 'http://127.0.0.1:3000' },
    'api-key': { type: 'string', default: process.env.JZFP_API_KEY },
    token: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    atomic: { type: 'boolean', default: false },
    strategy: { type: 'string' },
    region: { type: 'string' },
    encoding: { type: 'string' },
    format: { type: 'string' },
    report: { type: 'string' },
  },
});

async function main(): Promise<number> {
  const file = positionals[0];
  if (!file || (!values['api-key'] && !values.token)) {
    process.stderr.write('usage: npm run import -- FILE --api-key KEY (or JZFP_API_KEY) [--url URL] [--dry-run] [--atomic] [--strategy S] [--region CODE] [--encoding E] [--report FILE]\n');
    return 2;
  }
  const headers: Record<string, string> = values.token ? { authorization: `Bearer ${values.token}` } : { 'x-api-key': values['api-key']! };
  const query = new URLSearchParams();
  if (values['dry-run']) query.set('dryRun', 'true');
  if (values.atomic) query.set('atomic', 'true');
  for (const [k, v] of [['strategy', values.strategy], ['regionCode', values.region], ['encoding', values.encoding], ['format', values.format]] as const) if (v) query.set(k, v);
  const form = new FormData();
  form.set('file', await openAsBlob(file), basename(file));
  const res = await fetch(`${values.url}/exchange/imports?${query}`, { method: 'POST', body: form, headers });
  const body = (await res.json()) as { id?: string; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  if (res.status !== 202 || !body.id) {
    process.stderr.write(`upload refused (${res.status}): ${body.errors?.map((e) => `${e.message} [${e.extensions?.reason ?? e.extensions?.code}]`).join('; ')}\n`);
    return 1;
  }
  const bar = new SingleBar({ format: '{bar} {percentage}% | {value}/{total} rows | {status}', hideCursor: true }, Presets.shades_classic);
  bar.start(1, 0, { status: 'QUEUED' });
  let job: Record<string, any>;
  for (;;) {
    job = (await (await fetch(`${values.url}/exchange/imports/${body.id}`, { headers })).json()) as Record<string, any>;
    bar.setTotal(Math.max(1, job.rowsTotal ?? 1));
    bar.update(job.rowsCommitted ?? 0, { status: job.status });
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  bar.stop();
  const c = job.counts ?? {};
  process.stdout.write(
    `job ${job.id}: ${job.status}${job.dryRun ? ' (dry run)' : ''}\n` +
      `households: ${c.householdsCreated} created, ${c.householdsUpdated} updated, ${c.householdsUnchanged} unchanged, ${c.householdsRejected} rejected\n` +
      `members: ${c.membersCreated} created, ${c.membersUpdated} updated, ${c.membersUnchanged} unchanged, ${c.membersLeft} left\n` +
      `problems: ${job.problemCount} errors, ${job.warningCount} warnings${job.errorMessage ? `\n${job.errorCode}: ${job.errorMessage}` : ''}\n`,
  );
  if (values.report) {
    const report = await fetch(`${values.url}${job.reportUrl}`, { headers });
    writeFileSync(values.report, Buffer.from(await report.arrayBuffer()));
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
