import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../common/access/permissions';
import { UserEntity } from './user.entity';

export enum RoleGrantStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}

/**
 * Roles an administrator asked to give an account that need a second administrator to approve
 * (separation of duties, see SECOND_PARTY_PERMISSIONS): until then the account works without
 * them. One pending grant per account at a time.
 */
@Entity({ name: 'role_grants' })
@Index('role_grants_one_pending', ['userId'], { unique: true, where: `status = 'PENDING'` })
export class RoleGrantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'role_grants_pkey' })
  id: string;

  @Index('role_grants_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'role_grants_user_id_fkey' })
  user?: UserEntity;

  /** The roles to add when approved (the account's other roles are not touched). */
  @Column({ type: 'enum', enum: Role, enumName: 'user_role', array: true })
  roles: Role[];

  @Index('role_grants_status_idx')
  @Column({ type: 'enum', enum: RoleGrantStatus, enumName: 'role_grant_status', default: RoleGrantStatus.PENDING })
  status: RoleGrantStatus;

  @Index('role_grants_requested_by_idx')
  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'role_grants_requested_by_fkey' })
  requester?: UserEntity;

  @Index('role_grants_decided_by_idx')
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'role_grants_decided_by_fkey' })
  decider?: UserEntity;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** What the deciding administrator wrote (a rejection's reason). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
