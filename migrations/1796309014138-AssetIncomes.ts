import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assets' yearly incomes (扶贫资产收益, issue #15 part 4): one row per asset and year, the income
 * and its distribution (公益岗位工资, 分配到户, 村集体留存, other; together at most the income),
 * with the asset's region and sector for scope.
 */

export class AssetIncomes1796309014138 implements MigrationInterface {
  name = 'AssetIncomes1796309014138';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "project_asset_incomes" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "asset_id" uuid NOT NULL, "year" integer NOT NULL, "income" numeric(12,2) NOT NULL, "to_public_welfare_posts" numeric(12,2) NOT NULL, "to_households" numeric(12,2) NOT NULL, "to_collective" numeric(12,2) NOT NULL, "other" numeric(12,2) NOT NULL, "note" character varying(500), "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector", CONSTRAINT "project_asset_incomes_asset_id_year_key" UNIQUE ("asset_id", "year"), CONSTRAINT "project_asset_incomes_distribution_check" CHECK ("income" >= 0 AND "to_public_welfare_posts" >= 0 AND "to_households" >= 0 AND "to_collective" >= 0 AND "other" >= 0 AND "to_public_welfare_posts" + "to_households" + "to_collective" + "other" <= "income"), CONSTRAINT "PK_d65f137244136ee4e542fdc20aa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "project_asset_incomes_region_code_idx" ON "project_asset_incomes"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "project_asset_incomes_year_id_idx" ON "project_asset_incomes"  ("year", "id") `);
    await queryRunner.query(`ALTER TABLE "project_asset_incomes" ADD CONSTRAINT "project_asset_incomes_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "project_assets"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_asset_incomes" ADD CONSTRAINT "project_asset_incomes_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "project_asset_incomes" DROP CONSTRAINT "project_asset_incomes_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_asset_incomes" DROP CONSTRAINT "project_asset_incomes_asset_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."project_asset_incomes_year_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_asset_incomes_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "project_asset_incomes"`);
  }
}
