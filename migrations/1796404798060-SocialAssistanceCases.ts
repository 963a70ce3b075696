import { MigrationInterface, QueryRunner } from 'typeorm';

export class SocialAssistanceCases1796404798060 implements MigrationInterface {
  name = 'SocialAssistanceCases1796404798060';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."social_assistance_case_kind" AS ENUM('DIBAO_ONLY', 'REGISTRY_ONLY', 'EXITED_ON_DIBAO', 'ATTR_MISMATCH')`);
    await queryRunner.query(`CREATE TYPE "public"."social_assistance_case_owner" AS ENUM('REGISTRY', 'CIVIL_AFFAIRS')`);
    await queryRunner.query(`CREATE TYPE "public"."social_assistance_case_status" AS ENUM('OPEN', 'RESOLVED')`);
    await queryRunner.query(`CREATE TYPE "public"."social_assistance_case_resolution" AS ENUM('CORRECTED', 'JUSTIFIED', 'REFERRED')`);
    await queryRunner.query(`CREATE TABLE "social_assistance_cases" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."social_assistance_case_kind" NOT NULL, "subject_key" character varying(64) NOT NULL, "member_id" uuid, "household_id" uuid, "facts" jsonb NOT NULL, "facts_digest" character varying(64) NOT NULL, "owner" "public"."social_assistance_case_owner" NOT NULL, "status" "public"."social_assistance_case_status" NOT NULL DEFAULT 'OPEN', "resolution" "public"."social_assistance_case_resolution", "resolution_reason" character varying(500), "resolved_on" date, "resolved_by_name" character varying(100), "present" boolean NOT NULL DEFAULT true, "as_of" date NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "social_assistance_cases_resolution_check" CHECK (("status" = 'RESOLVED') = ("resolution" IS NOT NULL AND "resolved_on" IS NOT NULL)), CONSTRAINT "PK_a86e50878d92778407a29fa4c8a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "social_assistance_cases_member_id_idx" ON "social_assistance_cases"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "social_assistance_cases_household_id_idx" ON "social_assistance_cases"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "social_assistance_cases_region_code_idx" ON "social_assistance_cases"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "social_assistance_cases_subject_key" ON "social_assistance_cases"  ("kind", "subject_key") `);
    await queryRunner.query(`ALTER TABLE "social_assistance_cases" ADD CONSTRAINT "social_assistance_cases_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "social_assistance_cases" ADD CONSTRAINT "social_assistance_cases_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "social_assistance_cases" ADD CONSTRAINT "social_assistance_cases_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "social_assistance_cases" DROP CONSTRAINT "social_assistance_cases_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "social_assistance_cases" DROP CONSTRAINT "social_assistance_cases_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "social_assistance_cases" DROP CONSTRAINT "social_assistance_cases_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_cases_subject_key"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_cases_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_cases_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."social_assistance_cases_member_id_idx"`);
    await queryRunner.query(`DROP TABLE "social_assistance_cases"`);
    await queryRunner.query(`DROP TYPE "public"."social_assistance_case_resolution"`);
    await queryRunner.query(`DROP TYPE "public"."social_assistance_case_status"`);
    await queryRunner.query(`DROP TYPE "public"."social_assistance_case_owner"`);
    await queryRunner.query(`DROP TYPE "public"."social_assistance_case_kind"`);
  }
}
