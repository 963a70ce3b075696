import { MigrationInterface, QueryRunner } from 'typeorm';

export class HospitalStays1796364471361 implements MigrationInterface {
  name = 'HospitalStays1796364471361';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."hospital_level" AS ENUM('PRIMARY', 'SECONDARY', 'TERTIARY', 'UNGRADED')`);
    await queryRunner.query(`CREATE TABLE "hospital_stays" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "hospital" character varying(200) NOT NULL, "hospital_level" "public"."hospital_level" NOT NULL, "in_county" boolean NOT NULL, "admitted_on" date NOT NULL, "discharged_on" date NOT NULL, "diagnosis" character varying(500) NOT NULL, "icd10_code" character varying(10), "total_cost" numeric(12,2) NOT NULL, "layer_payments" jsonb NOT NULL DEFAULT '[]', "household_paid" numeric(12,2) NOT NULL, "treat_first_pay_later" boolean NOT NULL DEFAULT false, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "hospital_stays_amounts_check" CHECK ("total_cost" >= 0 AND "household_paid" >= 0 AND "household_paid" <= "total_cost"), CONSTRAINT "hospital_stays_period_check" CHECK ("discharged_on" >= "admitted_on"), CONSTRAINT "PK_8081ee6b8cb257e7363814cd729" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "hospital_stays_region_code_idx" ON "hospital_stays"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "hospital_stays_member_id_idx" ON "hospital_stays"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "hospital_stays_household_discharged_idx" ON "hospital_stays"  ("household_id", "discharged_on") `);
    await queryRunner.query(`ALTER TABLE "hospital_stays" ADD CONSTRAINT "hospital_stays_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "hospital_stays" ADD CONSTRAINT "hospital_stays_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "hospital_stays" ADD CONSTRAINT "hospital_stays_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "hospital_stays" DROP CONSTRAINT "hospital_stays_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "hospital_stays" DROP CONSTRAINT "hospital_stays_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "hospital_stays" DROP CONSTRAINT "hospital_stays_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."hospital_stays_household_discharged_idx"`);
    await queryRunner.query(`DROP INDEX "public"."hospital_stays_member_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."hospital_stays_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "hospital_stays"`);
    await queryRunner.query(`DROP TYPE "public"."hospital_level"`);
  }
}
