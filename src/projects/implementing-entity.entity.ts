import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';

/** Whether an implementing entity still takes part: closed ones stay, with the date and reason. */
export enum ImplementingEntityStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

/**
 * An implementing entity (经营主体) of industry projects: a farmers' cooperative, a family farm, a
 * leading enterprise, a processing point, a village collective economic organisation… (its type is
 * a code of the policy parameter project.entity_types). Identified by its unified social credit
 * code (GB 32100, checked and unique); the contact phone is protected (IMPLEMENTING_ENTITY_PHONE).
 *
 * The poor households among its members are not stored here: they are counted from the benefit
 * linkages (利益联结) once those are recorded (issue #15, linkages part), never typed in twice.
 */
@Entity({ name: 'implementing_entities' })
// The keyset order of the list (by name).
@Index('implementing_entities_name_id_idx', ['name', 'id'])
export class ImplementingEntityEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** A code of project.entity_types in force on `listedOn` in the entity's region. */
  @Index('implementing_entities_type_idx')
  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 统一社会信用代码, normalised (parseCreditCode): one entity per code. */
  @Index('implementing_entities_credit_code_key', { unique: true })
  @Column({ name: 'credit_code', type: 'varchar', length: 18 })
  creditCode: string;

  /** 法定代表人 (or the person in charge, 负责人). */
  @Column({ name: 'legal_representative', type: 'varchar', length: 50 })
  legalRepresentative: string;

  // The contact phone is protected (IMPLEMENTING_ENTITY_PHONE): ciphertext and blind index only.
  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc: string | null;

  @Index('implementing_entities_phone_hash_idx')
  @Column({ name: 'phone_hash', type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  /** Where it is based (any level of the tree): region scope reads it. */
  @Index('implementing_entities_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /**
   * The department (行业部门) whose officer recorded it: only that sector's officers (besides the
   * district, town and village offices) change it; null for the offices' own records.
   */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;

  /** 成立日期. */
  @Column({ name: 'founded_on', type: 'date', nullable: true })
  foundedOn: string | null;

  /** When it was taken into the roster of implementing entities: the date its type is checked as of. */
  @Column({ name: 'listed_on', type: 'date' })
  listedOn: string;

  /** 经营范围. */
  @Column({ name: 'business_scope', type: 'text', nullable: true })
  businessScope: string | null;

  @Index('implementing_entities_status_idx')
  @Column({ type: 'enum', enum: ImplementingEntityStatus, enumName: 'implementing_entity_status', default: ImplementingEntityStatus.ACTIVE })
  status: ImplementingEntityStatus;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;
}
