import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListIndexes1795903407818 implements MigrationInterface {
  name = 'ListIndexes1795903407818';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "households_number_id_idx" ON "households"  ("household_number", "id") `);
    await queryRunner.query(`CREATE INDEX "members_name_id_idx" ON "members"  ("name", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."members_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."households_number_id_idx"`);
  }
}
