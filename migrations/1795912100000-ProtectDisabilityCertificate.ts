import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationCipher } from '../src/database/migration-context';

/** Members converted per statement. */
const BATCH = 5000;

/**
 * The disability certificate number (残疾证号, whose national form embeds the ID number) is
 * personal data: stored encrypted with the field cipher (`disability_certificate_enc`), like the
 * ID number; the clear column goes. Existing values are encrypted in batches (keyset over id);
 * the members' triggers (change feed, import digests) are off meanwhile: the rows' public
 * content does not change, so there is nothing to publish and no digest to forget.
 * Needs the field keys (migration-context) when there are values to convert.
 */
export class ProtectDisabilityCertificate1795912100000 implements MigrationInterface {
  name = 'ProtectDisabilityCertificate1795912100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "members" ADD "disability_certificate_enc" text`);
    await convert(queryRunner, 'disability_certificate', 'disability_certificate_enc', (v) => {
      const value = v.trim();
      return value ? migrationCipher().encrypt(value) : null;
    });
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "disability_certificate"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "members" ADD "disability_certificate" character varying(30)`);
    await convert(queryRunner, 'disability_certificate_enc', 'disability_certificate', (v) => migrationCipher().decrypt(v));
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "disability_certificate_enc"`);
  }
}

/**
 * Writes `to` = f(`from`) for every member with a value in `from`, a batch per statement. Runs in
 * the migration's transaction: on failure the triggers come back with the rollback.
 */
async function convert(q: QueryRunner, from: string, to: string, f: (value: string) => string | null): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  let triggersOff = false;
  for (;;) {
    const rows: { id: string; v: string }[] = await q.query(
      `SELECT id, "${from}" AS v FROM members WHERE "${from}" IS NOT NULL AND id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    );
    if (!rows.length) break;
    if (!triggersOff) {
      await q.query(`ALTER TABLE "members" DISABLE TRIGGER USER`);
      triggersOff = true;
    }
    await q.query(`UPDATE members m SET "${to}" = x.v FROM unnest($1::uuid[], $2::text[]) AS x(id, v) WHERE m.id = x.id`, [
      rows.map((r) => r.id),
      rows.map((r) => f(r.v)),
    ]);
    after = rows[rows.length - 1].id;
  }
  if (triggersOff) await q.query(`ALTER TABLE "members" ENABLE TRIGGER USER`);
}
