import { registerEnumType } from '@nestjs/graphql';
import type { Principal } from './principal';

/**
 * Protected values that can be revealed in full (with `personalData.unmask`, a stated reason,
 * and an audit row): one subject per protected field (src/common/protection/protected-field.ts).
 * The module that owns the field names its subject in the field's declaration, adds the name to
 * this interface by module augmentation, and registers the handler that reads the value with
 * the PersonalDataRegistry:
 *
 *   declare module '../common/access/personal-data' {
 *     interface PersonalDataSubjects { HELPER_PHONE: true }
 *   }
 *
 * The GraphQL `PersonalDataSubject` enum is filled from the merged declarations by the app floor
 * (src/app.modules.ts), with each field's description. No module edits a central list.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules' augmentations
export interface PersonalDataSubjects {}

/** A subject name, as some module's protected field declares it (e.g. `MEMBER_ID_NUMBER`). */
export type PersonalDataSubject = Extract<keyof PersonalDataSubjects, string>;

/** The GraphQL enum of the subjects (name = value), filled by `definePersonalDataSubjectEnum`. */
export const PersonalDataSubjectEnum: Record<string, PersonalDataSubject> = {};
const valuesMap: Record<string, { description: string }> = {};
registerEnumType(PersonalDataSubjectEnum, {
  name: 'PersonalDataSubject',
  description: 'Which protected value to reveal.',
  valuesMap,
});

/**
 * Fills the enum from the merged protected fields, before the schema is built: by the app floor
 * at load, and again by an app that plugs in more modules (which adds their subjects).
 */
export function definePersonalDataSubjectEnum(subjects: readonly { subject: PersonalDataSubject; description: string }[]): void {
  for (const s of subjects) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(s.subject)) throw new Error(`personal-data subject ${s.subject} is not UPPER_SNAKE_CASE`);
    PersonalDataSubjectEnum[s.subject] = s.subject;
    valuesMap[s.subject] = { description: s.description };
  }
}

/** Reads one protected value in the caller's scope, writing the audit row with the reason. */
export type PersonalDataRevealer = (principal: Principal, id: string, reason: string) => Promise<string | null>;
