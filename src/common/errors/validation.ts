import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldProblem } from './app-error';
import { MESSAGES } from './messages';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      reason: rule === 'whitelistValidation' ? 'UNKNOWN_FIELD' : rule.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
      message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Global validation of every input: unknown fields refused, values transformed to their types,
 * and each problem reported as BAD_USER_INPUT naming the field and the rule.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.badInput(flatten(errors), MESSAGES.invalidInput),
  });
}
