import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Industry projects (issue #15): benefit linkages (利益联结) of households with projects and/or
 * implementing entities. Generated from the entities (npm run migration:generate).
 */
export class BenefitLinkages1796301889619 implements MigrationInterface {
  name = 'BenefitLinkages1796301889619';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."linkage_income_component" AS ENUM('WAGE', 'PRODUCTION_BUSINESS', 'PROPERTY', 'ASSET_INCOME_DIVIDEND')`);
    await queryRunner.query(`CREATE TABLE "benefit_linkages" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "project_id" uuid, "entity_id" uuid, "type" character varying(100) NOT NULL, "agreed_terms" text NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "agreed_amount_per_year" numeric(12,2) NOT NULL, "income_component" "public"."linkage_income_component" NOT NULL, "returned_at_exit" boolean, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector", "end_reason" text, CONSTRAINT "benefit_linkages_party_check" CHECK ("project_id" IS NOT NULL OR "entity_id" IS NOT NULL), CONSTRAINT "PK_9f4025bad4830514a81853d19bf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "benefit_linkages_household_id_idx" ON "benefit_linkages"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkages_project_id_idx" ON "benefit_linkages"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkages_entity_id_idx" ON "benefit_linkages"  ("entity_id") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkages_type_idx" ON "benefit_linkages"  ("type") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkages_region_code_idx" ON "benefit_linkages"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "benefit_linkages_starts_on_id_idx" ON "benefit_linkages"  ("starts_on", "id") `);
    await queryRunner.query(`ALTER TABLE "benefit_linkages" ADD CONSTRAINT "benefit_linkages_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_linkages" ADD CONSTRAINT "benefit_linkages_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_linkages" ADD CONSTRAINT "benefit_linkages_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "implementing_entities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_linkages" ADD CONSTRAINT "benefit_linkages_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "benefit_linkages" DROP CONSTRAINT "benefit_linkages_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "benefit_linkages" DROP CONSTRAINT "benefit_linkages_entity_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "benefit_linkages" DROP CONSTRAINT "benefit_linkages_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "benefit_linkages" DROP CONSTRAINT "benefit_linkages_household_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkages_starts_on_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkages_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkages_type_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkages_entity_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkages_project_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."benefit_linkages_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "benefit_linkages"`);
    await queryRunner.query(`DROP TYPE "public"."linkage_income_component"`);
  }
}
