import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType('PageInfo', { description: 'Where a page sits in its list (Relay): whether more items exist and the cursors to fetch them.' })
export class PageInfo {
  @Field({ description: 'More items follow this page: pass `endCursor` as `after` to fetch them.' })
  hasNextPage: boolean;

  @Field({ description: 'More items precede this page: pass `startCursor` as `before` (with `last`) to fetch them.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when the page is empty.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; null when the page is empty.' })
  endCursor: string | null;
}

/** Relay pagination arguments; `first` and `last` are capped at 100. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Items after \`after\`; at most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor (an `endCursor` or edge `cursor` from this same list and order): items after it. Omit for the first page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;

  @Field(() => Int, { nullable: true, description: `Items before \`before\`; at most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor (a `startCursor` or edge `cursor` from this same list and order): items before it, with `last`.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  before?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/**
 * The description of an `XxxConnection` type (the concrete class carries it:
 * `@ObjectType({ description: connectionDescription('households (贫困户)') })`).
 */
/** The answer of a list that matches nothing without asking the database (a filter naming no region, no valid code). */
export function emptyConnection<T>(withTotalCount: boolean): Connection<T> {
  return {
    edges: [],
    totalCount: withTotalCount ? 0 : undefined,
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
}

export function connectionDescription(items: string): string {
  return `A page of ${items} (Relay connection): \`edges\`, \`pageInfo\` and, when selected, \`totalCount\`.`;
}

/**
 * Builds the `XxxConnection` and `XxxEdge` GraphQL types for a node type:
 * `@ObjectType() class RegionConnection extends ConnectionType(Region) {}`.
 */
export function ConnectionType<T>(nodeType: Type<T>, name = nodeType.name): Type<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor (Relay edge).` })
  class EdgeType {
    @Field({ description: 'Opaque keyset cursor of this node.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name} itself.` })
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionClass {
    @Field(() => [EdgeType], { description: 'The items of this page, in the list\'s order, each with its cursor; empty when nothing matches.' })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more pages exist, and the cursors to fetch them.' })
    pageInfo: PageInfo;

    @Field(() => Int, { nullable: true, description: 'Total matching items; computed only when asked for.' })
    totalCount?: number;
  }
  return ConnectionClass as unknown as Type<Connection<T>>;
}
