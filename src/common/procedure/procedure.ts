import { AppError } from '../errors/app-error';
import { CommonReason } from '../errors/reasons';
import type { Permission } from '../access/permissions';

/**
 * A procedure as data (程序, 流程): its stages, the actions that move a record from stage to
 * stage, the permission each action needs, which stages are public notices (公示) with the policy
 * parameter of their length and where an objection sends the record back, and the inputs a step
 * must carry. The project library (src/projects/project-procedure.ts) is the first user;
 * supervision findings, reimbursements and hotline cases are meant to declare theirs the same
 * way. The registry's procedures (src/households/lifecycle) predate this and keep their own
 * checks.
 *
 * Everything here is pure: `checkTransition` says whether a requested step may be taken and
 * answers the coded error otherwise; the module's service does the writing (the record's new
 * stage, the step's event row, the audit row, the notice) in one transaction.
 *
 * ```ts
 * export const FINDING_PROCEDURE = defineProcedure({
 *   name: 'finding',
 *   stages: { OPEN: { label: '立案' }, NOTICE: { label: '公示', notice: { parameterKey: 'x.notice_days', objectionReturnsTo: 'OPEN' } }, CLOSED: { label: '办结', final: true } },
 *   actions: {
 *     PUBLISH: { label: '公示', from: ['OPEN'], to: 'NOTICE', permission: 'x.write' },
 *     CLOSE: { label: '办结', from: ['NOTICE'], to: 'CLOSED', permission: 'x.approve', requires: ['note'] },
 *   },
 * });
 * const t = checkTransition(FINDING_PROCEDURE, { action: 'CLOSE', from: record.stage, held: principal.permissions, input });
 * ```
 */
export interface StageDefinition<S extends string> {
  /** The stage's name for people (Chinese, as the documents name it). */
  label: string;
  /**
   * A public notice (公示): the policy parameter that gives its length in days on the day it
   * starts, and the stage an objection received within it sends the record back to.
   */
  notice?: { parameterKey: string; objectionReturnsTo: S };
  /** No action leaves it (a side exit, or the end). */
  final?: boolean;
}

export interface ActionDefinition<S extends string> {
  /** The step's name for people. */
  label: string;
  /** The stages it may be taken from. */
  from: readonly S[];
  /** The stage it leads to. */
  to: S;
  /** The permission the caller needs (the level that takes the step: village, town, district). */
  permission: Permission;
  /** Inputs the step must carry, non-blank, named in errors as `input.<name>` (e.g. `reason` of a rejection). */
  requires?: readonly string[];
}

export interface Procedure<S extends string, A extends string> {
  /** The procedure's name, in error details. */
  name: string;
  stages: Readonly<Record<S, StageDefinition<S>>>;
  actions: Readonly<Record<A, ActionDefinition<S>>>;
}

/** A step that may be taken: where it leads and the notices it ends and starts. */
export interface Transition<S extends string, A extends string> {
  action: A;
  from: S;
  to: S;
  /** The notice of the stage left: the step needs its period over (see requireNoticeOver). */
  endsNotice: StageDefinition<S>['notice'] | null;
  /** The notice of the stage entered: the step publishes it, its length from the parameter. */
  startsNotice: StageDefinition<S>['notice'] | null;
}

export interface TransitionRequest<S extends string, A extends string> {
  action: A;
  /** The record's stage now. */
  from: S;
  /** The caller's permissions. */
  held: ReadonlySet<Permission>;
  /** The step's inputs, checked against the action's `requires`. */
  input?: Readonly<Record<string, unknown>>;
  /** The field an illegal transition names (default `input.action`). */
  field?: string;
}

/**
 * Checks a procedure's table once, when the module loads: every stage an action names exists, a
 * final stage is left by no action, an objection returns to a stage that exists.
 */
export function defineProcedure<const S extends string, const A extends string>(p: Procedure<S, A>): Procedure<S, A> {
  const stages = new Set(Object.keys(p.stages));
  for (const [name, a] of Object.entries<ActionDefinition<S>>(p.actions)) {
    for (const s of [...a.from, a.to]) if (!stages.has(s)) throw new Error(`procedure ${p.name}: action ${name} names unknown stage ${s}`);
    if (!a.from.length) throw new Error(`procedure ${p.name}: action ${name} is taken from no stage`);
    for (const s of a.from) if (p.stages[s].final) throw new Error(`procedure ${p.name}: action ${name} leaves final stage ${s}`);
  }
  for (const [name, s] of Object.entries<StageDefinition<S>>(p.stages)) {
    if (s.notice && !stages.has(s.notice.objectionReturnsTo)) throw new Error(`procedure ${p.name}: stage ${name} returns objections to unknown stage ${s.notice.objectionReturnsTo}`);
  }
  return p;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Whether `action` may be taken from `from` by a caller holding `held`, with `input`: the
 * transition, or the coded error, in this order — FORBIDDEN / MISSING_PERMISSION naming `field`
 * (the step belongs to another level), CONFLICT / ILLEGAL_TRANSITION naming `field` (the stage
 * does not allow the step: skipping a step, a step taken twice, a step after a side exit),
 * BAD_USER_INPUT naming the missing input (REASON_REQUIRED for `reason`, else STEP_INPUT_REQUIRED).
 */
export function checkTransition<S extends string, A extends string>(p: Procedure<S, A>, req: TransitionRequest<S, A>): Transition<S, A> {
  const field = req.field ?? 'input.action';
  const a = p.actions[req.action];
  if (!a) throw illegalTransition(p, req.action, req.from, [], field);
  if (!req.held.has(a.permission)) {
    throw new AppError('FORBIDDEN', `「${a.label}」须由有权限 ${a.permission} 的用户办理 (this step needs ${a.permission})`, {
      reason: CommonReason.MISSING_PERMISSION,
      field,
      details: { permission: a.permission, action: req.action },
    });
  }
  if (!a.from.includes(req.from)) throw illegalTransition(p, req.action, req.from, a.from, field);
  const missing = (a.requires ?? []).filter((name) => isBlank(req.input?.[name]));
  if (missing.length) {
    throw AppError.badInput(
      missing.map((name) => ({
        field: `input.${name}`,
        reason: name === 'reason' ? CommonReason.REASON_REQUIRED : CommonReason.STEP_INPUT_REQUIRED,
        message: `「${a.label}」须填写 ${name} (${name} is required for this step)`,
      })),
    );
  }
  return { action: req.action, from: req.from, to: a.to, endsNotice: p.stages[req.from].notice ?? null, startsNotice: p.stages[a.to].notice ?? null };
}

/**
 * The procedure's actions as a GraphQL enum (an object, the actions being the table's keys) and
 * each value's description, read from the table: its label, the stages it leads from and to, the
 * permission and the inputs it needs. For `registerEnumType(actionEnum(P), { valuesMap: actionDescriptions(P) })`.
 */
export function actionEnum<S extends string, A extends string>(p: Procedure<S, A>): { [K in A]: K } {
  return Object.fromEntries(Object.keys(p.actions).map((a) => [a, a])) as { [K in A]: K };
}

export function actionDescriptions<S extends string, A extends string>(p: Procedure<S, A>): Record<A, { description: string }> {
  return Object.fromEntries(
    (Object.keys(p.actions) as A[]).map((a) => {
      const x = p.actions[a];
      return [a, { description: `${x.label}: ${x.from.join(', ')} → ${x.to} (${x.permission}${x.requires?.length ? `; needs ${x.requires.join(', ')}` : ''}).` }];
    }),
  ) as Record<A, { description: string }>;
}

/** The actions a caller holding `held` may take from `stage` (what a client offers). */
export function availableActions<S extends string, A extends string>(p: Procedure<S, A>, stage: S, held: ReadonlySet<Permission>): A[] {
  return (Object.keys(p.actions) as A[]).filter((name) => p.actions[name].from.includes(stage) && held.has(p.actions[name].permission));
}

/** The stage an objection received during `stage`'s notice sends the record back to; null when `stage` is no notice. */
export function objectionReturn<S extends string, A extends string>(p: Procedure<S, A>, stage: S): S | null {
  return p.stages[stage].notice?.objectionReturnsTo ?? null;
}

/** The coded refusal of a step the record's stage does not allow. */
export function illegalTransition<S extends string, A extends string>(p: Procedure<S, A>, action: A, from: S, allowedFrom: readonly S[], field = 'input.action'): AppError {
  const label = p.actions[action]?.label ?? action;
  const stage = p.stages[from]?.label ?? from;
  return new AppError('CONFLICT', `当前阶段（${stage}）不能办理「${label}」 (illegal transition: ${action} from ${from})`, {
    reason: CommonReason.ILLEGAL_TRANSITION,
    field,
    details: { procedure: p.name, action, stage: from, allowedFrom: [...allowedFrom] },
  });
}

/**
 * A notice's period must be over before the step that follows it: really over (today is after its
 * last day, whatever date the step is entered for) and the step dated after its last day.
 * NOTICE_NOT_OVER (CONFLICT) naming `field` otherwise.
 */
export function requireNoticeOver(endsOn: string, on: string, today: string, field = 'input.effectiveOn'): void {
  if (today <= endsOn || on <= endsOn) {
    throw new AppError('CONFLICT', `公示期至 ${endsOn} 止，期满后方可办理下一步 (the notice runs until ${endsOn})`, {
      reason: CommonReason.NOTICE_NOT_OVER,
      field,
      details: { noticeEndsOn: endsOn },
    });
  }
}
