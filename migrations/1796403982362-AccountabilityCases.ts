import { MigrationInterface, QueryRunner } from 'typeorm';

/** Accountability cases (问责案件, issue #20 part 3): the cases with their persons and units, opened from a finding, a hotline case or standalone, and their actions. */

export class AccountabilityCases1796403982362 implements MigrationInterface {
  name = 'AccountabilityCases1796403982362';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."supervision_accountability_case_type" AS ENUM('CORRUPTION', 'FORMALISM_BUREAUCRATISM')`);
    await queryRunner.query(`CREATE TABLE "supervision_accountability_cases" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "case_type" "public"."supervision_accountability_case_type" NOT NULL, "situation" character varying(100) NOT NULL, "summary" text NOT NULL, "persons" jsonb NOT NULL DEFAULT '[]', "units" text array NOT NULL DEFAULT '{}', "opened_on" date NOT NULL, "finding_id" uuid, "hotline_case_id" uuid, "published_on" date, "publication_reference" character varying(200), CONSTRAINT "PK_6f0003b3fd0b2396989404b9f12" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_accountability_cases_region_code_idx" ON "supervision_accountability_cases"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_accountability_cases_finding_id_idx" ON "supervision_accountability_cases"  ("finding_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_accountability_cases_hotline_case_id_idx" ON "supervision_accountability_cases"  ("hotline_case_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_accountability_cases_opened_idx" ON "supervision_accountability_cases"  ("opened_on", "id") `);
    await queryRunner.query(`CREATE TABLE "supervision_accountability_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "action" character varying(100) NOT NULL, "subject" character varying(100) NOT NULL, "decided_on" date NOT NULL, "note" text, "actor_id" character varying(64) NOT NULL, "actor_name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_83a06a4dfe4ad09f31b9b372c4d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_accountability_actions_region_code_idx" ON "supervision_accountability_actions"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_accountability_actions_case_date_idx" ON "supervision_accountability_actions"  ("case_id", "decided_on") `);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_cases" ADD CONSTRAINT "supervision_accountability_cases_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_cases" ADD CONSTRAINT "supervision_accountability_cases_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "supervision_findings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_cases" ADD CONSTRAINT "supervision_accountability_cases_hotline_case_id_fkey" FOREIGN KEY ("hotline_case_id") REFERENCES "supervision_hotline_cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_actions" ADD CONSTRAINT "supervision_accountability_actions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "supervision_accountability_cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_actions" ADD CONSTRAINT "supervision_accountability_actions_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supervision_accountability_actions" DROP CONSTRAINT "supervision_accountability_actions_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_actions" DROP CONSTRAINT "supervision_accountability_actions_case_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_cases" DROP CONSTRAINT "supervision_accountability_cases_hotline_case_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_cases" DROP CONSTRAINT "supervision_accountability_cases_finding_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_accountability_cases" DROP CONSTRAINT "supervision_accountability_cases_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_accountability_actions_case_date_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_accountability_actions_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_accountability_actions"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_accountability_cases_opened_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_accountability_cases_hotline_case_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_accountability_cases_finding_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_accountability_cases_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_accountability_cases"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_accountability_case_type"`);
  }
}
