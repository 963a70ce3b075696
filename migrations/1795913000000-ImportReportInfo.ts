import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10, item 20: a dry run's report lists the households it would change (severity INFO),
 * and an import digest keeps the warnings of its household, so a re-import settled by the digest
 * reports them again.
 */
export class ImportReportInfo1795913000000 implements MigrationInterface {
  name = 'ImportReportInfo1795913000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."import_problem_severity" ADD VALUE IF NOT EXISTS 'INFO'`);
    await queryRunner.query(`ALTER TABLE "import_digests" ADD "warnings" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_digests" DROP COLUMN "warnings"`);
    await queryRunner.query(`DELETE FROM "import_problems" WHERE "severity" = 'INFO'`);
    await queryRunner.query(`ALTER TYPE "public"."import_problem_severity" RENAME TO "import_problem_severity_old"`);
    await queryRunner.query(`CREATE TYPE "public"."import_problem_severity" AS ENUM('ERROR', 'WARNING')`);
    await queryRunner.query(`ALTER TABLE "import_problems" ALTER COLUMN "severity" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "import_problems" ALTER COLUMN "severity" TYPE "public"."import_problem_severity" USING "severity"::text::"public"."import_problem_severity"`,
    );
    await queryRunner.query(`ALTER TABLE "import_problems" ALTER COLUMN "severity" SET DEFAULT 'ERROR'`);
    await queryRunner.query(`DROP TYPE "public"."import_problem_severity_old"`);
  }
}
