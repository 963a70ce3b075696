import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy parameter store (issue #13): policy_parameters (one row per version of a key, scope
 * and period; NOT_CONFIGURED exactly when the value is null) and working_calendars (holidays and
 * swapped working days per year and scope). Rows are seeded at start from seeds/ (built from
 * docs/RULES.md), not here, so a later RULES.md row reaches an existing database too.
 */
export class PolicyParameters1795927300000 implements MigrationInterface {
  name = 'PolicyParameters1795927300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."parameter_value_type" AS ENUM('AMOUNT', 'INTEGER', 'RATIO', 'FACTOR', 'DAYS', 'WORKING_DAYS', 'BOOLEAN', 'DATE', 'CODE', 'CODE_LIST', 'RATIOS', 'RULE')`);
    await queryRunner.query(`CREATE TYPE "public"."parameter_status" AS ENUM('SEED', 'VERIFIED', 'UNVERIFIED', 'NOT_CONFIGURED')`);
    await queryRunner.query(`CREATE TABLE "policy_parameters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(120) COLLATE "C" NOT NULL, "scope_code" character varying(12) COLLATE "C" NOT NULL DEFAULT '', "scope_prefix" character varying(12) COLLATE "C" NOT NULL DEFAULT '', "value_type" "public"."parameter_value_type" NOT NULL, "value" jsonb, "unit" character varying(40) NOT NULL, "effective_from" date NOT NULL, "effective_to" date, "source" character varying(300), "status" "public"."parameter_status" NOT NULL, "note" text, "stated" text, "reason" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "superseded_at" TIMESTAMP WITH TIME ZONE, "superseded_reason" text, CONSTRAINT "policy_parameters_not_configured" CHECK ((status = 'NOT_CONFIGURED') = (value IS NULL)), CONSTRAINT "policy_parameters_period" CHECK (effective_to IS NULL OR effective_to >= effective_from), CONSTRAINT "PK_46b72118f581b51a77e7b70cf9d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "policy_parameters_status_idx" ON "policy_parameters"  ("status") `);
    await queryRunner.query(`CREATE INDEX "policy_parameters_key_scope_idx" ON "policy_parameters"  ("key", "scope_code", "effective_from") `);
    await queryRunner.query(`CREATE TABLE "working_calendars" ("year" smallint NOT NULL, "scope_code" character varying(12) COLLATE "C" NOT NULL DEFAULT '', "scope_prefix" character varying(12) COLLATE "C" NOT NULL DEFAULT '', "holidays" jsonb NOT NULL DEFAULT '[]', "workdays" jsonb NOT NULL DEFAULT '[]', "source" character varying(300), "status" "public"."parameter_status" NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d0b31f41c59e10d20b77f2448e1" PRIMARY KEY ("year", "scope_code"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "working_calendars"`);
    await queryRunner.query(`DROP INDEX "public"."policy_parameters_key_scope_idx"`);
    await queryRunner.query(`DROP INDEX "public"."policy_parameters_status_idx"`);
    await queryRunner.query(`DROP TABLE "policy_parameters"`);
    await queryRunner.query(`DROP TYPE "public"."parameter_status"`);
    await queryRunner.query(`DROP TYPE "public"."parameter_value_type"`);
  }
}
