import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job openings and placing (issue #16): the job_openings table (employer entity or name, region
 * where the job is, place, labour skills wanted, monthly pay, places, period, channel, closing with
 * the reason) and employment_records.opening_id, the opening a member was placed in (nullable, with
 * its index: the places taken are counted by it). Generated from the entities (npm run
 * migration:generate).
 */
export class JobOpenings1796334125163 implements MigrationInterface {
  name = 'JobOpenings1796334125163';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "job_openings" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "employer_entity_id" uuid, "employer_name" character varying(200) NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "place" "public"."work_place" NOT NULL, "skills" "public"."labour_skill" array NOT NULL, "monthly_pay" numeric(12,2) NOT NULL, "places" integer NOT NULL, "open_from" date NOT NULL, "open_until" date, "channel" character varying(100) NOT NULL, "closed_on" date, "close_reason" text, "sector" "public"."sector" NOT NULL, CONSTRAINT "job_openings_closed_check" CHECK (("closed_on" IS NULL) = ("close_reason" IS NULL)), CONSTRAINT "job_openings_period_check" CHECK ("open_until" IS NULL OR "open_until" >= "open_from"), CONSTRAINT "job_openings_pay_check" CHECK ("monthly_pay" >= 0), CONSTRAINT "job_openings_places_check" CHECK ("places" >= 1), CONSTRAINT "PK_6888a7e6783262ac38387fc3e8d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "job_openings_employer_entity_id_idx" ON "job_openings"  ("employer_entity_id") `);
    await queryRunner.query(`CREATE INDEX "job_openings_region_code_idx" ON "job_openings"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "job_openings_open_from_id_idx" ON "job_openings"  ("open_from", "id") `);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD "opening_id" uuid`);
    await queryRunner.query(`CREATE INDEX "employment_records_opening_id_idx" ON "employment_records"  ("opening_id") `);
    await queryRunner.query(`ALTER TABLE "job_openings" ADD CONSTRAINT "job_openings_employer_entity_id_fkey" FOREIGN KEY ("employer_entity_id") REFERENCES "implementing_entities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "job_openings" ADD CONSTRAINT "job_openings_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD CONSTRAINT "employment_records_opening_id_fkey" FOREIGN KEY ("opening_id") REFERENCES "job_openings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employment_records" DROP CONSTRAINT "employment_records_opening_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "job_openings" DROP CONSTRAINT "job_openings_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "job_openings" DROP CONSTRAINT "job_openings_employer_entity_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_opening_id_idx"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP COLUMN "opening_id"`);
    await queryRunner.query(`DROP INDEX "public"."job_openings_open_from_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."job_openings_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."job_openings_employer_entity_id_idx"`);
    await queryRunner.query(`DROP TABLE "job_openings"`);
  }
}
