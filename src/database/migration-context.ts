import { AsyncLocalStorage } from 'node:async_hooks';
import type { FieldCipher } from '../common/crypto/field-cipher';

/**
 * What a migration may need besides its query runner: the configured field cipher, for
 * migrations that encrypt (or, going down, decrypt) personal data already stored. Whoever runs
 * migrations provides it (runMigrations: the service's start, `npm run migration:run|revert`);
 * it is resolved lazily, so migrations that need no key run without one.
 */
export interface MigrationContext {
  cipher: () => FieldCipher;
}

const storage = new AsyncLocalStorage<MigrationContext>();

/** Runs `fn` (migrations) with the context available to the migrations it runs. */
export function withMigrationContext<T>(context: MigrationContext | undefined, fn: () => Promise<T>): Promise<T> {
  return context ? storage.run(context, fn) : fn();
}

/** The configured field cipher, for a migration that converts personal data. */
export function migrationCipher(): FieldCipher {
  const context = storage.getStore();
  if (!context) {
    throw new Error(
      'this migration converts personal data and needs the field keys: run it through the service (npm start) ' +
        'or npm run migration:run, with FIELD_KEYS, FIELD_KEY_ACTIVE and BLIND_INDEX_KEY set',
    );
  }
  return context.cipher();
}
