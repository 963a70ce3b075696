import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-ins become rows (auth_sessions, named by access tokens as `sid`, so ending one ends its
 * access tokens at once); the account lock (users.failed_logins, locked_until) gives way to
 * progressive delays counted in login_throttle; accounts created by an administrator must change
 * their password (users.must_change_password). Existing refresh-token families become sessions
 * (ended when all their tokens are revoked); tokens of accounts that no longer exist are dropped.
 * Access tokens issued before carry no session and are refused: clients refresh or sign in again.
 */
export class AuthSessionsAndSignInDelays1795911300000 implements MigrationInterface {
  name = 'AuthSessionsAndSignInDelays1795911300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "auth_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "login_throttle" ("key" character varying(64) NOT NULL, "failures" integer NOT NULL, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE INDEX "login_throttle_last_failure_at_idx" ON "login_throttle"  ("last_failure_at") `);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "failed_logins"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locked_until"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`DELETE FROM "refresh_tokens" t WHERE NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = t."user_id")`);
    await queryRunner.query(`INSERT INTO "auth_sessions" ("id", "user_id", "created_at", "revoked_at")
      SELECT "family_id", (array_agg("user_id" ORDER BY "created_at"))[1], min("created_at"),
             CASE WHEN bool_and("revoked_at" IS NOT NULL) THEN max("revoked_at") END
        FROM "refresh_tokens" GROUP BY "family_id"`);
    await queryRunner.query(`ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_family_id_fkey" FOREIGN KEY ("family_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "refresh_tokens_family_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "auth_sessions_user_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`DROP INDEX "public"."login_throttle_last_failure_at_idx"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
    await queryRunner.query(`DROP INDEX "public"."auth_sessions_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
  }
}
