import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';

/**
 * The poverty line of a year, yuan per person per year: the national line and the provincial
 * exit line the district applies, kept apart. 2011–2016 national figures are confirmed; later
 * years are entered by the district (demo values are marked as such).
 */
@Entity({ name: 'poverty_lines' })
export class PovertyLineEntity extends TrackedEntity {
  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ name: 'national_line', type: 'numeric', precision: 10, scale: 2, nullable: true })
  nationalLine: string | null;

  @Column({ name: 'provincial_exit_line', type: 'numeric', precision: 10, scale: 2, nullable: true })
  provincialExitLine: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  source: string | null;

  @Column({ name: 'is_demo', type: 'boolean', default: false })
  isDemo: boolean;
}
