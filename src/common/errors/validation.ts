import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidationOptions, ValidatorOptions } from 'class-validator';
import { AppError, FieldProblem } from './app-error';
import { MESSAGES } from './messages';
import { CommonReason, validatorReason } from './reasons';
import { ValidatedValues } from './validated-values';
import { memoiseValidationMetadata } from './validation-metadata';

/** class-validator's errors as field problems, nested fields named by their path (`input.members.0.name`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      reason: validatorReason(rule),
      message,
    }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Deeper than any input the schema allows; a walk stops here. */
const MAX_WALK_DEPTH = 64;

/**
 * The path of the first string (value or object key) holding a NUL character, or undefined.
 * PostgreSQL text cannot store NUL: without this check such a value would reach the database
 * and fail there.
 */
export function findNulCharacter(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_WALK_DEPTH) return undefined;
  const join = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = findNulCharacter(value[i], join(i), depth + 1);
      if (at !== undefined) return at;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined; // class instances (dates, buffers): not input text
  for (const [key, v] of Object.entries(value)) {
    // eslint-disable-next-line no-control-regex -- NUL is exactly what this escapes
    if (key.includes('\u0000')) return join(key.replace(/\u0000/g, '\\0'));
    const at = findNulCharacter(v, join(key), depth + 1);
    if (at !== undefined) return at;
  }
  return undefined;
}

export function nulCharacter(field: string): AppError {
  return AppError.badInput([{ field, reason: CommonReason.NUL_CHARACTER, message: '不能包含 NUL 字符 (must not contain a NUL character)' }]);
}

/**
 * The global pipe: every argument and body is first checked for NUL characters (refused as
 * BAD_USER_INPUT `NUL_CHARACTER`, naming the field), then validated: unknown fields refused,
 * values transformed to their types, and each problem reported as BAD_USER_INPUT naming the
 * field and the rule.
 */
class AppValidationPipe extends ValidationPipe {
  /** Successful answers for flat values of classes with pure rules (validated-values.ts). */
  readonly validated = new ValidatedValues();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const at = findNulCharacter(value, metadata.data ?? '');
      if (at !== undefined) throw nulCharacter(at || metadata.type);
    }
    const key = this.toValidate(metadata) ? this.validated.keyOf(metadata.metatype, value) : undefined;
    if (key === undefined) return super.transform(value, metadata);
    const metatype = metadata.metatype!;
    const known = this.validated.get(metatype, key);
    if (known) return known;
    const entity = await super.transform(value, metadata);
    this.validated.remember(metatype, key, value as Record<string, unknown>, entity);
    return entity;
  }
}

/** The rules of every validation: unknown fields refused; no values echoed in errors. */
export const VALIDATION_OPTIONS: ValidatorOptions = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
});

export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  return new AppValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => AppError.badInput(flattenValidationErrors(errors), MESSAGES.invalidInput),
  });
}

const INT8_TEXT = /^-?\d{1,19}$/;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/** Whether `v` is a PostgreSQL bigint written as decimal text (non-negative only, if asked). */
export function isInt8Text(v: unknown, nonNegative = false): v is string {
  if (typeof v !== 'string' || !INT8_TEXT.test(v)) return false;
  const n = BigInt(v);
  return n >= (nonNegative ? 0n : INT8_MIN) && n <= INT8_MAX;
}

/**
 * A bigint id or feed position given as text ("4711"): digits only and within PostgreSQL's
 * bigint range, so an out-of-range value is BAD_USER_INPUT naming the field (reason
 * `IS_BIGINT`), not a database error.
 */
export function IsBigintText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBigint',
      validator: {
        validate: (v: unknown) => isInt8Text(v, true),
        defaultMessage: () => `must be a whole number from 0 to ${INT8_MAX}`,
      },
    },
    options,
  );
}
