import { randomBytes } from 'node:crypto';
import { Role } from '../access/permissions';
import { PersonalDataSubjectEnum } from '../access/personal-data';
import { diffChanges } from '../../audit/audit-diff';
import { FieldCipher } from '../crypto/field-cipher';
import { maskBankAccount } from '../crypto/mask';
import { mergeDeclarations, ModuleDeclaration } from '../kit/module-declaration';
import { MODULE_DECLARATIONS } from '../../app.modules';
import {
  auditMaskOf,
  blindIndexOf,
  decryptProtected,
  defineLazyValue,
  encryptProtected,
  exportProtected,
  MASK_MEMO_MAX,
  maskedField,
  ProtectedField,
} from './protected-field';

/** A module that protects a payee account just by declaring it. */
const PAYEE_ACCOUNT: ProtectedField = {
  entity: 'Payee',
  table: 'payees',
  property: 'account',
  encrypted: { property: 'accountEnc', column: 'account_enc' },
  blindIndex: { property: 'accountHash', column: 'account_hash', domain: 'payee_account' },
  normalize: (v) => v.replace(/[\s-]/g, '') || null,
  mask: maskBankAccount,
  subject: 'HOUSEHOLD_BANK_ACCOUNT',
  description: 'A bank account (银行账号)',
  readPermission: 'households.read',
};
const FIELDS = [PAYEE_ACCOUNT];
const cipher = new FieldCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } }, randomBytes(32));

describe('protected field declarations', () => {
  it('encrypt a plain object (normalised, indexed) and decrypt it back', () => {
    const stored = encryptProtected(cipher, FIELDS, 'Payee', { account: '6222 0212-3456 7890 123', name: 'x' });
    expect(Object.keys(stored).sort()).toEqual(['accountEnc', 'accountHash']);
    expect(stored.accountEnc).not.toContain('6222');
    expect(stored.accountHash).toBe(blindIndexOf(cipher, PAYEE_ACCOUNT, '6222021234567890123'));
    expect(decryptProtected(cipher, FIELDS, 'Payee', stored)).toEqual({ account: '6222021234567890123' });
    expect(encryptProtected(cipher, FIELDS, 'Payee', { account: null }, { keys: 'column' })).toEqual({ account_enc: null, account_hash: null });
    expect(encryptProtected(cipher, FIELDS, 'Payee', { name: 'no account given' })).toEqual({});
  });

  it('mask a declared field in audit diffs, on both sides', () => {
    const changes = diffChanges({ id: 1, account: '6222021234567890123' }, { id: 1, account: '6222021234567899999' }, { mask: auditMaskOf(FIELDS, 'Payee') });
    expect(changes).toEqual({ account: { from: '6222 **** **** 0123', to: '6222 **** **** 9999' } });
    expect(JSON.stringify(changes)).not.toContain('6222021234567890123');
    expect(auditMaskOf(FIELDS, 'Other')).toEqual({});
  });

  it('decrypt a stored value once to mask it, again only for another ciphertext, keeping at most MASK_MEMO_MAX', () => {
    const field: ProtectedField = { ...PAYEE_ACCOUNT };
    const row = encryptProtected(cipher, [field], 'Payee', { account: '6222021234567890123' });
    const realDecrypt = cipher.decrypt.bind(cipher);
    const decrypt = jest.spyOn(cipher, 'decrypt');
    try {
      expect(maskedField(cipher, field, row)).toBe('6222 **** **** 0123');
      expect(maskedField(cipher, field, { ...row })).toBe('6222 **** **** 0123');
      expect(decrypt).toHaveBeenCalledTimes(1);
      // The same value written again is a new ciphertext (a fresh nonce): decrypted on its own.
      const rewritten = encryptProtected(cipher, [field], 'Payee', { account: '6222021234567899999' });
      expect(maskedField(cipher, field, rewritten)).toBe('6222 **** **** 9999');
      expect(decrypt).toHaveBeenCalledTimes(2);
      // Another declaration (another field) keeps its own masks.
      expect(maskedField(cipher, { ...field, mask: () => 'other' }, row)).toBe('other');
      expect(decrypt).toHaveBeenCalledTimes(3);
      // The oldest goes once the memo is full: the first row is decrypted again, the newest not.
      decrypt.mockImplementation(() => '6222021234567890000');
      for (let i = 0; i < MASK_MEMO_MAX; i++) maskedField(cipher, field, { accountEnc: `filler-${i}` });
      decrypt.mockClear();
      expect(maskedField(cipher, field, { accountEnc: `filler-${MASK_MEMO_MAX - 1}` })).toBe('6222 **** **** 0000');
      expect(decrypt).toHaveBeenCalledTimes(0);
      decrypt.mockImplementation(realDecrypt);
      expect(maskedField(cipher, field, row)).toBe('6222 **** **** 0123');
      expect(decrypt).toHaveBeenCalledTimes(1);
    } finally {
      decrypt.mockRestore();
    }
  });

  it('mask a declared field in answers and in exports unless revealed', () => {
    const row = encryptProtected(cipher, FIELDS, 'Payee', { account: '6222021234567890123' });
    expect(maskedField(cipher, PAYEE_ACCOUNT, row)).toBe('6222 **** **** 0123');
    expect(maskedField(cipher, PAYEE_ACCOUNT, { accountEnc: null })).toBeNull();
    expect(exportProtected(cipher, FIELDS, 'Payee', row, false)).toEqual({ account: '6222 **** **** 0123' });
    expect(exportProtected(cipher, FIELDS, 'Payee', row, true)).toEqual({ account: '6222021234567890123' });
  });

  it('the merge takes the fields of every module and refuses a field declared twice', () => {
    const app = mergeDeclarations(MODULE_DECLARATIONS, Object.values(Role));
    expect(app.protectedFields.map((f) => `${f.entity}.${f.property}`).sort()).toEqual([
      'DisabilityCertificate.certificateNumber',
      'DisclosureObjection.contact',
      'EmploymentRecord.contactPhone',
      'FundPayment.bankAccount',
      'Helper.phone',
      'Household.bankAccount',
      'Household.contactPhone',
      'ImplementingEntity.phone',
      'Member.disabilityCertificate',
      'Member.idNumber',
      'SocialAssistanceRosterEntry.idNumber',
      'SupervisionHotlineCase.reporterContact',
      'SupervisionHotlineCase.reporterName',
      'User.phone',
    ]);
    // Every subject is revealed by exactly one declared field, with its read permission.
    expect(Object.keys(app.revealReadPermission).sort()).toEqual(Object.values(PersonalDataSubjectEnum).sort());
    expect(app.revealReadPermission.HELPER_PHONE).toBe('assistance.read');

    const payees: ModuleDeclaration = { name: 'payees', entities: [], permissions: {}, protectedFields: FIELDS, settings: {} };
    const again: ModuleDeclaration = { ...payees, name: 'payees-again' };
    const base = MODULE_DECLARATIONS.map((d) => ({ ...d, protectedFields: d.protectedFields.filter((f) => f.subject !== 'HOUSEHOLD_BANK_ACCOUNT') }));
    expect(() => mergeDeclarations([...base, payees], Object.values(Role))).not.toThrow();
    expect(() => mergeDeclarations([...base, payees, again], Object.values(Role))).toThrow('protected field Payee.account is declared by two modules: payees and payees-again');
    expect(() => mergeDeclarations(MODULE_DECLARATIONS.concat({ ...payees, protectedFields: [{ ...PAYEE_ACCOUNT, entity: 'Member', property: 'idNumber' }] }), Object.values(Role))).toThrow(
      'protected field Member.idNumber is declared by two modules: households and payees',
    );
  });

  it('define a lazy value on a model: computed when first read, once, replaced when assigned', () => {
    const stored = encryptProtected(cipher, FIELDS, 'Payee', { account: '6222021234567890123' });
    const decrypt = jest.spyOn(cipher, 'decrypt');
    try {
      const model: { account?: string | null } = {};
      defineLazyValue(model, 'account', () => maskedField(cipher, PAYEE_ACCOUNT, stored));
      expect(decrypt).not.toHaveBeenCalled();
      expect(model.account).toBe(maskBankAccount('6222021234567890123'));
      expect(model.account).toBe(maskBankAccount('6222021234567890123'));
      expect(decrypt).toHaveBeenCalledTimes(1);
      expect({ ...model }).toEqual({ account: maskBankAccount('6222021234567890123') });
      model.account = null;
      expect(model.account).toBeNull();
    } finally {
      decrypt.mockRestore();
    }
  });
});
