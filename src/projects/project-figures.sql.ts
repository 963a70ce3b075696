import { ProjectStage } from './project.entity';

/**
 * The SQL of the project figures (issue #15), in one place for each figure's count and the list
 * behind it (alias `p` for the project). Parameters: `:asOf` (YYYY-MM-DD) for the schedule
 * figures; `:yearStart` and `:yearEnd` for the year's (yearParams() of linkage-year.sql.ts).
 * The stage is the project's current stage; `asOf` is the day the dates are measured against.
 */

const AS_OF = 'CAST(:asOf AS date)';
const stages = (list: readonly ProjectStage[]) => list.map((s) => `'${s}'`).join(', ');

/**
 * The stages at which a project has a binding schedule and is not yet built: in an annual plan
 * (IN_ANNUAL_PLAN, PLAN_NOTICE) or being implemented. Before the plan (DRAFT … IN_LIBRARY) the
 * schedule is only proposed; COMPLETED and after are built; REJECTED and REMOVED are out.
 */
export const SCHEDULED_NOT_BUILT: readonly ProjectStage[] = [ProjectStage.IN_ANNUAL_PLAN, ProjectStage.PLAN_NOTICE, ProjectStage.IMPLEMENTING];

/** 逾期未完工: planned to end before asOf, and still in a plan or being implemented. */
export const PROJECT_PAST_SCHEDULE = `(p.stage IN (${stages(SCHEDULED_NOT_BUILT)}) AND p.planned_end_on < ${AS_OF})`;

/** Days from the planned end to asOf (1 the day after the planned end). */
export const PROJECT_DAYS_OVERDUE = `(${AS_OF} - p.planned_end_on)`;

/**
 * 完工未验收: built (stage COMPLETED: the works step COMPLETE done, the district's ACCEPT not yet)
 * and completed on or before asOf (a completion dated after asOf was not one then).
 */
export const PROJECT_COMPLETED_WITHOUT_ACCEPTANCE = `(p.stage = '${ProjectStage.COMPLETED}' AND (p.actual_end_on IS NULL OR p.actual_end_on <= ${AS_OF}))`;

/** Days from the completion (actual_end_on) to asOf; null when no completion date is recorded. */
export const PROJECT_DAYS_SINCE_COMPLETION = `(${AS_OF} - p.actual_end_on)`;

/**
 * 全年实施专项扶贫项目 (the seed's "全年实施专项扶贫项目 3 个", target.special_projects_min): a
 * project of the library whose implementation started in the year (actual_start_on, set by the
 * works step START, within the calendar year) and that was not REJECTED or REMOVED. A project
 * started in the year counts whatever stage it has reached since (completed, accepted, handed over).
 */
export const PROJECT_SPECIAL_IN_YEAR = `(p.actual_start_on BETWEEN CAST(:yearStart AS date) AND CAST(:yearEnd AS date)
  AND p.stage NOT IN (${stages([ProjectStage.REJECTED, ProjectStage.REMOVED])}))`;
