import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PolicyParameterEntity } from './policy-parameter.entity';
import { WorkingCalendarEntity } from './working-calendar.entity';
import { SeedCalendar, SeedParameter } from './parameter-types';

/** The SQL of the parameter store and the working calendars (reference data, not region-owned rows). */
@Injectable()
export class ParametersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * The current version in force on `asOf` for each key, the narrowest scope covering
   * `regionCode` winning ('' national covers everything).
   */
  inForce(keys: readonly string[], asOf: string, regionCode: string, manager?: EntityManager): Promise<PolicyParameterEntity[]> {
    return this.m(manager)
      .getRepository(PolicyParameterEntity)
      .createQueryBuilder('p')
      .distinctOn(['p.key'])
      .where('p.key = ANY(:keys)', { keys: [...keys] })
      .andWhere('p.superseded_at IS NULL')
      .andWhere('p.effective_from <= :asOf AND (p.effective_to IS NULL OR p.effective_to >= :asOf)', { asOf })
      .andWhere('left(:region, length(p.scope_prefix)) = p.scope_prefix', { region: regionCode })
      .orderBy('p.key')
      .addOrderBy('length(p.scope_prefix)', 'DESC')
      .getMany();
  }

  /** Each known key among `keys` with its latest version's type and unit (what a new version must match). */
  async keyInfo(keys: readonly string[], manager?: EntityManager): Promise<Map<string, Pick<PolicyParameterEntity, 'valueType' | 'unit'>>> {
    const rows: { key: string; value_type: PolicyParameterEntity['valueType']; unit: string }[] = await this.m(manager).query(
      `SELECT DISTINCT ON (key) key, value_type, unit FROM policy_parameters WHERE key = ANY($1) ORDER BY key, created_at DESC`,
      [[...keys]],
    );
    return new Map(rows.map((r) => [r.key, { valueType: r.value_type, unit: r.unit }]));
  }

  /** Every known key starting with `prefix`, in order. */
  async keysWithPrefix(prefix: string): Promise<string[]> {
    const rows: { key: string }[] = await this.dataSource.query(
      `SELECT DISTINCT key FROM policy_parameters WHERE left(key, length($1)) = $1 ORDER BY key`,
      [prefix],
    );
    return rows.map((r) => r.key);
  }

  /** Every version of a key (superseded ones too), widest scope first, then by period and entry. */
  history(key: string): Promise<PolicyParameterEntity[]> {
    return this.dataSource
      .getRepository(PolicyParameterEntity)
      .createQueryBuilder('p')
      .where('p.key = :key', { key })
      .orderBy('length(p.scope_prefix)')
      .addOrderBy('p.scope_code')
      .addOrderBy('p.effective_from')
      .addOrderBy('p.created_at')
      .getMany();
  }

  /** Every version of every key, for the export. */
  all(): Promise<PolicyParameterEntity[]> {
    return this.dataSource
      .getRepository(PolicyParameterEntity)
      .createQueryBuilder('p')
      .orderBy('p.key')
      .addOrderBy('length(p.scope_prefix)')
      .addOrderBy('p.effective_from')
      .addOrderBy('p.created_at')
      .getMany();
  }

  findById(id: string, manager: EntityManager): Promise<PolicyParameterEntity | null> {
    return manager.getRepository(PolicyParameterEntity).findOneBy({ id });
  }

  /** Serialises writers of one key and scope until the transaction ends (on every database). */
  async lockKey(manager: EntityManager, key: string, scopeCode: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`policy_parameters|${key}|${scopeCode}`]);
  }

  /** The current versions of a key and scope whose period meets [from, to] (to null = open). */
  overlapping(manager: EntityManager, key: string, scopeCode: string, from: string, to: string | null, exceptId?: string): Promise<PolicyParameterEntity[]> {
    const qb = manager
      .getRepository(PolicyParameterEntity)
      .createQueryBuilder('p')
      .where('p.key = :key AND p.scope_code = :scopeCode AND p.superseded_at IS NULL', { key, scopeCode })
      .andWhere('(p.effective_to IS NULL OR p.effective_to >= :from)', { from });
    if (to) qb.andWhere('p.effective_from <= :to', { to });
    if (exceptId) qb.andWhere('p.id <> :exceptId', { exceptId });
    return qb.orderBy('p.effective_from').getMany();
  }

  async insert(manager: EntityManager, row: Partial<PolicyParameterEntity>): Promise<PolicyParameterEntity> {
    const repo = manager.getRepository(PolicyParameterEntity);
    const saved = await repo.save(repo.create(row));
    return (await repo.findOneBy({ id: saved.id }))!;
  }

  async supersede(manager: EntityManager, id: string, reason: string): Promise<PolicyParameterEntity | null> {
    const rows: { id: string }[] = await manager.query(
      `UPDATE policy_parameters SET superseded_at = now(), superseded_reason = $2 WHERE id = $1 AND superseded_at IS NULL RETURNING id`,
      [id, reason],
    );
    return rows.length ? this.findById(id, manager) : null;
  }

  /** Inserts the seed rows whose key, scope and start have no version at all (a retired seed row stays retired). */
  async insertMissingSeed(manager: EntityManager, rows: readonly (SeedParameter & { scopePrefix: string })[]): Promise<number> {
    const result: unknown[] = await manager.query(
      `INSERT INTO policy_parameters (key, scope_code, scope_prefix, value_type, value, unit, effective_from, effective_to, source, status, note, stated)
       SELECT s.key, s.scope_code, s.scope_prefix, s.value_type::parameter_value_type, s.value, s.unit, s.effective_from, s.effective_to, s.source, s.status::parameter_status, s.note, s.stated
       FROM jsonb_to_recordset($1::jsonb) AS s(key varchar, scope_code varchar, scope_prefix varchar, value_type text, value jsonb, unit varchar,
            effective_from date, effective_to date, source varchar, status text, note text, stated text)
       WHERE NOT EXISTS (SELECT 1 FROM policy_parameters p WHERE p.key = s.key AND p.scope_code = s.scope_code AND p.effective_from = s.effective_from)
       RETURNING id`,
      [
        JSON.stringify(
          rows.map((r) => ({
            key: r.key, scope_code: r.scopeCode, scope_prefix: r.scopePrefix, value_type: r.type, value: r.value, unit: r.unit,
            effective_from: r.effectiveFrom, effective_to: r.effectiveTo, source: r.source, status: r.status, note: r.note, stated: r.stated,
          })),
        ),
      ],
    );
    return result.length;
  }

  async insertMissingCalendars(manager: EntityManager, rows: readonly (SeedCalendar & { scopePrefix: string })[]): Promise<number> {
    const result: unknown[] = await manager.query(
      `INSERT INTO working_calendars (year, scope_code, scope_prefix, holidays, workdays, source, status)
       SELECT s.year, s.scope_code, s.scope_prefix, s.holidays, s.workdays, s.source, s.status::parameter_status
       FROM jsonb_to_recordset($1::jsonb) AS s(year smallint, scope_code varchar, scope_prefix varchar, holidays jsonb, workdays jsonb, source varchar, status text)
       ON CONFLICT (year, scope_code) DO NOTHING RETURNING year`,
      [JSON.stringify(rows.map((r) => ({ year: r.year, scope_code: r.scopeCode, scope_prefix: r.scopePrefix, holidays: r.holidays, workdays: r.workdays, source: r.source, status: r.status })))],
    );
    return result.length;
  }

  /** The calendar of a year for a region: the narrowest scope covering it. */
  async calendarFor(year: number, regionCode: string, manager?: EntityManager): Promise<WorkingCalendarEntity | null> {
    return this.m(manager)
      .getRepository(WorkingCalendarEntity)
      .createQueryBuilder('c')
      .where('c.year = :year', { year })
      .andWhere('left(:region, length(c.scope_prefix)) = c.scope_prefix', { region: regionCode })
      .orderBy('length(c.scope_prefix)', 'DESC')
      .getOne();
  }

  calendar(manager: EntityManager, year: number, scopeCode: string): Promise<WorkingCalendarEntity | null> {
    return manager.getRepository(WorkingCalendarEntity).findOneBy({ year, scopeCode });
  }

  async saveCalendar(manager: EntityManager, row: Partial<WorkingCalendarEntity>): Promise<WorkingCalendarEntity> {
    const repo = manager.getRepository(WorkingCalendarEntity);
    await repo.save(repo.create(row));
    return (await repo.findOneBy({ year: row.year!, scopeCode: row.scopeCode! }))!;
  }
}
