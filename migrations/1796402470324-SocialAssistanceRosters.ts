import { MigrationInterface, QueryRunner } from 'typeorm';

export class SocialAssistanceRosters1796402470324 implements MigrationInterface {
  name = 'SocialAssistanceRosters1796402470324';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."social_assistance_category" AS ENUM('DIBAO', 'TEKUN', 'TEMPORARY')`);
    await queryRunner.query(`CREATE TABLE "social_assistance_roster_entries" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "category" "public"."social_assistance_category" NOT NULL, "civil_household_number" character varying(32) NOT NULL, "person_name" character varying(50) NOT NULL, "id_number_enc" text NOT NULL, "id_number_hash" character varying(64) NOT NULL, "monthly_amount" numeric(12,2) NOT NULL, "dibao_standard" numeric(12,2), "starts_on" date NOT NULL, "ends_on" date, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "social_assistance_roster_entries_period_check" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "social_assistance_roster_entries_amount_check" CHECK ("monthly_amount" >= 0), CONSTRAINT "PK_6750010516caa8a799688ab2511" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "social_assistance_roster_entries_id_number_hash_idx" ON "social_assistance_roster_entries"  ("id_number_hash") `);
    await queryRunner.query(`CREATE INDEX "social_assistance_roster_entries_region_code_idx" ON "social_assistance_roster_entries"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "social_assistance_roster_entries_household_idx" ON "social_assistance_roster_entries"  ("civil_household_number") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "social_assistance_roster_entries_key" ON "social_assistance_roster_entries"  ("category", "id_number_hash", "starts_on") `);
    await queryRunner.query(`ALTER TABLE "social_assistance_roster_entries" ADD CONSTRAINT "social_assistance_roster_entries_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "social_assistance_roster_entries" DROP CONSTRAINT "social_assistance_roster_entries_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_roster_entries_key"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_roster_entries_household_idx"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_roster_entries_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_roster_entries_id_number_hash_idx"`);
    await queryRunner.query(`DROP TABLE "social_assistance_roster_entries"`);
    await queryRunner.query(`DROP TYPE "public"."social_assistance_category"`);
  }
}
