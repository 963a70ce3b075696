import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, ChangeFeedAttachment, detachChangeFeed, FEED_LOCK } from '../src/database/change-feed';
import { FeedColumns1795912000000 } from './1795912000000-FeedColumns';

/** The household aggregate's tables and the part each one is (the registry's feed, as of this migration). */
const HOUSEHOLD_PARTS: ChangeFeedAttachment[] = [
  { table: 'households', root: 'Household', rootTable: 'households', rootIdColumn: 'id', part: 'household' },
  { table: 'members', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'members' },
  { table: 'household_incomes', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'incomes' },
  { table: 'household_events', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'events' },
];

/** The per-row feed's tables and entity types (migration Exchange1795906027403), restored by down. */
const ROW_FEED_TABLES = [
  ['households', 'Household'],
  ['members', 'Member'],
  ['household_events', 'HouseholdEvent'],
  ['household_incomes', 'HouseholdIncome'],
] as const;

/**
 * The change feed per aggregate root, without row images.
 *
 * - `change_feed` entries name the root (root_type, root_id, root_version), the operation on it
 *   (CREATED / UPDATED / DELETED), its region and the parts that changed; `entity_type`,
 *   `entity_id` and the row image `data` go. One entry per root and transaction
 *   (unique (transaction_id, root_type, root_id); the triggers merge with ON CONFLICT, see
 *   src/database/change-feed.ts). Entries written before are converted: per transaction and
 *   household, the first position stays with the union of the parts.
 * - The per-row capture function `change_feed_capture` and its allow-list `change_feed_columns` go:
 *   nothing from a row is published any more.
 * - `household_incomes.region_code` (every fed table carries its root's region): filled from the
 *   household on insert by a BEFORE INSERT trigger (the writers do not set it), and followed when a
 *   household's region changes by a statement-level trigger on households. Members and events
 *   already carry the region, written by the application.
 * - Webhook subscriptions that filtered on per-row entity types now filter on the Household root.
 *
 * down restores the per-row feed (triggers, allow-list); entries written while this migration was
 * applied get a minimal image {id, region_code, version} since no row data was recorded for them.
 */
export class FeedPerAggregate1795922000000 implements MigrationInterface {
  name = 'FeedPerAggregate1795922000000';

  public async up(q: QueryRunner): Promise<void> {
    // 1. No more per-row capture.
    for (const [table] of ROW_FEED_TABLES) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER "${table}_feed_${op}" ON "${table}"`);
    }
    await q.query(`DROP FUNCTION change_feed_capture()`);
    await q.query(`DROP TABLE "change_feed_columns"`);

    // 2. Entries per root: convert, merge per transaction and root, drop the row images.
    await q.query(`ALTER TABLE "change_feed" ADD "root_type" character varying(32), ADD "root_id" uuid, ADD "root_version" integer, ADD "parts" character varying(32) array, ADD "root_operation" character varying(7)`);
    await q.query(`UPDATE "change_feed" SET
        root_type = 'Household',
        root_id = CASE WHEN entity_type = 'Household' THEN entity_id ELSE (data->>'household_id')::uuid END,
        root_version = CASE WHEN entity_type = 'Household' THEN (data->>'version')::integer END,
        parts = ARRAY[CASE entity_type WHEN 'Household' THEN 'household' WHEN 'Member' THEN 'members' WHEN 'HouseholdIncome' THEN 'incomes' ELSE 'events' END]::varchar[],
        root_operation = CASE WHEN entity_type <> 'Household' THEN 'UPDATED' WHEN operation = 'INSERT' THEN 'CREATED' WHEN operation = 'DELETE' THEN 'DELETED' ELSE 'UPDATED' END`);
    await q.query(`DELETE FROM "change_feed" WHERE root_id IS NULL`);
    await q.query(`CREATE TEMPORARY TABLE feed_merge AS
      SELECT transaction_id, root_id, min(position) AS keep,
             CASE WHEN bool_or(root_operation = 'DELETED') THEN 'DELETED' WHEN bool_or(root_operation = 'CREATED') THEN 'CREATED' ELSE 'UPDATED' END AS operation,
             (array_agg(root_version ORDER BY position DESC) FILTER (WHERE root_version IS NOT NULL))[1] AS root_version,
             (array_agg(region_code ORDER BY position DESC) FILTER (WHERE region_code IS NOT NULL))[1] AS region_code,
             ARRAY(SELECT DISTINCT u FROM unnest(array_agg(parts[1])) u ORDER BY u)::varchar[] AS parts,
             min(occurred_at) AS occurred_at
      FROM "change_feed" GROUP BY transaction_id, root_id`);
    await q.query(`DELETE FROM "change_feed" f USING feed_merge m WHERE f.transaction_id = m.transaction_id AND f.root_id = m.root_id AND f.position <> m.keep`);
    await q.query(`UPDATE "change_feed" f SET root_operation = m.operation, root_version = m.root_version, region_code = m.region_code, parts = m.parts, occurred_at = m.occurred_at
      FROM feed_merge m WHERE f.position = m.keep`);
    await q.query(`DROP TABLE feed_merge`);
    await q.query(`DROP INDEX "public"."change_feed_entity_type_position_idx"`);
    await q.query(`ALTER TABLE "change_feed" DROP COLUMN "entity_type", DROP COLUMN "entity_id", DROP COLUMN "data", DROP COLUMN "operation"`);
    await q.query(`ALTER TABLE "change_feed" RENAME COLUMN "root_operation" TO "operation"`);
    await q.query(`ALTER TABLE "change_feed" ALTER "root_type" SET NOT NULL, ALTER "root_id" SET NOT NULL, ALTER "parts" SET NOT NULL, ALTER "operation" SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "change_feed_transaction_root_key" ON "change_feed"  ("transaction_id", "root_type", "root_id") `);
    await q.query(`CREATE INDEX "change_feed_root_type_position_idx" ON "change_feed"  ("root_type", "position") `);
    await q.query(`UPDATE "webhook_subscriptions" SET entity_types = '{Household}' WHERE entity_types <> '{}'`);

    // 3. Every fed table carries its root's region: household_incomes gets it, kept by triggers.
    await q.query(`ALTER TABLE "household_incomes" ADD "region_code" character varying(12) COLLATE "C"`);
    await q.query(`UPDATE "household_incomes" i SET region_code = h.region_code FROM "households" h WHERE h.id = i.household_id`);
    await q.query(`ALTER TABLE "household_incomes" ALTER "region_code" SET NOT NULL`);
    await q.query(`CREATE INDEX "household_incomes_region_code_idx" ON "household_incomes"  ("region_code") `);
    await q.query(`ALTER TABLE "household_incomes" ADD CONSTRAINT "household_incomes_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await incomeRegionTriggers(q);

    // 4. The feed per root.
    for (const part of HOUSEHOLD_PARTS) await attachChangeFeed(q, part);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const part of HOUSEHOLD_PARTS) await detachChangeFeed(q, part.table);
    await q.query(`DROP TRIGGER "households_region_code_follow" ON "households"`);
    await q.query(`DROP FUNCTION households_region_code_follow()`);
    await q.query(`DROP TRIGGER "household_incomes_region_code" ON "household_incomes"`);
    await q.query(`DROP FUNCTION household_incomes_region_code()`);
    await q.query(`ALTER TABLE "household_incomes" DROP CONSTRAINT "household_incomes_region_code_fkey"`);
    await q.query(`DROP INDEX "public"."household_incomes_region_code_idx"`);
    await q.query(`ALTER TABLE "household_incomes" DROP COLUMN "region_code"`);

    // Entries back to the per-row shape (one per root entry, as the root's row).
    await q.query(`DROP INDEX "public"."change_feed_root_type_position_idx"`);
    await q.query(`DROP INDEX "public"."change_feed_transaction_root_key"`);
    await q.query(`ALTER TABLE "change_feed" ADD "entity_type" character varying(32), ADD "entity_id" uuid, ADD "data" jsonb, ADD "row_operation" character varying(6)`);
    await q.query(`UPDATE "change_feed" SET entity_type = root_type, entity_id = root_id,
        row_operation = CASE operation WHEN 'CREATED' THEN 'INSERT' WHEN 'DELETED' THEN 'DELETE' ELSE 'UPDATE' END,
        data = jsonb_strip_nulls(jsonb_build_object('id', root_id, 'region_code', region_code, 'version', root_version))`);
    await q.query(`ALTER TABLE "change_feed" DROP COLUMN "operation", DROP COLUMN "parts", DROP COLUMN "root_version", DROP COLUMN "root_id", DROP COLUMN "root_type"`);
    await q.query(`ALTER TABLE "change_feed" RENAME COLUMN "row_operation" TO "operation"`);
    await q.query(`ALTER TABLE "change_feed" ALTER "entity_type" SET NOT NULL, ALTER "entity_id" SET NOT NULL, ALTER "data" SET NOT NULL, ALTER "operation" SET NOT NULL`);
    await q.query(`CREATE INDEX "change_feed_entity_type_position_idx" ON "change_feed" USING btree ("entity_type", "position") `);

    // The per-row triggers (as Exchange1795906027403 made them), then the allow-list's capture and
    // table as FeedColumns1795912000000 made them.
    await q.query(`CREATE FUNCTION change_feed_capture() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(${FEED_LOCK}); RETURN NULL; END $$`);
    for (const [table, type] of ROW_FEED_TABLES) {
      await q.query(`CREATE TRIGGER "${table}_feed_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_feed_capture('${type}')`);
      await q.query(`CREATE TRIGGER "${table}_feed_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_feed_capture('${type}')`);
      await q.query(`CREATE TRIGGER "${table}_feed_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION change_feed_capture('${type}')`);
    }
    await new FeedColumns1795912000000().up(q);
  }
}

/** The triggers that keep household_incomes.region_code (InsuranceAndIncomesKeyedWithTheirRoot1796432000000's down makes them again). */
export async function incomeRegionTriggers(q: QueryRunner): Promise<void> {
  await q.query(`CREATE FUNCTION household_incomes_region_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The household's village (the application never writes region_code of an income).
  SELECT h.region_code INTO NEW.region_code FROM households h WHERE h.id = NEW.household_id;
  RETURN NEW;
END $$`);
  await q.query(`CREATE TRIGGER "household_incomes_region_code" BEFORE INSERT ON "household_incomes" FOR EACH ROW EXECUTE FUNCTION household_incomes_region_code()`);
  await q.query(`CREATE FUNCTION households_region_code_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved uuid[];
BEGIN
  -- A household that moved takes its incomes along. Most updates move nothing: they stop after
  -- comparing the statement's own rows, and never read household_incomes.
  moved := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.region_code IS DISTINCT FROM o.region_code);
  IF cardinality(moved) = 0 THEN RETURN NULL; END IF;
  UPDATE household_incomes i SET region_code = h.region_code
  FROM households h
  WHERE h.id = ANY (moved) AND i.household_id = h.id AND i.region_code IS DISTINCT FROM h.region_code;
  RETURN NULL;
END $$`);
  await q.query(`CREATE TRIGGER "households_region_code_follow" AFTER UPDATE ON "households" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION households_region_code_follow()`);
}
