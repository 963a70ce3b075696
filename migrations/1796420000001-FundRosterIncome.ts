import { MigrationInterface, QueryRunner } from 'typeorm';

/** Funds (issue #19): a payment roster's line names the registry income component it feeds (or none). */
export class FundRosterIncome1796420000001 implements MigrationInterface {
  name = 'FundRosterIncome1796420000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fund_payment_households" ADD "income_component" "public"."linkage_income_component"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fund_payment_households" DROP COLUMN "income_component"`);
  }
}
