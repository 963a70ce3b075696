import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Wrong-password counters of sign-in (src/identity/sign-in-throttle.ts), one row per username
 * tried and per username + client address. The key is a keyed hash (blind index): the table
 * never holds what was typed as a username (sometimes a password), and unknown usernames count
 * exactly as known ones.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  /** Counters idle longer than the forget window start again; old rows are swept by this column. */
  @Index('login_throttle_last_failure_at_idx')
  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;
}
