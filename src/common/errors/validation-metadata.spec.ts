import { getMetadataStorage, IsInt, IsString, registerDecorator, validateSync } from 'class-validator';
import { memoiseValidationMetadata } from './validation-metadata';

class Base {
  @IsInt()
  a!: number;

  @IsString({ groups: ['named'] })
  b!: string;
}

class Child extends Base {
  @IsString()
  c!: string;

  @IsInt({ always: true })
  override a = 0;
}

describe('memoiseValidationMetadata', () => {
  const storage = getMetadataStorage();
  const calls: Parameters<typeof storage.getTargetValidationMetadatas>[] = [
    [Child, '', false, false, undefined],
    [Child, '', false, false, ['named']],
    [Child, '', true, true, []],
    [Base, '', false, false, undefined],
    [Base, '', false, true, ['other']],
  ];
  const errorsOf = (o: object, groups?: string[]) => validateSync(o, { groups }).map((e) => [e.property, Object.keys(e.constraints ?? {})]);

  it('answers what class-validator answers, per class and arguments, a new array each time, and forgets when a rule is added', () => {
    const before = calls.map((c) => storage.getTargetValidationMetadatas(...c));
    const invalid = Object.assign(new Child(), { a: 'x', b: 1, c: 2 });
    const errorsBefore = [errorsOf(invalid), errorsOf(invalid, ['named'])];
    memoiseValidationMetadata(storage);
    memoiseValidationMetadata(storage);
    const after = calls.map((c) => storage.getTargetValidationMetadatas(...c));
    expect(after).toEqual(before);
    expect(after.map((list) => list.length)).toEqual(before.map((list) => list.length));
    expect(storage.getTargetValidationMetadatas(...calls[0]!)).not.toBe(storage.getTargetValidationMetadatas(...calls[0]!));
    expect([errorsOf(invalid), errorsOf(invalid, ['named'])]).toEqual(errorsBefore);
    expect(errorsBefore[0]!.length).toBeGreaterThan(1);

    // A rule added later (a class loaded later, a decorator registered by hand) is seen at once.
    registerDecorator({ name: 'isEven', target: Child, propertyName: 'a', validator: { validate: (v: unknown) => typeof v === 'number' && v % 2 === 0 } });
    const withRule = storage.getTargetValidationMetadatas(...calls[0]!);
    expect(withRule.length).toBe(before[0]!.length + 1);
    expect(errorsOf(Object.assign(new Child(), { a: 3, b: 'b', c: 'c' }))).toEqual([['a', ['isEven']]]);
    expect(storage.getTargetValidationMetadatas(...calls[3]!)).toEqual(before[3]);
  });
});
