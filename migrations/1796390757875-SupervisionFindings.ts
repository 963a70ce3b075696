import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Supervision findings (督查问题, issue #20 part 1): the findings with their rectification ledger,
 * their steps, progress notes and supervision letters (督办函), and the change feed: one root,
 * SupervisionFinding, whose parts are the finding, its events, its progress notes and its letter.
 */

export class SupervisionFindings1796390757875 implements MigrationInterface {
  name = 'SupervisionFindings1796390757875';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."supervision_finding_source" AS ENUM('INSPECTION', 'HOTLINE', 'DISCIPLINE', 'SELF_CHECK', 'AUDIT')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_finding_severity" AS ENUM('GENERAL', 'SERIOUS', 'GRAVE')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_finding_stage" AS ENUM('REGISTERED', 'ASSIGNED', 'RECTIFYING', 'ACCEPTANCE_REQUESTED', 'ACCEPTED', 'CLOSED', 'REFERRED')`);
    await queryRunner.query(`CREATE TABLE "supervision_findings" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "household_id" uuid, "project_id" uuid, "source" "public"."supervision_finding_source" NOT NULL, "source_reference" character varying(100), "description" text NOT NULL, "category" character varying(100) NOT NULL, "subitem" character varying(100), "severity" "public"."supervision_finding_severity" NOT NULL, "lead_unit" character varying(100) NOT NULL, "responsible_unit" character varying(100) NOT NULL, "responsible_person" character varying(50) NOT NULL, "found_on" date NOT NULL, "deadline" date NOT NULL, "stage" "public"."supervision_finding_stage" NOT NULL DEFAULT 'REGISTERED', "last_step_on" date NOT NULL, "overdue_since" date, "rectification_measures" text, "rectification_planned_on" date, "rectification_result" text, "rectification_evidence" text array NOT NULL DEFAULT '{}', "acceptor" character varying(100), "accepted_on" date, "acceptance_opinion" text, "closed_on" date, "referred_on" date, "referral_reason" text, CONSTRAINT "PK_fbe832cf1a9181eaadba5c9b3fe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_findings_region_code_idx" ON "supervision_findings"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_household_id_idx" ON "supervision_findings"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_project_id_idx" ON "supervision_findings"  ("project_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_source_idx" ON "supervision_findings"  ("source") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_category_idx" ON "supervision_findings"  ("category") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_found_on_idx" ON "supervision_findings"  ("found_on") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_deadline_idx" ON "supervision_findings"  ("deadline") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_stage_idx" ON "supervision_findings"  ("stage") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_accepted_on_idx" ON "supervision_findings"  ("accepted_on") `);
    await queryRunner.query(`CREATE INDEX "supervision_findings_stage_deadline_idx" ON "supervision_findings"  ("stage", "deadline") `);
    await queryRunner.query(`CREATE TABLE "supervision_finding_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "action" character varying(40) NOT NULL, "from_stage" "public"."supervision_finding_stage", "to_stage" "public"."supervision_finding_stage" NOT NULL, "effective_on" date NOT NULL, "actor_id" character varying(64), "actor_name" character varying(100), "note" text, "evidence" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f7ac31d1df25ab620285ade7cb6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_finding_events_region_code_idx" ON "supervision_finding_events"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_finding_events_finding_date_idx" ON "supervision_finding_events"  ("finding_id", "effective_on") `);
    await queryRunner.query(`CREATE TABLE "supervision_progress_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "noted_on" date NOT NULL, "note" text NOT NULL, "evidence" text array NOT NULL DEFAULT '{}', "actor_id" character varying(64) NOT NULL, "actor_name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_52cf6a1a3e319a2c147a0bacbd8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_progress_notes_region_code_idx" ON "supervision_progress_notes"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_progress_notes_finding_date_idx" ON "supervision_progress_notes"  ("finding_id", "noted_on") `);
    await queryRunner.query(`CREATE TABLE "supervision_letters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "number" character varying(40) NOT NULL, "issued_on" date NOT NULL, "addressed_to" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0f5ad70f155992e37ade9016958" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_letters_finding_id_key" ON "supervision_letters"  ("finding_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_letters_region_code_idx" ON "supervision_letters"  ("region_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_letters_number_key" ON "supervision_letters"  ("number") `);
    await queryRunner.query(`ALTER TABLE "supervision_findings" ADD CONSTRAINT "supervision_findings_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_findings" ADD CONSTRAINT "supervision_findings_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_findings" ADD CONSTRAINT "supervision_findings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_finding_events" ADD CONSTRAINT "supervision_finding_events_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "supervision_findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_finding_events" ADD CONSTRAINT "supervision_finding_events_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_progress_notes" ADD CONSTRAINT "supervision_progress_notes_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "supervision_findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_progress_notes" ADD CONSTRAINT "supervision_progress_notes_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_letters" ADD CONSTRAINT "supervision_letters_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "supervision_findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_letters" ADD CONSTRAINT "supervision_letters_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    // The feed: a finding is its own root; its events, progress notes and letter are parts of it.
    await attachChangeFeed(queryRunner, { table: 'supervision_findings', root: 'SupervisionFinding', rootTable: 'supervision_findings', rootIdColumn: 'id', part: 'finding' });
    await attachChangeFeed(queryRunner, { table: 'supervision_finding_events', root: 'SupervisionFinding', rootTable: 'supervision_findings', rootIdColumn: 'finding_id', part: 'events' });
    await attachChangeFeed(queryRunner, { table: 'supervision_progress_notes', root: 'SupervisionFinding', rootTable: 'supervision_findings', rootIdColumn: 'finding_id', part: 'progress' });
    await attachChangeFeed(queryRunner, { table: 'supervision_letters', root: 'SupervisionFinding', rootTable: 'supervision_findings', rootIdColumn: 'finding_id', part: 'letter' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'supervision_letters');
    await detachChangeFeed(queryRunner, 'supervision_progress_notes');
    await detachChangeFeed(queryRunner, 'supervision_finding_events');
    await detachChangeFeed(queryRunner, 'supervision_findings');
    await queryRunner.query(`ALTER TABLE "supervision_letters" DROP CONSTRAINT "supervision_letters_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_letters" DROP CONSTRAINT "supervision_letters_finding_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_progress_notes" DROP CONSTRAINT "supervision_progress_notes_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_progress_notes" DROP CONSTRAINT "supervision_progress_notes_finding_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_finding_events" DROP CONSTRAINT "supervision_finding_events_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_finding_events" DROP CONSTRAINT "supervision_finding_events_finding_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_findings" DROP CONSTRAINT "supervision_findings_project_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_findings" DROP CONSTRAINT "supervision_findings_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_findings" DROP CONSTRAINT "supervision_findings_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_letters_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_letters_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_letters_finding_id_key"`);
    await queryRunner.query(`DROP TABLE "supervision_letters"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_progress_notes_finding_date_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_progress_notes_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_progress_notes"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_finding_events_finding_date_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_finding_events_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_finding_events"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_stage_deadline_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_accepted_on_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_stage_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_deadline_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_found_on_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_category_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_source_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_project_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_findings"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_finding_stage"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_finding_severity"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_finding_source"`);
  }
}
