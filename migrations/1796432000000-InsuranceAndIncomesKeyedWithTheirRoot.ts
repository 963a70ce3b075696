import { MigrationInterface, QueryRunner } from 'typeorm';
import { incomeRegionTriggers } from './1795922000000-FeedPerAggregate';
import { insuranceOfMemberTriggers } from './1795925000000-MemberInsuranceInFeed';

/**
 * An insurance row's household and village, and an income's village, are kept true by foreign keys
 * instead of row triggers (issue #12).
 *
 * Before: the writers never set them; a BEFORE INSERT row trigger on each table read them from the
 * member or household (MemberInsuranceInFeed1795925000000, FeedPerAggregate1795922000000),
 * statement triggers on members and households carried them along when those moved, and each
 * column had a foreign key of its own (member, household, region: three checks per insurance row).
 * A BEFORE row trigger also makes PostgreSQL's COPY insert row by row, not in batches.
 *
 * After: the writers set them, and one foreign key per row checks them all at once:
 * - member_insurance (member_id, household_id, region_code) → members (id, household_id,
 *   region_code), ON DELETE CASCADE (a member's rows go with it), ON UPDATE CASCADE (a member whose
 *   village changes takes its rows along);
 * - household_incomes (household_id, region_code) → households (id, region_code), likewise.
 * The referenced columns need a unique index: members' index on household_id becomes a unique one
 * on (household_id, id, region_code), households' index on region_code a unique one on
 * (region_code, id); both still lead with the column they indexed, so no index is added. The keys
 * keep the names of the member and household keys they replace (`<table>_<first column>_fkey`).
 * member_insurance's import-digest triggers find the household by the row's household_id instead of
 * looking its member up.
 *
 * Measured on copies of the tables (90,000 insurance rows, PostgreSQL 15): COPY into
 * member_insurance took about half the time it took with the trigger and three keys.
 *
 * down restores the triggers, the single-column keys and the indexes.
 */
export class InsuranceAndIncomesKeyedWithTheirRoot1796432000000 implements MigrationInterface {
  name = 'InsuranceAndIncomesKeyedWithTheirRoot1796432000000';

  public async up(q: QueryRunner): Promise<void> {
    // The triggers kept them true; make sure before the keys check it.
    await q.query(`UPDATE "member_insurance" i SET household_id = m.household_id, region_code = m.region_code FROM "members" m
      WHERE m.id = i.member_id AND (i.household_id, i.region_code) IS DISTINCT FROM (m.household_id, m.region_code)`);
    await q.query(`UPDATE "household_incomes" i SET region_code = h.region_code FROM "households" h
      WHERE h.id = i.household_id AND i.region_code IS DISTINCT FROM h.region_code`);

    await q.query(`DROP TRIGGER "member_insurance_of_member" ON "member_insurance"`);
    await q.query(`DROP FUNCTION member_insurance_of_member()`);
    await q.query(`DROP TRIGGER "members_insurance_follow" ON "members"`);
    await q.query(`DROP FUNCTION members_insurance_follow()`);
    await q.query(`DROP TRIGGER "household_incomes_region_code" ON "household_incomes"`);
    await q.query(`DROP FUNCTION household_incomes_region_code()`);
    await q.query(`DROP TRIGGER "households_region_code_follow" ON "households"`);
    await q.query(`DROP FUNCTION households_region_code_follow()`);

    await q.query(`ALTER TABLE "member_insurance" DROP CONSTRAINT "member_insurance_member_id_fkey", DROP CONSTRAINT "member_insurance_household_id_fkey", DROP CONSTRAINT "member_insurance_region_code_fkey"`);
    await q.query(`ALTER TABLE "household_incomes" DROP CONSTRAINT "household_incomes_household_id_fkey", DROP CONSTRAINT "household_incomes_region_code_fkey"`);

    await q.query(`CREATE UNIQUE INDEX "members_household_id_id_region_code_key" ON "members" ("household_id", "id", "region_code") `);
    await q.query(`DROP INDEX "public"."members_household_id_idx"`);
    await q.query(`CREATE UNIQUE INDEX "households_region_code_id_key" ON "households" ("region_code", "id") `);
    await q.query(`DROP INDEX "public"."households_region_code_idx"`);

    await q.query(
      `ALTER TABLE "member_insurance" ADD CONSTRAINT "member_insurance_member_id_fkey" FOREIGN KEY ("member_id", "household_id", "region_code") REFERENCES "members"("id","household_id","region_code") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "household_incomes" ADD CONSTRAINT "household_incomes_household_id_fkey" FOREIGN KEY ("household_id", "region_code") REFERENCES "households"("id","region_code") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    // An insurance row's written household is now as true as its member's: the digest it changes is
    // found by it, without looking the members up.
    await digestTriggersOfInsurance(q, 'household_id');
  }

  public async down(q: QueryRunner): Promise<void> {
    await digestTriggersOfInsurance(q, 'member_id');
    await q.query(`ALTER TABLE "household_incomes" DROP CONSTRAINT "household_incomes_household_id_fkey"`);
    await q.query(`ALTER TABLE "member_insurance" DROP CONSTRAINT "member_insurance_member_id_fkey"`);

    await q.query(`CREATE INDEX "households_region_code_idx" ON "households" ("region_code") `);
    await q.query(`DROP INDEX "public"."households_region_code_id_key"`);
    await q.query(`CREATE INDEX "members_household_id_idx" ON "members" ("household_id") `);
    await q.query(`DROP INDEX "public"."members_household_id_id_region_code_key"`);

    await q.query(`ALTER TABLE "household_incomes" ADD CONSTRAINT "household_incomes_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "household_incomes" ADD CONSTRAINT "household_incomes_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_insurance" ADD CONSTRAINT "member_insurance_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_insurance" ADD CONSTRAINT "member_insurance_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "member_insurance" ADD CONSTRAINT "member_insurance_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);

    // As FeedPerAggregate1795922000000 and MemberInsuranceInFeed1795925000000 made them.
    await incomeRegionTriggers(q);
    await insuranceOfMemberTriggers(q);
  }
}

/** member_insurance's triggers of ImportDigests1795909201423, finding the household by `key`. */
async function digestTriggersOfInsurance(q: QueryRunner, key: 'household_id' | 'member_id'): Promise<void> {
  const table = 'member_insurance';
  for (const [op, transition] of [
    ['insert', 'REFERENCING NEW TABLE AS new_rows'],
    ['update', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ['delete', 'REFERENCING OLD TABLE AS old_rows'],
  ]) {
    await q.query(`DROP TRIGGER "${table}_import_digest_${op}" ON "${table}"`);
    await q.query(`CREATE TRIGGER "${table}_import_digest_${op}" AFTER ${op.toUpperCase()} ON "${table}" ${transition} FOR EACH STATEMENT EXECUTE FUNCTION import_digest_forget('${key}')`);
  }
}
