import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every module records the audit trail through its descriptors (`*.audited.ts`, see
 * audit-descriptor.ts): no hand-built rows. Listed: what may still write or type raw rows.
 */
const RAW_ROWS_ALLOWED = [
  'audit/', // the kit itself
];

/** Where descriptors may be declared besides the modules' `*.audited.ts`. */
const DESCRIPTORS_ALLOWED = ['audit/'];

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));

function offenders(pattern: RegExp, allowed: (path: string) => boolean): string[] {
  return files.flatMap(({ path, text }) =>
    allowed(path) ? [] : text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`src/${path}:${i + 1}: ${line.trim()}`] : [])),
  );
}

const rawAllowed = (path: string) => RAW_ROWS_ALLOWED.some((p) => path.startsWith(p));

describe('audit rows come from descriptors', () => {
  it('found the sources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.path === 'identity/identity.audited.ts')).toBe(true);
  });

  it('no module calls AuditService.record (change, fact or append with auditChange / auditFact instead)', () => {
    expect(offenders(/\baudit\w*\s*\.\s*record\s*\(/i, rawAllowed)).toEqual([]);
  });

  it('no module types hand-built rows as AuditRecord', () => {
    expect(offenders(/\bAuditRecord\b/, rawAllowed)).toEqual([]);
  });

  it('descriptors are declared in the modules\' *.audited.ts', () => {
    expect(offenders(/\bdefineAudited\s*[<(]/, (path) => path.endsWith('.audited.ts') || DESCRIPTORS_ALLOWED.some((p) => path.startsWith(p)))).toEqual([]);
  });
});
