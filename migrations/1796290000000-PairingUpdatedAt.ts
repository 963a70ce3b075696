import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pairing is changed when it ends (end_on, end_reason) and carries a version, but had no
 * updated_at: it now has the kit's three columns (TrackedEntity). Existing rows take their
 * created_at as the last change, as nothing recorded a later one.
 */
export class PairingUpdatedAt1796290000000 implements MigrationInterface {
  name = 'PairingUpdatedAt1796290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pairings" ADD "updated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "pairings" SET "updated_at" = "created_at"`);
    await queryRunner.query(`ALTER TABLE "pairings" ALTER COLUMN "updated_at" SET DEFAULT now(), ALTER COLUMN "updated_at" SET NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pairings" DROP COLUMN "updated_at"`);
  }
}
