import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/** Hotline cases (12317 热线件, issue #20 part 2; the reporter's name and contact encrypted, the contact with a blind index) and the change feed: a case is its own root. */

export class HotlineCases1796395555145 implements MigrationInterface {
  name = 'HotlineCases1796395555145';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."supervision_hotline_channel" AS ENUM('HOTLINE_12317', 'LOCAL_LINE', 'LETTER', 'VISIT', 'ONLINE')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_hotline_area" AS ENUM('FUNDS', 'PROJECTS', 'IDENTIFICATION_EXIT', 'POLICY', 'WORK_STYLE')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_hotline_stage" AS ENUM('RECEIVED', 'TRANSFERRED', 'REPLIED', 'VISITED', 'CLOSED')`);
    await queryRunner.query(`CREATE TABLE "supervision_hotline_cases" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "channel" "public"."supervision_hotline_channel" NOT NULL, "anonymous" boolean NOT NULL, "reporter_name_enc" text, "reporter_contact_enc" text, "reporter_contact_hash" character varying(64), "case_type" character varying(40) NOT NULL, "area" "public"."supervision_hotline_area" NOT NULL, "summary" text NOT NULL, "received_on" date NOT NULL, "stage" "public"."supervision_hotline_stage" NOT NULL DEFAULT 'RECEIVED', "last_step_on" date NOT NULL, "handling_unit" character varying(100), "transferred_on" date, "deadline_key" character varying(100), "deadline" date, "deadline_not_configured" character varying(200), "replied_on" date, "reply_content" text, "substantiated" boolean, "visited_on" date, "satisfied" boolean, "redo_count" integer NOT NULL DEFAULT '0', "closed_on" date, "finding_id" uuid, CONSTRAINT "PK_c6a189228f67ae9bf432421f1f6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_hotline_cases_region_code_idx" ON "supervision_hotline_cases"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_hotline_cases_reporter_contact_hash_idx" ON "supervision_hotline_cases"  ("reporter_contact_hash") `);
    await queryRunner.query(`CREATE INDEX "supervision_hotline_cases_case_type_idx" ON "supervision_hotline_cases"  ("case_type") `);
    await queryRunner.query(`CREATE INDEX "supervision_hotline_cases_received_on_idx" ON "supervision_hotline_cases"  ("received_on") `);
    await queryRunner.query(`CREATE INDEX "supervision_hotline_cases_stage_idx" ON "supervision_hotline_cases"  ("stage") `);
    await queryRunner.query(`CREATE INDEX "supervision_hotline_cases_deadline_idx" ON "supervision_hotline_cases"  ("deadline") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_hotline_cases_finding_id_key" ON "supervision_hotline_cases"  ("finding_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_hotline_cases_received_idx" ON "supervision_hotline_cases"  ("received_on", "id") `);
    await queryRunner.query(`ALTER TABLE "supervision_hotline_cases" ADD CONSTRAINT "supervision_hotline_cases_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_hotline_cases" ADD CONSTRAINT "supervision_hotline_cases_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "supervision_findings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'supervision_hotline_cases', root: 'SupervisionHotlineCase', rootTable: 'supervision_hotline_cases', rootIdColumn: 'id', part: 'case' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'supervision_hotline_cases');
    await queryRunner.query(`ALTER TABLE "supervision_hotline_cases" DROP CONSTRAINT "supervision_hotline_cases_finding_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_hotline_cases" DROP CONSTRAINT "supervision_hotline_cases_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_received_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_finding_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_deadline_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_stage_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_received_on_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_case_type_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_reporter_contact_hash_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_hotline_cases_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_hotline_cases"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_hotline_stage"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_hotline_area"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_hotline_channel"`);
  }
}
