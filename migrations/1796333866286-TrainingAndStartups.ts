import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Training and returnee start-ups (issue #16): training courses (实名制培训: type from
 * employment.training, provider, dates, hours, the organiser's region), trainees by real name (a
 * member once per course; region = the household's village) and returnee start-ups (返乡创业, with
 * the award applied for and granted as recorded). Generated from the entities (npm run
 * migration:generate); not on the change feed.
 */
export class TrainingAndStartups1796333866286 implements MigrationInterface {
  name = 'TrainingAndStartups1796333866286';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "returnee_startups" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "business_name" character varying(200) NOT NULL, "industry" character varying(100) NOT NULL, "started_on" date NOT NULL, "jobs_created" integer NOT NULL, "poor_households_employed" integer NOT NULL, "award_applied" numeric(12,2), "award_granted" numeric(12,2), "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "returnee_startups_award_check" CHECK (("award_applied" IS NULL OR "award_applied" >= 0) AND ("award_granted" IS NULL OR "award_granted" >= 0)), CONSTRAINT "returnee_startups_counts_check" CHECK ("jobs_created" >= 0 AND "poor_households_employed" >= 0), CONSTRAINT "PK_073ad4a39c15a79ec141cc76da2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "returnee_startups_member_id_idx" ON "returnee_startups"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "returnee_startups_household_id_idx" ON "returnee_startups"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "returnee_startups_region_code_idx" ON "returnee_startups"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "returnee_startups_started_on_id_idx" ON "returnee_startups"  ("started_on", "id") `);
    await queryRunner.query(`CREATE TABLE "training_courses" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "provider" character varying(200) NOT NULL, "provider_entity_id" uuid, "type" character varying(100) NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "hours" numeric(7,1) NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "training_courses_hours_check" CHECK ("hours" > 0), CONSTRAINT "training_courses_period_check" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "PK_13bbeecb2ed8a1f45be3c02d68e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "training_courses_provider_entity_id_idx" ON "training_courses"  ("provider_entity_id") `);
    await queryRunner.query(`CREATE INDEX "training_courses_region_code_idx" ON "training_courses"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "training_courses_starts_on_id_idx" ON "training_courses"  ("starts_on", "id") `);
    await queryRunner.query(`CREATE TABLE "training_participations" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "completed" boolean NOT NULL DEFAULT false, "hours_attended" numeric(7,1), "certificate_name" character varying(200), "certificate_number" character varying(100), "passed_on" date, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "training_participations_course_member_key" UNIQUE ("course_id", "member_id"), CONSTRAINT "training_participations_hours_check" CHECK ("hours_attended" IS NULL OR "hours_attended" >= 0), CONSTRAINT "PK_40f1d2442c06cb765b1cbbbc798" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "training_participations_member_id_idx" ON "training_participations"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "training_participations_household_id_idx" ON "training_participations"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "training_participations_region_code_idx" ON "training_participations"  ("region_code") `);
    await queryRunner.query(`ALTER TABLE "returnee_startups" ADD CONSTRAINT "returnee_startups_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "returnee_startups" ADD CONSTRAINT "returnee_startups_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "returnee_startups" ADD CONSTRAINT "returnee_startups_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_provider_entity_id_fkey" FOREIGN KEY ("provider_entity_id") REFERENCES "implementing_entities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_courses" ADD CONSTRAINT "training_courses_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_participations" ADD CONSTRAINT "training_participations_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "training_courses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_participations" ADD CONSTRAINT "training_participations_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_participations" ADD CONSTRAINT "training_participations_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_participations" ADD CONSTRAINT "training_participations_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "training_participations" DROP CONSTRAINT "training_participations_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "training_participations" DROP CONSTRAINT "training_participations_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "training_participations" DROP CONSTRAINT "training_participations_member_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "training_participations" DROP CONSTRAINT "training_participations_course_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "training_courses" DROP CONSTRAINT "training_courses_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "training_courses" DROP CONSTRAINT "training_courses_provider_entity_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "returnee_startups" DROP CONSTRAINT "returnee_startups_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "returnee_startups" DROP CONSTRAINT "returnee_startups_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "returnee_startups" DROP CONSTRAINT "returnee_startups_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."training_participations_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."training_participations_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."training_participations_member_id_idx"`);
    await queryRunner.query(`DROP TABLE "training_participations"`);
    await queryRunner.query(`DROP INDEX "public"."training_courses_starts_on_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."training_courses_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."training_courses_provider_entity_id_idx"`);
    await queryRunner.query(`DROP TABLE "training_courses"`);
    await queryRunner.query(`DROP INDEX "public"."returnee_startups_started_on_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."returnee_startups_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."returnee_startups_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."returnee_startups_member_id_idx"`);
    await queryRunner.query(`DROP TABLE "returnee_startups"`);
  }
}
