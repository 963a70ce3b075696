import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Args, ArgsOptions } from '@nestjs/graphql';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppError } from '../errors/app-error';
import { MESSAGES } from '../errors/messages';
import { findNulCharacter, flattenValidationErrors, nulCharacter, VALIDATION_OPTIONS } from '../errors/validation';

/**
 * Plain field resolvers (issue #12). @nestjs/graphql binds a `@ResolveField` method through its
 * ExternalContextCreator (parameter decorators resolved, the global ValidationPipe run for each
 * parameter) on every call: thousands of times on a page of households with their members. A
 * method WITHOUT parameter decorators (and with no field middleware or field enhancers, which
 * this app does not configure) is bound as it is, a plain graphql-js resolver
 * `(parent, args, context, info)` (`canUseFastFieldResolver` of @nestjs/graphql 14; pinned by
 * plain-field.spec.ts). So a field that needs no guard or pipe takes its parameters by position:
 *
 * ```ts
 * @ResolveField(() => [HouseholdIncome], { description: '…' })
 * async incomes(h: Household, @SchemaArgs() args: YearArgs, ctx: RequestContext): Promise<HouseholdIncome[]> {
 *   const { year } = plainArgs(YearArgs, args);
 * ```
 *
 * Access is decided by the root field (`@RequirePermission` on the query); field resolvers never
 * had guards (no `fieldResolverEnhancers`), so nothing is lost there. What the pipe did for
 * arguments, `plainArgs` does explicitly, with the same coded errors.
 */

/**
 * `@Args(...)` for the schema only: declares the field's argument(s) exactly as `@Args` does
 * (same options, same descriptions) but leaves no parameter binding, so the method stays a plain
 * resolver. Put it on the second parameter, which receives graphql-js's arguments object, keyed by
 * the arguments' names: validate it with `plainArgs` when the arguments have rules.
 */
export function SchemaArgs(): ParameterDecorator;
export function SchemaArgs(name: string, options?: ArgsOptions): ParameterDecorator;
export function SchemaArgs(name?: string, options?: ArgsOptions): ParameterDecorator {
  const declare = name === undefined ? Args() : Args(name, options ?? {});
  return (target, key, index) => {
    if (key === undefined) throw new Error('SchemaArgs decorates a method parameter');
    if (index !== 1) throw new Error(`SchemaArgs goes on the arguments parameter (the second), not parameter ${index} of ${String(key)}`);
    declare(target, key, index);
    const bound = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {}) as Record<string, { index: number }>;
    const rest = Object.fromEntries(Object.entries(bound).filter(([, v]) => v.index !== index));
    Reflect.defineMetadata(ROUTE_ARGS_METADATA, rest, target.constructor, key);
  };
}

const NO_ARGS = Object.freeze({});

/**
 * A plain resolver's arguments checked as the global ValidationPipe checks them (NUL characters,
 * then the class's class-validator rules, unknown names refused), as an instance of the
 * `@ArgsType()` class; a problem is the same BAD_USER_INPUT naming the field. No argument given:
 * nothing to check (graphql-js has already applied defaults and non-null rules).
 */
export function plainArgs<T extends object>(type: new () => T, args: object | undefined): T {
  if (!args || Object.keys(args).length === 0) return NO_ARGS as T;
  const at = findNulCharacter(args);
  if (at !== undefined) throw nulCharacter(at || 'args');
  const instance = plainToInstance(type, args);
  const errors = validateSync(instance, VALIDATION_OPTIONS);
  if (errors.length) throw AppError.badInput(flattenValidationErrors(errors), MESSAGES.invalidInput);
  return instance;
}
