import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Industry projects (issue #15): implementing entities (经营主体, contact phone encrypted with its
 * blind index, unique credit code) and the villages' yearly industry checks with their cooperatives
 * and collective income sources. Generated from the entities (npm run migration:generate).
 */
export class ImplementingEntitiesAndVillageChecks1796296744542 implements MigrationInterface {
  name = 'ImplementingEntitiesAndVillageChecks1796296744542';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."implementing_entity_status" AS ENUM('ACTIVE', 'CLOSED')`);
    await queryRunner.query(`CREATE TABLE "implementing_entities" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(100) NOT NULL, "name" character varying(200) NOT NULL, "credit_code" character varying(18) NOT NULL, "legal_representative" character varying(50) NOT NULL, "phone_enc" text, "phone_hash" character varying(64), "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector", "founded_on" date, "listed_on" date NOT NULL, "business_scope" text, "status" "public"."implementing_entity_status" NOT NULL DEFAULT 'ACTIVE', "closed_on" date, "close_reason" text, CONSTRAINT "PK_9785a5197b549e2e2723f9fc2dd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "implementing_entities_type_idx" ON "implementing_entities"  ("type") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "implementing_entities_credit_code_key" ON "implementing_entities"  ("credit_code") `);
    await queryRunner.query(`CREATE INDEX "implementing_entities_phone_hash_idx" ON "implementing_entities"  ("phone_hash") `);
    await queryRunner.query(`CREATE INDEX "implementing_entities_region_code_idx" ON "implementing_entities"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "implementing_entities_status_idx" ON "implementing_entities"  ("status") `);
    await queryRunner.query(`CREATE INDEX "implementing_entities_name_id_idx" ON "implementing_entities"  ("name", "id") `);
    await queryRunner.query(`CREATE TABLE "village_industry_checks" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "year" smallint NOT NULL, "specialty_industry" character varying(200), "industry_type" character varying(100), "poor_households_in_cooperatives" integer NOT NULL DEFAULT '0', "collective_income" numeric(12,2), CONSTRAINT "PK_a99df82d3d0a4dd4540381530f9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "village_industry_checks_region_code_year_key" ON "village_industry_checks"  ("region_code", "year") `);
    await queryRunner.query(`CREATE TABLE "village_industry_check_cooperatives" ("check_id" uuid NOT NULL, "entity_id" uuid NOT NULL, CONSTRAINT "PK_014eb3271b491689d6898e10af9" PRIMARY KEY ("check_id", "entity_id"))`);
    await queryRunner.query(`CREATE INDEX "village_industry_check_cooperatives_entity_id_idx" ON "village_industry_check_cooperatives"  ("entity_id") `);
    await queryRunner.query(`CREATE TABLE "village_collective_income_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "check_id" uuid NOT NULL, "source" character varying(200) NOT NULL, "amount" numeric(12,2) NOT NULL, "position" smallint NOT NULL, CONSTRAINT "PK_abb9d8dc26d82fce66e0011b1f6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "village_collective_income_sources_check_id_idx" ON "village_collective_income_sources"  ("check_id") `);
    await queryRunner.query(`ALTER TABLE "implementing_entities" ADD CONSTRAINT "implementing_entities_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "village_industry_checks" ADD CONSTRAINT "village_industry_checks_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "village_industry_check_cooperatives" ADD CONSTRAINT "village_industry_check_cooperatives_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "village_industry_checks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "village_industry_check_cooperatives" ADD CONSTRAINT "village_industry_check_cooperatives_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "implementing_entities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "village_collective_income_sources" ADD CONSTRAINT "village_collective_income_sources_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "village_industry_checks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "village_collective_income_sources" DROP CONSTRAINT "village_collective_income_sources_check_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "village_industry_check_cooperatives" DROP CONSTRAINT "village_industry_check_cooperatives_entity_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "village_industry_check_cooperatives" DROP CONSTRAINT "village_industry_check_cooperatives_check_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "village_industry_checks" DROP CONSTRAINT "village_industry_checks_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "implementing_entities" DROP CONSTRAINT "implementing_entities_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."village_collective_income_sources_check_id_idx"`);
    await queryRunner.query(`DROP TABLE "village_collective_income_sources"`);
    await queryRunner.query(`DROP INDEX "public"."village_industry_check_cooperatives_entity_id_idx"`);
    await queryRunner.query(`DROP TABLE "village_industry_check_cooperatives"`);
    await queryRunner.query(`DROP INDEX "public"."village_industry_checks_region_code_year_key"`);
    await queryRunner.query(`DROP TABLE "village_industry_checks"`);
    await queryRunner.query(`DROP INDEX "public"."implementing_entities_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."implementing_entities_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."implementing_entities_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."implementing_entities_phone_hash_idx"`);
    await queryRunner.query(`DROP INDEX "public"."implementing_entities_credit_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."implementing_entities_type_idx"`);
    await queryRunner.query(`DROP TABLE "implementing_entities"`);
    await queryRunner.query(`DROP TYPE "public"."implementing_entity_status"`);
  }
}
