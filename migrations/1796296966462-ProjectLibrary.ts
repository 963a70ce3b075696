import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/** The project library's parts fed as the root Project (issue #15). */
const FED = [
  { table: 'project_funding_lines', part: 'funding' },
  { table: 'project_performance_targets', part: 'targets' },
  { table: 'project_beneficiaries', part: 'beneficiaries' },
  { table: 'project_events', part: 'events' },
] as const;

/**
 * The project library (issue #15): projects with the national library's fields and their stage,
 * funding lines, performance targets, beneficiary households and procedure events, generated from
 * the entities; the change feed attached with the root Project (one entry per project and
 * transaction).
 */
export class ProjectLibrary1796296966462 implements MigrationInterface {
  name = 'ProjectLibrary1796296966462';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."project_construction_nature" AS ENUM('NEW', 'CONTINUED', 'EXPANDED')`);
    await queryRunner.query(`CREATE TYPE "public"."project_stage" AS ENUM('DRAFT', 'APPLIED', 'VILLAGE_NOTICE', 'TOWN_REVIEWED', 'DISTRICT_APPROVED', 'LIBRARY_NOTICE', 'IN_LIBRARY', 'IN_ANNUAL_PLAN', 'PLAN_NOTICE', 'IMPLEMENTING', 'COMPLETED', 'ACCEPTED', 'SETTLED', 'COMPLETION_NOTICE', 'HANDED_OVER', 'REJECTED', 'REMOVED')`);
    await queryRunner.query(`CREATE TABLE "projects" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector", "name" character varying(200) NOT NULL, "year" smallint NOT NULL, "category" character varying(40) NOT NULL, "industry_type" character varying(40) NOT NULL, "construction_nature" "public"."project_construction_nature" NOT NULL, "planned_start_on" date, "planned_end_on" date, "actual_start_on" date, "actual_end_on" date, "responsible_unit" character varying(200), "responsible_person" character varying(100), "tasks" text, "budget_total" numeric(12,2) NOT NULL, "beneficiary_villages" integer, "beneficiary_poor_villages" integer, "beneficiary_households" integer, "beneficiary_poor_households" integer, "beneficiary_people" integer, "beneficiary_poor_people" integer, "beneficiary_village_codes" character varying(12) array NOT NULL DEFAULT '{}', "party_branch_proposed_on" date, "committees_deliberated_on" date, "party_members_reviewed_on" date, "representatives_resolved_on" date, "resolution_disclosed_on" date, "result_disclosed_on" date, "poverty_reduction_mechanism" text, "stage" "public"."project_stage" NOT NULL DEFAULT 'DRAFT', "plan_year" smallint, "last_step_on" date, "notice_starts_on" date, "notice_ends_on" date, "notice_days" smallint, "exit_reason" text, "objections" smallint NOT NULL DEFAULT '0', CONSTRAINT "PK_6271df0a7aed1d6c0691ce6ac50" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "projects_region_code_idx" ON "projects"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "projects_sector_idx" ON "projects"  ("sector") `);
    await queryRunner.query(`CREATE INDEX "projects_category_idx" ON "projects"  ("category") `);
    await queryRunner.query(`CREATE INDEX "projects_stage_idx" ON "projects"  ("stage") `);
    await queryRunner.query(`CREATE INDEX "projects_year_idx" ON "projects"  ("year") `);
    await queryRunner.query(`CREATE TYPE "public"."project_funding_level" AS ENUM('CENTRAL', 'PROVINCIAL', 'MUNICIPAL', 'DISTRICT', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "project_funding_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "position" smallint NOT NULL, "level" "public"."project_funding_level" NOT NULL, "channel" character varying(100) NOT NULL, "amount" numeric(12,2) NOT NULL, CONSTRAINT "PK_16cd92ad0eb4d98605a4b695be0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "project_funding_lines_project_id_idx" ON "project_funding_lines"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "project_funding_lines_region_code_idx" ON "project_funding_lines"  ("region_code") `);
    await queryRunner.query(`CREATE TABLE "project_performance_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "position" smallint NOT NULL, "indicator" character varying(200) NOT NULL, "target_value" numeric(14,2) NOT NULL, "unit" character varying(20) NOT NULL, "actual_value" numeric(14,2), CONSTRAINT "PK_5a1b104e39004799f154ad4bed6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "project_performance_targets_project_id_idx" ON "project_performance_targets"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "project_performance_targets_region_code_idx" ON "project_performance_targets"  ("region_code") `);
    await queryRunner.query(`CREATE TABLE "project_beneficiaries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "household_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, CONSTRAINT "PK_1413a1259bbdcba06fc1e3575e8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "project_beneficiaries_household_id_idx" ON "project_beneficiaries"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "project_beneficiaries_region_code_idx" ON "project_beneficiaries"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "project_beneficiaries_project_household_key" ON "project_beneficiaries"  ("project_id", "household_id") `);
    await queryRunner.query(`CREATE TABLE "project_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "action" character varying(40) NOT NULL, "from_stage" "public"."project_stage", "to_stage" "public"."project_stage" NOT NULL, "effective_on" date NOT NULL, "actor_id" character varying(64), "actor_name" character varying(100), "note" text, "evidence" text, "notice_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4a8f4006922953e0fc56b38afe3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "project_events_region_code_idx" ON "project_events"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "project_events_effective_on_idx" ON "project_events"  ("effective_on") `);
    await queryRunner.query(`CREATE INDEX "project_events_notice_id_idx" ON "project_events"  ("notice_id") `);
    await queryRunner.query(`CREATE INDEX "project_events_project_date_idx" ON "project_events"  ("project_id", "effective_on") `);
    await queryRunner.query(`ALTER TABLE "projects" ADD CONSTRAINT "projects_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_funding_lines" ADD CONSTRAINT "project_funding_lines_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_funding_lines" ADD CONSTRAINT "project_funding_lines_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_performance_targets" ADD CONSTRAINT "project_performance_targets_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_performance_targets" ADD CONSTRAINT "project_performance_targets_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_beneficiaries" ADD CONSTRAINT "project_beneficiaries_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_beneficiaries" ADD CONSTRAINT "project_beneficiaries_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_beneficiaries" ADD CONSTRAINT "project_beneficiaries_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_events" ADD CONSTRAINT "project_events_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_events" ADD CONSTRAINT "project_events_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_events" ADD CONSTRAINT "project_events_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "disclosure_notices"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'projects', root: 'Project', rootTable: 'projects', rootIdColumn: 'id', part: 'project' });
    for (const f of FED) await attachChangeFeed(queryRunner, { table: f.table, root: 'Project', rootTable: 'projects', rootIdColumn: 'project_id', part: f.part });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const f of FED) await detachChangeFeed(queryRunner, f.table);
    await detachChangeFeed(queryRunner, 'projects');
    await queryRunner.query(`ALTER TABLE "project_events" DROP CONSTRAINT "project_events_notice_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_events" DROP CONSTRAINT "project_events_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_events" DROP CONSTRAINT "project_events_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_beneficiaries" DROP CONSTRAINT "project_beneficiaries_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_beneficiaries" DROP CONSTRAINT "project_beneficiaries_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_beneficiaries" DROP CONSTRAINT "project_beneficiaries_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_performance_targets" DROP CONSTRAINT "project_performance_targets_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_performance_targets" DROP CONSTRAINT "project_performance_targets_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_funding_lines" DROP CONSTRAINT "project_funding_lines_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "project_funding_lines" DROP CONSTRAINT "project_funding_lines_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP CONSTRAINT "projects_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."project_events_project_date_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_events_notice_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_events_effective_on_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_events_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "project_events"`);
    await queryRunner.query(`DROP INDEX "public"."project_beneficiaries_project_household_key"`);
    await queryRunner.query(`DROP INDEX "public"."project_beneficiaries_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_beneficiaries_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "project_beneficiaries"`);
    await queryRunner.query(`DROP INDEX "public"."project_performance_targets_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_performance_targets_project_id_idx"`);
    await queryRunner.query(`DROP TABLE "project_performance_targets"`);
    await queryRunner.query(`DROP INDEX "public"."project_funding_lines_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."project_funding_lines_project_id_idx"`);
    await queryRunner.query(`DROP TABLE "project_funding_lines"`);
    await queryRunner.query(`DROP TYPE "public"."project_funding_level"`);
    await queryRunner.query(`DROP INDEX "public"."projects_year_idx"`);
    await queryRunner.query(`DROP INDEX "public"."projects_stage_idx"`);
    await queryRunner.query(`DROP INDEX "public"."projects_category_idx"`);
    await queryRunner.query(`DROP INDEX "public"."projects_sector_idx"`);
    await queryRunner.query(`DROP INDEX "public"."projects_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "projects"`);
    await queryRunner.query(`DROP TYPE "public"."project_stage"`);
    await queryRunner.query(`DROP TYPE "public"."project_construction_nature"`);
  }
}
