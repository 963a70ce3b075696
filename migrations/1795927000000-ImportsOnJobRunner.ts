import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports run as jobs of the one job runner (issue #11, item 7): each import has one job on
 * queue `imports.run` (singleton key `import:<id>`), which holds its claim, lease and attempts.
 * Every import gets its job here: open ones queued (a RUNNING one resumes from its checkpoint),
 * ended ones completed, each with its attempts so far. The import's own claim columns
 * (`attempts`, `heartbeat_at`) and the old drain schedule (`imports.drain`) go.
 *
 * `max_attempts` of the moved jobs is 5, IMPORT_MAX_ATTEMPTS's default (a migration cannot read
 * the setting); jobs enqueued later take the setting.
 */
export class ImportsOnJobRunner1795927000000 implements MigrationInterface {
  name = 'ImportsOnJobRunner1795927000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "jobs" WHERE "queue" = 'imports.drain'`);
    await queryRunner.query(
      `INSERT INTO "jobs" ("queue", "payload", "state", "region_code", "attempts", "max_attempts", "singleton_key", "started_at", "finished_at", "created_at")
       SELECT 'imports.run', jsonb_build_object('importId', i."id"::text),
              (CASE WHEN i."status" IN ('QUEUED', 'RUNNING') THEN 'queued' ELSE 'completed' END)::"public"."job_state",
              i."region_code", i."attempts", 5, 'import:' || i."id"::text, i."started_at", i."finished_at", i."created_at"
         FROM "import_jobs" i
       ON CONFLICT ("singleton_key") WHERE singleton_key IS NOT NULL DO NOTHING`,
    );
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "heartbeat_at"`);
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "attempts"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "attempts" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "heartbeat_at" TIMESTAMP WITH TIME ZONE`);
    // A RUNNING import without a heartbeat is an orphan to the old worker: it resumes it.
    await queryRunner.query(
      `UPDATE "import_jobs" i SET "attempts" = LEAST(j."attempts", 32767) FROM "jobs" j WHERE j."singleton_key" = 'import:' || i."id"::text`,
    );
    await queryRunner.query(`DELETE FROM "jobs" WHERE "queue" = 'imports.run'`);
  }
}
