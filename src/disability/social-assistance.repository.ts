import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { SocialAssistanceCategory, SocialAssistanceRosterEntryEntity } from './social-assistance.entities';

/** A roster entry's key: one person, category and start date. */
export interface RosterEntryKey {
  category: SocialAssistanceCategory;
  idNumberHash: string;
  startsOn: string;
}

export const rosterEntryKeyText = (k: RosterEntryKey): string => `${k.category}|${k.idNumberHash}|${k.startsOn}`;

export interface RosterEntryFilter {
  category?: SocialAssistanceCategory;
  civilHouseholdNumber?: string;
  /** Only entries covering this day (started by it, not ended before it). */
  coveredOn?: string;
  withinPrefix?: string;
  /** The blind index of an ID number looked up (never the clear value). */
  idNumberHash?: string;
}

/** The SQL of the social-assistance roster entries, scoped by their village (writes: and the sector). */
@Injectable()
export class SocialAssistanceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The stored entries of `keys`, whatever their region (a key names one person's entry: the import
   * refuses one outside its write scope rather than creating a second), locked for the write.
   */
  async findByKeys(m: EntityManager, keys: readonly RosterEntryKey[]): Promise<Map<string, SocialAssistanceRosterEntryEntity>> {
    if (!keys.length) return new Map();
    const rows = await m
      .getRepository(SocialAssistanceRosterEntryEntity)
      .createQueryBuilder('e')
      .where(`(e.category::text, e.id_number_hash, e.starts_on) IN (SELECT * FROM unnest(CAST(:cats AS text[]), CAST(:hashes AS text[]), CAST(:starts AS date[])))`, {
        cats: keys.map((k) => k.category),
        hashes: keys.map((k) => k.idNumberHash),
        starts: keys.map((k) => k.startsOn),
      })
      .orderBy('e.id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((r) => [rosterEntryKeyText(r), r]));
  }

  async insert(m: EntityManager, row: Partial<SocialAssistanceRosterEntryEntity>): Promise<SocialAssistanceRosterEntryEntity> {
    const repo = m.getRepository(SocialAssistanceRosterEntryEntity);
    return repo.save(repo.create(row));
  }

  async update(m: EntityManager, before: SocialAssistanceRosterEntryEntity, changes: Partial<SocialAssistanceRosterEntryEntity>): Promise<SocialAssistanceRosterEntryEntity> {
    const repo = m.getRepository(SocialAssistanceRosterEntryEntity);
    return repo.save(repo.merge(repo.create({ ...before }), changes));
  }

  findInScope(holder: ScopeHolder, ids: readonly string[], m?: EntityManager): Promise<SocialAssistanceRosterEntryEntity[]> {
    return findScoped(m ?? this.dataSource.manager, SocialAssistanceRosterEntryEntity, holder, ids);
  }

  /** The caller's entries (region scope), by civil-affairs household number, start and id. */
  page(principal: Principal, filter: RosterEntryFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<SocialAssistanceRosterEntryEntity>> {
    const qb = this.dataSource.getRepository(SocialAssistanceRosterEntryEntity).createQueryBuilder('e');
    applyRegionScope(qb, 'e.region_code', principal);
    if (filter.withinPrefix) applyWithin(qb, 'e.region_code', filter.withinPrefix);
    if (filter.category) qb.andWhere('e.category = :category', { category: filter.category });
    if (filter.civilHouseholdNumber) qb.andWhere('e.civil_household_number = :hn', { hn: filter.civilHouseholdNumber });
    if (filter.idNumberHash) qb.andWhere('e.id_number_hash = :hash', { hash: filter.idNumberHash });
    if (filter.coveredOn) qb.andWhere('e.starts_on <= CAST(:on AS date) AND (e.ends_on IS NULL OR e.ends_on >= CAST(:on AS date))', { on: filter.coveredOn });
    return paginate(qb, args, { tag: 'household', column: 'e.civil_household_number', type: 'text', idColumn: 'e.id', key: (e) => [e.civilHouseholdNumber, e.id] }, { withTotalCount });
  }
}
