import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

const HEADER = '# Generated from the code by `npm run schema:print`; do not edit. A test fails when it drifts.\n\n';

/** The committed form of the schema: sorted, with a header, ending in a newline. */
export function printServiceSchema(schema: GraphQLSchema): string {
  return `${HEADER}${printSchema(lexicographicSortSchema(schema)).trimEnd()}\n`;
}
