import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending grants of roles that need a second administrator (separation of duties): the account,
 * the roles to add, who asked, who decided. Foreign keys to users, each indexed.
 */
export class RoleGrants1795911000000 implements MigrationInterface {
  name = 'RoleGrants1795911000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."role_grant_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')`);
    await queryRunner.query(
      `CREATE TABLE "role_grants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "roles" "public"."user_role" array NOT NULL, "status" "public"."role_grant_status" NOT NULL DEFAULT 'PENDING', "requested_by" uuid NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "role_grants_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "role_grants_user_id_idx" ON "role_grants"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "role_grants_status_idx" ON "role_grants"  ("status") `);
    await queryRunner.query(`CREATE INDEX "role_grants_requested_by_idx" ON "role_grants"  ("requested_by") `);
    await queryRunner.query(`CREATE INDEX "role_grants_decided_by_idx" ON "role_grants"  ("decided_by") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "role_grants_one_pending" ON "role_grants"  ("user_id") WHERE status = 'PENDING'`);
    await queryRunner.query(
      `ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_decided_by_fkey" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_decided_by_fkey"`);
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_requested_by_fkey"`);
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_user_id_fkey"`);
    await queryRunner.query(`DROP TABLE "role_grants"`);
    await queryRunner.query(`DROP TYPE "public"."role_grant_status"`);
  }
}
