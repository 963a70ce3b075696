import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `CREATE OR REPLACE FUNCTION principal_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('principal_changed', '*');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('principal_changed', OLD.id::text);
  ELSE
    PERFORM pg_notify('principal_changed', OLD.user_id::text);
  END IF;
  RETURN NULL;
END $$`;

/**
 * API keys' principals are kept between requests too (src/identity/principal-cache.ts): a change
 * of what a key's principal is made of — revoked, expiry, scopes, region, secret, creator — or its
 * deletion notifies `principal_changed` with the key's creator (`*` for a key without one); its
 * last use (`last_used_at`) does not.
 */
export class ApiKeyPrincipalNotify1796394017019 implements MigrationInterface {
  name = 'ApiKeyPrincipalNotify1796394017019';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION principal_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('principal_changed', '*');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('principal_changed', OLD.id::text);
  ELSIF TG_TABLE_NAME = 'api_keys' THEN
    PERFORM pg_notify('principal_changed', COALESCE(OLD.created_by::text, '*'));
  ELSE
    PERFORM pg_notify('principal_changed', OLD.user_id::text);
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER api_keys_principal_changed AFTER UPDATE OF "revoked_at", "expires_at", "scopes", "region_code", "created_by", "secret_hash", "prefix" OR DELETE ON "api_keys" FOR EACH ROW EXECUTE FUNCTION principal_changed_notify()`,
    );
    await queryRunner.query(`CREATE TRIGGER api_keys_principal_truncated AFTER TRUNCATE ON "api_keys" FOR EACH STATEMENT EXECUTE FUNCTION principal_changed_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER api_keys_principal_truncated ON "api_keys"`);
    await queryRunner.query(`DROP TRIGGER api_keys_principal_changed ON "api_keys"`);
    await queryRunner.query(BEFORE);
  }
}
