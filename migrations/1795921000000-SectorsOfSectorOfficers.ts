import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD = `'education', 'health', 'civil_affairs', 'disabled_federation', 'human_resources', 'finance'`;

/**
 * Sector departments (行业部门) completed: agriculture and rural affairs (农业农村, industry
 * projects) and discipline inspection (纪检监察) join education, health, civil affairs, human
 * resources and social security, finance and the disabled persons' federation. The enum is
 * recreated (not ALTER TYPE … ADD VALUE) so `down` can take the values out again.
 *
 * A sector officer has a sector and no other account has one (`users_sector_of_sector_officer`);
 * a sector left on an account that is no longer a sector officer is cleared first.
 */
export class SectorsOfSectorOfficers1795921000000 implements MigrationInterface {
  name = 'SectorsOfSectorOfficers1795921000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."sector" RENAME TO "sector_old"`);
    await queryRunner.query(`CREATE TYPE "public"."sector" AS ENUM(${OLD}, 'agriculture', 'discipline_inspection')`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "sector" TYPE "public"."sector" USING "sector"::"text"::"public"."sector"`);
    await queryRunner.query(`DROP TYPE "public"."sector_old"`);
    await queryRunner.query(`UPDATE "users" SET "sector" = NULL WHERE "sector" IS NOT NULL AND NOT ('sector_officer' = ANY("roles"))`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_sector_of_sector_officer" CHECK (("sector" IS NOT NULL) = ('sector_officer' = ANY("roles")))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_sector_of_sector_officer"`);
    // The two new sectors did not exist before: their officers keep their role, without a sector.
    await queryRunner.query(`UPDATE "users" SET "sector" = NULL WHERE "sector" IN ('agriculture', 'discipline_inspection')`);
    await queryRunner.query(`CREATE TYPE "public"."sector_old" AS ENUM(${OLD})`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "sector" TYPE "public"."sector_old" USING "sector"::"text"::"public"."sector_old"`);
    await queryRunner.query(`DROP TYPE "public"."sector"`);
    await queryRunner.query(`ALTER TYPE "public"."sector_old" RENAME TO "sector"`);
  }
}
