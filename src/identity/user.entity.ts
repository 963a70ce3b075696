import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role, Sector } from '../common/access/permissions';
import { RegionEntity } from '../regions/region.entity';
import { ForeignKey } from '../database/foreign-key';
import { TrackedEntity } from '../common/kit/tracked-entity';

/** An account of a person: officer, administrator, supervisor, auditor. */
@Entity({ name: 'users' })
@Check('users_sector_of_sector_officer', `("sector" IS NOT NULL) = ('sector_officer' = ANY("roles"))`)
export class UserEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-case login name. */
  @Index('users_username_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  /** Encrypted (FieldCipher); null when not given. */
  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc: string | null;

  /** Blind index of the phone number, for exact lookup. */
  @Index('users_phone_hash_idx')
  @Column({ name: 'phone_hash', type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Index('users_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', array: true })
  roles: Role[];

  /** A sector officer's department; null for every other account. */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Set when an administrator created the account (it chose the password): only account.self until changed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ name: 'password_changed_at', type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt: Date;
}
