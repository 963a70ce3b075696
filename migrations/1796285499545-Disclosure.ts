import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Public disclosure (公告公示, issue #14): notices, their versions and objections, as the entities
 * imply them; then what the entities cannot say: a published version is immutable (a trigger
 * refuses UPDATE and DELETE of a row whose published_at is set, whoever asks), and notices and
 * objections feed the change feed as the root DisclosureNotice (a version never changes without
 * its notice).
 */
export class Disclosure1796285499545 implements MigrationInterface {
  name = 'Disclosure1796285499545';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."disclosure_notice_kind" AS ENUM('FUND_ALLOCATION', 'POVERTY_LOANS', 'SECTOR_AND_COOPERATION_FUNDS', 'POVERTY_PLAN', 'COUNTY_PROJECT_LIBRARY', 'ANNUAL_PLAN', 'PLAN_COMPLETION', 'PROJECT_IMPLEMENTATION', 'COMPLAINTS_HANDLING', 'REGISTRY_EXIT', 'PROJECT_LIBRARY')`);
    await queryRunner.query(`CREATE TYPE "public"."disclosure_channel" AS ENUM('PORTAL', 'TOWN_BOARD', 'VILLAGE_BOARD', 'PROJECT_SITE')`);
    await queryRunner.query(`CREATE TYPE "public"."disclosure_notice_state" AS ENUM('DRAFT', 'PUBLISHED', 'PERIOD_ENDED', 'CLOSED', 'WITHDRAWN')`);
    await queryRunner.query(`CREATE TYPE "public"."disclosure_period_unit" AS ENUM('DAYS', 'WORKING_DAYS')`);
    await queryRunner.query(`CREATE TABLE "disclosure_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."disclosure_notice_kind" NOT NULL, "subject_type" character varying(40) NOT NULL, "subject_id" character varying(64) NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "channels" "public"."disclosure_channel" array NOT NULL, "state" "public"."disclosure_notice_state" NOT NULL DEFAULT 'DRAFT', "period_length" smallint, "period_unit" "public"."disclosure_period_unit" NOT NULL, "starts_on" date, "ends_on" date, "published_at" TIMESTAMP WITH TIME ZONE, "current_version" smallint NOT NULL DEFAULT '1', "withdrawn_reason" text, "closed_on" date, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_78f87feafd602b744431ca66bbe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "disclosure_notices_kind_idx" ON "disclosure_notices"  ("kind") `);
    await queryRunner.query(`CREATE INDEX "disclosure_notices_subject_idx" ON "disclosure_notices"  ("subject_id") `);
    await queryRunner.query(`CREATE INDEX "disclosure_notices_region_code_idx" ON "disclosure_notices"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "disclosure_notices_published_at_idx" ON "disclosure_notices"  ("published_at") `);
    await queryRunner.query(`CREATE INDEX "disclosure_notices_state_ends_on_idx" ON "disclosure_notices"  ("state", "ends_on") `);
    await queryRunner.query(`CREATE TABLE "disclosure_notice_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notice_id" uuid NOT NULL, "number" smallint NOT NULL, "content" jsonb NOT NULL, "rendered_text" text, "payload" jsonb, "payload_hash" character(64), "replaces_id" uuid, "correction_reason" text, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "disclosure_notice_versions_notice_number_key" UNIQUE ("notice_id", "number"), CONSTRAINT "PK_c551adddf76fbec19ea41de14e8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "disclosure_notice_versions_notice_id_idx" ON "disclosure_notice_versions"  ("notice_id") `);
    await queryRunner.query(`CREATE INDEX "disclosure_notice_versions_replaces_id_idx" ON "disclosure_notice_versions"  ("replaces_id") `);
    await queryRunner.query(`CREATE TYPE "public"."disclosure_objection_source" AS ENUM('OFFICER', 'PUBLIC')`);
    await queryRunner.query(`CREATE TYPE "public"."disclosure_objection_state" AS ENUM('OPEN', 'CLOSED')`);
    await queryRunner.query(`CREATE TYPE "public"."disclosure_objection_outcome" AS ENUM('UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD')`);
    await queryRunner.query(`CREATE TABLE "disclosure_objections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notice_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "source" "public"."disclosure_objection_source" NOT NULL, "objector_name" character varying(50), "contact_enc" text, "text" text NOT NULL, "received_on" date NOT NULL, "address_hash" character varying(64), "state" "public"."disclosure_objection_state" NOT NULL DEFAULT 'OPEN', "finding" text, "answer" text, "outcome" "public"."disclosure_objection_outcome", "handled_on" date, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a55f808a8ca0e595188a4dbd64" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "disclosure_objections_notice_id_idx" ON "disclosure_objections"  ("notice_id") `);
    await queryRunner.query(`CREATE INDEX "disclosure_objections_region_code_idx" ON "disclosure_objections"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "disclosure_objections_state_idx" ON "disclosure_objections"  ("state") `);
    await queryRunner.query(`CREATE INDEX "disclosure_objections_address_hash_created_at_idx" ON "disclosure_objections"  ("address_hash", "created_at") `);
    await queryRunner.query(`ALTER TABLE "disclosure_notices" ADD CONSTRAINT "disclosure_notices_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disclosure_notice_versions" ADD CONSTRAINT "disclosure_notice_versions_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "disclosure_notices"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disclosure_notice_versions" ADD CONSTRAINT "disclosure_notice_versions_replaces_id_fkey" FOREIGN KEY ("replaces_id") REFERENCES "disclosure_notice_versions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disclosure_objections" ADD CONSTRAINT "disclosure_objections_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "disclosure_notices"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "disclosure_objections" ADD CONSTRAINT "disclosure_objections_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE FUNCTION disclosure_notice_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.published_at IS NOT NULL THEN
    RAISE EXCEPTION 'disclosure_notice_versions %: a published version is never changed (publish a correction)', OLD.id USING ERRCODE = '55000';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$`);
    await queryRunner.query(`CREATE TRIGGER "disclosure_notice_versions_immutable" BEFORE UPDATE OR DELETE ON "disclosure_notice_versions" FOR EACH ROW EXECUTE FUNCTION disclosure_notice_versions_immutable()`);
    await attachChangeFeed(queryRunner, { table: 'disclosure_notices', root: 'DisclosureNotice', rootTable: 'disclosure_notices', rootIdColumn: 'id', part: 'notice' });
    await attachChangeFeed(queryRunner, { table: 'disclosure_objections', root: 'DisclosureNotice', rootTable: 'disclosure_notices', rootIdColumn: 'notice_id', part: 'objections' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'disclosure_objections');
    await detachChangeFeed(queryRunner, 'disclosure_notices');
    await queryRunner.query(`DROP TRIGGER "disclosure_notice_versions_immutable" ON "disclosure_notice_versions"`);
    await queryRunner.query(`DROP FUNCTION disclosure_notice_versions_immutable()`);
    await queryRunner.query(`ALTER TABLE "disclosure_objections" DROP CONSTRAINT "disclosure_objections_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "disclosure_objections" DROP CONSTRAINT "disclosure_objections_notice_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disclosure_notice_versions" DROP CONSTRAINT "disclosure_notice_versions_replaces_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disclosure_notice_versions" DROP CONSTRAINT "disclosure_notice_versions_notice_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disclosure_notices" DROP CONSTRAINT "disclosure_notices_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_objections_address_hash_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_objections_state_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_objections_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_objections_notice_id_idx"`);
    await queryRunner.query(`DROP TABLE "disclosure_objections"`);
    await queryRunner.query(`DROP TYPE "public"."disclosure_objection_outcome"`);
    await queryRunner.query(`DROP TYPE "public"."disclosure_objection_state"`);
    await queryRunner.query(`DROP TYPE "public"."disclosure_objection_source"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_notice_versions_replaces_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_notice_versions_notice_id_idx"`);
    await queryRunner.query(`DROP TABLE "disclosure_notice_versions"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_notices_state_ends_on_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_notices_published_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_notices_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_notices_subject_idx"`);
    await queryRunner.query(`DROP INDEX "public"."disclosure_notices_kind_idx"`);
    await queryRunner.query(`DROP TABLE "disclosure_notices"`);
    await queryRunner.query(`DROP TYPE "public"."disclosure_period_unit"`);
    await queryRunner.query(`DROP TYPE "public"."disclosure_notice_state"`);
    await queryRunner.query(`DROP TYPE "public"."disclosure_channel"`);
    await queryRunner.query(`DROP TYPE "public"."disclosure_notice_kind"`);
  }
}
