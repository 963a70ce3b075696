import { MigrationInterface, QueryRunner } from 'typeorm';

/** The eight counters of an import job: unit, counter, column. */
const COUNTERS: [string, string, string][] = [
  ['households', 'created', 'households_created'],
  ['households', 'updated', 'households_updated'],
  ['households', 'unchanged', 'households_unchanged'],
  ['households', 'rejected', 'households_rejected'],
  ['members', 'created', 'members_created'],
  ['members', 'updated', 'members_updated'],
  ['members', 'unchanged', 'members_unchanged'],
  ['members', 'left', 'members_left'],
];
const UNITS = ['households', 'members'];
const ALL = ['created', 'updated', 'unchanged', 'rejected', 'left'];

/**
 * Import counters per unit (issue #11, item 6): `import_jobs.counts jsonb`, e.g.
 * `{"households":{"created":1,…},"members":{…,"left":0}}`, replaces the eight integer columns
 * households_created … members_left (an import port names its own units). Existing jobs keep
 * their numbers; `down` restores the columns from the jsonb.
 */
export class ImportCountsPerUnit1795924000000 implements MigrationInterface {
  name = 'ImportCountsPerUnit1795924000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_jobs" ADD "counts" jsonb NOT NULL DEFAULT '{}'`);
    const unit = (u: string) =>
      `'${u}', jsonb_build_object(${ALL.map((c) => {
        const col = COUNTERS.find(([uu, cc]) => uu === u && cc === c)?.[2];
        return `'${c}', ${col ? `"${col}"` : '0'}`;
      }).join(', ')})`;
    await queryRunner.query(`UPDATE "import_jobs" SET "counts" = jsonb_build_object(${UNITS.map(unit).join(', ')})`);
    for (const [, , col] of COUNTERS) await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "${col}"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [, , col] of COUNTERS) await queryRunner.query(`ALTER TABLE "import_jobs" ADD "${col}" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `UPDATE "import_jobs" SET ${COUNTERS.map(([u, c, col]) => `"${col}" = COALESCE(("counts"->'${u}'->>'${c}')::int, 0)`).join(', ')}`,
    );
    await queryRunner.query(`ALTER TABLE "import_jobs" DROP COLUMN "counts"`);
  }
}
