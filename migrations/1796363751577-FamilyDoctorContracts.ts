import { MigrationInterface, QueryRunner } from 'typeorm';

export class FamilyDoctorContracts1796363751577 implements MigrationInterface {
  name = 'FamilyDoctorContracts1796363751577';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "family_doctor_contracts" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "household_id" uuid NOT NULL, "doctor" character varying(100) NOT NULL, "clinic" character varying(200) NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "priority_disease" character varying(100), "follow_ups_due" smallint NOT NULL DEFAULT '0', "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "family_doctor_contracts_due_check" CHECK ("follow_ups_due" >= 0), CONSTRAINT "family_doctor_contracts_period_check" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "PK_2acb30046cfe5981cd5df36c4cb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "family_doctor_contracts_household_id_idx" ON "family_doctor_contracts"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "family_doctor_contracts_region_code_idx" ON "family_doctor_contracts"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "family_doctor_contracts_member_starts_idx" ON "family_doctor_contracts"  ("member_id", "starts_on") `);
    await queryRunner.query(`CREATE TABLE "family_doctor_follow_ups" ("version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "followed_on" date NOT NULL, "note" character varying(1000) NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "sector" "public"."sector" NOT NULL, CONSTRAINT "PK_df58ec879b1f2791dbda2766c8a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "family_doctor_follow_ups_region_code_idx" ON "family_doctor_follow_ups"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "family_doctor_follow_ups_contract_on_idx" ON "family_doctor_follow_ups"  ("contract_id", "followed_on") `);
    await queryRunner.query(`ALTER TABLE "family_doctor_contracts" ADD CONSTRAINT "family_doctor_contracts_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_doctor_contracts" ADD CONSTRAINT "family_doctor_contracts_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_doctor_contracts" ADD CONSTRAINT "family_doctor_contracts_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_doctor_follow_ups" ADD CONSTRAINT "family_doctor_follow_ups_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "family_doctor_contracts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_doctor_follow_ups" ADD CONSTRAINT "family_doctor_follow_ups_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "family_doctor_follow_ups" DROP CONSTRAINT "family_doctor_follow_ups_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "family_doctor_follow_ups" DROP CONSTRAINT "family_doctor_follow_ups_contract_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "family_doctor_contracts" DROP CONSTRAINT "family_doctor_contracts_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "family_doctor_contracts" DROP CONSTRAINT "family_doctor_contracts_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "family_doctor_contracts" DROP CONSTRAINT "family_doctor_contracts_member_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."family_doctor_follow_ups_contract_on_idx"`);
    await queryRunner.query(`DROP INDEX "public"."family_doctor_follow_ups_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "family_doctor_follow_ups"`);
    await queryRunner.query(`DROP INDEX "public"."family_doctor_contracts_member_starts_idx"`);
    await queryRunner.query(`DROP INDEX "public"."family_doctor_contracts_region_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."family_doctor_contracts_household_id_idx"`);
    await queryRunner.query(`DROP TABLE "family_doctor_contracts"`);
  }
}
