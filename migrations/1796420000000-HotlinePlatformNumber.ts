import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hotline cases imported from the 12317 platform keep its case number (工单编号), one case a number. */
export class HotlinePlatformNumber1796420000000 implements MigrationInterface {
  name = 'HotlinePlatformNumber1796420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supervision_hotline_cases" ADD "platform_number" character varying(40)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_hotline_cases_platform_number_key" ON "supervision_hotline_cases" ("platform_number") WHERE "platform_number" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_platform_number_key"`);
    await queryRunner.query(`ALTER TABLE "supervision_hotline_cases" DROP COLUMN "platform_number"`);
  }
}
