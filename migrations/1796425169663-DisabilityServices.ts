import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

export class DisabilityServices1796425169663 implements MigrationInterface {
  name = 'DisabilityServices1796425169663';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."disability_service_kind" AS ENUM('REHABILITATION', 'ASSISTIVE_DEVICE', 'HOME_ADAPTATION', 'CARE')`);
    await queryRunner.query(`CREATE TYPE "public"."disability_care_mode" AS ENUM('CENTRALISED', 'HOME')`);
    await queryRunner.query(`CREATE TYPE "public"."disability_service_need_status" AS ENUM('OPEN', 'MET', 'WITHDRAWN')`);
    await queryRunner.query(`CREATE TABLE "disability_service_needs" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "kind" "public"."disability_service_kind" NOT NULL, "care_mode" "public"."disability_care_mode", "assessed_on" date NOT NULL, "description" character varying(500) NOT NULL, "status" "public"."disability_service_need_status" NOT NULL DEFAULT 'OPEN', "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "disability_service_needs_care_mode_check" CHECK (("kind" = 'CARE') = ("care_mode" IS NOT NULL)), CONSTRAINT "PK_f715974ee840056f1c4d3896264" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "disability_service_needs_member_id_idx" ON "disability_service_needs"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "disability_service_needs_household_id_idx" ON "disability_service_needs"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "disability_service_needs_region_code_idx" ON "disability_service_needs"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "disability_service_needs_status_idx" ON "disability_service_needs"  ("status") `);
    await queryRunner.query(`CREATE TYPE "public"."disability_child_rehab_aid" AS ENUM('AIDED', 'NOT_CHILD', 'NOT_IN_FORCE', 'NOT_CONFIGURED')`);
    await queryRunner.query(`CREATE TABLE "disability_services" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid, "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "kind" "public"."disability_service_kind" NOT NULL, "delivered_on" date NOT NULL, "provider" character varying(200) NOT NULL, "programme" character varying(200), "sessions" integer, "device_type" character varying(100), "quantity" integer, "adaptation_items" character varying(500), "completed_on" date, "accepted_on" date, "care_mode" "public"."disability_care_mode", "institution" character varying(200), "period_start" date, "period_end" date, "cost" numeric(12,2) NOT NULL, "subsidy" numeric(12,2) NOT NULL, "child_rehab_aid" "public"."disability_child_rehab_aid", "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "disability_services_dates_check" CHECK (("accepted_on" IS NULL OR "accepted_on" >= "completed_on") AND ("period_end" IS NULL OR "period_end" >= "period_start")), CONSTRAINT "disability_services_counts_check" CHECK (("sessions" IS NULL OR "sessions" >= 1) AND ("quantity" IS NULL OR "quantity" >= 1)), CONSTRAINT "disability_services_amounts_check" CHECK ("cost" >= 0 AND "subsidy" >= 0 AND "subsidy" <= "cost"), CONSTRAINT "PK_131a44193e7ce795d7e8cee6f5f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "disability_services_need_id_idx" ON "disability_services"  ("need_id") `);
    await queryRunner.query(`CREATE INDEX "disability_services_member_id_idx" ON "disability_services"  ("member_id") `);
    await queryRunner.query(`CREATE INDEX "disability_services_household_id_idx" ON "disability_services"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "disability_services_region_code_idx" ON "disability_services"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "disability_services_delivered_on_idx" ON "disability_services"  ("delivered_on") `);
    await queryRunner.query(`ALTER TABLE "disability_service_needs" ADD CONSTRAINT "disability_service_needs_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_service_needs" ADD CONSTRAINT "disability_service_needs_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_service_needs" ADD CONSTRAINT "disability_service_needs_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_services" ADD CONSTRAINT "disability_services_need_id_fkey" FOREIGN KEY ("need_id") REFERENCES "disability_service_needs"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_services" ADD CONSTRAINT "disability_services_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_services" ADD CONSTRAINT "disability_services_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disability_services" ADD CONSTRAINT "disability_services_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'disability_service_needs', root: 'DisabilityServiceNeed', rootTable: 'disability_service_needs', rootIdColumn: 'id', part: 'need' });
    await attachChangeFeed(queryRunner, { table: 'disability_services', root: 'DisabilityService', rootTable: 'disability_services', rootIdColumn: 'id', part: 'service' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'disability_services');
    await detachChangeFeed(queryRunner, 'disability_service_needs');
    await queryRunner.query(`ALTER TABLE "disability_services" DROP CONSTRAINT "disability_services_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_services" DROP CONSTRAINT "disability_services_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_services" DROP CONSTRAINT "disability_services_member_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_services" DROP CONSTRAINT "disability_services_need_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_service_needs" DROP CONSTRAINT "disability_service_needs_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_service_needs" DROP CONSTRAINT "disability_service_needs_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disability_service_needs" DROP CONSTRAINT "disability_service_needs_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."disability_services_delivered_on_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_services_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_services_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_services_member_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_services_need_id_idx"`);
    await queryRunner.query(`DROP TABLE "disability_services"`);
    await queryRunner.query(`DROP TYPE "public"."disability_child_rehab_aid"`);
    await queryRunner.query(`DROP INDEX "public"."disability_service_needs_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_service_needs_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_service_needs_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disability_service_needs_member_id_idx"`);
    await queryRunner.query(`DROP TABLE "disability_service_needs"`);
    await queryRunner.query(`DROP TYPE "public"."disability_service_need_status"`);
    await queryRunner.query(`DROP TYPE "public"."disability_care_mode"`);
    await queryRunner.query(`DROP TYPE "public"."disability_service_kind"`);
  }
}
