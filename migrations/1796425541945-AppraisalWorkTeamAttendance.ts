import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Annual appraisal (考核, issue #20): rounds per region, year and kind of target; entries per target
 * with the three sub-scores, the computed total, the grade and the finalisation; the follow-ups of
 * an approved grade (约谈, 限期整改); and work-team attendance (驻村考勤), one row per village
 * assignment and day. The change feed: a round is the root SupervisionAppraisalRound (parts round,
 * entries, follow_ups), every entry with the round's region.
 */

export class AppraisalWorkTeamAttendance1796425541945 implements MigrationInterface {
  name = 'AppraisalWorkTeamAttendance1796425541945';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."supervision_appraisal_target_kind" AS ENUM('TOWN', 'DEPARTMENT', 'WORK_TEAM', 'FIRST_SECRETARY', 'HELPER')`);
    await queryRunner.query(`CREATE TABLE "supervision_appraisal_rounds" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "year" integer NOT NULL, "target_kind" "public"."supervision_appraisal_target_kind" NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "title" character varying(200) NOT NULL, CONSTRAINT "PK_ac81f92d924600696859a882ba1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_rounds_region_code_idx" ON "supervision_appraisal_rounds"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_appraisal_rounds_key" ON "supervision_appraisal_rounds"  ("region_code", "year", "target_kind") `);
    await queryRunner.query(`CREATE TYPE "public"."supervision_appraisal_stage" AS ENUM('DRAFT', 'SUBMITTED', 'APPROVED')`);
    await queryRunner.query(`CREATE TABLE "supervision_appraisal_entries" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "round_region_code" character varying(12) COLLATE "C" NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "target_kind" "public"."supervision_appraisal_target_kind" NOT NULL, "target_key" character varying(64) NOT NULL, "target_region_code" character varying(12) COLLATE "C", "target_sector" character varying(40), "target_assignment_id" uuid, "target_helper_id" uuid, "target_name" character varying(100) NOT NULL, "daily_score" numeric(5,2), "annual_score" numeric(5,2), "third_party_score" numeric(5,2), "total" numeric(7,4), "total_key" integer NOT NULL DEFAULT '-1', "weights" jsonb, "grade" character varying(20), "award_excluded" boolean NOT NULL DEFAULT false, "notes" text, "stage" "public"."supervision_appraisal_stage" NOT NULL DEFAULT 'DRAFT', "last_step_on" date NOT NULL, "submitted_by" uuid, "submitted_by_name" character varying(100), "submitted_on" date, "approved_by_name" character varying(100), "approved_on" date, "return_reason" text, CONSTRAINT "supervision_appraisal_entries_scores" CHECK ((daily_score IS NULL OR daily_score BETWEEN 0 AND 100) AND (annual_score IS NULL OR annual_score BETWEEN 0 AND 100) AND (third_party_score IS NULL OR third_party_score BETWEEN 0 AND 100)), CONSTRAINT "PK_4035088cf0bdd60e7298071f931" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_round_id_idx" ON "supervision_appraisal_entries"  ("round_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_round_region_code_idx" ON "supervision_appraisal_entries"  ("round_region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_region_code_idx" ON "supervision_appraisal_entries"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_target_region_code_idx" ON "supervision_appraisal_entries"  ("target_region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_target_assignment_id_idx" ON "supervision_appraisal_entries"  ("target_assignment_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_target_helper_id_idx" ON "supervision_appraisal_entries"  ("target_helper_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_stage_idx" ON "supervision_appraisal_entries"  ("stage") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_entries_ranking_idx" ON "supervision_appraisal_entries"  ("round_id", "total_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_appraisal_entries_target_key" ON "supervision_appraisal_entries"  ("round_id", "target_key") `);
    await queryRunner.query(`CREATE TYPE "public"."supervision_appraisal_consequence" AS ENUM('ADMONITION_TALK', 'RECTIFICATION_BY_DEADLINE')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_appraisal_follow_up_status" AS ENUM('PENDING', 'DONE')`);
    await queryRunner.query(`CREATE TABLE "supervision_appraisal_follow_ups" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "entry_id" uuid NOT NULL, "round_id" uuid NOT NULL, "round_region_code" character varying(12) COLLATE "C" NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "consequence" "public"."supervision_appraisal_consequence" NOT NULL, "status" "public"."supervision_appraisal_follow_up_status" NOT NULL DEFAULT 'PENDING', "done_on" date, "note" text, CONSTRAINT "PK_6a4075427e9d92f74e4124b3bfe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_follow_ups_entry_id_idx" ON "supervision_appraisal_follow_ups"  ("entry_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_follow_ups_round_id_idx" ON "supervision_appraisal_follow_ups"  ("round_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_follow_ups_round_region_code_idx" ON "supervision_appraisal_follow_ups"  ("round_region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_appraisal_follow_ups_region_code_idx" ON "supervision_appraisal_follow_ups"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_appraisal_follow_ups_key" ON "supervision_appraisal_follow_ups"  ("entry_id", "consequence") `);
    await queryRunner.query(`CREATE TABLE "supervision_work_team_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "attended_on" date NOT NULL, "recorded_by_name" character varying(100), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac5769f690b5836e8de176dec03" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_work_team_attendance_assignment_id_idx" ON "supervision_work_team_attendance"  ("assignment_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_work_team_attendance_region_code_idx" ON "supervision_work_team_attendance"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_work_team_attendance_village_day_idx" ON "supervision_work_team_attendance"  ("region_code", "attended_on") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_work_team_attendance_key" ON "supervision_work_team_attendance"  ("assignment_id", "attended_on") `);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_rounds" ADD CONSTRAINT "supervision_appraisal_rounds_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" ADD CONSTRAINT "supervision_appraisal_entries_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "supervision_appraisal_rounds"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" ADD CONSTRAINT "supervision_appraisal_entries_round_region_code_fkey" FOREIGN KEY ("round_region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" ADD CONSTRAINT "supervision_appraisal_entries_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" ADD CONSTRAINT "supervision_appraisal_entries_target_region_code_fkey" FOREIGN KEY ("target_region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" ADD CONSTRAINT "supervision_appraisal_entries_target_assignment_id_fkey" FOREIGN KEY ("target_assignment_id") REFERENCES "village_assignments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" ADD CONSTRAINT "supervision_appraisal_entries_target_helper_id_fkey" FOREIGN KEY ("target_helper_id") REFERENCES "helpers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" ADD CONSTRAINT "supervision_appraisal_follow_ups_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "supervision_appraisal_entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" ADD CONSTRAINT "supervision_appraisal_follow_ups_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "supervision_appraisal_rounds"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" ADD CONSTRAINT "supervision_appraisal_follow_ups_round_region_code_fkey" FOREIGN KEY ("round_region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" ADD CONSTRAINT "supervision_appraisal_follow_ups_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_work_team_attendance" ADD CONSTRAINT "supervision_work_team_attendance_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "village_assignments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_work_team_attendance" ADD CONSTRAINT "supervision_work_team_attendance_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'supervision_appraisal_rounds', root: 'SupervisionAppraisalRound', rootTable: 'supervision_appraisal_rounds', rootIdColumn: 'id', part: 'round' });
    await attachChangeFeed(queryRunner, { table: 'supervision_appraisal_entries', root: 'SupervisionAppraisalRound', rootTable: 'supervision_appraisal_rounds', rootIdColumn: 'round_id', part: 'entries', regionColumn: 'round_region_code' });
    await attachChangeFeed(queryRunner, { table: 'supervision_appraisal_follow_ups', root: 'SupervisionAppraisalRound', rootTable: 'supervision_appraisal_rounds', rootIdColumn: 'round_id', part: 'follow_ups', regionColumn: 'round_region_code' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'supervision_appraisal_follow_ups');
    await detachChangeFeed(queryRunner, 'supervision_appraisal_entries');
    await detachChangeFeed(queryRunner, 'supervision_appraisal_rounds');
    await queryRunner.query(`ALTER TABLE "supervision_work_team_attendance" DROP CONSTRAINT "supervision_work_team_attendance_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_work_team_attendance" DROP CONSTRAINT "supervision_work_team_attendance_assignment_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" DROP CONSTRAINT "supervision_appraisal_follow_ups_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" DROP CONSTRAINT "supervision_appraisal_follow_ups_round_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" DROP CONSTRAINT "supervision_appraisal_follow_ups_round_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_follow_ups" DROP CONSTRAINT "supervision_appraisal_follow_ups_entry_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" DROP CONSTRAINT "supervision_appraisal_entries_target_helper_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" DROP CONSTRAINT "supervision_appraisal_entries_target_assignment_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" DROP CONSTRAINT "supervision_appraisal_entries_target_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" DROP CONSTRAINT "supervision_appraisal_entries_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" DROP CONSTRAINT "supervision_appraisal_entries_round_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_entries" DROP CONSTRAINT "supervision_appraisal_entries_round_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_appraisal_rounds" DROP CONSTRAINT "supervision_appraisal_rounds_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_work_team_attendance_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_work_team_attendance_village_day_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_work_team_attendance_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_work_team_attendance_assignment_id_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_work_team_attendance"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_follow_ups_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_follow_ups_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_follow_ups_round_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_follow_ups_round_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_follow_ups_entry_id_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_appraisal_follow_ups"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_appraisal_follow_up_status"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_appraisal_consequence"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_target_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_ranking_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_stage_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_target_helper_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_target_assignment_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_target_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_round_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_entries_round_id_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_appraisal_entries"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_appraisal_stage"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_rounds_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_appraisal_rounds_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_appraisal_rounds"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_appraisal_target_kind"`);
  }
}
