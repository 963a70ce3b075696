import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Member insurance in the change feed: the last registry table without a feed.
 *
 * - `member_insurance.household_id` (foreign key to households, cascading like the member it
 *   belongs to) and `member_insurance.region_code` (the member's village), so the table carries
 *   its root's id and region like every fed table. The writers never set them: a BEFORE INSERT
 *   trigger (also on a change of member_id) copies them from the member's row, and a
 *   statement-level trigger on members carries them along when a member's household or village
 *   changes (most member updates move nothing and stop after comparing the statement's rows).
 *   Existing rows are backfilled from their members.
 * - The feed is attached with part `insurance` of the Household root.
 */
export class MemberInsuranceInFeed1795925000000 implements MigrationInterface {
  name = 'MemberInsuranceInFeed1795925000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "member_insurance" ADD "household_id" uuid, ADD "region_code" character varying(12) COLLATE "C"`);
    await q.query(`UPDATE "member_insurance" i SET household_id = m.household_id, region_code = m.region_code FROM "members" m WHERE m.id = i.member_id`);
    await q.query(`ALTER TABLE "member_insurance" ALTER "household_id" SET NOT NULL, ALTER "region_code" SET NOT NULL`);
    await q.query(`CREATE INDEX "member_insurance_household_id_idx" ON "member_insurance"  ("household_id") `);
    await q.query(`CREATE INDEX "member_insurance_region_code_idx" ON "member_insurance"  ("region_code") `);
    await q.query(`ALTER TABLE "member_insurance" ADD CONSTRAINT "member_insurance_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_insurance" ADD CONSTRAINT "member_insurance_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);

    await insuranceOfMemberTriggers(q);

    await attachChangeFeed(q, { table: 'member_insurance', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'insurance' });
  }

  public async down(q: QueryRunner): Promise<void> {
    await detachChangeFeed(q, 'member_insurance');
    await q.query(`DROP TRIGGER "members_insurance_follow" ON "members"`);
    await q.query(`DROP FUNCTION members_insurance_follow()`);
    await q.query(`DROP TRIGGER "member_insurance_of_member" ON "member_insurance"`);
    await q.query(`DROP FUNCTION member_insurance_of_member()`);
    await q.query(`ALTER TABLE "member_insurance" DROP CONSTRAINT "member_insurance_region_code_fkey"`);
    await q.query(`ALTER TABLE "member_insurance" DROP CONSTRAINT "member_insurance_household_id_fkey"`);
    await q.query(`DROP INDEX "public"."member_insurance_region_code_idx"`);
    await q.query(`DROP INDEX "public"."member_insurance_household_id_idx"`);
    await q.query(`ALTER TABLE "member_insurance" DROP COLUMN "region_code", DROP COLUMN "household_id"`);
  }
}

/** The triggers that keep member_insurance.household_id and region_code (InsuranceAndIncomesKeyedWithTheirRoot1796432000000's down makes them again). */
export async function insuranceOfMemberTriggers(q: QueryRunner): Promise<void> {
  await q.query(`CREATE FUNCTION member_insurance_of_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The member's household and village (the application never writes them on an insurance row).
  SELECT m.household_id, m.region_code INTO NEW.household_id, NEW.region_code FROM members m WHERE m.id = NEW.member_id;
  RETURN NEW;
END $$`);
  await q.query(`CREATE TRIGGER "member_insurance_of_member" BEFORE INSERT OR UPDATE OF member_id ON "member_insurance" FOR EACH ROW EXECUTE FUNCTION member_insurance_of_member()`);
  await q.query(`CREATE FUNCTION members_insurance_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved uuid[];
BEGIN
  -- A member who moved to another household or village takes its insurance rows along. Most
  -- updates move nothing: they stop after comparing the statement's own rows.
  moved := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE n.household_id IS DISTINCT FROM o.household_id OR n.region_code IS DISTINCT FROM o.region_code);
  IF cardinality(moved) = 0 THEN RETURN NULL; END IF;
  UPDATE member_insurance i SET household_id = m.household_id, region_code = m.region_code
  FROM members m
  WHERE m.id = ANY (moved) AND i.member_id = m.id
    AND (i.household_id IS DISTINCT FROM m.household_id OR i.region_code IS DISTINCT FROM m.region_code);
  RETURN NULL;
END $$`);
  await q.query(`CREATE TRIGGER "members_insurance_follow" AFTER UPDATE ON "members" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_insurance_follow()`);
}
