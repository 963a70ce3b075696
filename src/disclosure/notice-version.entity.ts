import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ForeignKey } from '../database/foreign-key';
import { NoticeEntity } from './notice.entity';

/**
 * One version of a notice's content. A draft's version may change until it is published; from
 * then on the row is immutable (a trigger refuses UPDATE and DELETE of a published version): a
 * correction is a new version that names the one it replaces and why. `payload` is exactly what
 * the public sees and `payloadHash` the SHA-256 of its canonical JSON (RFC 8785).
 */
@Entity({ name: 'disclosure_notice_versions' })
@Unique('disclosure_notice_versions_notice_number_key', ['noticeId', 'number'])
export class NoticeVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('disclosure_notice_versions_notice_id_idx')
  @ForeignKey(() => NoticeEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId: string;

  /** 1, 2, …: the order of versions of one notice. */
  @Column({ type: 'smallint' })
  number: number;

  /** The structured content as entered (checked against the kind's allow-list; names in clear). */
  @Column({ type: 'jsonb' })
  content: Record<string, unknown>;

  /** The text rendered from the published payload (what a board shows). */
  @Column({ name: 'rendered_text', type: 'text', nullable: true })
  renderedText: string | null;

  /** The published payload (allow-listed fields, names masked); null while a draft. */
  @Column({ type: 'jsonb', nullable: true })
  payload: Record<string, unknown> | null;

  /** SHA-256 (hex) of the payload's canonical JSON; null while a draft. */
  @Column({ name: 'payload_hash', type: 'char', length: 64, nullable: true })
  payloadHash: string | null;

  @Index('disclosure_notice_versions_replaces_id_idx')
  @ForeignKey(() => NoticeVersionEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId: string | null;

  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
