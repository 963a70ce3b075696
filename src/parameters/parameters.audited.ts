import { defineAudited } from '../audit/audit-descriptor';
import { PolicyParameterEntity } from './policy-parameter.entity';
import { WorkingCalendarEntity } from './working-calendar.entity';

/** A parameter version entered, or superseded (retired or replaced), with the reason given. */
export const POLICY_PARAMETER_AUDIT = defineAudited({
  entityType: 'PolicyParameter',
  actions: ['parameters.set', 'parameters.supersede', 'parameters.retire'],
  id: (p: PolicyParameterEntity) => p.id,
  region: (p) => p.scopeCode || null,
});

/** A year's working calendar entered or changed. */
export const WORKING_CALENDAR_AUDIT = defineAudited({
  entityType: 'WorkingCalendar',
  actions: ['parameters.setWorkingCalendar'],
  id: (c: WorkingCalendarEntity) => `${c.year}:${c.scopeCode}`,
  region: (c) => c.scopeCode || null,
});
