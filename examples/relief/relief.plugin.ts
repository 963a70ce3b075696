import type { PluggedModule } from '../../src/app.module';
import { ReliefPayments1899000000000 } from './migrations/1899000000000-ReliefPayments';
import { RELIEF } from './relief.declaration';
import { ReliefModule } from './relief.module';

/**
 * The example plugged into the app from outside src/: `startTestApp(env, { modules: [RELIEF_MODULE] })`
 * (or `startService(config, { modules })`). A module of the service itself is not plugged: its
 * declaration goes into MODULE_DECLARATIONS, its Nest module into app.module.ts, its migration into
 * migrations/.
 */
export const RELIEF_MODULE: PluggedModule = {
  declaration: RELIEF,
  module: ReliefModule,
  migrations: [ReliefPayments1899000000000],
};
