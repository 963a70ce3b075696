import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * The employment ledger (issue #16): employment records per member and year (务工就业台账) and
 * members marked as not seeking work. Generated from the entities (npm run migration:generate);
 * the records on the change feed added by hand (root EmploymentRecord, part `record`, region = the
 * household's village).
 */
export class EmploymentLedger1796332671162 implements MigrationInterface {
  name = 'EmploymentLedger1796332671162';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "employment_records" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "year" smallint NOT NULL, "channel" character varying(100) NOT NULL, "place" "public"."work_place" NOT NULL, "employer_entity_id" uuid, "employer_name" character varying(200), "starts_on" date NOT NULL, "ends_on" date, "months_worked" smallint NOT NULL, "monthly_income" numeric(12,2) NOT NULL, "overlap_reason" text, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "employment_records_income_check" CHECK ("monthly_income" >= 0), CONSTRAINT "employment_records_period_check" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "employment_records_months_check" CHECK ("months_worked" BETWEEN 0 AND 12), CONSTRAINT "PK_12524bc9c212bc229148563915c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "employment_records_employer_entity_id_idx" ON "employment_records"  ("employer_entity_id") `);
    await queryRunner.query(`CREATE INDEX "employment_records_region_code_idx" ON "employment_records"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "employment_records_household_year_idx" ON "employment_records"  ("household_id", "year") `);
    await queryRunner.query(`CREATE INDEX "employment_records_member_year_idx" ON "employment_records"  ("member_id", "year") `);
    await queryRunner.query(`CREATE INDEX "employment_records_starts_on_id_idx" ON "employment_records"  ("starts_on", "id") `);
    await queryRunner.query(`CREATE TABLE "labour_not_seeking_marks" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "reason" text NOT NULL, "marked_on" date NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "PK_cf5700891860c79eb94e622850a" PRIMARY KEY ("member_id"))`);
    await queryRunner.query(`CREATE INDEX "labour_not_seeking_marks_household_id_idx" ON "labour_not_seeking_marks"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "labour_not_seeking_marks_region_code_idx" ON "labour_not_seeking_marks"  ("region_code") `);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD CONSTRAINT "employment_records_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD CONSTRAINT "employment_records_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD CONSTRAINT "employment_records_employer_entity_id_fkey" FOREIGN KEY ("employer_entity_id") REFERENCES "implementing_entities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employment_records" ADD CONSTRAINT "employment_records_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "labour_not_seeking_marks" ADD CONSTRAINT "labour_not_seeking_marks_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "labour_not_seeking_marks" ADD CONSTRAINT "labour_not_seeking_marks_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "labour_not_seeking_marks" ADD CONSTRAINT "labour_not_seeking_marks_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'employment_records', root: 'EmploymentRecord', rootTable: 'employment_records', rootIdColumn: 'id', part: 'record' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'employment_records');
    await queryRunner.query(`ALTER TABLE "labour_not_seeking_marks" DROP CONSTRAINT "labour_not_seeking_marks_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "labour_not_seeking_marks" DROP CONSTRAINT "labour_not_seeking_marks_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "labour_not_seeking_marks" DROP CONSTRAINT "labour_not_seeking_marks_member_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP CONSTRAINT "employment_records_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP CONSTRAINT "employment_records_employer_entity_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP CONSTRAINT "employment_records_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "employment_records" DROP CONSTRAINT "employment_records_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."labour_not_seeking_marks_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."labour_not_seeking_marks_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "labour_not_seeking_marks"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_starts_on_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_member_year_idx"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_household_year_idx"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."employment_records_employer_entity_id_idx"`);
    await queryRunner.query(`DROP TABLE "employment_records"`);
  }
}
