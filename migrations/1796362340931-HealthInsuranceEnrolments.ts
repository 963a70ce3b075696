import { MigrationInterface, QueryRunner } from 'typeorm';

export class HealthInsuranceEnrolments1796362340931 implements MigrationInterface {
  name = 'HealthInsuranceEnrolments1796362340931';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "insurance_enrolments" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "year" smallint NOT NULL, "layer" character varying(100) NOT NULL, "premium" numeric(12,2) NOT NULL, "subsidy" numeric(12,2) NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "insurance_enrolments_member_year_layer_key" UNIQUE ("member_id", "year", "layer"), CONSTRAINT "insurance_enrolments_subsidy_check" CHECK ("subsidy" >= 0 AND "subsidy" <= "premium"), CONSTRAINT "insurance_enrolments_premium_check" CHECK ("premium" >= 0), CONSTRAINT "PK_e23f4a6ebc028a337b6511c9f1d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "insurance_enrolments_region_code_idx" ON "insurance_enrolments"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "insurance_enrolments_household_year_idx" ON "insurance_enrolments"  ("household_id", "year") `);
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" ADD CONSTRAINT "insurance_enrolments_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" ADD CONSTRAINT "insurance_enrolments_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" ADD CONSTRAINT "insurance_enrolments_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" DROP CONSTRAINT "insurance_enrolments_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" DROP CONSTRAINT "insurance_enrolments_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "insurance_enrolments" DROP CONSTRAINT "insurance_enrolments_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."insurance_enrolments_household_year_idx"`);
    await queryRunner.query(`DROP INDEX "public"."insurance_enrolments_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "insurance_enrolments"`);
  }
}
