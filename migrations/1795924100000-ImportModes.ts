import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import modes (issue #11, item 6): `import_jobs.mode` SYNC (the provincial system is the
 * authority: records land active; district level or wider) or PROPOSE (new households land as
 * candidates with registration proposals), and `proposed_by`, the person who proposes those
 * registrations (the uploader when they hold households.propose; null: candidates only).
 * Existing jobs were SYNC.
 */
export class ImportModes1795924100000 implements MigrationInterface {
  name = 'ImportModes1795924100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."import_mode" AS ENUM('SYNC', 'PROPOSE')`);
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "mode" "public"."import_mode" NOT NULL DEFAULT 'SYNC'`);
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "proposed_by" uuid`);
    await queryRunner.query(`CREATE INDEX "import_jobs_proposed_by_idx" ON "import_jobs" ("proposed_by") `);
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_proposed_by_fkey" FOREIGN KEY ("proposed_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP CONSTRAINT "import_jobs_proposed_by_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."import_jobs_proposed_by_idx"`);
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "proposed_by"`);
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "mode"`);
    await queryRunner.query(`DROP TYPE "public"."import_mode"`);
  }
}
