import {
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  GraphQLSkipDirective,
  isObjectType,
  SelectionNode,
  SelectionSetNode,
  visit,
} from 'graphql';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { Principal } from '../access/principal';
import { regionScopeSql } from '../access/region-scope';
import type { FieldCipher } from '../crypto/field-cipher';
import { maskedField, ProtectedField } from '../protection/protected-field';
import { conditionsSql, SqlCondition } from '../sql/conditions';
import { textConverter } from '../sql/nested-rows';
import { hydratesAsIs, RawEntityReader } from '../sql/raw-entities';
import type { ReadStatements } from '../sql/read-statements';
import type { Connection, ConnectionArgs } from '../pagination/connection';
import { KeysetSort, mapConnection, paginateSql } from '../pagination/keyset';

/**
 * Compiled reads (issue #12): the selection of a list or a record compiled into one SQL
 * expression per object, as PostGraphile and Join Monster do, so that PostgreSQL builds the
 * answer's rows with their children (correlated subqueries, `json_agg`) and the service only finishes
 * what the database cannot do (masking from the ciphertext, coded values, computed fields).
 *
 * A module declares, per GraphQL object type it owns (its `ModuleDeclaration.reads`), how each
 * field it can compile is read, in one place:
 *
 * ```ts
 * reads: [{
 *   type: 'Member', entity: MemberEntity,
 *   fields: {
 *     ...columns('id', 'name', 'birthDate'),                   // the entity's value, as getMany reads it
 *     sex: column((v) => coded(Sex, v)),                         // mapped (shared coded objects)
 *     idNumber: masked(ID_NUMBER, ''),                           // masked from the ciphertext (memoised)
 *     age: computed(['birthDate'], (m, { on }) => ageOn(m.birthDate, on ?? todayInChina())),
 *     household: row('Household', (m, h, _args, scope) => `households ${h} WHERE ${h}.id = ${m}.household_id AND ${scope.regionScope(`${h}.region_code`)}`),
 *   },
 * }]
 * ```
 *
 * and may add fields to another module's type (`extends: true`, e.g. assistance's `helpers` on
 * Household). A root resolver asks `CompiledReads.plan(info, path)` for the selection under its
 * field: when every selected field there (and below, through lists and rows) is declared, the plan
 * gives the SQL expression of one object over the root statement's alias, which the resolver adds
 * to its SELECT list, and the finished answer objects; otherwise (a field no module compiles, an
 * argument a declaration refuses, a fragment on an interface) `plan` answers null and the
 * resolver reads as before, through its loaders and field resolvers, so every field keeps working
 * and a spec compares both paths' answers on the same selections.
 *
 * Answer objects are `CompiledAnswer`s holding each selected field under its name: the schema's
 * field resolvers are wrapped (`answerCompiledFields`, at start-up) to answer such a parent's value
 * directly, so a compiled subtree runs no resolver code, loader or entity mapping. A field selected
 * twice with different arguments (under two aliases) is not compiled (one value per name).
 *
 * Rules stay where they are: the root statement applies the caller's region scope; a child that
 * needs a scope of its own writes it in its `from` (`ReadScope.regionScope`); protected values are
 * only ever masked here (revealing stays with revealPersonalData); a declaration refuses what it
 * cannot answer exactly as its resolver does.
 */

/** What a declaration's SQL may use while a statement is built: the caller and the statement's parameters. */
export interface ReadScope {
  readonly principal: Principal;
  /** Adds a value to the statement's parameters; answers its placeholder (`$n`). */
  param(value: unknown): string;
  /** The caller's region scope on a column (regionScopeSql), with its parameters added. */
  regionScope(column: string): string;
}

/** A ReadScope over a plain SQL statement's positional parameters (pushed onto `params`). */
export function readScope(principal: Principal, params: unknown[]): ReadScope {
  return {
    principal,
    param(value) {
      params.push(value);
      return `$${params.length}`;
    },
    regionScope: (column) => regionScopeSql(column, principal, params),
  };
}

export type ReadArgs = Record<string, unknown>;
// Rows of computed fields: the used properties as the entity holds them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ReadRow = Record<string, any>;

/** How one field of an object type is read. */
export type ReadField =
  /** A stored column (the field's name unless `property` is given), as the entity holds it, optionally mapped. */
  | { kind: 'column'; property?: string; map?: (value: never) => unknown }
  /** A protected value, masked from its ciphertext column (maskedField); `empty` answers a missing value. */
  | { kind: 'masked'; field: ProtectedField; empty?: string | null }
  /** A value computed from stored columns (entity properties) and the type's named `values`. */
  | { kind: 'computed'; uses: readonly string[]; value: (row: ReadRow, args: ReadArgs) => unknown }
  /** A list of another type's objects: `from` is `table alias WHERE …` correlated with the parent's alias. */
  | { kind: 'list'; type: string; from: (parent: string, alias: string, args: ReadArgs, scope: ReadScope) => string; orderBy?: (alias: string) => string; accepts?: (args: ReadArgs) => boolean }
  /** At most one object of another type (null when none): `from` as for a list. */
  | { kind: 'row'; type: string; from: (parent: string, alias: string, args: ReadArgs, scope: ReadScope) => string; accepts?: (args: ReadArgs) => boolean };

/** A module's read declaration of one GraphQL object type (or, with `extends`, of fields it adds to another module's type). */
export interface ReadDeclaration {
  /** The GraphQL object type, e.g. `Household`. */
  type: string;
  /** The entity whose table the type is read from (its stored columns by property); not with `extends`. */
  entity?: EntityTarget<ObjectLiteral>;
  /** Fields added to a type another module declares (no entity, no values of its own). */
  extends?: boolean;
  fields: Readonly<Record<string, ReadField>>;
  /** Named SQL values over the object's alias (e.g. a count) that computed fields may use, each a JSON value. */
  values?: Readonly<Record<string, (alias: string) => string>>;
}

/** The entity's value of a stored column (the field's name unless `property` is given), mapped by `map` when given. */
export function column<V = unknown>(map?: (value: V) => unknown, property?: string): ReadField {
  return { kind: 'column', map: map as ((value: never) => unknown) | undefined, property };
}

/** Fields answered by the stored columns of the same names. */
export function columns(...names: string[]): Record<string, ReadField> {
  return Object.fromEntries(names.map((n) => [n, { kind: 'column' }]));
}

export function masked(field: ProtectedField, empty: string | null = null): ReadField {
  return { kind: 'masked', field, empty };
}

export function computed<R extends ReadRow = ReadRow, A extends ReadArgs = ReadArgs>(uses: readonly (keyof R & string)[], value: (row: R, args: A) => unknown): ReadField {
  return { kind: 'computed', uses, value: value as (row: ReadRow, args: ReadArgs) => unknown };
}

export function list(type: string, from: Extract<ReadField, { kind: 'list' }>['from'], orderBy?: (alias: string) => string, accepts?: (args: ReadArgs) => boolean): ReadField {
  return { kind: 'list', type, from, orderBy, accepts };
}

export function row(type: string, from: Extract<ReadField, { kind: 'row' }>['from'], accepts?: (args: ReadArgs) => boolean): ReadField {
  return { kind: 'row', type, from, accepts };
}

/** The answer object of a compiled read: each selected field's value under the field's name. */
export class CompiledAnswer {
  [field: string]: unknown;
}

const ANSWERING = new WeakSet<GraphQLSchema>();

/**
 * Wraps every field resolver of the schema to answer a CompiledAnswer parent's value directly
 * (one `instanceof` per call otherwise). Run once on the executable schema (graphql-options.ts).
 */
export function answerCompiledFields(schema: GraphQLSchema): GraphQLSchema {
  if (ANSWERING.has(schema)) return schema;
  ANSWERING.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      const name = field.name;
      field.resolve = (source, args, context, info) => (source instanceof CompiledAnswer ? source[name] : resolve(source, args, context, info));
    }
  }
  return schema;
}

/** A compiled selection of one object type. */
export interface ReadPlan {
  /** The SQL expression of one object (a JSON array) over the alias of its table's row in the statement. */
  select(alias: string, scope: ReadScope): string;
  /** The answer object for the expression's value (pg's parsed JSON). */
  finish(value: unknown): CompiledAnswer;
}

interface TypeReads {
  name: string;
  fields: Map<string, ReadField>;
  values: Map<string, (alias: string) => string>;
  /** Stored columns by property: the SQL over the object's alias (after `alias.`) and how the JSON value becomes the entity's. */
  columns: Map<string, { sql: string; read: (value: unknown) => unknown }>;
}

/** Types whose JSON value is the value pg's parser gives (when the driver keeps it as it is). */
const NATIVE_JSON_TYPES: ReadonlySet<string> = new Set(['boolean', 'smallint', 'integer', 'text', 'character varying', 'uuid']);

/**
 * How a stored column is read into the entity's value: as JSON where JSON gives the same value
 * (booleans, integers, texts, uuids), otherwise as its text converted exactly as a row of getMany
 * (nested-rows.ts's textConverter: numerics stay exact strings, timestamps become Dates, enum
 * arrays are parsed).
 */
function storedColumn(driver: DataSource['driver'], c: ColumnMetadata): { sql: string; read: (value: unknown) => unknown } {
  const name = `"${c.databaseName}"`;
  const native = !c.isArray && !c.transformer && NATIVE_JSON_TYPES.has(driver.normalizeType(c)) && (c.type === Boolean || hydratesAsIs(driver, c));
  if (native) return { sql: name, read: identity };
  return { sql: `${name}::text`, read: textConverter(driver, c) as (value: unknown) => unknown };
}

/** One value of an object's JSON array: its SQL over the object's alias and how it is read. */
interface Slot {
  key: string;
  sql: (alias: string, scope: ReadScope) => string;
  read: (value: unknown) => unknown;
}

interface Output {
  name: string;
  produce: (row: ReadRow) => unknown;
}

/** Plans kept per field node (of a cached document) and variables, at most this many per node. */
const PLANS_PER_NODE = 32;

/**
 * The names of the variables the selections under these field nodes use (arguments and
 * directives of the fields below, in fragments too), sorted; not the fields' own arguments. A
 * plan depends on these and on nothing else of the request's variables.
 */
function variablesUnder(nodes: readonly FieldNode[], fragments: Readonly<Record<string, FragmentDefinitionNode>>): string[] {
  const names = new Set<string>();
  const spread = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    if (!set) return;
    visit(set, {
      Variable: (v) => void names.add(v.name.value),
      FragmentSpread: (s) => {
        if (spread.has(s.name.value)) return;
        spread.add(s.name.value);
        // The spread's own directives are visited with it; a fragment definition's are not evaluated.
        walk(fragments[s.name.value]?.selectionSet);
      },
    });
  };
  for (const node of nodes) walk(node.selectionSet);
  return [...names].sort();
}

const identity = (value: unknown): unknown => value;

/** The column of a compiled read's answer in a statement. */
const ANSWER = '__answer';
/** The column of a record's id in `records`' statement. */
const ID = '__id';

const logger = new Logger('CompiledReads');

/** A value of a compiled answer that could not be finished: where, and why (finishAll logs it). */
class UnfinishedValue extends Error {
  constructor(
    readonly type: string,
    readonly field: string,
    override readonly cause: unknown,
  ) {
    super(`${type}.${field} not finished`);
  }
}

/** Values per json_build_array (PostgreSQL's FUNC_MAX_ARGS is 100). */
const ARGUMENTS_MAX = 90;

/** The declarations of the app's modules, compiled into plans per selection (see above). */
export class CompiledReads {
  /** Off: every plan is null (the comparison specs read both ways). */
  enabled = true;
  /** Reads answered compiled, and compiled reads left to the resolvers because a value could not be finished; plans compiled (tests, profiling). */
  readonly counts = { answered: 0, unfinished: 0, compiled: 0 };
  private readonly types = new Map<string, TypeReads>();
  private readonly plans = new WeakMap<FieldNode, Map<string, ReadPlan | null>>();
  /** The variables used under a field (see variablesUnder), by its first node. */
  private readonly variablesUnder = new WeakMap<FieldNode, readonly string[]>();
  /**
   * Child aliases of the plan being compiled (`cr1`, `cr2`, …), counted from 0 for each plan: the
   * same selection always makes the same statement text, whatever its variables, so that its
   * prepared statement is the same one (src/common/sql/read-statements.ts).
   */
  private aliases = 0;

  constructor(
    declarations: readonly ReadDeclaration[],
    dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly statements: ReadStatements,
  ) {
    for (const d of declarations.filter((x) => !x.extends)) {
      if (this.types.has(d.type)) throw new Error(`compiled reads: type ${d.type} is declared twice`);
      if (!d.entity) throw new Error(`compiled reads: type ${d.type} has no entity`);
      const metadata = dataSource.getMetadata(d.entity);
      const stored = metadata.columns.filter((c) => !c.isVirtual && !c.relationMetadata && c.embeddedMetadata === undefined);
      this.types.set(d.type, {
        name: d.type,
        fields: new Map(Object.entries(d.fields)),
        values: new Map(Object.entries(d.values ?? {})),
        columns: new Map(stored.map((c) => [c.propertyName, storedColumn(dataSource.driver, c)])),
      });
    }
    for (const d of declarations.filter((x) => x.extends)) {
      const t = this.types.get(d.type);
      if (!t) throw new Error(`compiled reads: ${d.type} is extended but not declared`);
      for (const [name, field] of Object.entries(d.fields)) {
        if (t.fields.has(name)) throw new Error(`compiled reads: ${d.type}.${name} is declared twice`);
        t.fields.set(name, field);
      }
    }
    // Every property a field reads must be a stored column, every child type declared: checked at start-up.
    for (const t of this.types.values()) {
      for (const [name, f] of t.fields) {
        const uses = f.kind === 'column' ? [f.property ?? name] : f.kind === 'masked' ? [f.field.encrypted.property] : f.kind === 'computed' ? f.uses : [];
        for (const p of uses) if (!t.columns.has(p) && !t.values.has(p)) throw new Error(`compiled reads: ${t.name}.${name} reads ${p}, not a stored column or value of the type`);
        if ((f.kind === 'list' || f.kind === 'row') && !this.types.has(f.type)) throw new Error(`compiled reads: ${t.name}.${name} is a ${f.type}, not declared`);
      }
    }
  }

  /**
   * Each value's answer (a compiled read's values by row), or null when one could not be finished
   * (a protected value that does not decrypt): the caller then reads through its resolvers, which
   * answer such a field as before (null with its error). The field and the error's message are
   * logged as a warning (the message only: never the value).
   */
  finishAll<K>(plan: ReadPlan, values: ReadonlyMap<K, unknown>): Map<K, CompiledAnswer> | null {
    const out = new Map<K, CompiledAnswer>();
    try {
      for (const [k, v] of values) out.set(k, plan.finish(v));
    } catch (e) {
      this.counts.unfinished++;
      const at = e instanceof UnfinishedValue ? e : undefined;
      const cause = at ? at.cause : e;
      logger.warn(
        { type: at?.type, field: at?.field, error: cause instanceof Error ? cause.message : String(cause) },
        'compiled read not finished: the resolvers answer it',
      );
      return null;
    }
    this.counts.answered++;
    return out;
  }

  /**
   * A keyset page whose nodes this plan answers, in one plain SQL statement: `SELECT` the sort keys
   * (`keys`, e.g. `rawEntityReader(…, alias, ['id', 'dueOn'])`) and the plan's object `FROM from
   * WHERE where` (the list's conditions, src/common/sql/conditions.ts, the caller's region scope
   * first: the same list its query-builder page applies), paged by `paginateSql` (the kit's cursors
   * and checks). `from` gives one row per object (no join that repeats it). With `withTotalCount`,
   * the total is a second statement, `count(*)` under the same conditions (a window count would
   * count only the rows after the cursor, or build every row's answer to count them), run after
   * the page and only when its answers could be finished. Null when an answer could not be
   * finished (see finishAll): the caller then reads its page through its resolvers.
   */
  async page<T extends ObjectLiteral>(
    plan: ReadPlan,
    q: {
      manager: EntityManager;
      principal: Principal;
      from: string;
      alias: string;
      keys: RawEntityReader<T>;
      where: readonly SqlCondition[];
      sort: KeysetSort<T>;
      args: ConnectionArgs;
      withTotalCount?: boolean;
    },
  ): Promise<Connection<CompiledAnswer> | null> {
    let values = new Map<T, unknown>();
    const params: unknown[] = [];
    const conditions = conditionsSql(q.where, params);
    const page = await paginateSql(q.args, q.sort, conditions, params, async (where, orderAndLimit, parameters) => {
      const answer = plan.select(q.alias, readScope(q.principal, parameters));
      const raw = await this.statements.query(q.manager, `SELECT ${q.keys.select}, ${answer} AS "${ANSWER}" FROM ${q.from} WHERE ${where} ${orderAndLimit}`, parameters);
      const rows = q.keys.read(raw);
      values = new Map(rows.map((r, i) => [r, raw[i]![ANSWER]]));
      return rows;
    });
    const answers = this.finishAll(plan, values);
    if (!answers) return null;
    const totalCount = q.withTotalCount ? await this.count(q.manager, q.from, q.where) : undefined;
    return { ...mapConnection(page, (r) => answers.get(r)!), totalCount };
  }

  /** The rows of `from` under `where` (CompiledReads.page's total). */
  private async count(manager: EntityManager, from: string, where: readonly SqlCondition[]): Promise<number> {
    const params: unknown[] = [];
    const conditions = conditionsSql(where, params);
    const [row] = await this.statements.query<{ n: number }>(manager, `SELECT count(*)::int AS n FROM ${from} WHERE ${conditions.join(' AND ') || 'TRUE'}`, params);
    return Number(row!.n);
  }

  /**
   * The records among `ids` answered by this plan (a `record(id)` or `recordsByIds(ids)` root
   * field), in one statement: the plan's object of each row of `from` whose `alias.id` is among
   * `ids` and that passes `where` (the caller's region scope: `regionScopeConditions`). Answers by
   * id as the database gives it (ids missing or outside the scope are absent: the caller keeps its
   * own order and duplicates), or null when one could not be finished (see finishAll): the caller
   * then reads through its resolvers.
   */
  async records(
    plan: ReadPlan,
    q: { manager: EntityManager; principal: Principal; from: string; alias: string; ids: readonly string[]; where: readonly SqlCondition[] },
  ): Promise<Map<string, CompiledAnswer> | null> {
    const values = new Map<string, unknown>();
    if (q.ids.length) {
      // One id as `= $1`, not `= ANY($1)`: PostgreSQL plans an array it does not know for ten
      // elements, so a prepared by-id read would be planned again for every execution.
      const single = q.ids.length === 1;
      const params: unknown[] = [single ? q.ids[0] : [...q.ids]];
      const conditions = [single ? `${q.alias}.id = $1` : `${q.alias}.id = ANY($1)`, ...conditionsSql(q.where, params)];
      const answer = plan.select(q.alias, readScope(q.principal, params));
      const raw = await this.statements.query(q.manager, `SELECT ${q.alias}.id AS "${ID}", ${answer} AS "${ANSWER}" FROM ${q.from} WHERE ${conditions.join(' AND ')}`, params);
      for (const r of raw) values.set(String(r[ID]), r[ANSWER]);
    }
    return this.finishAll(plan, values);
  }

  /** Whether the type has a read declaration. */
  declares(type: string): boolean {
    return this.types.has(type);
  }

  /**
   * The plan of the selection under `path` of the resolver's field (e.g. `['edges', 'node']` on a
   * connection, `[]` for a record), or null when it cannot be compiled (see above).
   */
  plan(info: GraphQLResolveInfo, path: readonly string[]): ReadPlan | null {
    if (!this.enabled) return null;
    const node = info.fieldNodes[0]!;
    // Keyed by the variables the selection uses, not the field's own arguments: a record's plan
    // is one for every id asked (the id is the statement's parameter, not the plan's).
    let used = this.variablesUnder.get(node);
    if (!used) this.variablesUnder.set(node, (used = variablesUnder(info.fieldNodes, info.fragments)));
    const key = `${path.join('.')}|${info.fieldNodes.length}|${JSON.stringify(used.map((name) => info.variableValues[name] ?? null))}`;
    let byKey = this.plans.get(node);
    if (byKey?.has(key)) return byKey.get(key)!;
    const plan = this.compileAt(info, path);
    this.counts.compiled++;
    if (!byKey) this.plans.set(node, (byKey = new Map()));
    if (byKey.size >= PLANS_PER_NODE) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, plan);
    return plan;
  }

  private compileAt(info: GraphQLResolveInfo, path: readonly string[]): ReadPlan | null {
    this.aliases = 0;
    let type = getNamedType(info.returnType);
    let nodes: readonly FieldNode[] = info.fieldNodes;
    for (const step of path) {
      if (!isObjectType(type)) return null;
      const fields = this.collect(type, nodes, info);
      const at = fields?.get(step);
      if (!at) return null;
      nodes = at;
      type = getNamedType(type.getFields()[step]!.type);
    }
    return isObjectType(type) ? this.compileObject(type, nodes, info) : null;
  }

  /** The selected fields of an object type under these nodes, by name (fragments merged), or null for what this does not compile. */
  private collect(type: GraphQLObjectType, nodes: readonly FieldNode[], info: GraphQLResolveInfo): Map<string, FieldNode[]> | null {
    const out = new Map<string, FieldNode[]>();
    const included = (s: SelectionNode): boolean =>
      getDirectiveValues(GraphQLSkipDirective, s, info.variableValues)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, s, info.variableValues)?.if !== false;
    const visit = (selections: readonly SelectionNode[]): boolean => {
      for (const s of selections) {
        if (!included(s)) continue;
        if (s.kind === 'Field') {
          if (s.name.value === '__typename') continue;
          const list = out.get(s.name.value);
          if (list) list.push(s);
          else out.set(s.name.value, [s]);
          continue;
        }
        const fragment = s.kind === 'InlineFragment' ? s : info.fragments[s.name.value];
        if (!fragment) return false;
        // A fragment on an interface or union: not compiled (the resolvers decide).
        if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) return false;
        if (!visit(fragment.selectionSet.selections)) return false;
      }
      return true;
    };
    for (const n of nodes) if (n.selectionSet && !visit(n.selectionSet.selections)) return null;
    return out;
  }

  private compileObject(type: GraphQLObjectType, nodes: readonly FieldNode[], info: GraphQLResolveInfo): ReadPlan | null {
    const reads = this.types.get(type.name);
    const selected = reads && this.collect(type, nodes, info);
    if (!reads || !selected) return null;
    const slots: Slot[] = [];
    const slotOf = (key: string, make: () => Slot): string => {
      if (!slots.some((s) => s.key === key)) slots.push(make());
      return key;
    };
    const stored = (property: string): string =>
      slotOf(property, () => {
        const value = reads.values.get(property);
        if (value) return { key: property, sql: (a) => value(a), read: identity };
        const c = reads.columns.get(property)!;
        return { key: property, sql: (a) => `${a}.${c.sql}`, read: c.read };
      });
    const outputs: Output[] = [];
    for (const [name, fieldNodes] of selected) {
      const field = reads.fields.get(name);
      if (!field) return null;
      const definition = type.getFields()[name]!;
      const args = getArgumentValues(definition, fieldNodes[0]!, info.variableValues);
      const same = JSON.stringify(args);
      if (fieldNodes.some((n) => JSON.stringify(getArgumentValues(definition, n, info.variableValues)) !== same)) return null;
      switch (field.kind) {
        case 'column': {
          const key = stored(field.property ?? name);
          const map = field.map as ((value: unknown) => unknown) | undefined;
          outputs.push({ name, produce: map ? (r) => map(r[key]) : (r) => r[key] });
          break;
        }
        case 'masked': {
          const f = field.field;
          stored(f.encrypted.property);
          const empty = field.empty ?? null;
          outputs.push({ name, produce: (r) => maskedField(this.cipher, f, r) ?? empty });
          break;
        }
        case 'computed': {
          for (const p of field.uses) stored(p);
          const value = field.value;
          outputs.push({ name, produce: (r) => value(r, args) });
          break;
        }
        case 'list':
        case 'row': {
          if (field.accepts && !field.accepts(args)) return null;
          const childType = getNamedType(definition.type);
          const child = isObjectType(childType) && childType.name === field.type ? this.compileObject(childType, fieldNodes, info) : null;
          if (!child) return null;
          const alias = `cr${++this.aliases}`;
          const key = `${name}\u0000`;
          const from = field.from;
          if (field.kind === 'list') {
            const orderBy = field.orderBy ? ` ORDER BY ${field.orderBy(alias)}` : '';
            slots.push({
              key,
              sql: (a, scope) => `(SELECT coalesce(json_agg(${child.select(alias, scope)}${orderBy}), '[]'::json) FROM ${from(a, alias, args, scope)})`,
              read: (v) => (v as unknown[]).map((x) => child.finish(x)),
            });
          } else {
            slots.push({ key, sql: (a, scope) => `(SELECT ${child.select(alias, scope)} FROM ${from(a, alias, args, scope)} LIMIT 1)`, read: (v) => (v == null ? null : child.finish(v)) });
          }
          outputs.push({ name, produce: (r) => r[key] });
          break;
        }
      }
    }
    // PostgreSQL's functions take at most 100 arguments: a longer array is built in chunks.
    const chunked = slots.length > ARGUMENTS_MAX;
    return {
      select: (alias, scope) => {
        const sql = slots.map((s) => s.sql(alias, scope));
        if (!chunked) return `json_build_array(${sql.join(', ')})`;
        const chunks: string[] = [];
        for (let i = 0; i < sql.length; i += ARGUMENTS_MAX) chunks.push(`json_build_array(${sql.slice(i, i + ARGUMENTS_MAX).join(', ')})`);
        return `json_build_array(${chunks.join(', ')})`;
      },
      finish: (value) => {
        const values = chunked ? (value as unknown[][]).flat() : (value as unknown[]);
        const r: ReadRow = {};
        const answer = new CompiledAnswer();
        // The field being finished, named if it fails (the innermost object's field: a child's own error passes through).
        let at = '';
        try {
          for (let i = 0; i < slots.length; i++) {
            at = slots[i]!.key;
            r[at] = slots[i]!.read(values[i]);
          }
          for (const o of outputs) {
            at = o.name;
            answer[o.name] = o.produce(r);
          }
        } catch (e) {
          throw e instanceof UnfinishedValue ? e : new UnfinishedValue(type.name, at.replace('\u0000', ''), e);
        }
        return answer;
      },
    };
  }
}
