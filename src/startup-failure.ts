import { resolve, sep } from 'node:path';
import { ConfigError } from './config/app-config';
import { DataDirLockedError } from './database/data-dir-lock';

const MAX_LENGTH = 1000;

/** The first error code (ECONNREFUSED, 28P01, ...) on the error, its cause chain or its aggregated errors. */
function errorCode(e: unknown, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 5) return undefined;
  const err = e as { code?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof err.code === 'string' && err.code) return err.code;
  for (const inner of [err.cause, ...(Array.isArray(err.errors) ? err.errors : [])]) {
    const code = errorCode(inner, depth + 1);
    if (code) return code;
  }
  return undefined;
}

/** Removes passwords: the one in DATABASE_URL wherever it appears, and any `scheme://user:password@`. */
function redact(text: string, env: NodeJS.ProcessEnv): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1***@');
  const url = env.DATABASE_URL;
  if (url) {
    try {
      const password = new URL(url).password;
      for (const secret of new Set([password, safeDecode(password)])) {
        if (secret && secret.length >= 3) out = out.split(secret).join('***');
      }
    } catch {
      // Not a URL: the configuration check already refused it without printing it.
    }
  }
  return out;
}

/** Whether a file-system error's path is DATA_DIR or inside it. */
function insideDir(path: unknown, dir: string): boolean {
  if (typeof path !== 'string' || !path) return false;
  const p = resolve(path);
  const d = resolve(dir);
  return p === d || p.startsWith(d.endsWith(sep) ? d : d + sep);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * One line naming the cause of a failed start, for people and for supervisors' logs:
 * `Cannot start: <what> (<error code>)`, never spanning lines and never holding a password.
 */
export function describeStartupFailure(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  // These say it all. Anything else (StartupError included; not imported here, as bootstrap.ts
  // would load the whole framework before the configuration is checked) gets its cause's code.
  const selfExplained = e instanceof ConfigError || e instanceof DataDirLockedError;
  let message = e instanceof Error ? e.message : String(e);
  const code = selfExplained ? undefined : errorCode(e);
  if (!message.trim()) message = (e as Error)?.name || 'unknown error';
  if (code && !message.includes(code)) message = `${message.replace(/[:\s]+$/, '')} (${code})`;
  if (!message.includes('DATA_DIR') && env.DATA_DIR && insideDir((e as { path?: unknown })?.path, env.DATA_DIR)) {
    message = `${message} (DATA_DIR)`;
  }
  const line = redact(`Cannot start: ${message}`, env).replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
}
