import { MigrationInterface, QueryRunner } from 'typeorm';

/** Inspections (督查检查, issue #20 part 3): the inspections, their sampled households (dropped with the inspection), and the findings' link to their inspection. */

export class Inspections1796402507700 implements MigrationInterface {
  name = 'Inspections1796402507700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."supervision_inspection_type" AS ENUM('ROUTINE', 'SPECIAL', 'TOUR', 'UNANNOUNCED', 'CROSS_APPRAISAL', 'THIRD_PARTY', 'AUDIT', 'MEDIA')`);
    await queryRunner.query(`CREATE TABLE "supervision_inspections" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_code" character varying(12) COLLATE "C" NOT NULL, "inspection_type" "public"."supervision_inspection_type" NOT NULL, "title" character varying(200) NOT NULL, "organiser" character varying(100) NOT NULL, "leader" character varying(50) NOT NULL, "start_on" date NOT NULL, "end_on" date NOT NULL, "report" text, "reported_on" date, "sample_seed" character varying(100), "sample_plan" jsonb, "sampled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_970082321aa49e66ce91771a766" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_inspections_region_code_idx" ON "supervision_inspections"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspections_start_idx" ON "supervision_inspections"  ("start_on", "id") `);
    await queryRunner.query(`CREATE TABLE "supervision_inspection_samples" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "inspection_id" uuid NOT NULL, "ordinal" integer NOT NULL, "town_code" character varying(12) COLLATE "C" NOT NULL, "village_code" character varying(12) COLLATE "C" NOT NULL, "household_id" uuid NOT NULL, CONSTRAINT "PK_bb87da38d069c712a75cde19be5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_samples_town_code_idx" ON "supervision_inspection_samples"  ("town_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_samples_village_code_idx" ON "supervision_inspection_samples"  ("village_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_samples_household_id_idx" ON "supervision_inspection_samples"  ("household_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_inspection_samples_inspection_household_key" ON "supervision_inspection_samples"  ("inspection_id", "household_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_inspection_samples_inspection_ordinal_key" ON "supervision_inspection_samples"  ("inspection_id", "ordinal") `);
    await queryRunner.query(`ALTER TABLE "supervision_findings" ADD "inspection_id" uuid`);
    await queryRunner.query(`CREATE INDEX "supervision_findings_inspection_id_idx" ON "supervision_findings"  ("inspection_id") `);
    await queryRunner.query(`ALTER TABLE "supervision_inspections" ADD CONSTRAINT "supervision_inspections_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" ADD CONSTRAINT "supervision_inspection_samples_inspection_id_fkey" FOREIGN KEY ("inspection_id") REFERENCES "supervision_inspections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" ADD CONSTRAINT "supervision_inspection_samples_town_code_fkey" FOREIGN KEY ("town_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" ADD CONSTRAINT "supervision_inspection_samples_village_code_fkey" FOREIGN KEY ("village_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" ADD CONSTRAINT "supervision_inspection_samples_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_findings" ADD CONSTRAINT "supervision_findings_inspection_id_fkey" FOREIGN KEY ("inspection_id") REFERENCES "supervision_inspections"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supervision_findings" DROP CONSTRAINT "supervision_findings_inspection_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" DROP CONSTRAINT "supervision_inspection_samples_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" DROP CONSTRAINT "supervision_inspection_samples_village_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" DROP CONSTRAINT "supervision_inspection_samples_town_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_samples" DROP CONSTRAINT "supervision_inspection_samples_inspection_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspections" DROP CONSTRAINT "supervision_inspections_region_code_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_findings_inspection_id_idx"`);
    await queryRunner.query(`ALTER TABLE "supervision_findings" DROP COLUMN "inspection_id"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_samples_inspection_ordinal_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_samples_inspection_household_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_samples_household_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_samples_village_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_samples_town_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_inspection_samples"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspections_start_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspections_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_inspections"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_inspection_type"`);
  }
}
