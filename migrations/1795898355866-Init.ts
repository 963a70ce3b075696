import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795898355866 implements MigrationInterface {
  name = 'Init1795898355866';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."region_level" AS ENUM('province', 'city', 'district', 'town', 'village')`);
    await queryRunner.query(`CREATE TABLE "regions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(12) COLLATE "C" NOT NULL, "name" character varying(100) NOT NULL, "level" "public"."region_level" NOT NULL, "parent_code" character varying(12) COLLATE "C", "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "regions_code_format" CHECK (code ~ '^[0-9]{12}$'), CONSTRAINT "PK_4fcd12ed6a046276e2deb08801c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "regions_code_key" ON "regions"  ("code") `);
    await queryRunner.query(`CREATE INDEX "regions_level_idx" ON "regions"  ("level") `);
    await queryRunner.query(`CREATE INDEX "regions_parent_code_idx" ON "regions"  ("parent_code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."regions_parent_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."regions_level_idx"`);
    await queryRunner.query(`DROP INDEX "public"."regions_code_key"`);
    await queryRunner.query(`DROP TABLE "regions"`);
    await queryRunner.query(`DROP TYPE "public"."region_level"`);
  }
}
