import { DataSource } from 'typeorm';
import type { ImportClaim } from '../../src/exchange/imports/import-jobs.repository';
import { IMPORT_QUEUE, importJobKey } from '../../src/exchange/imports/import-queue';

/**
 * Puts an import's job on the job runner's table as claimed by `owner` (attempt `attempt`, lease
 * `leaseMs` from now; negative: already expired), as a runner would hold it, and returns the
 * claim: for tests and benchmarks that call ImportRunner.run themselves, and for orphans that an
 * app's runner should take over.
 */
export async function claimImport(ds: DataSource, importId: string, options: { attempt?: number; owner?: string; leaseMs?: number; maxAttempts?: number } = {}): Promise<ImportClaim> {
  const { attempt = 1, owner = 'test-runner', leaseMs = 3_600_000, maxAttempts = 5 } = options;
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO jobs (queue, payload, state, attempts, max_attempts, lease_owner, lease_expires_at, singleton_key, started_at)
     VALUES ($1, jsonb_build_object('importId', $2::text), 'active', $3, $4, $5, now() + make_interval(secs => $6::double precision / 1000), $7, now())
     ON CONFLICT (singleton_key) WHERE singleton_key IS NOT NULL DO UPDATE
       SET state = 'active', attempts = EXCLUDED.attempts, max_attempts = EXCLUDED.max_attempts, lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at
     RETURNING id`,
    [IMPORT_QUEUE, importId, attempt, maxAttempts, owner, leaseMs, importJobKey(importId)],
  );
  return { jobId: rows[0].id, owner, attempt };
}
