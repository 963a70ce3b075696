import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/** Project assets (扶贫资产, issue #15), fed as part of the root Project. */

export class ProjectAssets1796301668502 implements MigrationInterface {
  name = 'ProjectAssets1796301668502';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."project_asset_kind" AS ENUM('PV_STATION', 'WORKSHOP', 'GREENHOUSE', 'LIVESTOCK', 'ROAD_WATER', 'OTHER')`);
    await queryRunner.query(`CREATE TYPE "public"."project_asset_owner_type" AS ENUM('VILLAGE_COLLECTIVE', 'HOUSEHOLD', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "project_assets" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "kind" "public"."project_asset_kind" NOT NULL, "owner_type" "public"."project_asset_owner_type" NOT NULL, "owner_region_code" character varying(12) COLLATE "C", "owner_household_id" uuid, "owner_name" character varying(200), "value" numeric(12,2) NOT NULL, "handed_over_on" date, "operator_id" uuid, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector", CONSTRAINT "PK_7b9fd4c5f92d38acb7e270e0cce" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "project_assets_project_id_idx" ON "project_assets"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "project_assets_kind_idx" ON "project_assets"  ("kind") `);
    await queryRunner.query(`CREATE INDEX "project_assets_owner_region_code_idx" ON "project_assets"  ("owner_region_code") `);
    await queryRunner.query(`CREATE INDEX "project_assets_owner_household_id_idx" ON "project_assets"  ("owner_household_id") `);
    await queryRunner.query(`CREATE INDEX "project_assets_operator_id_idx" ON "project_assets"  ("operator_id") `);
    await queryRunner.query(`CREATE INDEX "project_assets_region_code_idx" ON "project_assets"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "project_assets_name_id_idx" ON "project_assets"  ("name", "id") `);
    await queryRunner.query(`ALTER TABLE "project_assets" ADD CONSTRAINT "project_assets_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_assets" ADD CONSTRAINT "project_assets_owner_region_code_fkey" FOREIGN KEY ("owner_region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_assets" ADD CONSTRAINT "project_assets_owner_household_id_fkey" FOREIGN KEY ("owner_household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_assets" ADD CONSTRAINT "project_assets_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "implementing_entities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_assets" ADD CONSTRAINT "project_assets_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'project_assets', root: 'Project', rootTable: 'projects', rootIdColumn: 'project_id', part: 'asset' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'project_assets');
    await queryRunner.query(`ALTER TABLE "project_assets" DROP CONSTRAINT "project_assets_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_assets" DROP CONSTRAINT "project_assets_operator_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_assets" DROP CONSTRAINT "project_assets_owner_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_assets" DROP CONSTRAINT "project_assets_owner_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_assets" DROP CONSTRAINT "project_assets_project_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."project_assets_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_assets_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_assets_operator_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_assets_owner_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_assets_owner_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_assets_kind_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_assets_project_id_idx"`);
    await queryRunner.query(`DROP TABLE "project_assets"`);
    await queryRunner.query(`DROP TYPE "public"."project_asset_owner_type"`);
    await queryRunner.query(`DROP TYPE "public"."project_asset_kind"`);
  }
}
