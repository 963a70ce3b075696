import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

export class Disability1796390756936 implements MigrationInterface {
  name = 'Disability1796390756936';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "disability_certificates" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "category" "public"."disability_type" NOT NULL, "grade" smallint NOT NULL, "certificate_number_enc" text NOT NULL, "certificate_number_hash" character varying(64) NOT NULL, "issued_on" date NOT NULL, "valid_until" date NOT NULL, "needs_long_term_care" boolean NOT NULL DEFAULT false, "revoked_on" date, "revoke_reason" character varying(500), "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "disability_certificates_revoked_check" CHECK (("revoked_on" IS NULL) = ("revoke_reason" IS NULL)), CONSTRAINT "disability_certificates_validity_check" CHECK ("valid_until" >= "issued_on"), CONSTRAINT "disability_certificates_grade_check" CHECK ("grade" BETWEEN 1 AND 4), CONSTRAINT "PK_b0a1fabbb23df1bb87f59d16098" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "disability_certificates_number_hash_idx" ON "disability_certificates"  ("certificate_number_hash") `);
    await queryRunner.query(`CREATE INDEX "disability_certificates_region_code_idx" ON "disability_certificates"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "disability_certificates_one_unrevoked" ON "disability_certificates"  ("member_id") WHERE "revoked_on" IS NULL`);
    await queryRunner.query(`CREATE INDEX "disability_certificates_household_id_idx" ON "disability_certificates"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "disability_certificates_member_id_idx" ON "disability_certificates"  ("member_id") `);
    await queryRunner.query(`CREATE TYPE "public"."disability_subsidy_kind" AS ENUM('LIVING', 'NURSING')`);
    await queryRunner.query(`CREATE TYPE "public"."disability_payment_channel" AS ENUM('ONE_CARD', 'BANK_TRANSFER', 'SOCIAL_SECURITY_CARD', 'CASH')`);
    await queryRunner.query(`CREATE TABLE "disability_subsidy_payments" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "certificate_id" uuid NOT NULL, "kind" "public"."disability_subsidy_kind" NOT NULL, "month" date NOT NULL, "amount" numeric(12,2) NOT NULL, "paid_on" date NOT NULL, "channel" "public"."disability_payment_channel" NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "disability_subsidy_payments_month_check" CHECK (extract(day from "month") = 1), CONSTRAINT "disability_subsidy_payments_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_637dfd2598c657c892a9d7003b8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "disability_subsidy_payments_region_code_idx" ON "disability_subsidy_payments"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "disability_subsidy_payments_month_idx" ON "disability_subsidy_payments"  ("month") `);
    await queryRunner.query(`CREATE INDEX "disability_subsidy_payments_household_id_idx" ON "disability_subsidy_payments"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "disability_subsidy_payments_certificate_id_idx" ON "disability_subsidy_payments"  ("certificate_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "disability_subsidy_payments_member_kind_month_key" ON "disability_subsidy_payments"  ("member_id", "kind", "month") `);
    await queryRunner.query(`ALTER TABLE "disability_certificates" ADD CONSTRAINT "disability_certificates_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_certificates" ADD CONSTRAINT "disability_certificates_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_certificates" ADD CONSTRAINT "disability_certificates_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" ADD CONSTRAINT "disability_subsidy_payments_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" ADD CONSTRAINT "disability_subsidy_payments_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" ADD CONSTRAINT "disability_subsidy_payments_certificate_id_fkey" FOREIGN KEY ("certificate_id") REFERENCES "disability_certificates"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" ADD CONSTRAINT "disability_subsidy_payments_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'disability_certificates', root: 'DisabilityCertificate', rootTable: 'disability_certificates', rootIdColumn: 'id', part: 'certificate' });
    await attachChangeFeed(queryRunner, { table: 'disability_subsidy_payments', root: 'DisabilitySubsidyPayment', rootTable: 'disability_subsidy_payments', rootIdColumn: 'id', part: 'payment' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'disability_subsidy_payments');
    await detachChangeFeed(queryRunner, 'disability_certificates');
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" DROP CONSTRAINT "disability_subsidy_payments_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" DROP CONSTRAINT "disability_subsidy_payments_certificate_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" DROP CONSTRAINT "disability_subsidy_payments_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_subsidy_payments" DROP CONSTRAINT "disability_subsidy_payments_member_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_certificates" DROP CONSTRAINT "disability_certificates_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_certificates" DROP CONSTRAINT "disability_certificates_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_certificates" DROP CONSTRAINT "disability_certificates_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."disability_subsidy_payments_member_kind_month_key"`);
    await queryRunner.query(`DROP INDEX "public"."disability_subsidy_payments_certificate_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_subsidy_payments_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_subsidy_payments_month_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_subsidy_payments_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "disability_subsidy_payments"`);
    await queryRunner.query(`DROP TYPE "public"."disability_payment_channel"`);
    await queryRunner.query(`DROP TYPE "public"."disability_subsidy_kind"`);
    await queryRunner.query(`DROP INDEX "public"."disability_certificates_member_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_certificates_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_certificates_one_unrevoked"`);
    await queryRunner.query(`DROP INDEX "public"."disability_certificates_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_certificates_number_hash_idx"`);
    await queryRunner.query(`DROP TABLE "disability_certificates"`);
  }
}
