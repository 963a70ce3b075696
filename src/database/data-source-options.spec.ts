import { parse } from 'pg-connection-string';
import { dataSourceOptions, PLAN_CACHE_MODE, withSessionOption } from './data-source-options';

describe('data source options: the plan cache mode of server sessions', () => {
  const options = (url: string, embedded = false) => dataSourceOptions({ url, poolSize: 3, embedded, entities: [] }) as { url: string; extra: Record<string, unknown> };

  it('is a start-up option of every server connection', () => {
    const o = options('postgres://u:p@db.example:5432/fupin');
    expect(o.url).toBe('postgres://u:p@db.example:5432/fupin');
    expect(o.extra.options).toBe(PLAN_CACHE_MODE);
  });

  it("is added to the URL's own options, which pg would let override it", () => {
    const o = options('postgres://u:p@db.example/fupin?options=-c%20search_path%3Dfp&sslmode=disable');
    expect(o.extra.options).toBeUndefined();
    expect(parse(o.url)).toMatchObject({ options: `-c search_path=fp ${PLAN_CACHE_MODE}`, database: 'fupin', host: 'db.example', password: 'p', sslmode: 'disable' });
  });

  it('is not given to the embedded database', () => {
    expect(options('postgres://127.0.0.1:5433/postgres', true).extra.options).toBeUndefined();
  });

  it('leaves a URL it cannot parse to pg, with the option beside it', () => {
    expect(withSessionOption('not a url', PLAN_CACHE_MODE)).toEqual({ url: 'not a url', options: PLAN_CACHE_MODE });
  });
});
