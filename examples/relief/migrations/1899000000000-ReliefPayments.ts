import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../../../src/database/change-feed';

/**
 * The example module's table (relief_payments), its foreign keys and indexes, and the change feed.
 * The SQL is what the entity implies (checked by the entities-vs-migrations diff in the module's
 * test); the feed is attached by the kit's helper, which writes one entry per payment and
 * transaction, naming it and never copying its row (the payee account stays out of the feed).
 * Its timestamp sorts after every migration of the service, so it runs after them.
 */
export class ReliefPayments1899000000000 implements MigrationInterface {
  name = 'ReliefPayments1899000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."relief_status" AS ENUM('PLANNED', 'PAID', 'OVERDUE')`);
    await q.query(
      `CREATE TABLE "relief_payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "amount" numeric(12,2) NOT NULL, "payee_account_enc" text NOT NULL, "payee_account_hash" character varying(64) NOT NULL, "status" "public"."relief_status" NOT NULL DEFAULT 'PLANNED', "due_on" date NOT NULL, "paid_on" date, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8cc48b900fcf430600d8bb6cb76" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "relief_payments_household_id_idx" ON "relief_payments" ("household_id") `);
    await q.query(`CREATE INDEX "relief_payments_region_code_idx" ON "relief_payments" ("region_code") `);
    await q.query(`CREATE INDEX "relief_payments_payee_account_hash_idx" ON "relief_payments" ("payee_account_hash") `);
    await q.query(`CREATE INDEX "relief_payments_status_due_on_idx" ON "relief_payments" ("status", "due_on") `);
    await q.query(
      `ALTER TABLE "relief_payments" ADD CONSTRAINT "relief_payments_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "relief_payments" ADD CONSTRAINT "relief_payments_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // The payment is its own aggregate root: entries say ReliefPayment <id>, part 'payment'.
    await attachChangeFeed(q, { table: 'relief_payments', root: 'ReliefPayment', rootTable: 'relief_payments', rootIdColumn: 'id', part: 'payment' });
  }

  public async down(q: QueryRunner): Promise<void> {
    await detachChangeFeed(q, 'relief_payments');
    await q.query(`DROP TABLE "relief_payments"`);
    await q.query(`DROP TYPE "public"."relief_status"`);
  }
}
