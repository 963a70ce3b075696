import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectLibraryCode1796319433916 implements MigrationInterface {
  name = 'ProjectLibraryCode1796319433916';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "projects" ADD "library_code" character varying(40)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "projects_region_library_code_key" ON "projects"  ("region_code", "library_code") WHERE library_code IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."projects_region_library_code_key"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "library_code"`);
  }
}
