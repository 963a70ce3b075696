import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { PolicyParameterEntity } from './policy-parameter.entity';
import { WorkingCalendarEntity } from './working-calendar.entity';

/** The permissions of the parameters module: what each allows and who holds it. */
export const PARAMETERS_PERMISSIONS = definePermissions({
  'parameters.read': {
    description: 'Read policy parameters (amounts, thresholds, deadlines of RULES.md) with their source and status, their history, the working calendar, and export them.',
    roles: Object.values(Role),
  },
  'parameters.manage': {
    description: 'Enter, correct and retire policy parameters and working calendars: the district administrator for the district and below; wider scopes (province, city, national) need an administrator homed at province level.',
    roles: [Role.DISTRICT_ADMIN],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof PARAMETERS_PERMISSIONS> {}
}

/**
 * Policy parameters (issue #13): every amount, threshold and deadline of docs/RULES.md as dated,
 * sourced, versioned configuration per region scope, and the working calendar. What the module
 * brings to the app (merged in src/app.modules.ts).
 */
export const PARAMETERS: ModuleDeclaration = {
  name: 'parameters',
  entities: [PolicyParameterEntity, WorkingCalendarEntity],
  permissions: PARAMETERS_PERMISSIONS,
  protectedFields: [],
  settings: {},
};
