import { MigrationInterface, QueryRunner } from 'typeorm';

export class DropoutWatch1796363912267 implements MigrationInterface {
  name = 'DropoutWatch1796363912267';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "home_teaching_arrangements" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "school_year" smallint NOT NULL, "school" character varying(200) NOT NULL, "reason" text NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "home_teaching_arrangements_member_year_key" UNIQUE ("member_id", "school_year"), CONSTRAINT "PK_fb22f8c4975fb3a887820445be3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "home_teaching_arrangements_household_id_idx" ON "home_teaching_arrangements"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "home_teaching_arrangements_region_code_idx" ON "home_teaching_arrangements"  ("region_code") `);
    await queryRunner.query(`CREATE TYPE "public"."return_case_status" AS ENUM('OPEN', 'RETURNED', 'CLOSED')`);
    await queryRunner.query(`CREATE TABLE "return_to_school_cases" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "opened_on" date NOT NULL, "deadline" date NOT NULL, "status" "public"."return_case_status" NOT NULL DEFAULT 'OPEN', "closed_on" date, "close_reason" text, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "return_to_school_cases_deadline_check" CHECK ("deadline" >= "opened_on"), CONSTRAINT "PK_1ddd408ad230f6b2eaaf550c9c6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "return_to_school_cases_household_id_idx" ON "return_to_school_cases"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "return_to_school_cases_region_code_idx" ON "return_to_school_cases"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "return_to_school_cases_open_key" ON "return_to_school_cases"  ("member_id") WHERE "status" = 'OPEN'`);
    await queryRunner.query(`CREATE INDEX "return_to_school_cases_member_id_idx" ON "return_to_school_cases"  ("member_id") `);
    await queryRunner.query(`CREATE TYPE "public"."return_case_step_kind" AS ENUM('VISIT', 'PERSUASION', 'RETURNED', 'CLOSED')`);
    await queryRunner.query(`CREATE TABLE "return_to_school_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "kind" "public"."return_case_step_kind" NOT NULL, "taken_on" date NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_69a5119d761368072634a6cea01" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "return_to_school_steps_case_id_idx" ON "return_to_school_steps"  ("case_id", "taken_on") `);
    await queryRunner.query(`ALTER TABLE "home_teaching_arrangements" ADD CONSTRAINT "home_teaching_arrangements_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "home_teaching_arrangements" ADD CONSTRAINT "home_teaching_arrangements_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "home_teaching_arrangements" ADD CONSTRAINT "home_teaching_arrangements_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_to_school_cases" ADD CONSTRAINT "return_to_school_cases_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_to_school_cases" ADD CONSTRAINT "return_to_school_cases_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_to_school_cases" ADD CONSTRAINT "return_to_school_cases_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_to_school_steps" ADD CONSTRAINT "return_to_school_steps_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "return_to_school_cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "return_to_school_steps" DROP CONSTRAINT "return_to_school_steps_case_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "return_to_school_cases" DROP CONSTRAINT "return_to_school_cases_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "return_to_school_cases" DROP CONSTRAINT "return_to_school_cases_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "return_to_school_cases" DROP CONSTRAINT "return_to_school_cases_member_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "home_teaching_arrangements" DROP CONSTRAINT "home_teaching_arrangements_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "home_teaching_arrangements" DROP CONSTRAINT "home_teaching_arrangements_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "home_teaching_arrangements" DROP CONSTRAINT "home_teaching_arrangements_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."return_to_school_steps_case_id_idx"`);
    await queryRunner.query(`DROP TABLE "return_to_school_steps"`);
    await queryRunner.query(`DROP TYPE "public"."return_case_step_kind"`);
    await queryRunner.query(`DROP INDEX "public"."return_to_school_cases_member_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."return_to_school_cases_open_key"`);
    await queryRunner.query(`DROP INDEX "public"."return_to_school_cases_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."return_to_school_cases_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "return_to_school_cases"`);
    await queryRunner.query(`DROP TYPE "public"."return_case_status"`);
    await queryRunner.query(`DROP INDEX "public"."home_teaching_arrangements_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."home_teaching_arrangements_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "home_teaching_arrangements"`);
  }
}
