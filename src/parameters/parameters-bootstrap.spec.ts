import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { DeclaredParameters } from '../common/kit/module-declaration';
import { loadConfig } from '../config/app-config';
import type { RegionsService } from '../regions/regions.service';
import type { ParametersRepository } from './parameters.repository';
import { ParametersService } from './parameters.service';

/**
 * The store is seeded when the service starts, not when an import thread (backgroundWork false,
 * src/import-thread.ts) starts its application context on the same database. The seed itself is
 * tested against the database in test/parameters.
 */
describe('policy parameters: the seed at start', () => {
  const service = (backgroundWork: boolean) =>
    new ParametersService({} as DataSource, {} as ParametersRepository, {} as RegionsService, {} as AuditService, new DeclaredParameters([]), {
      ...loadConfig({}),
      backgroundWork,
    });

  it('runs in the service and not in an import thread', async () => {
    for (const [backgroundWork, calls] of [[true, 1], [false, 0]] as const) {
      const s = service(backgroundWork);
      const seed = jest.spyOn(s, 'seed').mockResolvedValue({ parameters: 0, calendars: 0 });
      await s.onApplicationBootstrap();
      expect(seed).toHaveBeenCalledTimes(calls);
    }
  });
});
