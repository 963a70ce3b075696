import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Permission } from '../common/access/permissions';
import { RegionEntity } from '../regions/region.entity';
import { UserEntity } from './user.entity';
import { ForeignKey } from '../database/foreign-key';

/**
 * A key of an integration client (the provincial platform, a reporting script). The secret is
 * shown once at creation; only its SHA-256 is stored (it is 256 random bits, so a slow hash
 * adds nothing). `prefix` is the public part used to find the key.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('api_keys_prefix_key', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'text', array: true })
  scopes: Permission[];

  @Index('api_keys_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Index('api_keys_created_by_idx')
  @ForeignKey(() => UserEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
