import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportUploaderScope1796318787650 implements MigrationInterface {
  name = 'ImportUploaderScope1796318787650';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "created_by_roles" "public"."user_role" array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "created_by_sector" "public"."sector"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "created_by_sector"`);
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "created_by_roles"`);
  }
}
