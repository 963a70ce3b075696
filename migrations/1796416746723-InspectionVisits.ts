import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Visit results of inspection samples (走访结果, issue #20 part 4): one per sampled household, with the identification and exit checks, the missed households found, satisfaction, notes and the finding raised from it;
 * and the change feed of inspections: an inspection is its own root (part inspection), its visits a part (visits), every entry with the inspection's scope as region.
 */

export class InspectionVisits1796416746723 implements MigrationInterface {
  name = 'InspectionVisits1796416746723';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."supervision_identification_check" AS ENUM('CORRECT', 'SHOULD_NOT_BE_REGISTERED', 'NOT_VERIFIED')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_exit_check" AS ENUM('EXIT_CORRECT', 'WRONG_EXIT')`);
    await queryRunner.query(`CREATE TYPE "public"."supervision_visit_satisfaction" AS ENUM('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED')`);
    await queryRunner.query(`CREATE TABLE "supervision_inspection_visits" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "inspection_id" uuid NOT NULL, "sample_id" uuid NOT NULL, "household_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "town_code" character varying(12) COLLATE "C" NOT NULL, "village_code" character varying(12) COLLATE "C" NOT NULL, "visited_on" date NOT NULL, "identification" "public"."supervision_identification_check" NOT NULL, "exit_check" "public"."supervision_exit_check", "missed_households" integer NOT NULL DEFAULT '0', "satisfaction" "public"."supervision_visit_satisfaction", "notes" text, "recorded_by_name" character varying(100), "finding_id" uuid, CONSTRAINT "supervision_inspection_visits_missed_check" CHECK ("missed_households" >= 0), CONSTRAINT "PK_fc3d59f951573a57c10d961ad9f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_visits_household_id_idx" ON "supervision_inspection_visits"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_visits_region_code_idx" ON "supervision_inspection_visits"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_visits_town_code_idx" ON "supervision_inspection_visits"  ("town_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_visits_village_code_idx" ON "supervision_inspection_visits"  ("village_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_visits_finding_id_idx" ON "supervision_inspection_visits"  ("finding_id") `);
    await queryRunner.query(`CREATE INDEX "supervision_inspection_visits_inspection_visited_idx" ON "supervision_inspection_visits"  ("inspection_id", "visited_on") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervision_inspection_visits_sample_key" ON "supervision_inspection_visits"  ("sample_id") `);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" ADD CONSTRAINT "supervision_inspection_visits_inspection_id_fkey" FOREIGN KEY ("inspection_id") REFERENCES "supervision_inspections"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" ADD CONSTRAINT "supervision_inspection_visits_sample_id_fkey" FOREIGN KEY ("sample_id") REFERENCES "supervision_inspection_samples"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" ADD CONSTRAINT "supervision_inspection_visits_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" ADD CONSTRAINT "supervision_inspection_visits_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" ADD CONSTRAINT "supervision_inspection_visits_town_code_fkey" FOREIGN KEY ("town_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" ADD CONSTRAINT "supervision_inspection_visits_village_code_fkey" FOREIGN KEY ("village_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" ADD CONSTRAINT "supervision_inspection_visits_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "supervision_findings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'supervision_inspections', root: 'SupervisionInspection', rootTable: 'supervision_inspections', rootIdColumn: 'id', part: 'inspection' });
    await attachChangeFeed(queryRunner, { table: 'supervision_inspection_visits', root: 'SupervisionInspection', rootTable: 'supervision_inspections', rootIdColumn: 'inspection_id', part: 'visits' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'supervision_inspection_visits');
    await detachChangeFeed(queryRunner, 'supervision_inspections');
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" DROP CONSTRAINT "supervision_inspection_visits_finding_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" DROP CONSTRAINT "supervision_inspection_visits_village_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" DROP CONSTRAINT "supervision_inspection_visits_town_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" DROP CONSTRAINT "supervision_inspection_visits_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" DROP CONSTRAINT "supervision_inspection_visits_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" DROP CONSTRAINT "supervision_inspection_visits_sample_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_inspection_visits" DROP CONSTRAINT "supervision_inspection_visits_inspection_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_visits_sample_key"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_visits_inspection_visited_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_visits_finding_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_visits_village_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_visits_town_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_visits_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_inspection_visits_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_inspection_visits"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_visit_satisfaction"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_exit_check"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_identification_check"`);
  }
}
