import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { ObjectionOutcome, ObjectionSource, ObjectionState } from './disclosure.enums';
import { NoticeEntity } from './notice.entity';
import { TrackedEntity } from '../common/kit/tracked-entity';

/**
 * An objection (异议) to a notice: who (a name, or anonymous; a contact, optional and protected),
 * what, when it was received, and how the responsible unit handled it. The answer and outcome
 * are published with the notice, never the objector or the contact.
 */
@Entity({ name: 'disclosure_objections' })
// Floods: objections filed from one address (a keyed hash of it) within the last hour.
@Index('disclosure_objections_address_hash_created_at_idx', ['addressHash', 'createdAt'])
export class ObjectionEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('disclosure_objections_notice_id_idx')
  @ForeignKey(() => NoticeEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId: string;

  /** The notice's region, copied: what region scope reads. */
  @Index('disclosure_objections_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: ObjectionSource, enumName: 'disclosure_objection_source' })
  source: ObjectionSource;

  /** The objector's name; null = anonymous. Never public. */
  @Column({ name: 'objector_name', type: 'varchar', length: 50, nullable: true })
  objectorName: string | null;

  // The contact is protected (DISCLOSURE_OBJECTOR_CONTACT): only its ciphertext is stored.
  @Column({ name: 'contact_enc', type: 'text', nullable: true })
  contactEnc: string | null;

  /** Stored as text, whatever it holds (markup included); answered as a JSON string. */
  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  /** A keyed hash (HMAC) of the client address of a public filing, never the address: the flood limit counts it. */
  @Column({ name: 'address_hash', type: 'varchar', length: 64, nullable: true })
  addressHash: string | null;

  @Index('disclosure_objections_state_idx')
  @Column({ type: 'enum', enum: ObjectionState, enumName: 'disclosure_objection_state', default: ObjectionState.OPEN })
  state: ObjectionState;

  /** What the responsible unit found (internal). */
  @Column({ type: 'text', nullable: true })
  finding: string | null;

  /** The answer, published with the notice. */
  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'enum', enum: ObjectionOutcome, enumName: 'disclosure_objection_outcome', nullable: true })
  outcome: ObjectionOutcome | null;

  @Column({ name: 'handled_on', type: 'date', nullable: true })
  handledOn: string | null;
}
