import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { mulberry32 } from '../../demo/prng';
import { ConnectionArgs } from '../pagination/connection';
import { createValidationPipe } from './validation';
import { ValidatedValues } from './validated-values';

enum Status {
  NOT_EXITED = 'NOT_EXITED',
  EXITED = 'EXITED',
}

/** A list's arguments as a module declares them: a page and optional filters, value-only rules. */
class ListArgs extends ConnectionArgs {
  @IsOptional()
  @Matches(/^\d{12}$/)
  regionCode?: string;

  @IsOptional()
  @IsEnum(Status)
  status?: Status;

  @IsOptional()
  @IsBoolean()
  relocated?: boolean;

  @IsOptional()
  @IsInt()
  yearRegistered?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  nameContains?: string;
}

class WithDate {
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  at?: Date;
}

class WithImpureRule {
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @ValidateBy({ name: 'notTooLate', validator: { validate: () => Date.now() > 0, defaultMessage: () => 'too late' } })
  note?: string;
}

/** What the pipe answered: the instance (class and own properties) or the error's problems. */
async function outcome(pipe: ValidationPipe, value: unknown, metatype: Function): Promise<unknown> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: metatype as ArgumentMetadata['metatype'], data: undefined };
  try {
    // A copy made here (structuredClone's objects would come from outside the test's realm, and the
    // pipe keeps only plain objects of its own).
    const copy = Object.fromEntries(Object.entries(value as object).map(([k, x]) => [k, Array.isArray(x) ? [...x] : x]));
    const v = await pipe.transform(copy, metadata);
    return { instanceOf: (v as object).constructor.name, own: { ...(v as object) } };
  } catch (e) {
    const { code, message, problems } = e as { code?: string; message: string; problems?: unknown };
    return { error: { code, message, problems } };
  }
}

describe('the validation pipe keeps its answers for repeated flat values (validated-values.ts)', () => {
  it('answers every value as a pipe without the memory does, again and again (random list and page arguments)', async () => {
    const pipe = createValidationPipe();
    const fresh = () => createValidationPipe();
    const random = mulberry32(20261205);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const values: Record<string, unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const v: Record<string, unknown> = {};
      if (random() < 0.8) v.first = pick([0, 1, 20, 50, 100, 101, -1, 2.5, '20', null]);
      if (random() < 0.4) v.after = pick(['abc', 'x'.repeat(600), 7, undefined]);
      if (random() < 0.3) v.regionCode = pick(['410106100201', '4101', 12]);
      if (random() < 0.3) v.status = pick(['NOT_EXITED', 'EXITED', 'NOPE']);
      if (random() < 0.2) v.nameContains = pick(['', '刘', 'x'.repeat(51)]);
      if (random() < 0.1) v.unknownFilter = pick([1, undefined]);
      values.push(v);
    }
    let refused = 0;
    const kept = (pipe as unknown as { validated: ValidatedValues }).validated;
    expect(kept.keyOf(ListArgs, { first: 1 })).toBeDefined();
    for (let round = 0; round < 3; round++) {
      for (const v of values) {
        for (const metatype of [ListArgs, ConnectionArgs]) {
          const expected = await outcome(fresh(), v, metatype);
          if ('error' in (expected as object)) refused++;
          expect(await outcome(pipe, v, metatype)).toEqual(expected);
        }
      }
    }
    // Both kinds of answer were compared, and kept answers were given.
    expect(kept.hits).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(20);
    expect(refused).toBeLessThan(values.length * 2 * 3 - 20);
  });

  it('gives a new instance each time: changing one changes no later answer', async () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = { type: 'body', metatype: ListArgs, data: undefined };
    const first = (await pipe.transform({ first: 20, status: 'NOT_EXITED' }, metadata)) as ListArgs;
    expect(first).toBeInstanceOf(ListArgs);
    first.first = 99;
    const second = (await pipe.transform({ first: 20, status: 'NOT_EXITED' }, metadata)) as ListArgs;
    expect(second).toBeInstanceOf(ListArgs);
    expect(second).not.toBe(first);
    expect(second.first).toBe(20);
  });

  it('refuses an unknown argument even when undefined, after the same value without it passed', async () => {
    const pipe = createValidationPipe();
    expect(await outcome(pipe, { first: 20 }, ListArgs)).toMatchObject({ instanceOf: 'ListArgs' });
    expect(await outcome(pipe, { first: 20, unknownFilter: undefined }, ListArgs)).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
    expect(await outcome(pipe, { first: 20, after: undefined }, ListArgs)).toMatchObject({ instanceOf: 'ListArgs' });
  });

  it('keeps only what it may: pure rules, flat values, flat answers', () => {
    const memory = new ValidatedValues();
    expect(memory.keyOf(ListArgs, { first: 20 })).toBeDefined();
    // An undefined property is not an absent one.
    expect(memory.keyOf(ListArgs, { first: 20, after: undefined })).not.toEqual(memory.keyOf(ListArgs, { first: 20 }));
    expect(memory.keyOf(ListArgs, { first: 20, nested: { a: 1 } })).toBeUndefined();
    expect(memory.keyOf(ListArgs, { first: Number.NaN })).toBeUndefined();
    expect(memory.keyOf(ListArgs, { first: -0 })).toBeUndefined();
    expect(memory.keyOf(ListArgs, [1])).toBeUndefined();
    expect(memory.keyOf(WithImpureRule, { note: 'a' })).toBeUndefined();
    expect(memory.keyOf(String, 'a')).toBeUndefined();
    // A class of pure rules whose answer holds an object (a date built by @Type) is not kept.
    const key = memory.keyOf(WithDate, { at: '2026-01-01' });
    expect(key).toBeDefined();
    const answer = Object.assign(new WithDate(), { at: new Date('2026-01-01') });
    memory.remember(WithDate, key!, { at: '2026-01-01' }, answer);
    expect(memory.get(WithDate, key!)).toBeUndefined();
    // Nor an answer that is not the value's own (a transformed string).
    const page = memory.keyOf(ConnectionArgs, { after: ' x ' })!;
    memory.remember(ConnectionArgs, page, { after: ' x ' }, Object.assign(new ConnectionArgs(), { after: 'x' }));
    expect(memory.get(ConnectionArgs, page)).toBeUndefined();
    memory.remember(ConnectionArgs, page, { after: ' x ' }, Object.assign(new ConnectionArgs(), { after: ' x ' }));
    expect(memory.get(ConnectionArgs, page)).toEqual(Object.assign(new ConnectionArgs(), { after: ' x ' }));
  });

  it('answers a class with @Type dates alike, and with a new date each time', async () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = { type: 'body', metatype: WithDate, data: undefined };
    const a = (await pipe.transform({ at: '2026-01-01' }, metadata)) as WithDate;
    const b = (await pipe.transform({ at: '2026-01-01' }, metadata)) as WithDate;
    expect(a.at).toBeInstanceOf(Date);
    expect(b.at).toEqual(a.at);
    expect(b.at).not.toBe(a.at);
  });
});
