import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * The funds ledger (issue #19 part 1): fund documents, allocations, project fundings. Besides what
 * the entities imply: the trigger function funds_commit keeps each source's `committed` (the sum of
 * its active parts: a document's active child documents and allocations, an allocation's active
 * fundings) on every INSERT, DELETE and change of amount, status or source of a part, so the CHECK
 * `committed <= amount` of the source refuses any write that would overspend it, raw SQL included.
 * And the change feed: all three tables feed the root FundDocument.
 */

export class Funds1796390361296 implements MigrationInterface {
  name = 'Funds1796390361296';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."fund_batch" AS ENUM('ADVANCE', 'REGULAR', 'SUPPLEMENT')`);
    await queryRunner.query(`CREATE TYPE "public"."fund_record_status" AS ENUM('ACTIVE', 'CANCELLED')`);
    await queryRunner.query(`CREATE TABLE "fund_documents" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "document_number" character varying(100) NOT NULL, "issuer" character varying(100) NOT NULL, "issued_on" date NOT NULL, "year" smallint NOT NULL, "level" character varying(20) NOT NULL, "level_rank" smallint NOT NULL, "channel" character varying(40) NOT NULL, "batch" "public"."fund_batch" NOT NULL, "parent_id" uuid, "amount" numeric(14,2) NOT NULL, "committed" numeric(14,2) NOT NULL DEFAULT '0', "function_code" character varying(7) NOT NULL, "status" "public"."fund_record_status" NOT NULL DEFAULT 'ACTIVE', "cancelled_on" date, "cancel_reason" text, CONSTRAINT "fund_documents_committed_check" CHECK ("committed" >= 0 AND "committed" <= "amount"), CONSTRAINT "fund_documents_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_0cc0d37a6dfb8827fb273084b41" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_documents_region_code_idx" ON "fund_documents"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "fund_documents_channel_idx" ON "fund_documents"  ("channel") `);
    await queryRunner.query(`CREATE INDEX "fund_documents_parent_id_idx" ON "fund_documents"  ("parent_id") `);
    await queryRunner.query(`CREATE INDEX "fund_documents_status_idx" ON "fund_documents"  ("status") `);
    await queryRunner.query(`CREATE INDEX "fund_documents_year_level_idx" ON "fund_documents"  ("year", "level") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_documents_issuer_year_number_key" ON "fund_documents"  ("issuer", "year", "document_number") WHERE status = 'ACTIVE'`);
    await queryRunner.query(`CREATE TABLE "fund_allocations" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "level" character varying(20) NOT NULL, "channel" character varying(40) NOT NULL, "allocated_on" date NOT NULL, "purpose" text NOT NULL, "amount" numeric(12,2) NOT NULL, "committed" numeric(12,2) NOT NULL DEFAULT '0', "status" "public"."fund_record_status" NOT NULL DEFAULT 'ACTIVE', "cancelled_on" date, "cancel_reason" text, CONSTRAINT "fund_allocations_committed_check" CHECK ("committed" >= 0 AND "committed" <= "amount"), CONSTRAINT "fund_allocations_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_669573d06023ccec7fb2876f271" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_allocations_document_id_idx" ON "fund_allocations"  ("document_id") `);
    await queryRunner.query(`CREATE INDEX "fund_allocations_region_code_idx" ON "fund_allocations"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "fund_allocations_status_idx" ON "fund_allocations"  ("status") `);
    await queryRunner.query(`CREATE INDEX "fund_allocations_year_region_idx" ON "fund_allocations"  ("year", "region_code") `);
    await queryRunner.query(`CREATE TYPE "public"."project_funding_basis" AS ENUM('IN_LIBRARY', 'EXCEPTION', 'RULE_OFF')`);
    await queryRunner.query(`CREATE TABLE "project_fundings" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "allocation_id" uuid NOT NULL, "document_id" uuid NOT NULL, "project_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "level" character varying(20) NOT NULL, "channel" character varying(40) NOT NULL, "funded_on" date NOT NULL, "amount" numeric(12,2) NOT NULL, "basis" "public"."project_funding_basis" NOT NULL, "exception_reason" text, "status" "public"."fund_record_status" NOT NULL DEFAULT 'ACTIVE', "cancelled_on" date, "cancel_reason" text, CONSTRAINT "project_fundings_exception_check" CHECK (("basis" = 'EXCEPTION') = ("exception_reason" IS NOT NULL)), CONSTRAINT "project_fundings_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_8fd91f83aeca49bd86ef4fac8b8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "project_fundings_allocation_id_idx" ON "project_fundings"  ("allocation_id") `);
    await queryRunner.query(`CREATE INDEX "project_fundings_document_id_idx" ON "project_fundings"  ("document_id") `);
    await queryRunner.query(`CREATE INDEX "project_fundings_project_id_idx" ON "project_fundings"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "project_fundings_region_code_idx" ON "project_fundings"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "project_fundings_status_idx" ON "project_fundings"  ("status") `);
    await queryRunner.query(`CREATE INDEX "project_fundings_year_region_idx" ON "project_fundings"  ("year", "region_code") `);
    await queryRunner.query(`ALTER TABLE "fund_documents" ADD CONSTRAINT "fund_documents_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_documents" ADD CONSTRAINT "fund_documents_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "fund_documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "fund_documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_fundings" ADD CONSTRAINT "project_fundings_allocation_id_fkey" FOREIGN KEY ("allocation_id") REFERENCES "fund_allocations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_fundings" ADD CONSTRAINT "project_fundings_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "fund_documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_fundings" ADD CONSTRAINT "project_fundings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_fundings" ADD CONSTRAINT "project_fundings_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE FUNCTION funds_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        source_table text := TG_ARGV[0];
        source_column text := TG_ARGV[1];
        old_source uuid;
        new_source uuid;
        old_amount numeric := 0;
        new_amount numeric := 0;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          EXECUTE format('SELECT ($1).%I', source_column) INTO old_source USING OLD;
          IF OLD.status = 'ACTIVE' THEN old_amount := OLD.amount; END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          EXECUTE format('SELECT ($1).%I', source_column) INTO new_source USING NEW;
          IF NEW.status = 'ACTIVE' THEN new_amount := NEW.amount; END IF;
        END IF;
        IF old_source IS NOT DISTINCT FROM new_source THEN
          IF new_source IS NOT NULL AND new_amount <> old_amount THEN
            EXECUTE format('UPDATE %I SET committed = committed + $1 WHERE id = $2', source_table) USING new_amount - old_amount, new_source;
          END IF;
        ELSE
          IF old_source IS NOT NULL AND old_amount <> 0 THEN
            EXECUTE format('UPDATE %I SET committed = committed - $1 WHERE id = $2', source_table) USING old_amount, old_source;
          END IF;
          IF new_source IS NOT NULL AND new_amount <> 0 THEN
            EXECUTE format('UPDATE %I SET committed = committed + $1 WHERE id = $2', source_table) USING new_amount, new_source;
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER fund_documents_commit AFTER INSERT OR DELETE OR UPDATE OF amount, status, parent_id ON fund_documents FOR EACH ROW EXECUTE FUNCTION funds_commit('fund_documents', 'parent_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER fund_allocations_commit AFTER INSERT OR DELETE OR UPDATE OF amount, status, document_id ON fund_allocations FOR EACH ROW EXECUTE FUNCTION funds_commit('fund_documents', 'document_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER project_fundings_commit AFTER INSERT OR DELETE OR UPDATE OF amount, status, allocation_id ON project_fundings FOR EACH ROW EXECUTE FUNCTION funds_commit('fund_allocations', 'allocation_id')`,
    );
    await attachChangeFeed(queryRunner, { table: 'fund_documents', root: 'FundDocument', rootTable: 'fund_documents', rootIdColumn: 'id', part: 'document' });
    await attachChangeFeed(queryRunner, { table: 'fund_allocations', root: 'FundDocument', rootTable: 'fund_documents', rootIdColumn: 'document_id', part: 'allocation' });
    await attachChangeFeed(queryRunner, { table: 'project_fundings', root: 'FundDocument', rootTable: 'fund_documents', rootIdColumn: 'document_id', part: 'funding' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'project_fundings');
    await detachChangeFeed(queryRunner, 'fund_allocations');
    await detachChangeFeed(queryRunner, 'fund_documents');
    await queryRunner.query(`DROP TRIGGER project_fundings_commit ON project_fundings`);
    await queryRunner.query(`DROP TRIGGER fund_allocations_commit ON fund_allocations`);
    await queryRunner.query(`DROP TRIGGER fund_documents_commit ON fund_documents`);
    await queryRunner.query(`DROP FUNCTION funds_commit()`);
    await queryRunner.query(`ALTER TABLE "project_fundings" DROP CONSTRAINT "project_fundings_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_fundings" DROP CONSTRAINT "project_fundings_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_fundings" DROP CONSTRAINT "project_fundings_document_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_fundings" DROP CONSTRAINT "project_fundings_allocation_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_allocations" DROP CONSTRAINT "fund_allocations_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_allocations" DROP CONSTRAINT "fund_allocations_document_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_documents" DROP CONSTRAINT "fund_documents_parent_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_documents" DROP CONSTRAINT "fund_documents_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."project_fundings_year_region_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_fundings_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_fundings_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_fundings_project_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_fundings_document_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_fundings_allocation_id_idx"`);
    await queryRunner.query(`DROP TABLE "project_fundings"`);
    await queryRunner.query(`DROP TYPE "public"."project_funding_basis"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocations_year_region_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocations_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocations_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocations_document_id_idx"`);
    await queryRunner.query(`DROP TABLE "fund_allocations"`);
    await queryRunner.query(`DROP INDEX "public"."fund_documents_issuer_year_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."fund_documents_year_level_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_documents_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_documents_parent_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_documents_channel_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_documents_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "fund_documents"`);
    await queryRunner.query(`DROP TYPE "public"."fund_record_status"`);
    await queryRunner.query(`DROP TYPE "public"."fund_batch"`);
  }
}
