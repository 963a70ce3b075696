import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { changesOf } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { SECRETS, Secrets } from '../config/secrets';
import { MemberEntity } from '../households/member.entity';
import { MembersRepository } from '../households/members.repository';
import { MembersService } from '../households/members.service';
import { ProtectedFieldsService } from '../households/protected-fields.service';
import { DisabilityType } from '../households/registry-codes';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { DISABILITY_CERTIFICATE_AUDIT } from './disability.audited';
import { DISABILITY_CERTIFICATE_NUMBER, DISABILITY_SECTOR } from './disability.declaration';
import { DisabilityCertificateEntity } from './disability.entities';
import { DisabilityErrors } from './disability.errors';
import { CertificateFilter, DisabilityRepository, VALID_IN_MONTH } from './disability.repository';
import { CATEGORIES_KEY, categoryName, checkCertificateNumber } from './disability-rules';

export interface CertificateTerms {
  category: DisabilityType;
  grade: number;
  certificateNumber: string;
  issuedOn: string;
  validUntil: string;
  needsLongTermCare?: boolean;
}

/** A certificate written, with the parameters read (disability.categories in force on the day recorded). */
export interface WrittenCertificate {
  certificate: DisabilityCertificateEntity;
  parametersUsed: ParameterValue[];
}

/** A certified disabled member of a registered household not on civil affairs' 低保 roster on the day. */
export interface NotOnDibaoMemberRow {
  member: MemberEntity;
  asOf: string;
  certificate: DisabilityCertificateEntity;
}

/** disability.dibao_inclusion (RULES.md §6: eligible registered disabled → 农村低保; seed §15). */
export const DIBAO_INCLUSION_KEY = 'disability.dibao_inclusion';

/** A registry member marked disabled without a certificate valid on the day, with the certificates it has had. */
export interface UncertifiedMemberRow {
  member: MemberEntity;
  asOf: string;
  certificates: DisabilityCertificateEntity[];
}

type CheckedTerms = Pick<DisabilityCertificateEntity, 'category' | 'grade' | 'certificateNumberEnc' | 'certificateNumberHash' | 'issuedOn' | 'validUntil' | 'needsLongTermCare'>;

/**
 * 残疾人证: members' second-generation disability certificates. One transaction per use case
 * locks the member, checks the write scope (the household's village, the disabled persons'
 * federation), the member current, the grade (1–4), the category listed in disability.categories (in force on the day recorded),
 * the dates, the number's form (the ID number + category digit + grade digit) and that its ID
 * number is the member's (by the blind index, never decrypted to compare), one unrevoked
 * certificate per member; writes and audits (the number masked).
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repo: DisabilityRepository,
    private readonly members: MembersService,
    private readonly membersRepo: MembersRepository,
    private readonly fields: ProtectedFieldsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<CertificateFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilityCertificateEntity>> {
    const { regionCode, ...rest } = filter;
    if (rest.validOn !== undefined && !isLocalDate(rest.validOn)) throw DisabilityErrors.invalidValue('validOn', '日期格式应为 YYYY-MM-DD');
    return this.repo.certificatePage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<DisabilityCertificateEntity[]> {
    return this.repo.findCertificatesInScope(principal, ids);
  }

  /** How answers show the number: masked by the declared field's mask. */
  maskedNumber(c: DisabilityCertificateEntity): string | null {
    return maskedField(this.secrets.cipher, DISABILITY_CERTIFICATE_NUMBER, c);
  }

  async create(principal: Principal, input: CertificateTerms & { memberId: string }): Promise<WrittenCertificate> {
    return this.unique(() =>
      this.dataSource.transaction(async (m) => {
        const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
        if (!inRegionScope(principal, member.regionCode, { sector: { value: DISABILITY_SECTOR, access: 'write' } })) throw DisabilityErrors.outOfScope('input.memberId');
        if (!member.active) throw DisabilityErrors.notCurrent();
        const { terms, parametersUsed } = await this.checkTerms(m, member, input);
        if (await this.repo.unrevokedOf(m, member.id)) throw DisabilityErrors.alreadyHeld();
        const certificate = await this.repo.insertCertificate(m, { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: DISABILITY_SECTOR });
        await this.audit.change(m, DISABILITY_CERTIFICATE_AUDIT, 'disability.createCertificate', null, this.auditView(certificate));
        return { certificate, parametersUsed };
      }),
    );
  }

  /** Corrects a certificate (not its member, not once revoked); send the version read. A new category or grade needs the new number too. */
  async update(principal: Principal, input: Partial<CertificateTerms> & { id: string; version: number }): Promise<WrittenCertificate> {
    const { id, version, ...changes } = input;
    return this.unique(() =>
      this.dataSource.transaction(async (m) => {
        const [found] = await this.repo.findCertificatesInScope(principal, [id], m, true);
        if (!found) throw DisabilityErrors.certificateNotFound();
        if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
        if (found.revokedOn !== null) throw DisabilityErrors.revoked();
        const given = changesOf<Partial<CertificateTerms>>(changes);
        const renumbered = (given.category !== undefined && given.category !== found.category) || (given.grade !== undefined && given.grade !== found.grade);
        if (renumbered && given.certificateNumber === undefined) throw DisabilityErrors.invalidValue('input.certificateNumber', '残疾类别或等级变更时须同时填写新的证号 (a new category or grade changes the number: give the new number)');
        const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
        const { terms, parametersUsed } = await this.checkTerms(m, member, { ...found, certificateNumber: '', ...given }, given.certificateNumber === undefined ? found : undefined);
        const after = await this.repo.updateCertificate(m, found.id, version, terms);
        await this.audit.change(m, DISABILITY_CERTIFICATE_AUDIT, 'disability.updateCertificate', this.auditView(found), this.auditView(after));
        return { certificate: after, parametersUsed };
      }),
    );
  }

  /** 注销: the certificate stops counting from `revokedOn` (not before its issue, not in the future); kept with the reason. */
  async revoke(principal: Principal, input: { id: string; version: number; revokedOn: string; reason: string }): Promise<DisabilityCertificateEntity> {
    if (!isLocalDate(input.revokedOn)) throw DisabilityErrors.invalidValue('input.revokedOn', '日期格式应为 YYYY-MM-DD');
    if (input.revokedOn > todayInChina()) throw DisabilityErrors.invalidPeriod('input.revokedOn', '注销日期不能晚于今天 (revoked in the future)');
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findCertificatesInScope(principal, [input.id], m, true);
      if (!found) throw DisabilityErrors.certificateNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      if (found.revokedOn !== null) throw DisabilityErrors.revoked();
      if (input.revokedOn < found.issuedOn) throw DisabilityErrors.invalidPeriod('input.revokedOn', `注销日期不能早于发证日期 ${found.issuedOn} (revoked before issued)`);
      const reason = input.reason.trim();
      const after = await this.repo.updateCertificate(m, found.id, input.version, { revokedOn: input.revokedOn, revokeReason: reason });
      await this.audit.change(m, DISABILITY_CERTIFICATE_AUDIT, 'disability.revokeCertificate', this.auditView(found), this.auditView(after), { reason });
      return after;
    });
  }

  /** Deletes a certificate entered in error, with the reason; one that subsidies were paid under is revoked instead (CERTIFICATE_HAS_PAYMENTS). */
  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<DisabilityCertificateEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findCertificatesInScope(principal, [input.id], m, true);
      if (!found) throw DisabilityErrors.certificateNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      if (await this.repo.hasPayments(m, found.id)) throw DisabilityErrors.hasPayments();
      await this.repo.deleteCertificate(m, found.id);
      await this.audit.change(m, DISABILITY_CERTIFICATE_AUDIT, 'disability.deleteCertificate', this.auditView(found), null, { reason: input.reason.trim() });
      return found;
    });
  }

  /** The full number, for a stated reason, with an audit row (revealPersonalData, DISABILITY_CERTIFICATE_NUMBER). */
  async revealNumber(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [c] = await this.repo.findCertificatesInScope(principal, [id], m);
      if (!c) throw DisabilityErrors.certificateNotFound('input.id');
      await this.audit.fact(m, DISABILITY_CERTIFICATE_AUDIT, 'personalData.unmask', c, { field: DISABILITY_CERTIFICATE_NUMBER.property }, { reason });
      return decryptField(this.secrets.cipher, DISABILITY_CERTIFICATE_NUMBER, c);
    });
  }

  /**
   * Registry members marked disabled (health includes DISABLED), current members of households in
   * the caller's region (or a subtree), without a certificate valid on `asOf` (default today):
   * none at all, expired, or revoked. By name, with the certificates each has had.
   */
  async disabledMembersWithoutCertificate(principal: Principal, filter: { regionCode?: string; asOf?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<UncertifiedMemberRow>> {
    const asOf = filter.asOf ?? todayInChina();
    if (!isLocalDate(asOf)) throw DisabilityErrors.invalidValue('asOf', '日期格式应为 YYYY-MM-DD');
    const qb = this.membersRepo
      .query(principal, { regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, active: true })
      .andWhere(`'DISABLED' = ANY(m.health)`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = m.id AND ${VALID_IN_MONTH('c')})`, { dStart: asOf, dEnd: asOf });
    const page = await paginate(qb, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (mm) => [mm.name, mm.id] }, { withTotalCount });
    const had = await this.repo.certificatesOf(page.edges.map((e) => e.node.id));
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: { member: e.node, asOf, certificates: had.get(e.node.id) ?? [] } })) };
  }

  /**
   * 纳入低保 (plan §15, disability.dibao_inclusion: eligible registered disabled people brought into
   * rural 低保): current members of registered households in the caller's region (or a subtree)
   * holding a certificate valid on `asOf` (default today) whom civil affairs' 低保 roster does not
   * cover on that day (matched by the ID number's blind index, never the clear value). A list for
   * review: whether each one is eligible (符合条件) is civil affairs' decision, so nobody is judged
   * here; the rule is answered with its source and status (not configured outside its period).
   * By name, each with its valid certificate (the latest issued).
   */
  async disabledMembersNotOnDibao(
    principal: Principal,
    filter: { regionCode?: string; asOf?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<NotOnDibaoMemberRow> & { asOf: string; rule: ParameterValue }> {
    const asOf = filter.asOf ?? todayInChina();
    if (!isLocalDate(asOf)) throw DisabilityErrors.invalidValue('asOf', '日期格式应为 YYYY-MM-DD');
    const qb = this.membersRepo
      .query(principal, { regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, active: true })
      .andWhere(`EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = m.id AND ${VALID_IN_MONTH('c')})`, { dStart: asOf, dEnd: asOf })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM social_assistance_roster_entries e WHERE e.category = 'DIBAO' AND e.id_number_hash = m.id_number_hash
           AND e.starts_on <= CAST(:dStart AS date) AND (e.ends_on IS NULL OR e.ends_on >= CAST(:dStart AS date)))`,
      );
    const page = await paginate(qb, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (mm) => [mm.name, mm.id] }, { withTotalCount });
    const valid = await this.repo.certificatesOf(page.edges.map((e) => e.node.id), { start: asOf, end: asOf });
    const rule = await this.parameters.valueAt(DIBAO_INCLUSION_KEY, asOf, filter.regionCode ?? principal.regionCode);
    return { ...page, asOf, rule, edges: page.edges.map((e) => ({ cursor: e.cursor, node: { member: e.node, asOf, certificate: valid.get(e.node.id)![0] } })) };
  }

  /**
   * The checks of a certificate's terms for a member found (and locked). `keep`: a correction
   * that leaves the number as it is (its category and grade unchanged): the stored columns are kept.
   */
  private async checkTerms(m: EntityManager, member: MemberEntity, input: CertificateTerms, keep?: DisabilityCertificateEntity): Promise<{ terms: CheckedTerms; parametersUsed: ParameterValue[] }> {
    if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > 4) throw DisabilityErrors.gradeRange();
    if (!isLocalDate(input.issuedOn)) throw DisabilityErrors.invalidValue('input.issuedOn', '日期格式应为 YYYY-MM-DD');
    if (!isLocalDate(input.validUntil)) throw DisabilityErrors.invalidValue('input.validUntil', '日期格式应为 YYYY-MM-DD');
    if (input.issuedOn > todayInChina()) throw DisabilityErrors.invalidPeriod('input.issuedOn', '发证日期不能晚于今天 (issued in the future)');
    if (input.validUntil < input.issuedOn) throw DisabilityErrors.invalidPeriod('input.validUntil', `有效期不能早于发证日期 ${input.issuedOn} (valid until before issued)`);
    // The list in force on the day the certificate is recorded (RULES.md: in force ≤2018→, seeded from 2018-01-01, so older issue dates are read against today's list).
    const list = await this.parameters.requireListedCode(CATEGORIES_KEY, categoryName(input.category), todayInChina(), member.regionCode, 'input.category', m);
    let stored: Pick<CheckedTerms, 'certificateNumberEnc' | 'certificateNumberHash'>;
    if (keep) {
      stored = { certificateNumberEnc: keep.certificateNumberEnc, certificateNumberHash: keep.certificateNumberHash };
    } else {
      const normalized = DISABILITY_CERTIFICATE_NUMBER.normalize(input.certificateNumber ?? '') ?? '';
      const check = checkCertificateNumber(normalized, input.category, input.grade);
      if (!check.ok) {
        if (check.problem === 'FORM') throw DisabilityErrors.numberForm();
        if (check.problem === 'ID') throw DisabilityErrors.numberIdInvalid(check.message);
        if (check.problem === 'CATEGORY') throw DisabilityErrors.numberCategory(check.digit);
        throw DisabilityErrors.numberGrade(input.grade);
      }
      // The member's ID number is compared by its blind index: neither side is decrypted.
      if (this.fields.hashIdNumber(check.idNumber) !== member.idNumberHash) throw DisabilityErrors.numberNotMembers();
      stored = encryptField(this.secrets.cipher, DISABILITY_CERTIFICATE_NUMBER, normalized, { normalized: true }) as Pick<CheckedTerms, 'certificateNumberEnc' | 'certificateNumberHash'>;
    }
    return {
      terms: { category: input.category, grade: input.grade, ...stored, issuedOn: input.issuedOn, validUntil: input.validUntil, needsLongTermCare: input.needsLongTermCare ?? false },
      parametersUsed: [list],
    };
  }

  /** The row as audited: with the clear number, which the descriptor records masked. */
  private auditView(c: DisabilityCertificateEntity) {
    return { ...c, certificateNumber: decryptField(this.secrets.cipher, DISABILITY_CERTIFICATE_NUMBER, c) };
  }

  /** Two officers recording a certificate for one member at once: the partial unique index decides, with the same answer as the check. */
  private async unique<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isUniqueViolation(e)) throw DisabilityErrors.alreadyHeld();
      throw e;
    }
  }
}
