import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from './app-error';
import { CommonReason, declaredReasons, defineReasons, httpStatusReason, validatorReason } from './reasons';

/** Every `*.errors.ts` under src/, where the modules declare their reason codes. */
function errorFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return errorFiles(path);
    return e.name.endsWith('.errors.ts') ? [path] : [];
  });
}

describe('reason codes', () => {
  const src = join(__dirname, '..', '..');

  beforeAll(async () => {
    for (const file of errorFiles(src)) await import(file);
  });

  it('every module declares its codes, and each code is declared once (one meaning across modules)', () => {
    const declared = declaredReasons().filter((r) => r.module !== 'test');
    const modules = new Set(declared.map((r) => r.module));
    expect([...modules].sort()).toEqual(
      ['assistance', 'audit', 'common', 'disability', 'disclosure', 'education', 'employment', 'exports', 'funds', 'health', 'households', 'identity', 'imports', 'lifecycle', 'parameters', 'projects', 'regions', 'supervision', 'webhooks'].sort(),
    );
    const byCode = new Map<string, string[]>();
    for (const { module, code } of declared) byCode.set(code, [...(byCode.get(code) ?? []), module]);
    const twice = [...byCode].filter(([, mods]) => mods.length > 1).map(([code, mods]) => `${code}: ${mods.join(', ')}`);
    expect(twice).toEqual([]);
    for (const code of byCode.keys()) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('a declared code is the string the API answers with', () => {
    expect(CommonReason.VERSION_MISMATCH).toBe('VERSION_MISMATCH');
    const e = new AppError('CONFLICT', 'x', { reason: CommonReason.VERSION_MISMATCH, field: 'version' });
    expect(e.toExtensions()).toEqual({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', field: 'version' });
  });

  it('a free string is not a reason (checked by the compiler)', () => {
    // @ts-expect-error: a free string does not compile as a reason
    const e = new AppError('NOT_FOUND', 'x', { reason: 'SOMETHING_NOT_FOUND' });
    expect(e.reason).toBe('SOMETHING_NOT_FOUND');
    const T = defineReasons('test', ['A_CODE']);
    expect(T.A_CODE).toBe('A_CODE');
  });

  it('derived reasons: class-validator rules and framework HTTP statuses', () => {
    expect(validatorReason('isNotEmpty')).toBe('IS_NOT_EMPTY');
    expect(validatorReason('whitelistValidation')).toBe('UNKNOWN_FIELD');
    expect(httpStatusReason(429)).toBe('TOO_MANY_REQUESTS');
    expect(httpStatusReason(418)).toBe('HTTP_418');
  });
});
