import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Public-welfare posts (公益岗位) and poverty-alleviation workshops (扶贫车间) of the employment
 * ledger (issue #16): the two tables, and on employment_records the post held (post_id, with the
 * holder's other-village reason and eligibility note) and the workshop worked in (workshop_id).
 * Generated from the entities (npm run migration:generate); the posts on the change feed added by
 * hand (root PublicWelfarePost, part `post`, region = the village).
 */
export class PostsAndWorkshops1796333966734 implements MigrationInterface {
  name = 'PostsAndWorkshops1796333966734';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "public_welfare_posts" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "type" character varying(100) NOT NULL, "name" character varying(200) NOT NULL, "places" integer NOT NULL, "monthly_pay" numeric(12,2) NOT NULL, "funding_source" text NOT NULL, "funding_asset_id" uuid, "starts_on" date NOT NULL, "ends_on" date, "closed_on" date, "close_reason" text, "sector" "public"."sector" NOT NULL, CONSTRAINT "public_welfare_posts_period_check" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "public_welfare_posts_pay_check" CHECK ("monthly_pay" >= 0), CONSTRAINT "public_welfare_posts_places_check" CHECK ("places" >= 1), CONSTRAINT "PK_0d82727fbafd9078fcad588811e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "public_welfare_posts_region_code_idx" ON "public_welfare_posts"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "public_welfare_posts_funding_asset_id_idx" ON "public_welfare_posts"  ("funding_asset_id") `);
    await queryRunner.query(`CREATE INDEX "public_welfare_posts_name_id_idx" ON "public_welfare_posts"  ("name", "id") `);
    await queryRunner.query(`CREATE TABLE "poverty_workshops" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "entity_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "capacity" integer NOT NULL, "opened_on" date NOT NULL, "closed_on" date, "sector" "public"."sector" NOT NULL, CONSTRAINT "poverty_workshops_period_check" CHECK ("closed_on" IS NULL OR "closed_on" >= "opened_on"), CONSTRAINT "poverty_workshops_capacity_check" CHECK ("capacity" >= 1), CONSTRAINT "PK_b46cc921f565c3f6b0c799e172f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "poverty_workshops_entity_id_idx" ON "poverty_workshops"  ("entity_id") `);
    await queryRunner.query(`CREATE INDEX "poverty_workshops_region_code_idx" ON "poverty_workshops"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "poverty_workshops_name_id_idx" ON "poverty_workshops"  ("name", "id") `);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD "post_id" uuid`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD "other_village_reason" text`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD "eligibility_note" text`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD "workshop_id" uuid`);
    await queryRunner.query(`CREATE INDEX "employment_records_post_id_idx" ON "employment_records"  ("post_id") `);
    await queryRunner.query(`CREATE INDEX "employment_records_workshop_id_idx" ON "employment_records"  ("workshop_id") `);
    await queryRunner.query(`ALTER TABLE "public_welfare_posts" ADD CONSTRAINT "public_welfare_posts_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "public_welfare_posts" ADD CONSTRAINT "public_welfare_posts_funding_asset_id_fkey" FOREIGN KEY ("funding_asset_id") REFERENCES "project_assets"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "poverty_workshops" ADD CONSTRAINT "poverty_workshops_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "implementing_entities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "poverty_workshops" ADD CONSTRAINT "poverty_workshops_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD CONSTRAINT "employment_records_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "public_welfare_posts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD CONSTRAINT "employment_records_workshop_id_fkey" FOREIGN KEY ("workshop_id") REFERENCES "poverty_workshops"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'public_welfare_posts', root: 'PublicWelfarePost', rootTable: 'public_welfare_posts', rootIdColumn: 'id', part: 'post' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'public_welfare_posts');
    await queryRunner.query(`ALTER TABLE "employment_records" DROP CONSTRAINT "employment_records_workshop_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP CONSTRAINT "employment_records_post_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "poverty_workshops" DROP CONSTRAINT "poverty_workshops_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "poverty_workshops" DROP CONSTRAINT "poverty_workshops_entity_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "public_welfare_posts" DROP CONSTRAINT "public_welfare_posts_funding_asset_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "public_welfare_posts" DROP CONSTRAINT "public_welfare_posts_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_workshop_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_post_id_idx"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP COLUMN "workshop_id"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP COLUMN "eligibility_note"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP COLUMN "other_village_reason"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP COLUMN "post_id"`);
    await queryRunner.query(`DROP INDEX "public"."poverty_workshops_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."poverty_workshops_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."poverty_workshops_entity_id_idx"`);
    await queryRunner.query(`DROP TABLE "poverty_workshops"`);
    await queryRunner.query(`DROP INDEX "public"."public_welfare_posts_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."public_welfare_posts_funding_asset_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."public_welfare_posts_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "public_welfare_posts"`);
  }
}
