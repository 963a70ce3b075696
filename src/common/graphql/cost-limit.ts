import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Extensions } from '@nestjs/graphql';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
  FieldNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination/connection';
import { CommonReason } from '../errors/reasons';

/**
 * The estimated cost of an operation, checked before it runs. The weights are graphql-armor's
 * (whose cost rule this replaces): a leaf costs 1, an object 2 plus 1.5 × each child, and a
 * field that takes `first`/`last` multiplies its subtree by the page size it will return.
 *
 * The page size is the one the resolver will use, whatever form the request gives it: a literal,
 * a variable's value (or its default), or, when absent, the argument's schema default or the
 * field's default page size. A value that is not a whole number, or above the field's maximum,
 * counts as the maximum (validation refuses it later). A validation rule cannot see variables
 * (and Apollo caches validation per document), so this runs in `didResolveOperation`, once per
 * request, before any resolver.
 */
export const COST_WEIGHTS = { scalarCost: 1, objectCost: 2, depthCostFactor: 1.5 } as const;

/** Extension key of a field's page-cost hint (see PageCost). */
export const PAGE_COST_EXTENSION = 'pageCost';

export interface PageCostHint {
  /** Page size when neither `first` nor `last` is given (else the argument's schema default, else DEFAULT_PAGE_SIZE). */
  defaultSize?: number;
  /** Largest page the field returns (else MAX_PAGE_SIZE). */
  maxSize?: number;
  /** Cost per returned item relative to an ordinary node (a thin feed entry is cheaper): multiplier = size × factor, at least 1. */
  factor?: number;
}

/** Declares a paginated field's page sizes and per-item factor for the cost estimate. */
export const PageCost = (hint: PageCostHint) => Extensions({ [PAGE_COST_EXTENSION]: hint });

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown> | null;
}

export function estimateCost({ schema, document, operation, variables }: CostInput): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  const vars = variables ?? {};
  // A fragment's cost does not depend on where it is spread (the weights are relative), so each
  // is computed once: repeated spreads cannot make the estimate itself expensive.
  const fragmentCost = new Map<string, number>();

  /** The argument's value as a number, null when absent; NaN when given but not a usable number. */
  const argValue = (node: FieldNode, name: string): number | null => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return null;
    let value: unknown;
    if (arg.value.kind === Kind.VARIABLE) {
      const v = arg.value.name.value;
      if (Object.prototype.hasOwnProperty.call(vars, v)) value = vars[v];
      else {
        const d = defaults.get(v);
        value = d?.kind === Kind.INT ? Number(d.value) : d?.kind === Kind.NULL || !d ? null : NaN;
      }
    } else if (arg.value.kind === Kind.INT) value = Number(arg.value.value);
    else if (arg.value.kind === Kind.NULL) value = null;
    else value = NaN;
    if (value === null || value === undefined) return null;
    return typeof value === 'number' && Number.isInteger(value) ? value : NaN;
  };

  /** How many items a list argument holds (a literal list or a variable's array); null when unknown (count the maximum). */
  const listLength = (node: FieldNode, name: string): number | null => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return 0;
    if (arg.value.kind === Kind.LIST) return arg.value.values.length;
    if (arg.value.kind === Kind.VARIABLE) {
      const v = vars[arg.value.name.value];
      return Array.isArray(v) ? v.length : null;
    }
    return 1;
  };

  const multiplier = (node: FieldNode, def: GraphQLField<unknown, unknown>): number => {
    const takesFirst = def.args.find((a) => a.name === 'first');
    const takesLast = def.args.find((a) => a.name === 'last');
    const hint = (def.extensions?.[PAGE_COST_EXTENSION] ?? {}) as PageCostHint;
    const max = hint.maxSize ?? MAX_PAGE_SIZE;
    if (!takesFirst && !takesLast) {
      // A batch lookup by ids (householdsByIds(ids:)) returns as many items as ids asked, at most the maximum.
      if (!def.args.some((a) => a.name === 'ids')) return 1;
      const count = listLength(node, 'ids');
      return Math.max(1, (count === null || count > max ? max : count) * (hint.factor ?? 1));
    }
    const given = [takesFirst && argValue(node, 'first'), takesLast && argValue(node, 'last')].filter((v): v is number => typeof v === 'number');
    let size: number;
    if (given.length) {
      size = Math.max(...given.map((v) => (Number.isNaN(v) || v > max ? max : Math.max(v, 0))));
    } else {
      const schemaDefault = takesFirst?.defaultValue ?? takesLast?.defaultValue;
      size = hint.defaultSize ?? (typeof schemaDefault === 'number' ? schemaDefault : DEFAULT_PAGE_SIZE);
    }
    return Math.max(1, size * (hint.factor ?? 1));
  };

  const selectionCost = (set: SelectionSetNode, type: GraphQLNamedType | undefined): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        cost += fieldCost(sel, type);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) ?? undefined : type;
        cost += selectionCost(sel.selectionSet, on);
      } else {
        const name = sel.name.value;
        let known = fragmentCost.get(name);
        if (known === undefined) {
          const fragment = fragments.get(name);
          fragmentCost.set(name, 0); // a cycle (refused by validation anyway) ends here
          known = fragment ? selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined) : 0;
          fragmentCost.set(name, known);
        }
        cost += known;
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType | undefined): number => {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') return 0; // introspection: its own switch
    if (!node.selectionSet) return COST_WEIGHTS.scalarCost;
    const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    const children = selectionCost(node.selectionSet, def ? getNamedType(def.type) : undefined);
    const own = COST_WEIGHTS.objectCost + COST_WEIGHTS.depthCostFactor * children;
    return own * (def ? multiplier(node, def) : 1);
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  return selectionCost(operation.selectionSet, root);
}

/** The error of a refused operation: a validation failure (400, BAD_USER_INPUT with the reason, see graphql-errors.ts). */
export function costTooHigh(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: CommonReason.QUERY_TOO_COSTLY, http: { status: 400 } },
  });
}

/** Refuses an operation whose estimated cost exceeds `maxCost` (GRAPHQL_MAX_COST) before it runs. */
export function costLimitPlugin(options: { maxCost: number; message: (maxCost: number, cost: number) => string }): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // Apollo answers this itself (OPERATION_RESOLUTION_FAILURE)
          const cost = Math.ceil(estimateCost({ schema, document, operation, variables: request.variables }));
          if (cost > options.maxCost) throw costTooHigh(options.message(options.maxCost, cost));
        },
      };
    },
  };
}
