import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Funds (issue #19 part 5): an allocation records the factor allocation run it applies
 * (`fund_allocations.run_id`, one allocation per run and region); payments become append-only
 * with reversals (冲销): `fund_payments.reverses_id` (unique: once) and `reversal_reason`, the sign
 * CHECK (a payment positive, a reversal negative with its reason) instead of `amount > 0`, and the
 * trigger fund_payments_append_only refusing UPDATE and DELETE (as benefit_linkage_payments). The
 * existing trigger fund_payments_commit adds a reversal's negative amount to the reimbursement's
 * `paid`, so it holds the net. Generated from the entities (npm run migration:generate), the
 * trigger added by hand.
 */
export class FactorRunsAppliedPaymentReversals1796416592829 implements MigrationInterface {
  name = 'FactorRunsAppliedPaymentReversals1796416592829';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fund_allocations" ADD "run_id" uuid`);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_allocations_run_region_key" ON "fund_allocations"  ("run_id", "region_code") `);
    await queryRunner.query(`ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "fund_allocation_runs"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP CONSTRAINT "fund_payments_amount_check"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD "reverses_id" uuid`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD "reversal_reason" text`);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_payments_reverses_id_key" ON "fund_payments"  ("reverses_id") `);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_sign_check" CHECK (("reverses_id" IS NULL AND "amount" > 0 AND "reversal_reason" IS NULL) OR ("reverses_id" IS NOT NULL AND "amount" < 0 AND "reversal_reason" IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_reverses_id_fkey" FOREIGN KEY ("reverses_id") REFERENCES "fund_payments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE FUNCTION fund_payments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fund_payments %: a payment is never changed or deleted (reverse it)', OLD.id USING ERRCODE = '55000';
END $$`);
    await queryRunner.query(`CREATE TRIGGER "fund_payments_append_only" BEFORE UPDATE OR DELETE ON "fund_payments" FOR EACH ROW EXECUTE FUNCTION fund_payments_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "fund_payments_append_only" ON "fund_payments"`);
    await queryRunner.query(`DROP FUNCTION fund_payments_append_only()`);
    // The old CHECK (amount > 0) cannot hold a reversal: reversals go (fund_payments_commit gives their amounts back to `paid`).
    await queryRunner.query(`DELETE FROM "fund_payments" WHERE "reverses_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP CONSTRAINT "fund_payments_reverses_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP CONSTRAINT "fund_payments_sign_check"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payments_reverses_id_key"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP COLUMN "reversal_reason"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP COLUMN "reverses_id"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_amount_check" CHECK ((amount > (0)::numeric))`);
    await queryRunner.query(`ALTER TABLE "fund_allocations" DROP CONSTRAINT "fund_allocations_run_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocations_run_region_key"`);
    await queryRunner.query(`ALTER TABLE "fund_allocations" DROP COLUMN "run_id"`);
  }
}
