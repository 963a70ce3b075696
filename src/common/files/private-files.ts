/**
 * Files with personal data (the embedded database, uploads, secrets) are the owner's alone:
 * folders 700, files 600. The process runs with umask 077 (main.ts), and what an older version
 * or another tool left readable is tightened at start.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The umask that gives every new file and folder those modes. */
export const PRIVATE_UMASK = 0o077;

const gone = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** Creates the folder (and its parents) if needed and makes it owner-only. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Folders 700 and files 600 under `root` (itself included); symbolic links are left alone. */
export function restrictTree(root: string): void {
  let stat;
  try {
    stat = lstatSync(root);
  } catch (e) {
    if (gone(e)) return;
    throw e;
  }
  if (stat.isSymbolicLink()) return;
  const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  if ((stat.mode & 0o777) !== wanted) {
    try {
      chmodSync(root, wanted);
    } catch (e) {
      if (!gone(e)) throw e;
    }
  }
  if (!stat.isDirectory()) return;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (e) {
    if (gone(e)) return;
    throw e;
  }
  for (const name of names) restrictTree(join(root, name));
}
