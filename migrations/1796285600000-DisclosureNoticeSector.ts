import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notice records the department that publishes it (行业部门): a sector officer's notices carry
 * its sector, and only that sector's officers (besides the district, town and village offices)
 * change them. Notices published before have none (the offices' own).
 */
export class DisclosureNoticeSector1796285600000 implements MigrationInterface {
  name = 'DisclosureNoticeSector1796285600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "disclosure_notices" ADD "sector" "public"."sector"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "disclosure_notices" DROP COLUMN "sector"`);
  }
}
