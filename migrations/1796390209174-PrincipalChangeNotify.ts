import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every instance of the service when what makes up a signed-in caller's principal changes,
 * so each can keep principals between requests (src/identity/principal-cache.ts): a change of an
 * account (roles, sector, region, disabled, …) or of its sign-ins (ended, deleted) notifies
 * `principal_changed` with the account's id; a change of a region's code or level, or a TRUNCATE
 * of these tables, notifies `*` (forget every principal). PostgreSQL delivers a notification
 * when its transaction commits, and never for one that rolled back.
 */
export class PrincipalChangeNotify1796390209174 implements MigrationInterface {
  name = 'PrincipalChangeNotify1796390209174';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION principal_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('principal_changed', '*');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('principal_changed', OLD.id::text);
  ELSE
    PERFORM pg_notify('principal_changed', OLD.user_id::text);
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER users_principal_changed AFTER UPDATE OR DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION principal_changed_notify()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER auth_sessions_principal_changed AFTER UPDATE OR DELETE ON "auth_sessions" FOR EACH ROW EXECUTE FUNCTION principal_changed_notify()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER regions_principal_changed AFTER UPDATE OF "code", "level" OR DELETE ON "regions" FOR EACH STATEMENT EXECUTE FUNCTION principal_changed_notify()`,
    );
    for (const table of ['users', 'auth_sessions', 'regions']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_principal_truncated AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION principal_changed_notify()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['users', 'auth_sessions', 'regions']) {
      await queryRunner.query(`DROP TRIGGER ${table}_principal_truncated ON "${table}"`);
    }
    await queryRunner.query(`DROP TRIGGER regions_principal_changed ON "regions"`);
    await queryRunner.query(`DROP TRIGGER auth_sessions_principal_changed ON "auth_sessions"`);
    await queryRunner.query(`DROP TRIGGER users_principal_changed ON "users"`);
    await queryRunner.query(`DROP FUNCTION principal_changed_notify()`);
  }
}
