import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmploymentRecordContactPhone1796345495501 implements MigrationInterface {
  name = 'EmploymentRecordContactPhone1796345495501';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employment_records" ADD "contact_phone_enc" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employment_records" DROP COLUMN "contact_phone_enc"`);
  }
}
