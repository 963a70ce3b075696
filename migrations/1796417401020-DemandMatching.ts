import { MigrationInterface, QueryRunner } from 'typeorm';

export class DemandMatching1796417401020 implements MigrationInterface {
  name = 'DemandMatching1796417401020';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."assistance_need_kind" AS ENUM('CARE', 'MEDICAL', 'EDUCATION', 'EMPLOYMENT', 'HOUSING')`);
    await queryRunner.query(`CREATE TYPE "public"."assistance_need_status" AS ENUM('OPEN', 'MET', 'WITHDRAWN')`);
    await queryRunner.query(`CREATE TABLE "assistance_needs" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "member_id" uuid, "kind" "public"."assistance_need_kind" NOT NULL, "description" character varying(500) NOT NULL, "recorded_on" date NOT NULL, "status" "public"."assistance_need_status" NOT NULL DEFAULT 'OPEN', "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "PK_26228e818b1c9cd8b8694e2cb3b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "assistance_needs_household_id_idx" ON "assistance_needs"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "assistance_needs_member_id_idx" ON "assistance_needs"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "assistance_needs_region_code_idx" ON "assistance_needs"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "assistance_needs_status_idx" ON "assistance_needs"  ("status") `);
    await queryRunner.query(`CREATE TYPE "public"."assistance_provider_kind" AS ENUM('UNIT', 'ENTERPRISE', 'SOCIAL_ORGANISATION', 'VOLUNTEER')`);
    await queryRunner.query(`CREATE TABLE "assistance_providers" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "kind" "public"."assistance_provider_kind" NOT NULL, "offers" "public"."assistance_need_kind" array NOT NULL, "offering" character varying(500) NOT NULL, "active" boolean NOT NULL DEFAULT true, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "PK_9f5489197a15b621ec568d17a4e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "assistance_providers_region_code_idx" ON "assistance_providers"  ("region_code") `);
    await queryRunner.query(`CREATE TYPE "public"."assistance_match_stage" AS ENUM('PROPOSED', 'ACCEPTED', 'DELIVERED', 'DECLINED')`);
    await queryRunner.query(`CREATE TABLE "assistance_matches" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "stage" "public"."assistance_match_stage" NOT NULL DEFAULT 'PROPOSED', "proposed_on" date NOT NULL, "accepted_on" date, "closed_on" date, "outcome" character varying(500), "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "assistance_matches_dates_check" CHECK (("accepted_on" IS NULL OR "accepted_on" >= "proposed_on") AND ("closed_on" IS NULL OR "closed_on" >= "proposed_on")), CONSTRAINT "PK_7f7ff11b5be775ff70ccf517f74" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "assistance_matches_need_id_idx" ON "assistance_matches"  ("need_id") `);
    await queryRunner.query(`CREATE INDEX "assistance_matches_provider_id_idx" ON "assistance_matches"  ("provider_id") `);
    await queryRunner.query(`CREATE INDEX "assistance_matches_stage_idx" ON "assistance_matches"  ("stage") `);
    await queryRunner.query(`CREATE INDEX "assistance_matches_region_code_idx" ON "assistance_matches"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "assistance_matches_live_key" ON "assistance_matches"  ("need_id", "provider_id") WHERE "stage" <> 'DECLINED'`);
    await queryRunner.query(`ALTER TABLE "assistance_needs" ADD CONSTRAINT "assistance_needs_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assistance_needs" ADD CONSTRAINT "assistance_needs_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assistance_needs" ADD CONSTRAINT "assistance_needs_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assistance_providers" ADD CONSTRAINT "assistance_providers_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assistance_matches" ADD CONSTRAINT "assistance_matches_need_id_fkey" FOREIGN KEY ("need_id") REFERENCES "assistance_needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assistance_matches" ADD CONSTRAINT "assistance_matches_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "assistance_providers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assistance_matches" ADD CONSTRAINT "assistance_matches_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assistance_matches" DROP CONSTRAINT "assistance_matches_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "assistance_matches" DROP CONSTRAINT "assistance_matches_provider_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "assistance_matches" DROP CONSTRAINT "assistance_matches_need_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "assistance_providers" DROP CONSTRAINT "assistance_providers_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "assistance_needs" DROP CONSTRAINT "assistance_needs_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "assistance_needs" DROP CONSTRAINT "assistance_needs_member_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "assistance_needs" DROP CONSTRAINT "assistance_needs_household_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_matches_live_key"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_matches_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_matches_stage_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_matches_provider_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_matches_need_id_idx"`);
    await queryRunner.query(`DROP TABLE "assistance_matches"`);
    await queryRunner.query(`DROP TYPE "public"."assistance_match_stage"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_providers_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "assistance_providers"`);
    await queryRunner.query(`DROP TYPE "public"."assistance_provider_kind"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_needs_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_needs_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_needs_member_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_needs_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "assistance_needs"`);
    await queryRunner.query(`DROP TYPE "public"."assistance_need_status"`);
    await queryRunner.query(`DROP TYPE "public"."assistance_need_kind"`);
  }
}
