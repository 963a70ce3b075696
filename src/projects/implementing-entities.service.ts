import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { todayInChina } from '../common/dates/local-date';
import { CreditCodeInfo, normalizeCreditCode, parseCreditCode } from '../common/identity-number/credit-code';
import { Connection, ConnectionArgs, emptyConnection } from '../common/pagination/connection';
import { decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { SECRETS, Secrets } from '../config/secrets';
import { ParametersService } from '../parameters/parameters.service';
import { RegionsService } from '../regions/regions.service';
import { IMPLEMENTING_ENTITY_AUDIT } from './implementing-entities.audited';
import { EntitiesErrors } from './implementing-entities.errors';
import { ImplementingEntitiesRepository, ImplementingEntityFilter } from './implementing-entities.repository';
import { ImplementingEntityEntity, ImplementingEntityStatus } from './implementing-entity.entity';
import { IMPLEMENTING_ENTITY_PHONE } from './projects.declaration';

/** The policy parameter whose codes an entity's type is (RULES.md §2). */
export const ENTITY_TYPES_KEY = 'project.entity_types';

export interface CreateImplementingEntity {
  type: string;
  name: string;
  creditCode: string;
  legalRepresentative: string;
  phone?: string | null;
  regionCode: string;
  foundedOn?: string | null;
  /** Default today. */
  listedOn?: string | null;
  businessScope?: string | null;
}

export interface UpdateImplementingEntity {
  id: string;
  version: number;
  type?: string;
  name?: string;
  creditCode?: string;
  legalRepresentative?: string;
  /** '' or null clears it. */
  phone?: string | null;
  regionCode?: string;
  foundedOn?: string | null;
  listedOn?: string;
  businessScope?: string | null;
}

export interface ListImplementingEntities extends Omit<ImplementingEntityFilter, 'withinPrefix' | 'creditCode'> {
  regionCode?: string;
  creditCode?: string;
}

/**
 * Implementing entities (经营主体): the cooperatives, family farms, enterprises, processing points
 * and village collectives that carry industry projects. Each use case is one transaction that reads
 * what it checks (the region in scope, the type in project.entity_types, the credit code free),
 * writes and records its audit row. A sector officer records entities as its department and
 * changes only those (the kit's sector write scope).
 */
@Injectable()
export class ImplementingEntitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repo: ImplementingEntitiesRepository,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, filter: ListImplementingEntities, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ImplementingEntityEntity>> {
    const { regionCode, creditCode, ...rest } = filter;
    // A credit code is looked up by its normalised form; one that is not a code matches nothing.
    const parsed = creditCode !== undefined ? parseCreditCode(creditCode) : null;
    if (parsed && !parsed.ok) return emptyConnection(withTotalCount);
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined, creditCode: parsed?.value }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<ImplementingEntityEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  findByIds(ids: readonly string[], manager?: EntityManager): Promise<ImplementingEntityEntity[]> {
    return this.repo.findByIds(ids, manager);
  }

  async create(principal: Principal, input: CreateImplementingEntity): Promise<ImplementingEntityEntity> {
    const today = todayInChina();
    const listedOn = input.listedOn ?? today;
    this.checkDates(input.foundedOn ?? null, listedOn, today);
    const creditCode = this.creditCode(input.creditCode);
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.checkRegion(principal, input.regionCode, 'input.regionCode', m);
        await this.parameters.requireListedCode(ENTITY_TYPES_KEY, input.type, listedOn, input.regionCode, 'input.type', m);
        if (await this.repo.creditCodeTaken(m, creditCode.value)) throw EntitiesErrors.creditCodeTaken();
        const phone = input.phone || null;
        const entity = await this.repo.insert(m, {
          type: input.type,
          name: input.name.trim(),
          creditCode: creditCode.value,
          legalRepresentative: input.legalRepresentative.trim(),
          regionCode: input.regionCode,
          sector: principal.sector ?? null,
          foundedOn: input.foundedOn ?? null,
          listedOn,
          businessScope: input.businessScope?.trim() || null,
          status: ImplementingEntityStatus.ACTIVE,
          ...this.phoneColumns(phone),
        });
        await this.audit.change(m, IMPLEMENTING_ENTITY_AUDIT, 'projects.createImplementingEntity', null, { ...entity, phone });
        return entity;
      });
    } catch (e) {
      // Two officers entering the same code at once: the unique index decides, with the same answer.
      if (isUniqueViolation(e)) throw EntitiesErrors.creditCodeTaken();
      throw e;
    }
  }

  async update(principal: Principal, input: UpdateImplementingEntity): Promise<ImplementingEntityEntity> {
    const today = todayInChina();
    const creditCode = input.creditCode !== undefined ? this.creditCode(input.creditCode) : null;
    try {
      return await this.dataSource.transaction(async (m) => {
        const [before] = await this.repo.findInScope(principal, [input.id], m, true);
        if (!before) throw EntitiesErrors.entityNotFound();
        if (before.status === ImplementingEntityStatus.CLOSED) throw EntitiesErrors.entityClosed();
        const patch: Partial<ImplementingEntityEntity> = {};
        if (input.name !== undefined) patch.name = input.name.trim();
        if (input.legalRepresentative !== undefined) patch.legalRepresentative = input.legalRepresentative.trim();
        if (input.businessScope !== undefined) patch.businessScope = input.businessScope?.trim() || null;
        if (input.foundedOn !== undefined) patch.foundedOn = input.foundedOn;
        if (input.listedOn !== undefined) patch.listedOn = input.listedOn;
        this.checkDates(patch.foundedOn !== undefined ? patch.foundedOn : before.foundedOn, patch.listedOn ?? before.listedOn, today);
        if (input.regionCode !== undefined) {
          await this.checkRegion(principal, input.regionCode, 'input.regionCode', m);
          patch.regionCode = input.regionCode;
        }
        // The type is checked again when it, the region or the listing date moves.
        if (input.type !== undefined || input.regionCode !== undefined || input.listedOn !== undefined) {
          const type = input.type ?? before.type;
          await this.parameters.requireListedCode(ENTITY_TYPES_KEY, type, patch.listedOn ?? before.listedOn, patch.regionCode ?? before.regionCode, 'input.type', m);
          patch.type = type;
        }
        if (creditCode) {
          if (await this.repo.creditCodeTaken(m, creditCode.value, before.id)) throw EntitiesErrors.creditCodeTaken();
          patch.creditCode = creditCode.value;
        }
        if (input.phone !== undefined) Object.assign(patch, this.phoneColumns(input.phone || null));
        const after = await this.repo.update(m, before.id, input.version, patch);
        const beforePhone = this.plainPhone(before);
        const afterPhone = input.phone !== undefined ? input.phone || null : beforePhone;
        await this.audit.change(m, IMPLEMENTING_ENTITY_AUDIT, 'projects.updateImplementingEntity', { ...before, phone: beforePhone }, { ...after, phone: afterPhone });
        return after;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw EntitiesErrors.creditCodeTaken();
      throw e;
    }
  }

  /** Closes an entity (注销, 退出) with the date and reason; it stays readable, and is changed no more. */
  async close(principal: Principal, input: { id: string; version: number; reason: string; closedOn?: string | null }): Promise<ImplementingEntityEntity> {
    const today = todayInChina();
    const closedOn = input.closedOn ?? today;
    if (closedOn > today) throw EntitiesErrors.dateInFuture('input.closedOn');
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!before) throw EntitiesErrors.entityNotFound();
      if (before.status === ImplementingEntityStatus.CLOSED) throw EntitiesErrors.entityClosed();
      if (closedOn < before.listedOn) throw EntitiesErrors.invalidPeriod('input.closedOn', `退出日期不能早于纳入日期 ${before.listedOn} (closed before it was listed)`);
      const after = await this.repo.update(m, before.id, input.version, { status: ImplementingEntityStatus.CLOSED, closedOn, closeReason: input.reason.trim() });
      await this.audit.change(m, IMPLEMENTING_ENTITY_AUDIT, 'projects.closeImplementingEntity', before, after, { reason: input.reason.trim() });
      return after;
    });
  }

  /** The full contact phone, for a stated reason, with an audit row (revealPersonalData, IMPLEMENTING_ENTITY_PHONE). */
  async revealPhone(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [entity] = await this.repo.findInScope(principal, [id], m);
      if (!entity) throw EntitiesErrors.entityNotFound('id');
      await this.audit.fact(m, IMPLEMENTING_ENTITY_AUDIT, 'personalData.unmask', entity, { field: IMPLEMENTING_ENTITY_PHONE.property }, { reason });
      return this.plainPhone(entity);
    });
  }

  /** How answers show the phone: masked by the declared field's mask. */
  maskedPhone(entity: ImplementingEntityEntity): string | null {
    return maskedField(this.secrets.cipher, IMPLEMENTING_ENTITY_PHONE, entity);
  }

  /** What a stored credit code says (authority, type, division), for answers. */
  creditCodeInfo(entity: ImplementingEntityEntity): CreditCodeInfo | null {
    const parsed = parseCreditCode(entity.creditCode);
    return parsed.ok ? parsed : null;
  }

  private creditCode(input: string): CreditCodeInfo {
    const parsed = parseCreditCode(normalizeCreditCode(input));
    if (!parsed.ok) throw EntitiesErrors.creditCodeInvalid(parsed);
    return parsed;
  }

  private checkDates(foundedOn: string | null, listedOn: string, today: string): void {
    if (foundedOn && foundedOn > today) throw EntitiesErrors.dateInFuture('input.foundedOn');
    if (listedOn > today) throw EntitiesErrors.dateInFuture('input.listedOn');
    if (foundedOn && listedOn < foundedOn) throw EntitiesErrors.invalidPeriod('input.listedOn', `纳入日期不能早于成立日期 ${foundedOn} (listed before it was founded)`);
  }

  /** The region exists and lies in the caller's write scope (a sector officer: with its sector). */
  private async checkRegion(principal: Principal, regionCode: string, field: string, m: EntityManager): Promise<void> {
    const region = await this.regions.findByCode(regionCode, m);
    if (!region) throw EntitiesErrors.regionNotFound(field);
    if (!inRegionScope(principal, region.code, { sector: { value: principal.sector ?? null, access: 'write' } })) throw EntitiesErrors.regionOutOfScope(field);
  }

  private plainPhone(entity: ImplementingEntityEntity): string | null {
    return decryptField(this.secrets.cipher, IMPLEMENTING_ENTITY_PHONE, entity);
  }

  private phoneColumns(phone: string | null): Pick<ImplementingEntityEntity, 'phoneEnc' | 'phoneHash'> {
    return encryptField(this.secrets.cipher, IMPLEMENTING_ENTITY_PHONE, phone) as Pick<ImplementingEntityEntity, 'phoneEnc' | 'phoneHash'>;
  }
}
