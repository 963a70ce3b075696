import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;
const MEMOISED = Symbol('validation metadata memoised');

/**
 * class-validator's `MetadataStorage.getTargetValidationMetadatas` looks for a class's inherited
 * rules by testing every validated class of the app (`prototype instanceof`) on every call: for
 * every argument object of every operation the global ValidationPipe validates (issue #12: 5 % of
 * a small households page's CPU). Its answer depends only on the stored rules and its arguments,
 * so it is kept per class and arguments, and forgotten whenever a rule is added (decorators run
 * when their classes load; a schema may be registered later). Each call gets its own array.
 * Installed once on the global storage when the validation pipe is made.
 */
export function memoiseValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const s = storage as Storage & { [MEMOISED]?: true };
  if (s[MEMOISED]) return;
  s[MEMOISED] = true;
  const compute = s.getTargetValidationMetadatas.bind(s);
  const add = s.addValidationMetadata.bind(s);
  let memo = new Map<unknown, Map<string, ValidationMetadata[]>>();
  s.addValidationMetadata = (metadata: ValidationMetadata) => {
    memo = new Map();
    add(metadata);
  };
  s.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byTarget = memo.get(target);
    if (!byTarget) memo.set(target, (byTarget = new Map()));
    let found = byTarget.get(key);
    if (!found) byTarget.set(key, (found = compute(target, schema, always, strictGroups, groups)));
    return found.slice();
  };
}
