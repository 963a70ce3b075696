import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { CommonReason } from '../errors/reasons';

const DECIMAL = /^-?(0|[1-9]\d{0,17})(\.\d{1,6})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError('Decimal must be a string such as "1234.56" (up to 18 integer and 6 fraction digits)', {
      extensions: { code: 'BAD_USER_INPUT', reason: CommonReason.INVALID_DECIMAL },
    });
  }
  return value;
}

/**
 * Exact decimal numbers (money, areas, incomes) as strings: never a float on the wire.
 * PostgreSQL `numeric` values arrive from the pg driver as strings and are passed through.
 */
export const GraphQLDecimal = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "2952.00". Money is never a float.',
  serialize(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new GraphQLError('Decimal cannot represent a non-numeric value');
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal must be written as a string, e.g. "2952.00"', {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT', reason: CommonReason.INVALID_DECIMAL },
      });
    }
    return parseDecimal(ast.value);
  },
});

/**
 * Strings LocalDate's serialize has checked and let through (graphql-scalars' check: the
 * YYYY-MM-DD pattern and a real calendar day), at most this many, starting over when full (issue
 * #12: every birth date of a page went through the check's regular expression and two Dates). The
 * check depends on the string alone, so a string it passed once passes again: the contract is the
 * same (a string not in the set is checked and refused as before).
 */
const SERIALIZED_DATES = new Set<string>();
const MAX_SERIALIZED_DATES = 50_000;

/**
 * A calendar date without time (YYYY-MM-DD), e.g. a birth date or the date of an event.
 * Values are passed as strings end to end (the pg driver is configured to return `date` as text)
 * so no time zone can shift them.
 */
export const GraphQLLocalDateScalar = new GraphQLScalarType<string, string>({
  ...GraphQLLocalDate.toConfig(),
  name: 'LocalDate',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && SERIALIZED_DATES.has(value)) return value;
    const out = GraphQLLocalDate.serialize(value) as string;
    if (SERIALIZED_DATES.size >= MAX_SERIALIZED_DATES) SERIALIZED_DATES.clear();
    SERIALIZED_DATES.add(out);
    return out;
  },
});

/** An instant, ISO 8601 with offset, e.g. 2018-03-22T08:00:00.000Z. */
export const GraphQLDateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  name: 'DateTime',
});
