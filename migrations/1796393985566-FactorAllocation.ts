import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Factor allocation (因素分配法, issue #19 part 3): entered factor values per year and region, and
 * computed runs with their lines (never changed; a re-run is a new run). The change feed: factor
 * values are the root FundFactorValue; a run and its lines the root FundAllocationRun (region = the
 * run's parent region; runs carry no version column).
 */

export class FactorAllocation1796393985566 implements MigrationInterface {
  name = 'FactorAllocation1796393985566';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fund_factor_values" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "year" smallint NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "factor" character varying(40) NOT NULL, "value" numeric(14,4) NOT NULL, "note" text, CONSTRAINT "fund_factor_values_value_check" CHECK ("value" >= 0), CONSTRAINT "PK_a9de83fb4417607018dcaa3e392" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_factor_values_region_code_idx" ON "fund_factor_values"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_factor_values_year_region_factor_key" ON "fund_factor_values"  ("year", "region_code", "factor") `);
    await queryRunner.query(`CREATE TYPE "public"."factor_allocation_level" AS ENUM('TOWN', 'VILLAGE')`);
    await queryRunner.query(`CREATE TABLE "fund_allocation_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "year" smallint NOT NULL, "parent_region_code" character varying(12) COLLATE "C" NOT NULL, "level" "public"."factor_allocation_level" NOT NULL, "run_number" integer NOT NULL, "document_id" uuid, "amount" numeric(14,2) NOT NULL, "inputs" jsonb NOT NULL, "run_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fund_allocation_runs_amount_check" CHECK ("amount" > 0), CONSTRAINT "PK_397e86b6f4a18f0d55bdc48169a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_allocation_runs_parent_region_code_idx" ON "fund_allocation_runs"  ("parent_region_code") `);
    await queryRunner.query(`CREATE INDEX "fund_allocation_runs_document_id_idx" ON "fund_allocation_runs"  ("document_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_allocation_runs_year_parent_level_number_key" ON "fund_allocation_runs"  ("year", "parent_region_code", "level", "run_number") `);
    await queryRunner.query(`CREATE TABLE "fund_allocation_run_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "share_numerator" text NOT NULL, "share_denominator" text NOT NULL, "amount" numeric(14,2) NOT NULL, "remainder_fen" boolean NOT NULL, CONSTRAINT "fund_allocation_run_lines_amount_check" CHECK ("amount" >= 0), CONSTRAINT "PK_4d6598607bf6f37a813a0cb55fb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "fund_allocation_run_lines_region_code_idx" ON "fund_allocation_run_lines"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_allocation_run_lines_run_region_key" ON "fund_allocation_run_lines"  ("run_id", "region_code") `);
    await queryRunner.query(`ALTER TABLE "fund_factor_values" ADD CONSTRAINT "fund_factor_values_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_allocation_runs" ADD CONSTRAINT "fund_allocation_runs_parent_region_code_fkey" FOREIGN KEY ("parent_region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_allocation_runs" ADD CONSTRAINT "fund_allocation_runs_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "fund_documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_allocation_run_lines" ADD CONSTRAINT "fund_allocation_run_lines_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "fund_allocation_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fund_allocation_run_lines" ADD CONSTRAINT "fund_allocation_run_lines_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'fund_factor_values', root: 'FundFactorValue', rootTable: 'fund_factor_values', rootIdColumn: 'id', part: 'value' });
    await attachChangeFeed(queryRunner, { table: 'fund_allocation_runs', root: 'FundAllocationRun', rootTable: 'fund_allocation_runs', rootIdColumn: 'id', part: 'run', regionColumn: 'parent_region_code', versionColumn: null });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'fund_allocation_runs');
    await detachChangeFeed(queryRunner, 'fund_factor_values');
    await queryRunner.query(`ALTER TABLE "fund_allocation_run_lines" DROP CONSTRAINT "fund_allocation_run_lines_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_allocation_run_lines" DROP CONSTRAINT "fund_allocation_run_lines_run_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_allocation_runs" DROP CONSTRAINT "fund_allocation_runs_document_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_allocation_runs" DROP CONSTRAINT "fund_allocation_runs_parent_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "fund_factor_values" DROP CONSTRAINT "fund_factor_values_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocation_run_lines_run_region_key"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocation_run_lines_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "fund_allocation_run_lines"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocation_runs_year_parent_level_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocation_runs_document_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."fund_allocation_runs_parent_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "fund_allocation_runs"`);
    await queryRunner.query(`DROP TYPE "public"."factor_allocation_level"`);
    await queryRunner.query(`DROP INDEX "public"."fund_factor_values_year_region_factor_key"`);
    await queryRunner.query(`DROP INDEX "public"."fund_factor_values_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "fund_factor_values"`);
  }
}
