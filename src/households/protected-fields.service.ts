import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../common/access/principal';
import { parseCitizenId } from '../common/identity-number/citizen-id';
import { SECRETS, Secrets } from '../config/secrets';
import { AuditService } from '../audit/audit.service';
import { HouseholdEntity } from './household.entity';
import { HouseholdsErrors } from './households.errors';
import { HouseholdsRepository } from './households.repository';
import { MemberEntity } from './member.entity';
import { MembersRepository } from './members.repository';
import {
  BANK_ACCOUNT_DOMAIN,
  CITIZEN_ID_DOMAIN,
  decryptOptional,
  encryptOptional,
  normalizeBankAccount,
  normalizeDisabilityCertificate,
  PROTECTED_MASKS,
} from './protected-fields';
import { HOUSEHOLD_AUDIT, HouseholdAuditView, MEMBER_AUDIT, MemberAuditView } from './households.audited';

/** Protected fields, recorded masked in the audit trail (DEFAULT_OMIT leaves out *Enc, *Hash, version, timestamps). */
export const AUDIT_MASK = PROTECTED_MASKS;

/**
 * The registry's protected values for the other registry services: encrypting them into their
 * columns, the blind indexes they are looked up by, the audit views that show them only to be
 * masked, and revealing one in full (in the caller's scope, with a reason, audited). The
 * definitions (domains, normalisation, masks) are protected-fields.ts.
 */
@Injectable()
export class ProtectedFieldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly households: HouseholdsRepository,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ encrypt, blind index

  /** The blind index of an ID number to look up (resident ID numbers normalised first: lower-case x, full-width digits). */
  hashIdNumber(idNumber: string): string {
    const parsed = parseCitizenId(idNumber);
    const normalised = parsed.ok ? parsed.value : idNumber.normalize('NFKC').trim().toUpperCase();
    return this.secrets.cipher.blindIndex(normalised || '-', CITIZEN_ID_DOMAIN);
  }

  /** The stored columns of a checked (normalised) ID number: encrypted and its blind index. */
  idNumberColumns(idNumber: string): Pick<MemberEntity, 'idNumberEnc' | 'idNumberHash'> {
    return { idNumberEnc: this.secrets.cipher.encrypt(idNumber), idNumberHash: this.secrets.cipher.blindIndex(idNumber, CITIZEN_ID_DOMAIN) };
  }

  /** The stored (encrypted) disability certificate number; null when none. */
  disabilityCertificateEnc(value: string | null | undefined): string | null {
    return encryptOptional(this.secrets.cipher, normalizeDisabilityCertificate(value));
  }

  /** A household's protected columns from the clear values (contact phone trimmed, bank account normalised and indexed). */
  householdColumns(v: { contactPhone?: string | null; bankAccount?: string | null }): Pick<HouseholdEntity, 'contactPhoneEnc' | 'bankAccountEnc' | 'bankAccountHash'> {
    const cipher = this.secrets.cipher;
    const phone = v.contactPhone?.trim() || null;
    const account = normalizeBankAccount(v.bankAccount);
    return {
      contactPhoneEnc: phone ? cipher.encrypt(phone) : null,
      bankAccountEnc: account ? cipher.encrypt(account) : null,
      bankAccountHash: account ? cipher.blindIndex(account, BANK_ACCOUNT_DOMAIN) : null,
    };
  }

  /** The clear ID number of a member. */
  idNumberOf(member: Pick<MemberEntity, 'idNumberEnc'>): string {
    return this.secrets.cipher.decrypt(member.idNumberEnc);
  }

  /** The clear disability certificate number of a member; null when none. */
  disabilityCertificateOf(member: Pick<MemberEntity, 'disabilityCertificateEnc'>): string | null {
    return decryptOptional(this.secrets.cipher, member.disabilityCertificateEnc);
  }

  // ------------------------------------------------------------------ audit views (masked by diffChanges)

  /**
   * A member as the audit trail sees it: protected values decrypted here only to be masked by
   * diffChanges (pass AUDIT_MASK / PROTECTED_MASKS). `idNumber`: the clear ID number when known.
   */
  memberAuditView(member: MemberEntity, idNumber?: string): MemberAuditView {
    return { ...member, idNumber: idNumber ?? this.idNumberOf(member), disabilityCertificate: this.disabilityCertificateOf(member) };
  }

  /** A household as the audit trail sees it: protected values decrypted here only to be masked by diffChanges. */
  householdAuditView(h: HouseholdEntity): HouseholdAuditView {
    return {
      ...h,
      contactPhone: decryptOptional(this.secrets.cipher, h.contactPhoneEnc),
      bankAccount: decryptOptional(this.secrets.cipher, h.bankAccountEnc),
    };
  }

  // ------------------------------------------------------------------ reveal (PersonalDataRegistry)

  revealIdNumber(principal: Principal, memberId: string, reason: string): Promise<string | null> {
    return this.revealMemberField(principal, memberId, reason, 'idNumber', (m) => this.idNumberOf(m));
  }

  /** The full disability certificate number (PersonalDataSubject.MEMBER_DISABILITY_CERTIFICATE): needs the member's read permission too. */
  async revealDisabilityCertificate(principal: Principal, memberId: string, reason: string): Promise<string | null> {
    if (!principal.permissions.has('households.read')) throw HouseholdsErrors.cannotReadMembers();
    return this.revealMemberField(principal, memberId, reason, 'disabilityCertificate', (m) => this.disabilityCertificateOf(m));
  }

  revealBankAccount(principal: Principal, householdId: string, reason: string): Promise<string | null> {
    return this.revealHouseholdField(principal, householdId, reason, 'bankAccount', (h) => h.bankAccountEnc);
  }

  revealContactPhone(principal: Principal, householdId: string, reason: string): Promise<string | null> {
    return this.revealHouseholdField(principal, householdId, reason, 'contactPhone', (h) => h.contactPhoneEnc);
  }

  private revealMemberField(principal: Principal, id: string, reason: string, field: string, read: (m: MemberEntity) => string | null): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [member] = await this.members.findInScope(principal, [id], m);
      if (!member) throw HouseholdsErrors.memberNotFound();
      await this.audit.fact(m, MEMBER_AUDIT, 'personalData.unmask', member, { field }, { reason });
      return read(member);
    });
  }

  private revealHouseholdField(principal: Principal, id: string, reason: string, field: string, read: (h: HouseholdEntity) => string | null): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [household] = await this.households.findInScope(principal, [id], m);
      if (!household) throw HouseholdsErrors.householdNotFound();
      await this.audit.fact(m, HOUSEHOLD_AUDIT, 'personalData.unmask', household, { field }, { reason });
      return decryptOptional(this.secrets.cipher, read(household));
    });
  }
}
