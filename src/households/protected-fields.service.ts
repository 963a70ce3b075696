import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../common/access/principal';
import { blindIndexOf, decryptField, decryptProtected, encryptField, encryptProtected, ProtectedField } from '../common/protection/protected-field';
import { SECRETS, Secrets } from '../config/secrets';
import { AuditService } from '../audit/audit.service';
import { HouseholdEntity } from './household.entity';
import { HouseholdsErrors } from './households.errors';
import { HouseholdsRepository } from './households.repository';
import { MemberEntity } from './member.entity';
import { MembersRepository } from './members.repository';
import { DISABILITY_CERTIFICATE, HOUSEHOLD, HOUSEHOLDS_PROTECTED_FIELDS, ID_NUMBER, MEMBER } from './protected-fields';
import { HOUSEHOLD_AUDIT, HouseholdAuditView, MEMBER_AUDIT, MemberAuditView } from './households.audited';

/**
 * The audit masks, one per entity, derived from the declarations (DEFAULT_OMIT leaves out *Enc,
 * *Hash, version, timestamps).
 */
export { HOUSEHOLD_AUDIT_MASK, MEMBER_AUDIT_MASK } from './protected-fields';

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
    return blindIndexOf(this.secrets.cipher, ID_NUMBER, idNumber);
  }

  /** The stored columns of a checked (normalised) ID number: encrypted and its blind index. */
  idNumberColumns(idNumber: string): Pick<MemberEntity, 'idNumberEnc' | 'idNumberHash'> {
    return encryptField(this.secrets.cipher, ID_NUMBER, idNumber, { normalized: true }) as Pick<MemberEntity, 'idNumberEnc' | 'idNumberHash'>;
  }

  /** The stored (encrypted) disability certificate number; null when none. */
  disabilityCertificateEnc(value: string | null | undefined): string | null {
    return encryptField(this.secrets.cipher, DISABILITY_CERTIFICATE, value)[DISABILITY_CERTIFICATE.encrypted.property];
  }

  /** A household's protected columns from the clear values (contact phone trimmed, bank account normalised and indexed). */
  householdColumns(v: { contactPhone?: string | null; bankAccount?: string | null }): Pick<HouseholdEntity, 'contactPhoneEnc' | 'bankAccountEnc' | 'bankAccountHash'> {
    const plain = { contactPhone: v.contactPhone ?? null, bankAccount: v.bankAccount ?? null };
    return encryptProtected(this.secrets.cipher, HOUSEHOLDS_PROTECTED_FIELDS, HOUSEHOLD, plain) as Pick<HouseholdEntity, 'contactPhoneEnc' | 'bankAccountEnc' | 'bankAccountHash'>;
  }

  /** The clear ID number of a member. */
  idNumberOf(member: Pick<MemberEntity, 'idNumberEnc'>): string {
    return this.secrets.cipher.decrypt(member.idNumberEnc);
  }

  /** The clear disability certificate number of a member; null when none. */
  disabilityCertificateOf(member: Pick<MemberEntity, 'disabilityCertificateEnc'>): string | null {
    return decryptField(this.secrets.cipher, DISABILITY_CERTIFICATE, member);
  }

  // ------------------------------------------------------------------ audit views (masked by diffChanges)

  /**
   * A member as the audit trail sees it: protected values decrypted here only to be masked by
   * diffChanges (pass MEMBER_AUDIT_MASK). `idNumber`: the clear ID number when known.
   */
  memberAuditView(member: MemberEntity, idNumber?: string): MemberAuditView {
    const clear = decryptProtected(this.secrets.cipher, HOUSEHOLDS_PROTECTED_FIELDS, MEMBER, member);
    return { ...member, ...clear, idNumber: idNumber ?? clear.idNumber ?? undefined };
  }

  /** A household as the audit trail sees it: protected values decrypted here only to be masked by diffChanges (HOUSEHOLD_AUDIT_MASK). */
  householdAuditView(h: HouseholdEntity): HouseholdAuditView {
    return { ...h, ...decryptProtected(this.secrets.cipher, HOUSEHOLDS_PROTECTED_FIELDS, HOUSEHOLD, h) };
  }

  // ------------------------------------------------------------------ reveal (PersonalDataRegistry)

  /**
   * The full value of a declared field of a member or household (its subject's revealer, see
   * HouseholdsModule): the record in the caller's scope, an audit row with the reason. The
   * registry has checked `personalData.unmask` and the declaration's read permission.
   */
  async reveal(field: ProtectedField, principal: Principal, id: string, reason: string): Promise<string | null> {
    if (!principal.permissions.has(field.readPermission)) throw HouseholdsErrors.cannotReadMembers();
    return this.dataSource.transaction(async (m) => {
      const [row] = field.entity === MEMBER ? await this.members.findInScope(principal, [id], m) : await this.households.findInScope(principal, [id], m);
      if (!row) throw field.entity === MEMBER ? HouseholdsErrors.memberNotFound() : HouseholdsErrors.householdNotFound();
      if (field.entity === MEMBER) await this.audit.fact(m, MEMBER_AUDIT, 'personalData.unmask', row as MemberEntity, { field: field.property }, { reason });
      else await this.audit.fact(m, HOUSEHOLD_AUDIT, 'personalData.unmask', row as HouseholdEntity, { field: field.property }, { reason });
      return decryptField(this.secrets.cipher, field, row);
    });
  }
}
