import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'STATUS_CHANGED', 'MEMBER_JOINED', 'MEMBER_LEFT', 'PROCEDURE_STEP'`;

/**
 * HEAD_CHANGED events: who heads a household from which date, so a list as of a date names the
 * head of that date. The enum is recreated (not ALTER TYPE … ADD VALUE) so the backfill can use
 * the new value in this migration's transaction. Existing heads get their event: from the day
 * the previous head (a member with relation HEAD) left while they were a member, else from the
 * day they joined.
 */
export class HeadChangedEvents1795917000000 implements MigrationInterface {
  name = 'HeadChangedEvents1795917000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."household_event_kind" RENAME TO "household_event_kind_old"`);
    await queryRunner.query(`CREATE TYPE "public"."household_event_kind" AS ENUM(${KINDS}, 'HEAD_CHANGED')`);
    await queryRunner.query(
      `ALTER TABLE "household_events" ALTER COLUMN "kind" TYPE "public"."household_event_kind" USING "kind"::"text"::"public"."household_event_kind"`,
    );
    await queryRunner.query(`DROP TYPE "public"."household_event_kind_old"`);
    await queryRunner.query(`
      INSERT INTO household_events (household_id, region_code, member_id, kind, effective_on, reason)
      SELECT m.household_id, m.region_code, m.id, 'HEAD_CHANGED',
             COALESCE((SELECT max(o.left_on) FROM members o
                        WHERE o.household_id = m.household_id AND o.relation = 'HEAD' AND o.id <> m.id AND o.left_on IS NOT NULL
                          AND o.left_on >= m.joined_on AND (m.left_on IS NULL OR o.left_on <= m.left_on)), m.joined_on),
             '户主（按成员记录补记）'
        FROM members m
       WHERE m.relation = 'HEAD'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM household_events WHERE kind = 'HEAD_CHANGED'`);
    await queryRunner.query(`CREATE TYPE "public"."household_event_kind_old" AS ENUM(${KINDS})`);
    await queryRunner.query(
      `ALTER TABLE "household_events" ALTER COLUMN "kind" TYPE "public"."household_event_kind_old" USING "kind"::"text"::"public"."household_event_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."household_event_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."household_event_kind_old" RENAME TO "household_event_kind"`);
  }
}
