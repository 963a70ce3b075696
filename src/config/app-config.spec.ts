import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('refuses the retired account-lock settings, naming them', () => {
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: '5' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: '5' })).toThrow(/^Invalid configuration: LOGIN_MAX_FAILURES is no longer supported: .*LOGIN_\*DELAY_\*/);
    expect(() => loadConfig({ LOGIN_LOCK_MINUTES: '15', LOGIN_MAX_FAILURES: '5' })).toThrow(/LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES are no longer supported/);
    expect(() => loadConfig({ LOGIN_LOCK_MINUTES: '' })).toThrow(/LOGIN_LOCK_MINUTES/);
  });

  it('refuses the retired IMPORT_POLL_INTERVAL_MS, naming its replacement', () => {
    expect(() => loadConfig({ IMPORT_POLL_INTERVAL_MS: '50' })).toThrow(/^Invalid configuration: IMPORT_POLL_INTERVAL_MS is no longer supported: .*JOBS_POLL_INTERVAL_MS/);
    expect(loadConfig({}).imports.concurrency).toBe(2);
    expect(loadConfig({ IMPORT_CONCURRENCY: '3' }).imports.concurrency).toBe(3);
    expect(() => loadConfig({ IMPORT_CONCURRENCY: '0' })).toThrow(/IMPORT_CONCURRENCY/);
  });

  it('reads the embedded database\'s port, a free one by default, and names a bad value', () => {
    expect(loadConfig({}).embeddedDbPort).toBe(0);
    expect(loadConfig({ EMBEDDED_DB_PORT: '55432' }).embeddedDbPort).toBe(55432);
    expect(() => loadConfig({ EMBEDDED_DB_PORT: '70000' })).toThrow(/EMBEDDED_DB_PORT/);
    expect(loadConfig({}).embeddedDbThread).toBe(true);
    expect(loadConfig({ EMBEDDED_DB_THREAD: 'false' }).embeddedDbThread).toBe(false);
    expect(() => loadConfig({ EMBEDDED_DB_THREAD: 'sometimes' })).toThrow(/EMBEDDED_DB_THREAD/);
  });

  it('reads the evidence files\' limit and accepted types (told by the bytes), with defaults, and names a bad value', () => {
    expect(loadConfig({}).evidence).toEqual({ maxBytes: 10 * 1024 * 1024, types: ['jpeg', 'png', 'pdf'] });
    expect(loadConfig({ EVIDENCE_MAX_BYTES: '2048', EVIDENCE_TYPES: ' PNG, pdf ,png' }).evidence).toEqual({ maxBytes: 2048, types: ['png', 'pdf'] });
    expect(() => loadConfig({ EVIDENCE_TYPES: 'jpeg,docx' })).toThrow(/EVIDENCE_TYPES must list types of .*\(not docx\)/);
    expect(() => loadConfig({ EVIDENCE_MAX_BYTES: '10MB' })).toThrow(/EVIDENCE_MAX_BYTES/);
  });

  it('reads the sign-in delays, with defaults, and names a bad value', () => {
    expect(loadConfig({}).auth.signInDelays).toEqual({
      baseMs: 1000,
      forgetMs: 3_600_000,
      accountAddress: { freeFailures: 3, maxMs: 900_000 },
      account: { freeFailures: 10, maxMs: 60_000 },
      address: { freeFailures: 30, maxMs: 300_000 },
    });
    const set = loadConfig({ LOGIN_DELAY_BASE_MS: '250', LOGIN_ACCOUNT_DELAY_MAX_SECONDS: '30', LOGIN_DELAY_FORGET_MINUTES: '5' }).auth.signInDelays;
    expect(set).toMatchObject({ baseMs: 250, forgetMs: 300_000, account: { maxMs: 30_000 } });
    expect(() => loadConfig({ LOGIN_DELAY_BASE_MS: 'soon' })).toThrow(/LOGIN_DELAY_BASE_MS must be a whole number/);
    expect(() => loadConfig({ LOGIN_ADDRESS_DELAY_MAX_SECONDS: '0' })).toThrow(/LOGIN_ADDRESS_DELAY_MAX_SECONDS/);
  });

  it('serves GraphiQL outside production only, and refuses to force it on in production', () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'false' }).graphiql).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' })).toThrow(/GRAPHIQL must not be true with NODE_ENV=production/);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/GRAPHIQL/);
  });

  it('runs imports in threads on a server by default, with the heap ceiling configured, and refuses threads on the embedded database', () => {
    const url = 'postgres://u@127.0.0.1:5432/db';
    expect(loadConfig({}).imports).toMatchObject({ thread: false, threadHeapMb: 384, threadIdleMs: 60_000 });
    expect(loadConfig({ DATABASE_URL: url }).imports).toMatchObject({ thread: true, threadHeapMb: 384 });
    expect(loadConfig({ DATABASE_URL: url, IMPORT_THREAD: 'false' }).imports.thread).toBe(false);
    expect(loadConfig({ DATABASE_URL: url, IMPORT_THREAD_HEAP_MB: '256', IMPORT_THREAD_IDLE_MS: '0' }).imports).toMatchObject({ threadHeapMb: 256, threadIdleMs: 0 });
    expect(loadConfig({}).backgroundWork).toBe(true);
    expect(() => loadConfig({ IMPORT_THREAD: 'true' })).toThrow(/IMPORT_THREAD true needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: url, IMPORT_THREAD_HEAP_MB: '32' })).toThrow(/IMPORT_THREAD_HEAP_MB must be a whole number from 64/);
    expect(() => loadConfig({ IMPORT_THREAD: 'yes' })).toThrow(/IMPORT_THREAD/);
  });
});
