import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '../database/foreign-key';
import { Sector } from '../common/access/permissions';
import { RegionEntity } from '../regions/region.entity';
import { NoticeChannel, NoticeKind, NoticeState, PeriodUnit } from './disclosure.enums';
import { TrackedEntity } from '../common/kit/tracked-entity';

/**
 * A public notice (公告公示): what it discloses (kind, subject), where it is posted (region,
 * channels), its period and its state. Its content lives in its versions
 * (disclosure_notice_versions): a published version is never edited, a correction is a new one.
 */
@Entity({ name: 'disclosure_notices' })
// The period job looks for published notices whose period has ended, and ended ones to close.
@Index('disclosure_notices_state_ends_on_idx', ['state', 'endsOn'])
export class NoticeEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('disclosure_notices_kind_idx')
  @Column({ type: 'enum', enum: NoticeKind, enumName: 'disclosure_notice_kind' })
  kind: NoticeKind;

  /**
   * The record it discloses (e.g. `ExitProposal` and its id, an allocation, a project): a free
   * reference, since the subject may live in any module (listed in the foreign-keys test).
   */
  @Column({ name: 'subject_type', type: 'varchar', length: 40 })
  subjectType: string;

  @Index('disclosure_notices_subject_idx')
  @Column({ name: 'subject_id', type: 'varchar', length: 64 })
  subjectId: string;

  /** Where it is posted (the village, town or district): what region scope and the feed read. */
  @Index('disclosure_notices_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /**
   * The department that publishes it (行业部门, 谁分配、谁使用、谁公开): a sector officer's notices
   * carry its sector and only that sector's officers (besides the district, town and village
   * offices) change them; null for the offices' own notices, which no sector officer changes.
   */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;

  @Column({ type: 'enum', enum: NoticeChannel, enumName: 'disclosure_channel', array: true })
  channels: NoticeChannel[];

  @Column({ type: 'enum', enum: NoticeState, enumName: 'disclosure_notice_state', default: NoticeState.DRAFT })
  state: NoticeState;

  /** The period as asked: its length (null: the minimum in force) and unit; start and end are fixed when it is published. */
  @Column({ name: 'period_length', type: 'smallint', nullable: true })
  periodLength: number | null;

  @Column({ name: 'period_unit', type: 'enum', enum: PeriodUnit, enumName: 'disclosure_period_unit' })
  periodUnit: PeriodUnit;

  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn: string | null;

  /** The last day of the period (inclusive). */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  /** When the first version was published (the deadline checks compare its date, China time). */
  @Index('disclosure_notices_published_at_idx')
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** The number of the newest version (1 for a draft or a notice never corrected). */
  @Column({ name: 'current_version', type: 'smallint', default: 1 })
  currentVersion: number;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason: string | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;
}
