import { MigrationInterface, QueryRunner } from 'typeorm';

export class Education1796362523056 implements MigrationInterface {
  name = 'Education1796362523056';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."school_term" AS ENUM('AUTUMN', 'SPRING', 'WHOLE_YEAR')`);
    await queryRunner.query(`CREATE TYPE "public"."school_stage" AS ENUM('PRESCHOOL', 'PRIMARY', 'JUNIOR', 'SENIOR_HIGH', 'SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL', 'BACHELOR', 'MASTER', 'DOCTOR')`);
    await queryRunner.query(`CREATE TABLE "enrolments" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "school_year" smallint NOT NULL, "term" "public"."school_term" NOT NULL, "stage" "public"."school_stage" NOT NULL, "school" character varying(200) NOT NULL, "grade" smallint NOT NULL, "boarding" boolean NOT NULL DEFAULT false, "outside_province" boolean NOT NULL DEFAULT false, "age_reason" text, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "enrolments_member_term_key" UNIQUE ("member_id", "school_year", "term"), CONSTRAINT "enrolments_grade_check" CHECK ("grade" BETWEEN 1 AND 6), CONSTRAINT "PK_6e79971fbd26967c4da9ed52770" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "enrolments_household_id_idx" ON "enrolments"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "enrolments_region_code_idx" ON "enrolments"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "enrolments_school_year_id_idx" ON "enrolments"  ("school_year", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."education_aid_programme" AS ENUM('PRESCHOOL_FEE_WAIVER', 'PRESCHOOL_LIVING', 'COMPULSORY_LIVING', 'HIGH_SCHOOL_WAIVER', 'HIGH_SCHOOL_GRANT', 'VOCATIONAL_AID', 'COLLEGE_GRANT', 'UNIVERSITY_GRANT', 'STUDENT_LOAN', 'YULU_PLAN')`);
    await queryRunner.query(`CREATE TABLE "education_aid_records" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "enrolment_id" uuid NOT NULL, "school_year" smallint NOT NULL, "term" "public"."school_term" NOT NULL, "programme" "public"."education_aid_programme" NOT NULL, "due_amount" numeric(12,2), "amount" numeric(12,2) NOT NULL, "paid_on" date, "amount_reason" text, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "education_aid_records_member_programme_term_key" UNIQUE ("member_id", "programme", "school_year", "term"), CONSTRAINT "education_aid_records_due_amount_check" CHECK ("due_amount" IS NULL OR "due_amount" >= 0), CONSTRAINT "education_aid_records_amount_check" CHECK ("amount" >= 0), CONSTRAINT "PK_00ecf180fa3eda24b864c49cf8d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "education_aid_records_member_id_idx" ON "education_aid_records"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "education_aid_records_household_id_idx" ON "education_aid_records"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "education_aid_records_enrolment_id_idx" ON "education_aid_records"  ("enrolment_id") `);
    await queryRunner.query(`CREATE INDEX "education_aid_records_region_code_idx" ON "education_aid_records"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "education_aid_records_school_year_id_idx" ON "education_aid_records"  ("school_year", "id") `);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "education_aid_records" ADD CONSTRAINT "education_aid_records_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "education_aid_records" ADD CONSTRAINT "education_aid_records_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "education_aid_records" ADD CONSTRAINT "education_aid_records_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "education_aid_records" ADD CONSTRAINT "education_aid_records_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "education_aid_records" DROP CONSTRAINT "education_aid_records_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "education_aid_records" DROP CONSTRAINT "education_aid_records_enrolment_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "education_aid_records" DROP CONSTRAINT "education_aid_records_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "education_aid_records" DROP CONSTRAINT "education_aid_records_member_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."education_aid_records_school_year_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."education_aid_records_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."education_aid_records_enrolment_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."education_aid_records_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."education_aid_records_member_id_idx"`);
    await queryRunner.query(`DROP TABLE "education_aid_records"`);
    await queryRunner.query(`DROP TYPE "public"."education_aid_programme"`);
    await queryRunner.query(`DROP INDEX "public"."enrolments_school_year_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."enrolments_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."enrolments_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "enrolments"`);
    await queryRunner.query(`DROP TYPE "public"."school_stage"`);
    await queryRunner.query(`DROP TYPE "public"."school_term"`);
  }
}
