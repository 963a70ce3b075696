import { MigrationInterface, QueryRunner } from 'typeorm';

/** Fault-tolerance requests (容错申请, issue #20 part 3): a request per person or unit of an accountability case, through verification, decision and feedback. */

export class FaultToleranceRequests1796405307834 implements MigrationInterface {
  name = 'FaultToleranceRequests1796405307834';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."supervision_fault_tolerance_distinction" AS ENUM('INEXPERIENCE_VS_KNOWING', 'EXPLORATION_VS_DEFIANCE', 'UNINTENDED_VS_SELF_INTEREST')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_fault_tolerance_stage" AS ENUM('REQUESTED', 'VERIFIED', 'DECIDED', 'FED_BACK')`);
    await queryRunner.query(`CREATE TABLE "supervision_fault_tolerance_requests" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "applicant" character varying(100) NOT NULL, "grounds" text NOT NULL, "distinctions" "public"."supervision_fault_tolerance_distinction" array NOT NULL, "requested_on" date NOT NULL, "stage" "public"."supervision_fault_tolerance_stage" NOT NULL DEFAULT 'REQUESTED', "last_step_on" date NOT NULL, "verification" text, "factors" jsonb NOT NULL DEFAULT '{}', "verified_on" date, "decision" character varying(100), "decided_on" date, "feedback" text, "fed_back_on" date, CONSTRAINT "PK_04c2f4df014a0e32a20407fc509" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_fault_tolerance_requests_case_id_idx" ON "supervision_fault_tolerance_requests"  ("case_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_fault_tolerance_requests_region_code_idx" ON "supervision_fault_tolerance_requests"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_fault_tolerance_requests_stage_idx" ON "supervision_fault_tolerance_requests"  ("stage") `);
    await queryRunner.query(`ALTER TABLE "supervision_fault_tolerance_requests" ADD CONSTRAINT "supervision_fault_tolerance_requests_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "supervision_accountability_cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_fault_tolerance_requests" ADD CONSTRAINT "supervision_fault_tolerance_requests_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supervision_fault_tolerance_requests" DROP CONSTRAINT "supervision_fault_tolerance_requests_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_fault_tolerance_requests" DROP CONSTRAINT "supervision_fault_tolerance_requests_case_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_fault_tolerance_requests_stage_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_fault_tolerance_requests_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_fault_tolerance_requests_case_id_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_fault_tolerance_requests"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_fault_tolerance_stage"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_fault_tolerance_distinction"`);
  }
}
