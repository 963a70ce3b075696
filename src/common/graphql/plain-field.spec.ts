import 'reflect-metadata';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { INestApplication, Module } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';
import { ArgsType, Context, Field, GraphQLModule, GraphQLSchemaHost, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { execute, GraphQLObjectType, GraphQLSchema, parse } from 'graphql';
import { AppError } from '../errors/app-error';
import { createValidationPipe } from '../errors/validation';
import { plainArgs, SchemaArgs } from './plain-field';

@ArgsType()
class YearOnly {
  @Field(() => Int, { nullable: true, description: 'One year only.' })
  @IsOptional()
  @IsInt()
  @Min(2010)
  @Max(2100)
  year?: number;
}

@ObjectType('PlainThing', { description: 'A thing.' })
class Thing {
  @Field({ description: 'Its name.' })
  name: string;
}

const seen: unknown[][] = [];

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => [Thing], { description: 'Things.' })
  things(): Thing[] {
    return [{ name: 'a' }, { name: 'b' }];
  }

  @ResolveField(() => String, { description: 'Plain, with a declared argument object.' })
  plain(t: Thing, @SchemaArgs() args: YearOnly, ctx: { marker: string }): string {
    seen.push([...arguments]); // eslint-disable-line prefer-rest-params
    const { year } = plainArgs(YearOnly, args);
    return `${t.name}:${year ?? '-'}:${ctx.marker}`;
  }

  @ResolveField(() => Int, { description: 'Plain, with one named argument.' })
  twice(_t: Thing, @SchemaArgs('n', { type: () => Int, defaultValue: 2, description: 'The number.' }) { n }: { n: number }): number {
    return 2 * n;
  }

  @ResolveField(() => String, { description: 'Bound by Nest (parameter decorators).' })
  decorated(@Parent() t: Thing, @Context() ctx: { marker: string }): string {
    return `${t.name}:${ctx.marker}`;
  }
}

@Module({
  imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, context: () => ({ marker: 'ctx' }) })],
  providers: [ThingResolver, { provide: APP_PIPE, useFactory: createValidationPipe }],
})
class PlainFieldTestModule {}

describe('plain field resolvers (@nestjs/graphql fast path)', () => {
  let app: INestApplication;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    app = await NestFactory.create(PlainFieldTestModule, { logger: false });
    await app.init();
    schema = app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => app?.close());

  const run = (query: string) => execute({ schema, document: parse(query), contextValue: { marker: 'ctx' } });

  it('binds a @ResolveField method without parameter decorators as the plain graphql-js resolver', () => {
    const fields = (schema.getType('PlainThing') as GraphQLObjectType).getFields();
    // The installed @nestjs/graphql binds the method itself (canUseFastFieldResolver): if a
    // version stops doing so, this fails and the plain resolvers need another way.
    // (It is bound once more on its way into the schema: `bound bound plain`.)
    expect(fields.plain!.resolve!.name).toMatch(/^(bound )+plain$/);
    expect(fields.twice!.resolve!.name).toMatch(/^(bound )+twice$/);
    expect(fields.decorated!.resolve!.name).not.toMatch(/decorated$/);
  });

  it('passes (parent, args, context, info) and declares the arguments with their descriptions', async () => {
    seen.length = 0;
    const r = await run('{ things { plain(year: 2018) twice decorated } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ things: [{ plain: 'a:2018:ctx', twice: 4, decorated: 'a:ctx' }, { plain: 'b:2018:ctx', twice: 4, decorated: 'b:ctx' }] });
    expect(seen[0]).toHaveLength(4);
    expect(seen[0]![1]).toEqual({ year: 2018 });
    expect((seen[0]![3] as { fieldName: string }).fieldName).toBe('plain');
    const fields = (schema.getType('PlainThing') as GraphQLObjectType).getFields();
    expect(fields.plain!.args.map((a) => [a.name, a.description])).toEqual([['year', 'One year only.']]);
    expect(fields.twice!.args.map((a) => [a.name, a.description, a.defaultValue])).toEqual([['n', 'The number.', 2]]);
  });

  it('checks the arguments with the same coded error as the global pipe', async () => {
    const r = await run('{ things { plain(year: 1900) } }');
    const err = r.errors?.[0]?.originalError;
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).problems).toEqual([expect.objectContaining({ field: 'year', reason: 'MIN' })]);
    expect(() => plainArgs(YearOnly, { year: 2018, other: 1 })).toThrow(AppError);
    expect(plainArgs(YearOnly, {})).toEqual({});
  });
});
