import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../common/crypto/field-cipher';
import { encryptField } from '../common/protection/protected-field';
import { Household } from './household.model';
import type { HouseholdEntity } from './household.entity';
import { Member } from './member.model';
import type { MemberEntity } from './member.entity';
import { CONTACT_PHONE, ID_NUMBER } from './protected-fields';

const cipher = new FieldCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } }, randomBytes(32));

describe('models of the registry: protected values masked when read, not before', () => {
  it('a member’s ID number and a household’s contact phone are decrypted only when read, once', () => {
    const member = { id: 'm', health: [], relation: 'HEAD', sex: 'MALE', idType: 'RESIDENT_ID_CARD', ...encryptField(cipher, ID_NUMBER, '410106195001011235'), disabilityCertificateEnc: null } as unknown as MemberEntity;
    const household = { id: 'h', otherCauses: [], ...encryptField(cipher, CONTACT_PHONE, '13812345678'), bankAccountEnc: null } as unknown as HouseholdEntity;
    const decrypt = jest.spyOn(cipher, 'decrypt');
    try {
      const m = Member.from(member, cipher);
      const h = Household.from(household, cipher);
      expect(decrypt).not.toHaveBeenCalled();
      expect(m.idNumber).toBe(ID_NUMBER.mask('410106195001011235'));
      expect(m.idNumber).toMatch(/\*/);
      expect(m.disabilityCertificate).toBeNull();
      expect(h.contactPhone).toBe(CONTACT_PHONE.mask('13812345678'));
      expect(h.bankAccount).toBeNull();
      expect(m.idNumber).toBe(ID_NUMBER.mask('410106195001011235'));
      expect(decrypt).toHaveBeenCalledTimes(2);
      m.idNumber = 'x';
      expect(m.idNumber).toBe('x');
    } finally {
      decrypt.mockRestore();
    }
  });
});
