import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job runner's table (src/common/jobs): one row per unit of background work, claimed with
 * FOR UPDATE SKIP LOCKED under a lease renewed by a heartbeat; recurring schedules are single
 * rows (unique singleton_key) queued again after each run.
 */
export class Jobs1795923000000 implements MigrationInterface {
  name = 'Jobs1795923000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."job_state" AS ENUM('queued', 'active', 'completed', 'failed', 'dead')`);
    await queryRunner.query(`CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" character varying(64) NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "state" "public"."job_state" NOT NULL DEFAULT 'queued', "region_code" character varying(12) COLLATE "C", "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL, "run_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_owner" character varying(64), "lease_expires_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "singleton_key" character varying(128), "recurrence" jsonb, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "jobs_singleton_key_idx" ON "jobs"  ("singleton_key") WHERE singleton_key IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "jobs_queue_created_idx" ON "jobs"  ("queue", "created_at") `);
    await queryRunner.query(`CREATE INDEX "jobs_claim_idx" ON "jobs"  ("state", "run_after") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."jobs_claim_idx"`);
    await queryRunner.query(`DROP INDEX "public"."jobs_queue_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."jobs_singleton_key_idx"`);
    await queryRunner.query(`DROP TABLE "jobs"`);
    await queryRunner.query(`DROP TYPE "public"."job_state"`);
  }
}
