import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an import job loads (issue #11, item 6): `import_jobs.kind`, the kind of the module's
 * import port (src/common/imports): 'households' for the registry, later students, insurance,
 * 低保 rosters. Every job before this one imported the registry.
 */
export class ImportJobKind1795926000000 implements MigrationInterface {
  name = 'ImportJobKind1795926000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "kind" character varying(32) NOT NULL DEFAULT 'households'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "kind"`);
  }
}
