import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Industry projects (issue #15): payments under benefit linkages (利益联结支付), append-only (a
 * wrong payment is reversed by a row of the negative amount; the trigger refuses UPDATE and
 * DELETE). Generated from the entities (npm run migration:generate), the trigger added by hand.
 */
export class LinkagePayments1796307831941 implements MigrationInterface {
  name = 'LinkagePayments1796307831941';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."linkage_payment_channel" AS ENUM('BANK_TRANSFER', 'SUBSIDY_CARD', 'CASH', 'IN_KIND', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "benefit_linkage_payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "linkage_id" uuid NOT NULL, "household_id" uuid NOT NULL, "year" smallint NOT NULL, "paid_on" date NOT NULL, "amount" numeric(12,2) NOT NULL, "channel" "public"."linkage_payment_channel" NOT NULL, "reference" character varying(100), "over_agreement_reason" text, "reverses_id" uuid, "reversal_reason" text, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector", "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "benefit_linkage_payments_sign_check" CHECK (("reverses_id" IS NULL AND "amount" > 0) OR ("reverses_id" IS NOT NULL AND "amount" < 0)), CONSTRAINT "PK_cebeebc6d102713f660c4fca6e2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "benefit_linkage_payments_reverses_id_key" ON "benefit_linkage_payments"  ("reverses_id") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkage_payments_region_code_idx" ON "benefit_linkage_payments"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkage_payments_household_year_idx" ON "benefit_linkage_payments"  ("household_id", "year") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkage_payments_linkage_year_idx" ON "benefit_linkage_payments"  ("linkage_id", "year") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkage_payments_paid_on_id_idx" ON "benefit_linkage_payments"  ("paid_on", "id") `);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" ADD CONSTRAINT "benefit_linkage_payments_linkage_id_fkey" FOREIGN KEY ("linkage_id") REFERENCES "benefit_linkages"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" ADD CONSTRAINT "benefit_linkage_payments_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" ADD CONSTRAINT "benefit_linkage_payments_reverses_id_fkey" FOREIGN KEY ("reverses_id") REFERENCES "benefit_linkage_payments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" ADD CONSTRAINT "benefit_linkage_payments_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE FUNCTION benefit_linkage_payments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'benefit_linkage_payments %: a payment is never changed or deleted (reverse it)', OLD.id USING ERRCODE = '55000';
END $$`);
    await queryRunner.query(`CREATE TRIGGER "benefit_linkage_payments_append_only" BEFORE UPDATE OR DELETE ON "benefit_linkage_payments" FOR EACH ROW EXECUTE FUNCTION benefit_linkage_payments_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "benefit_linkage_payments_append_only" ON "benefit_linkage_payments"`);
    await queryRunner.query(`DROP FUNCTION benefit_linkage_payments_append_only()`);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" DROP CONSTRAINT "benefit_linkage_payments_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" DROP CONSTRAINT "benefit_linkage_payments_reverses_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" DROP CONSTRAINT "benefit_linkage_payments_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "benefit_linkage_payments" DROP CONSTRAINT "benefit_linkage_payments_linkage_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkage_payments_paid_on_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkage_payments_linkage_year_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkage_payments_household_year_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkage_payments_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkage_payments_reverses_id_key"`);
    await queryRunner.query(`DROP TABLE "benefit_linkage_payments"`);
    await queryRunner.query(`DROP TYPE "public"."linkage_payment_channel"`);
  }
}
