import { maskBankAccount } from '../../src/common/crypto/mask';
import { columns, masked } from '../../src/common/graphql/compiled-read';
import { definePermissions, ModuleDeclaration, NamesOf } from '../../src/common/kit/module-declaration';
import type { ProtectedField } from '../../src/common/protection/protected-field';
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../../src/households/households.declaration';
import { ReliefPaymentEntity } from './relief-payment.entity';

// The personal-data subject is a name the kit does not know: the module adds it to the kit's
// PersonalDataSubjects, so `subject: 'RELIEF_PAYEE_ACCOUNT'` below type-checks and the GraphQL
// PersonalDataSubject enum gets the value when the module is plugged in.
declare module '../../src/common/access/personal-data' {
  interface PersonalDataSubjects {
    RELIEF_PAYEE_ACCOUNT: true;
  }
}

/** Blind-index domain of payee accounts: its own, so a hash here never matches another module's. */
export const PAYEE_ACCOUNT_DOMAIN = 'relief_payee_account';

/**
 * The payee account (收款账号), declared once: encryption, blind index, masking in answers and
 * audit rows, and revealPersonalData all read this object. Masked like the household's bank account.
 */
export const RELIEF_PAYEE_ACCOUNT: ProtectedField = {
  entity: 'ReliefPayment',
  table: 'relief_payments',
  property: 'payeeAccount',
  encrypted: { property: 'payeeAccountEnc', column: 'payee_account_enc' },
  blindIndex: { property: 'payeeAccountHash', column: 'payee_account_hash', domain: PAYEE_ACCOUNT_DOMAIN },
  // Stored without blanks and dashes, so "6222 0210" and "6222-0210" are one account.
  normalize: (v) => v?.replace(/[\s-]/g, '') || null,
  mask: maskBankAccount,
  subject: 'RELIEF_PAYEE_ACCOUNT',
  description: 'The payee account of a festival relief payment (慰问金收款账号)',
  readPermission: 'relief.read',
};

/**
 * The module's permissions, with what each allows and who holds it: readers and writers of the
 * registry, since a payment is about a household. The names are the module's own.
 */
export const RELIEF_PERMISSIONS = definePermissions({
  'relief.read': { description: 'Read festival relief payments (节日慰问金).', roles: REGISTRY_READERS },
  'relief.write': { description: 'Plan festival relief payments and record them paid (节日慰问金).', roles: REGISTRY_WRITERS },
});
// Adds 'relief.read' and 'relief.write' to the kit's Permission union: @RequirePermission('relief.raed') does not compile.
declare module '../../src/common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof RELIEF_PERMISSIONS> {}
}

/**
 * What the example module brings to the app. A real module's declaration is listed in
 * MODULE_DECLARATIONS (src/app.modules.ts); this one is plugged in by its tests (relief.plugin.ts).
 * No settings: the overdue job runs daily at a fixed hour and reads nothing from the environment.
 */
export const RELIEF: ModuleDeclaration = {
  name: 'relief',
  entities: [ReliefPaymentEntity],
  permissions: RELIEF_PERMISSIONS,
  protectedFields: [RELIEF_PAYEE_ACCOUNT],
  settings: {},
  // Its migration attaches relief_payments to the change feed as this root.
  feedRoots: { ReliefPayment: '节日慰问金: a festival relief payment to a household (example module). Read it with `reliefPayments`.' },
  // How a compiled read answers its type (src/common/graphql/compiled-read.ts): the values of
  // ReliefPayment.from, the account masked from its ciphertext.
  reads: [
    {
      type: 'ReliefPayment',
      entity: ReliefPaymentEntity,
      fields: {
        ...columns('id', 'householdId', 'regionCode', 'year', 'amount', 'status', 'dueOn', 'paidOn', 'version', 'createdAt', 'updatedAt'),
        payeeAccount: masked(RELIEF_PAYEE_ACCOUNT),
      },
    },
  ],
};
