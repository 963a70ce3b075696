import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { yearEnd } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { EntitiesErrors } from '../projects/implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../projects/implementing-entities.repository';
import { POVERTY_WORKSHOP_AUDIT } from './employment.audited';
import { EMPLOYMENT_SECTOR } from './employment.declaration';
import { EmploymentErrors } from './employment.errors';
import { PovertyWorkshopEntity } from './workshops.entity';
import { WorkshopsRepository } from './workshops.repository';

/** The workshop parameters (RULES.md §3): the minimum of poor workers, and the award terms (a rule stated as text). */
export const WORKSHOP_MIN_POOR_WORKERS_KEY = 'employment.workshop_min_poor_workers';
export const WORKSHOP_TERMS_KEY = 'employment.workshop_terms';

export interface WorkshopTerms {
  entityId: string;
  name: string;
  regionCode: string;
  capacity: number;
  openedOn: string;
  closedOn?: string | null;
}

/** A page of workshops of a year against the minimum (null: not configured, no verdict). */
export interface WorkshopYearPage extends Connection<PovertyWorkshopEntity> {
  poorWorkers: Map<PovertyWorkshopEntity, number>;
  minimum: ParameterValue;
  terms: ParameterValue;
}

/**
 * Poverty-alleviation workshops (扶贫车间): one transaction per change, checked for the write scope
 * (the village, the human resources department) and the implementing entity readable. The poor
 * workers of a year come from the employment records naming the workshop; the minimum is
 * employment.workshop_min_poor_workers as of the year's end in the region asked about (not
 * configured: no verdict).
 */
@Injectable()
export class WorkshopsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: WorkshopsRepository,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  /** The workshops of the year with their poor workers; `belowMinimum` only those under a configured minimum (else PARAMETER_NOT_CONFIGURED naming `year`). */
  async list(principal: Principal, filter: { year: number; regionCode?: string; belowMinimum?: boolean }, args: ConnectionArgs, withTotalCount: boolean): Promise<WorkshopYearPage> {
    const region = filter.regionCode ?? principal.regionCode;
    const [minimum, terms] = await this.parameters.valuesAt([WORKSHOP_MIN_POOR_WORKERS_KEY, WORKSHOP_TERMS_KEY], yearEnd(filter.year), region);
    if (filter.belowMinimum && !minimum.configured) await this.parameters.requireConfigured(WORKSHOP_MIN_POOR_WORKERS_KEY, yearEnd(filter.year), region, 'year');
    const page = await this.repo.page(
      principal,
      { year: filter.year, withinPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, belowMinimum: filter.belowMinimum ? Number(minimum.value) : undefined },
      args,
      withTotalCount,
    );
    return { ...page, minimum, terms };
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<PovertyWorkshopEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  async create(principal: Principal, input: WorkshopTerms): Promise<PovertyWorkshopEntity> {
    const terms = checkWorkshopShape(input);
    return this.dataSource.transaction(async (m) => {
      if (!inRegionScope(principal, terms.regionCode, { sector: { value: EMPLOYMENT_SECTOR, access: 'write' } })) throw EmploymentErrors.outOfScope('input.regionCode');
      await this.parameters.requireRegion(terms.regionCode, 'input.regionCode', m);
      await this.checkEntity(principal, m, terms.entityId);
      const w = await this.repo.insert(m, { ...terms, sector: EMPLOYMENT_SECTOR });
      await this.audit.change(m, POVERTY_WORKSHOP_AUDIT, 'employment.createPovertyWorkshop', null, w);
      return w;
    });
  }

  /** Corrects a workshop (not its village), or closes it with closedOn; send the version read. */
  async update(principal: Principal, input: Partial<Omit<WorkshopTerms, 'regionCode'>> & { id: string; version: number }): Promise<PovertyWorkshopEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!found) throw EmploymentErrors.workshopNotFound();
      const { id: _id, version, ...changes } = input;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      const terms = checkWorkshopShape({ ...found, ...defined, regionCode: found.regionCode });
      if (terms.entityId !== found.entityId) await this.checkEntity(principal, m, terms.entityId);
      const after = await this.repo.update(m, found.id, version, terms);
      await this.audit.change(m, POVERTY_WORKSHOP_AUDIT, 'employment.updatePovertyWorkshop', found, after);
      return after;
    });
  }

  private async checkEntity(principal: Principal, m: EntityManager, entityId: string): Promise<void> {
    const [entity] = await this.entities.findInScope(principal, [entityId], m);
    if (!entity) throw EntitiesErrors.entityNotFound('input.entityId');
  }
}

/** The shapes of a workshop's terms before any read; trims the name. */
function checkWorkshopShape(input: WorkshopTerms): Required<WorkshopTerms> {
  if (!Number.isInteger(input.capacity) || input.capacity < 1) throw EmploymentErrors.invalidValue('input.capacity', '车间容量须为不小于 1 的整数 (capacity: a whole number, at least 1)');
  const closedOn = input.closedOn ?? null;
  if (closedOn !== null && closedOn < input.openedOn) throw EmploymentErrors.invalidPeriod('input.closedOn', `关闭日期不能早于开办日期 ${input.openedOn} (closes before it opens)`);
  return { entityId: input.entityId, name: input.name.trim(), regionCode: input.regionCode, capacity: input.capacity, openedOn: input.openedOn, closedOn };
}
