import {
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  isScalarType,
} from 'graphql';

/**
 * Scalars whose description comes from a library, not from this project: accepted as they are.
 * (GraphQL's own types, `String`, `__Type`…, are never checked.)
 */
export const LIBRARY_SCALARS: readonly string[] = ['DateTime', 'JSONObject'];

const described = (d: string | null | undefined) => typeof d === 'string' && d.trim() !== '';

/**
 * Every element of the schema a frontend developer meets without a description: types, fields,
 * arguments, input fields and enum values, as `Type`, `Type.field`, `Type.field(arg)` and
 * `Enum.VALUE`, sorted. GraphQL's own types and scalars, and LIBRARY_SCALARS, are left out.
 */
export function undescribedSchemaElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!described(description)) missing.push(path);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || (isScalarType(type) && (isSpecifiedScalarType(type) || LIBRARY_SCALARS.includes(type.name)))) continue;
    const isRoot = type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType();
    if (!isRoot) check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    } else if (isUnionType(type)) {
      // A union has no members of its own to describe: its types are checked on their own.
    }
  }
  return missing.sort();
}
