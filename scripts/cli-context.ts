import 'reflect-metadata';
import { RunningService, startService } from '../src/bootstrap';
import { PRIVATE_UMASK } from '../src/common/files/private-files';
import { loadConfig } from '../src/config/app-config';
import { describeStartupFailure } from '../src/startup-failure';

/**
 * Runs a command-line task inside the service (same configuration, database and modules) without
 * serving HTTP. With the embedded database the service must be stopped first: the data
 * directory is locked.
 */
export async function withService(task: (service: RunningService) => Promise<number | void>): Promise<void> {
  let service: RunningService | undefined;
  let code: number;
  process.umask(PRIVATE_UMASK);
  try {
    const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, SEED_DEMO: 'false' });
    service = await startService(config, { listen: false });
    code = (await task(service)) ?? 0;
  } catch (e) {
    const err = e as { code?: string; problems?: { field: string; message: string }[]; message: string };
    if (err.problems?.length) {
      process.stderr.write(`${err.message}\n${err.problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}\n`);
    } else {
      process.stderr.write(`${err.code ? `${err.code}: ${err.message}` : describeStartupFailure(e)}\n`);
    }
    code = 1;
  } finally {
    await service?.close().catch(() => undefined);
  }
  process.exit(code);
}

/** `--name value` pairs from argv. */
export function flags(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    out[m[1]] = m[2] ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
  }
  return out;
}
