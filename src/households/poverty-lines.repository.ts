import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { AppError } from '../common/errors/app-error';
import { PovertyLineEntity } from './poverty-line.entity';
import { HouseholdsReason } from './households.errors';

/** The SQL of the poverty-line table (district-wide reference data, not region-owned). */
@Injectable()
export class PovertyLinesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PovertyLineEntity);
  }

  list(manager?: EntityManager): Promise<PovertyLineEntity[]> {
    return this.repo(manager).createQueryBuilder('p').orderBy('p.year').getMany();
  }

  find(year: number, manager?: EntityManager): Promise<PovertyLineEntity | null> {
    return this.repo(manager).findOneBy({ year });
  }

  async insert(manager: EntityManager, row: Partial<PovertyLineEntity>): Promise<PovertyLineEntity> {
    await this.repo(manager).insert(this.repo(manager).create(row));
    return (await this.find(row.year as number, manager)) as PovertyLineEntity;
  }

  update(manager: EntityManager, year: number, version: number, patch: Partial<PovertyLineEntity>): Promise<PovertyLineEntity> {
    return updateWithVersion(manager, PovertyLineEntity, { column: 'year', value: String(year) }, version, patch, () =>
      new AppError('NOT_FOUND', '该年度贫困线不存在 (no poverty line for that year)', { reason: HouseholdsReason.POVERTY_LINE_NOT_FOUND, field: 'input.year' }),
    );
  }

  /** Inserts the rows whose year is missing; existing years are left as the district set them. */
  async insertMissing(rows: Partial<PovertyLineEntity>[]): Promise<number> {
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO poverty_lines (year, national_line, source, is_demo)
       SELECT * FROM unnest($1::smallint[], $2::numeric[], $3::varchar[], $4::boolean[])
       ON CONFLICT (year) DO NOTHING RETURNING year`,
      [rows.map((r) => r.year), rows.map((r) => r.nationalLine), rows.map((r) => r.source), rows.map((r) => r.isDemo ?? false)],
    );
    return result.length;
  }
}
