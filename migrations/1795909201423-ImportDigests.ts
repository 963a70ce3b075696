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
    await queryRunner.query(`CREATE FUNCTION import_digest_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM import_digests) THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_ARGV[0] = 'id' THEN
      DELETE FROM import_digests d USING old_rows o WHERE d.household_id = o.id;
    ELSIF TG_ARGV[0] = 'household_id' THEN
      DELETE FROM import_digests d USING old_rows o WHERE d.household_id = o.household_id;
    ELSE
      DELETE FROM import_digests d USING old_rows o, members m WHERE m.id = o.member_id AND d.household_id = m.household_id;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF TG_ARGV[0] = 'household_id' THEN
      DELETE FROM import_digests d USING new_rows n WHERE d.household_id = n.household_id;
    ELSIF TG_ARGV[0] = 'member_id' THEN
      DELETE FROM import_digests d USING new_rows n, members m WHERE m.id = n.member_id AND d.household_id = m.household_id;
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
