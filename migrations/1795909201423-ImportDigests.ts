import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables an import file writes, with how a row names its household. */
const DIGEST_TABLES = [
  ['households', 'id'],
  ['members', 'household_id'],
  ['household_incomes', 'household_id'],
  ['member_insurance', 'member_id'],
] as const;

export class ImportDigests1795909201423 implements MigrationInterface {
  name = 'ImportDigests1795909201423';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "import_digests" ("household_id" uuid NOT NULL, "digest" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9794ef0995e59d357c75cec3e0c" PRIMARY KEY ("household_id"))`);
    await queryRunner.query(`ALTER TABLE "import_digests" ADD CONSTRAINT "FK_9794ef0995e59d357c75cec3e0c" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Any change to a household's registry rows forgets its import digest, in the same statement:
    // a digest is trusted only for a household nothing has touched since the import that wrote it
    // (the import itself stores the digest again after its own writes). Set-based, per statement.
    // `= ANY (ARRAY(…))`: an index probe per household. EXECUTE: planned at each run, with the
    // table's size then; PL/pgSQL would otherwise keep the plan it made on the first run, while
    // the table was empty (a scan of the whole table), for every later statement of the session.
    await queryRunner.query(`CREATE FUNCTION import_digest_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM import_digests) THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_ARGV[0] = 'id' THEN
      EXECUTE 'DELETE FROM import_digests WHERE household_id = ANY (ARRAY(SELECT o.id FROM old_rows o))';
    ELSIF TG_ARGV[0] = 'household_id' THEN
      EXECUTE 'DELETE FROM import_digests WHERE household_id = ANY (ARRAY(SELECT DISTINCT o.household_id FROM old_rows o))';
    ELSE
      EXECUTE 'DELETE FROM import_digests WHERE household_id = ANY (ARRAY(SELECT DISTINCT m.household_id FROM members m WHERE m.id = ANY (ARRAY(SELECT o.member_id FROM old_rows o))))';
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF TG_ARGV[0] = 'household_id' THEN
      EXECUTE 'DELETE FROM import_digests WHERE household_id = ANY (ARRAY(SELECT DISTINCT n.household_id FROM new_rows n))';
    ELSIF TG_ARGV[0] = 'member_id' THEN
      EXECUTE 'DELETE FROM import_digests WHERE household_id = ANY (ARRAY(SELECT DISTINCT m.household_id FROM members m WHERE m.id = ANY (ARRAY(SELECT n.member_id FROM new_rows n))))';
    END IF;
  END IF;
  RETURN NULL;
END $$`);
    for (const [table, key] of DIGEST_TABLES) {
      if (key !== 'id') {
        await queryRunner.query(`CREATE TRIGGER "${table}_import_digest_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION import_digest_forget('${key}')`);
      }
      await queryRunner.query(`CREATE TRIGGER "${table}_import_digest_update" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION import_digest_forget('${key}')`);
      await queryRunner.query(`CREATE TRIGGER "${table}_import_digest_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION import_digest_forget('${key}')`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, key] of DIGEST_TABLES) {
      if (key !== 'id') await queryRunner.query(`DROP TRIGGER "${table}_import_digest_insert" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_import_digest_update" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_import_digest_delete" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION import_digest_forget()`);
    await queryRunner.query(`ALTER TABLE "import_digests" DROP CONSTRAINT "FK_9794ef0995e59d357c75cec3e0c"`);
    await queryRunner.query(`DROP TABLE "import_digests"`);
  }
}
