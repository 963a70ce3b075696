import { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry tables whose changes go to the feed, with the entity type the feed names them by. */
const FEED_TABLES = [
  ['households', 'Household'],
  ['members', 'Member'],
  ['household_events', 'HouseholdEvent'],
  ['household_incomes', 'HouseholdIncome'],
] as const;

export class Exchange1795906027403 implements MigrationInterface {
  name = 'Exchange1795906027403';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "change_feed" ("position" BIGSERIAL NOT NULL, "entity_type" character varying(32) NOT NULL, "entity_id" uuid NOT NULL, "operation" character varying(6) NOT NULL, "region_code" character varying(12) COLLATE "C", "transaction_id" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "data" jsonb NOT NULL, CONSTRAINT "PK_bd38a8e9f9db4c64ac0e9334120" PRIMARY KEY ("position"))`);
    await queryRunner.query(`CREATE INDEX "change_feed_region_code_idx" ON "change_feed"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "change_feed_entity_type_position_idx" ON "change_feed"  ("entity_type", "position") `);
    await queryRunner.query(`CREATE TYPE "public"."import_job_status" AS ENUM('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')`);
    await queryRunner.query(`CREATE TYPE "public"."import_format" AS ENUM('CSV', 'XLSX', 'NDJSON')`);
    await queryRunner.query(`CREATE TYPE "public"."import_strategy" AS ENUM('CREATE', 'UPDATE', 'CREATE_AND_UPDATE')`);
    await queryRunner.query(`CREATE TABLE "import_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" "public"."import_job_status" NOT NULL DEFAULT 'QUEUED', "format" "public"."import_format" NOT NULL, "encoding" character varying(16), "file_name" character varying(255) NOT NULL, "file_path" text NOT NULL, "file_sha256" character(64) NOT NULL, "file_size" bigint NOT NULL, "dry_run" boolean NOT NULL DEFAULT false, "strategy" "public"."import_strategy" NOT NULL DEFAULT 'CREATE_AND_UPDATE', "atomic" boolean NOT NULL DEFAULT false, "region_code" character varying(12) COLLATE "C" NOT NULL, "created_by" uuid, "created_by_name" character varying(100), "rows_total" integer, "rows_read" integer NOT NULL DEFAULT '0', "rows_committed" integer NOT NULL DEFAULT '0', "households_created" integer NOT NULL DEFAULT '0', "households_updated" integer NOT NULL DEFAULT '0', "households_unchanged" integer NOT NULL DEFAULT '0', "households_rejected" integer NOT NULL DEFAULT '0', "members_created" integer NOT NULL DEFAULT '0', "members_updated" integer NOT NULL DEFAULT '0', "members_unchanged" integer NOT NULL DEFAULT '0', "members_left" integer NOT NULL DEFAULT '0', "problem_count" integer NOT NULL DEFAULT '0', "warning_count" integer NOT NULL DEFAULT '0', "error_code" character varying(64), "error_message" text, "attempts" smallint NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4d206c602f173f98e4bb85819a3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "import_jobs_region_code_idx" ON "import_jobs"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "import_jobs_status_created_idx" ON "import_jobs"  ("status", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "import_jobs_one_running_per_file" ON "import_jobs"  ("file_sha256", "region_code") WHERE status IN ('QUEUED', 'RUNNING')`);
    await queryRunner.query(`CREATE TYPE "public"."import_problem_severity" AS ENUM('ERROR', 'WARNING')`);
    await queryRunner.query(`CREATE TABLE "import_problems" ("id" BIGSERIAL NOT NULL, "job_id" uuid NOT NULL, "severity" "public"."import_problem_severity" NOT NULL DEFAULT 'ERROR', "row_number" integer, "household_number" character varying(64), "column" character varying(64), "field" character varying(64), "code" character varying(64) NOT NULL, "message" text NOT NULL, CONSTRAINT "PK_75fce7c470a7139e04138cca7e2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "import_problems_job_id_idx" ON "import_problems"  ("job_id", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."webhook_status" AS ENUM('ACTIVE', 'PAUSED')`);
    await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "url" text NOT NULL, "secret_enc" text NOT NULL, "entity_types" character varying(32) array NOT NULL DEFAULT '{}', "region_code" character varying(12) COLLATE "C" NOT NULL, "status" "public"."webhook_status" NOT NULL DEFAULT 'ACTIVE', "position" bigint NOT NULL DEFAULT '0', "failed_attempts" smallint NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_subscriptions_region_code_idx" ON "webhook_subscriptions"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "webhook_subscriptions_next_attempt_idx" ON "webhook_subscriptions"  ("next_attempt_at") `);
    await queryRunner.query(`CREATE TYPE "public"."webhook_delivery_outcome" AS ENUM('DELIVERED', 'FAILED', 'DEAD')`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" BIGSERIAL NOT NULL, "subscription_id" uuid NOT NULL, "first_position" bigint NOT NULL, "last_position" bigint NOT NULL, "entries" integer NOT NULL, "attempt" smallint NOT NULL, "outcome" "public"."webhook_delivery_outcome" NOT NULL, "http_status" smallint, "error" text, "duration_ms" integer NOT NULL, "replayed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_outcome_idx" ON "webhook_deliveries"  ("outcome") `);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries"  ("subscription_id", "id") `);
    // The transactional outbox. Statement-level triggers with transition tables write one feed
    // entry per changed row, set-based, in the transaction of the change. Positions are taken
    // under the audit chain's transaction-scoped advisory lock (held until commit), so they
    // become visible in order; sharing that one lock keeps the two from deadlocking each other.
    // Protected columns (encrypted values and their blind indexes) never enter the feed.
    await queryRunner.query(`CREATE FUNCTION change_feed_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(4101060002);
    INSERT INTO change_feed (entity_type, entity_id, operation, region_code, transaction_id, data)
    SELECT TG_ARGV[0], COALESCE((r.d->>'id')::uuid, (r.d->>'household_id')::uuid), TG_OP,
           COALESCE(r.d->>'region_code', (SELECT h.region_code FROM households h WHERE h.id = (r.d->>'household_id')::uuid)),
           pg_current_xact_id()::text::bigint, r.d
    FROM (SELECT to_jsonb(o) - ARRAY['id_number_enc','id_number_hash','contact_phone_enc','bank_account_enc','bank_account_hash'] AS d FROM old_rows o) r;
  ELSE
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(4101060002);
    INSERT INTO change_feed (entity_type, entity_id, operation, region_code, transaction_id, data)
    SELECT TG_ARGV[0], COALESCE((r.d->>'id')::uuid, (r.d->>'household_id')::uuid), TG_OP,
           COALESCE(r.d->>'region_code', (SELECT h.region_code FROM households h WHERE h.id = (r.d->>'household_id')::uuid)),
           pg_current_xact_id()::text::bigint, r.d
    FROM (SELECT to_jsonb(n) - ARRAY['id_number_enc','id_number_hash','contact_phone_enc','bank_account_enc','bank_account_hash'] AS d FROM new_rows n) r;
  END IF;
  RETURN NULL;
END $$`);
    for (const [table, type] of FEED_TABLES) {
      await queryRunner.query(`CREATE TRIGGER "${table}_feed_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_feed_capture('${type}')`);
      await queryRunner.query(`CREATE TRIGGER "${table}_feed_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_feed_capture('${type}')`);
      await queryRunner.query(`CREATE TRIGGER "${table}_feed_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION change_feed_capture('${type}')`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of FEED_TABLES) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_feed_${op}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION change_feed_capture()`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_subscription_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_outcome_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_outcome"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_subscriptions_next_attempt_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_subscriptions_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_status"`);
    await queryRunner.query(`DROP INDEX "public"."import_problems_job_id_idx"`);
    await queryRunner.query(`DROP TABLE "import_problems"`);
    await queryRunner.query(`DROP TYPE "public"."import_problem_severity"`);
    await queryRunner.query(`DROP INDEX "public"."import_jobs_one_running_per_file"`);
    await queryRunner.query(`DROP INDEX "public"."import_jobs_status_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."import_jobs_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "import_jobs"`);
    await queryRunner.query(`DROP TYPE "public"."import_strategy"`);
    await queryRunner.query(`DROP TYPE "public"."import_format"`);
    await queryRunner.query(`DROP TYPE "public"."import_job_status"`);
    await queryRunner.query(`DROP INDEX "public"."change_feed_entity_type_position_idx"`);
    await queryRunner.query(`DROP INDEX "public"."change_feed_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "change_feed"`);
  }
}
