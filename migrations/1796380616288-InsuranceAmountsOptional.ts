import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An enrolment's premium and subsidy as the roster states them: none for a layer without an
 * individual premium (大病保险, 医疗救助), or not stated. Down refuses (PostgreSQL's not-null error)
 * while a record has none: no amount is invented for it.
 */
export class InsuranceAmountsOptional1796380616288 implements MigrationInterface {
  name = 'InsuranceAmountsOptional1796380616288';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" ALTER COLUMN "premium" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" ALTER COLUMN "subsidy" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" ALTER COLUMN "subsidy" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" ALTER COLUMN "premium" SET NOT NULL`);
  }
}
