import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Reimbursements (报账) and payments (支付) of the funds ledger (issue #19 part 2). Besides what the
 * entities imply: two trigger functions keep the sums a CHECK guards, raw SQL included —
 * fund_reimbursements_commit keeps a funding's `committed` (its reimbursements not REJECTED) and
 * fund_payments_commit a reimbursement's `paid` (its ACTIVE payments), on every INSERT, DELETE
 * and change of amount, status or source. And the change feed: reimbursements (part
 * `reimbursement`) and payments (part `payment`) feed the root FundDocument; their lines,
 * vouchers and rosters are written only with them (whose version moves), so they need no feed.
 */

export class FundReimbursements1796393311383 implements MigrationInterface {
  name = 'FundReimbursements1796393311383';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."fund_reimbursement_status" AS ENUM('SUBMITTED', 'REVIEWED', 'APPROVED', 'PAID', 'RETURNED', 'REJECTED')`);
    await queryRunner.query(`CREATE TABLE "fund_reimbursements" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "funding_id" uuid NOT NULL, "allocation_id" uuid NOT NULL, "document_id" uuid NOT NULL, "project_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "level" character varying(20) NOT NULL, "channel" character varying(40) NOT NULL, "applied_on" date NOT NULL, "amount" numeric(12,2) NOT NULL, "paid" numeric(12,2) NOT NULL DEFAULT '0', "status" "public"."fund_reimbursement_status" NOT NULL DEFAULT 'SUBMITTED', "reviewed_on" date, "approved_on" date, "reimbursed_on" date, "return_reason" text, "reject_reason" text, CONSTRAINT "fund_reimbursements_reimbursed_check" CHECK (("status" = 'PAID') = ("reimbursed_on" IS NOT NULL)), CONSTRAINT "fund_reimbursements_paid_check" CHECK ("paid" >= 0 AND "paid" <= "amount"), CONSTRAINT "fund_reimbursements_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_32ba9a2b0cf4e074033cb57339e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_reimbursements_funding_id_idx" ON "fund_reimbursements"  ("funding_id") `);
    await queryRunner.query(`CREATE INDEX "fund_reimbursements_allocation_id_idx" ON "fund_reimbursements"  ("allocation_id") `);
    await queryRunner.query(`CREATE INDEX "fund_reimbursements_document_id_idx" ON "fund_reimbursements"  ("document_id") `);
    await queryRunner.query(`CREATE INDEX "fund_reimbursements_project_id_idx" ON "fund_reimbursements"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "fund_reimbursements_region_code_idx" ON "fund_reimbursements"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "fund_reimbursements_status_idx" ON "fund_reimbursements"  ("status") `);
    await queryRunner.query(`CREATE INDEX "fund_reimbursements_year_region_idx" ON "fund_reimbursements"  ("year", "region_code") `);
    await queryRunner.query(`CREATE TABLE "fund_reimbursement_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reimbursement_id" uuid NOT NULL, "position" smallint NOT NULL, "expense_type" character varying(100) NOT NULL, "amount" numeric(12,2) NOT NULL, CONSTRAINT "fund_reimbursement_lines_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_18ca6b81df12eaf6efb55d70b3a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_reimbursement_lines_position_key" ON "fund_reimbursement_lines"  ("reimbursement_id", "position") `);
    await queryRunner.query(`CREATE TABLE "fund_reimbursement_vouchers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reimbursement_id" uuid NOT NULL, "position" smallint NOT NULL, "kind" character varying(100) NOT NULL, "reference" character varying(100) NOT NULL, "dated_on" date NOT NULL, CONSTRAINT "PK_9ea852c1859645c33a1fe3ed52b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_reimbursement_vouchers_reimbursement_id_idx" ON "fund_reimbursement_vouchers"  ("reimbursement_id") `);
    await queryRunner.query(`CREATE TYPE "public"."fund_payment_kind" AS ENUM('ACCOUNT', 'HOUSEHOLDS')`);
    await queryRunner.query(`CREATE TABLE "fund_payments" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "reimbursement_id" uuid NOT NULL, "allocation_id" uuid NOT NULL, "document_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "paid_on" date NOT NULL, "amount" numeric(12,2) NOT NULL, "kind" "public"."fund_payment_kind" NOT NULL, "payee_name" character varying(100), "bank_account_enc" text, "bank_account_hash" character varying(64), "reference" character varying(100), "status" "public"."fund_record_status" NOT NULL DEFAULT 'ACTIVE', CONSTRAINT "fund_payments_account_check" CHECK (("kind" = 'ACCOUNT') = ("payee_name" IS NOT NULL AND "bank_account_enc" IS NOT NULL)), CONSTRAINT "fund_payments_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_dacc8c46b6ba4824e74496487e5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_payments_reimbursement_id_idx" ON "fund_payments"  ("reimbursement_id") `);
    await queryRunner.query(`CREATE INDEX "fund_payments_allocation_id_idx" ON "fund_payments"  ("allocation_id") `);
    await queryRunner.query(`CREATE INDEX "fund_payments_document_id_idx" ON "fund_payments"  ("document_id") `);
    await queryRunner.query(`CREATE INDEX "fund_payments_region_code_idx" ON "fund_payments"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "fund_payments_bank_account_hash_idx" ON "fund_payments"  ("bank_account_hash") `);
    await queryRunner.query(`CREATE INDEX "fund_payments_year_region_idx" ON "fund_payments"  ("year", "region_code") `);
    await queryRunner.query(`CREATE TABLE "fund_payment_households" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "payment_id" uuid NOT NULL, "household_id" uuid NOT NULL, "amount" numeric(12,2) NOT NULL, CONSTRAINT "fund_payment_households_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_a098b1a7fcc02abc12d69a63bb9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_payment_households_household_id_idx" ON "fund_payment_households"  ("household_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_payment_households_payment_household_key" ON "fund_payment_households"  ("payment_id", "household_id") `);
    await queryRunner.query(`ALTER TABLE "project_fundings" ADD "committed" numeric(12,2) NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "project_fundings" ADD CONSTRAINT "project_fundings_committed_check" CHECK ("committed" >= 0 AND "committed" <= "amount")`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" ADD CONSTRAINT "fund_reimbursements_funding_id_fkey" FOREIGN KEY ("funding_id") REFERENCES "project_fundings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" ADD CONSTRAINT "fund_reimbursements_allocation_id_fkey" FOREIGN KEY ("allocation_id") REFERENCES "fund_allocations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" ADD CONSTRAINT "fund_reimbursements_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "fund_documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" ADD CONSTRAINT "fund_reimbursements_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" ADD CONSTRAINT "fund_reimbursements_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursement_lines" ADD CONSTRAINT "fund_reimbursement_lines_reimbursement_id_fkey" FOREIGN KEY ("reimbursement_id") REFERENCES "fund_reimbursements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursement_vouchers" ADD CONSTRAINT "fund_reimbursement_vouchers_reimbursement_id_fkey" FOREIGN KEY ("reimbursement_id") REFERENCES "fund_reimbursements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_reimbursement_id_fkey" FOREIGN KEY ("reimbursement_id") REFERENCES "fund_reimbursements"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_allocation_id_fkey" FOREIGN KEY ("allocation_id") REFERENCES "fund_allocations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "fund_documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_payment_households" ADD CONSTRAINT "fund_payment_households_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "fund_payments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_payment_households" ADD CONSTRAINT "fund_payment_households_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);

    await queryRunner.query(`CREATE FUNCTION fund_reimbursements_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_amount numeric := 0;
        new_amount numeric := 0;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'REJECTED' THEN old_amount := OLD.amount; END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'REJECTED' THEN new_amount := NEW.amount; END IF;
        IF TG_OP = 'UPDATE' AND OLD.funding_id = NEW.funding_id THEN
          IF new_amount <> old_amount THEN UPDATE project_fundings SET committed = committed + (new_amount - old_amount) WHERE id = NEW.funding_id; END IF;
        ELSE
          IF TG_OP IN ('UPDATE', 'DELETE') AND old_amount <> 0 THEN UPDATE project_fundings SET committed = committed - old_amount WHERE id = OLD.funding_id; END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND new_amount <> 0 THEN UPDATE project_fundings SET committed = committed + new_amount WHERE id = NEW.funding_id; END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION fund_payments_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_amount numeric := 0;
        new_amount numeric := 0;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'ACTIVE' THEN old_amount := OLD.amount; END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'ACTIVE' THEN new_amount := NEW.amount; END IF;
        IF TG_OP = 'UPDATE' AND OLD.reimbursement_id = NEW.reimbursement_id THEN
          IF new_amount <> old_amount THEN UPDATE fund_reimbursements SET paid = paid + (new_amount - old_amount) WHERE id = NEW.reimbursement_id; END IF;
        ELSE
          IF TG_OP IN ('UPDATE', 'DELETE') AND old_amount <> 0 THEN UPDATE fund_reimbursements SET paid = paid - old_amount WHERE id = OLD.reimbursement_id; END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND new_amount <> 0 THEN UPDATE fund_reimbursements SET paid = paid + new_amount WHERE id = NEW.reimbursement_id; END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER fund_reimbursements_commit AFTER INSERT OR DELETE OR UPDATE OF amount, status, funding_id ON fund_reimbursements FOR EACH ROW EXECUTE FUNCTION fund_reimbursements_commit()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER fund_payments_commit AFTER INSERT OR DELETE OR UPDATE OF amount, status, reimbursement_id ON fund_payments FOR EACH ROW EXECUTE FUNCTION fund_payments_commit()`,
    );
    await attachChangeFeed(queryRunner, { table: 'fund_reimbursements', root: 'FundDocument', rootTable: 'fund_documents', rootIdColumn: 'document_id', part: 'reimbursement' });
    await attachChangeFeed(queryRunner, { table: 'fund_payments', root: 'FundDocument', rootTable: 'fund_documents', rootIdColumn: 'document_id', part: 'payment' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'fund_payments');
    await detachChangeFeed(queryRunner, 'fund_reimbursements');
    await queryRunner.query(`DROP TRIGGER fund_payments_commit ON fund_payments`);
    await queryRunner.query(`DROP TRIGGER fund_reimbursements_commit ON fund_reimbursements`);
    await queryRunner.query(`DROP FUNCTION fund_payments_commit()`);
    await queryRunner.query(`DROP FUNCTION fund_reimbursements_commit()`);
    await queryRunner.query(`ALTER TABLE "fund_payment_households" DROP CONSTRAINT "fund_payment_households_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_payment_households" DROP CONSTRAINT "fund_payment_households_payment_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP CONSTRAINT "fund_payments_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP CONSTRAINT "fund_payments_document_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP CONSTRAINT "fund_payments_allocation_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_payments" DROP CONSTRAINT "fund_payments_reimbursement_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursement_vouchers" DROP CONSTRAINT "fund_reimbursement_vouchers_reimbursement_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursement_lines" DROP CONSTRAINT "fund_reimbursement_lines_reimbursement_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" DROP CONSTRAINT "fund_reimbursements_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" DROP CONSTRAINT "fund_reimbursements_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" DROP CONSTRAINT "fund_reimbursements_document_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" DROP CONSTRAINT "fund_reimbursements_allocation_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_reimbursements" DROP CONSTRAINT "fund_reimbursements_funding_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_fundings" DROP CONSTRAINT "project_fundings_committed_check"`);
    await queryRunner.query(`ALTER TABLE "project_fundings" DROP COLUMN "committed"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payment_households_payment_household_key"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payment_households_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "fund_payment_households"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payments_year_region_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payments_bank_account_hash_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payments_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payments_document_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payments_allocation_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_payments_reimbursement_id_idx"`);
    await queryRunner.query(`DROP TABLE "fund_payments"`);
    await queryRunner.query(`DROP TYPE "public"."fund_payment_kind"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursement_vouchers_reimbursement_id_idx"`);
    await queryRunner.query(`DROP TABLE "fund_reimbursement_vouchers"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursement_lines_position_key"`);
    await queryRunner.query(`DROP TABLE "fund_reimbursement_lines"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursements_year_region_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursements_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursements_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursements_project_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursements_document_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursements_allocation_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_reimbursements_funding_id_idx"`);
    await queryRunner.query(`DROP TABLE "fund_reimbursements"`);
    await queryRunner.query(`DROP TYPE "public"."fund_reimbursement_status"`);
  }
}
