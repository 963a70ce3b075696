import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain is keyed: each new row records the id of the AUDIT_CHAIN_KEY key whose HMAC
 * its hash is (null on the rows written before, which verify as legacy SHA-256 rows up to the
 * first keyed one). And no role but the table's owner may UPDATE, DELETE or TRUNCATE audit_log:
 * revoked from PUBLIC and from every role that was granted them (the service's role,
 * deploy/postgres/roles.sql, gets them from default privileges when the table is created).
 * `down` drops the column; it does not grant the privileges back.
 */
export class AuditChainKey1795915000000 implements MigrationInterface {
  name = 'AuditChainKey1795915000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_log" ADD "chain_key" character varying(16)`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC`);
    await queryRunner.query(`DO $$
DECLARE
  grantee_role text;
BEGIN
  FOR grantee_role IN
    SELECT DISTINCT a.grantee::regrole::text
    FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = 'audit_log'::regclass
      AND a.grantee <> 0
      AND a.grantee <> c.relowner
      AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %s', grantee_role);
  END LOOP;
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "chain_key"`);
  }
}
