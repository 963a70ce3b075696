import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Funds (issue #19 part 5): an allocation records the factor allocation run it applies
 * (`fund_allocations.run_id`, one allocation per run and region). Generated from the entities
 * (npm run migration:generate).
 */
export class FactorRunsAppliedPaymentReversals1796416592829 implements MigrationInterface {
  name = 'FactorRunsAppliedPaymentReversals1796416592829';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fund_allocations" ADD "run_id" uuid`);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_allocations_run_region_key" ON "fund_allocations"  ("run_id", "region_code") `);
    await queryRunner.query(`ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "fund_allocation_runs"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fund_allocations" DROP CONSTRAINT "fund_allocations_run_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocations_run_region_key"`);
    await queryRunner.query(`ALTER TABLE "fund_allocations" DROP COLUMN "run_id"`);
  }
}
