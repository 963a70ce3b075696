import { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry tables whose changes go to the feed, with the entity type the feed names them by. */
const FEED_TABLES = [
  ['households', 'Household'],
  ['members', 'Member'],
  ['household_events', 'HouseholdEvent'],
  ['household_incomes', 'HouseholdIncome'],
] as const;

/**
 * The columns the change feed (and so every webhook) publishes, per table, as of this migration:
 * every column except the protected ones (encrypted values and their blind indexes:
 * id_number_enc, id_number_hash, contact_phone_enc, bank_account_enc, bank_account_hash) and the
 * disability certificate number (残疾证号), which is personal data. A column added later is not
 * published until a migration lists it here.
 */
const PUBLIC_COLUMNS: Record<(typeof FEED_TABLES)[number][0], string[]> = {
  households: [
    'id', 'household_number', 'region_code', 'head_member_id', 'validity', 'status', 'exit_year', 'year_registered',
    'identification_standard', 'attribute', 'primary_cause', 'other_causes', 'military_family', 'only_child',
    'two_daughters', 'relocated', 'relocation_scope', 'resettlement_mode', 'resettlement_site', 'food_clothing_secure',
    'safe_drinking_water', 'drinking_water_difficulty', 'has_electricity', 'owns_housing', 'dilapidated_housing',
    'dilapidation_grade', 'housing_area', 'sanitary_toilet', 'road_type', 'main_fuel', 'distance_to_road_km',
    'cooperative_member', 'cultivated_land_mu', 'forest_land_mu', 'bank_name', 'version', 'created_at', 'updated_at',
  ],
  members: [
    'id', 'household_id', 'region_code', 'active', 'name', 'id_type', 'sex', 'birth_date', 'relation', 'ethnicity',
    'political_status', 'education_level', 'schooling_status', 'schooling_exemption', 'health', 'disability_type',
    'disability_grade', 'labour_skill', 'work_place', 'months_worked', 'low_income_support', 'extreme_poverty_support',
    'died_on', 'joined_on', 'join_reason', 'left_on', 'leave_reason', 'version', 'created_at', 'updated_at',
  ],
  household_events: [
    'id', 'household_id', 'region_code', 'member_id', 'kind', 'effective_on', 'from_status', 'to_status',
    'from_validity', 'to_validity', 'exit_year', 'step', 'reason', 'evidence', 'proposal_id', 'actor_id', 'actor_name',
    'created_at',
  ],
  household_incomes: [
    'household_id', 'year', 'wages', 'production_business', 'property', 'asset_income_dividend',
    'transfer_family_planning', 'transfer_low_income', 'transfer_extreme_poverty', 'transfer_pension',
    'transfer_ecological', 'transfer_other', 'production_costs', 'version', 'created_at', 'updated_at',
  ],
};

/** The capture function before this migration (deny-list), restored by down. */
const DENY_LIST_CAPTURE = `CREATE OR REPLACE FUNCTION change_feed_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(4101060002);
    INSERT INTO change_feed (entity_type, entity_id, operation, region_code, transaction_id, data)
    SELECT TG_ARGV[0], COALESCE((r.d->>'id')::uuid, (r.d->>'household_id')::uuid), TG_OP,
           COALESCE(r.d->>'region_code', (SELECT h.region_code FROM households h WHERE h.id = (r.d->>'household_id')::uuid)),
           pg_current_xact_id()::text::bigint, r.d
    FROM (SELECT to_jsonb(o) - ARRAY['id_number_enc','id_number_hash','contact_phone_enc','bank_account_enc','bank_account_hash'] AS d FROM old_rows o) r;
  ELSE
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(4101060002);
    INSERT INTO change_feed (entity_type, entity_id, operation, region_code, transaction_id, data)
    SELECT TG_ARGV[0], COALESCE((r.d->>'id')::uuid, (r.d->>'household_id')::uuid), TG_OP,
           COALESCE(r.d->>'region_code', (SELECT h.region_code FROM households h WHERE h.id = (r.d->>'household_id')::uuid)),
           pg_current_xact_id()::text::bigint, r.d
    FROM (SELECT to_jsonb(n) - ARRAY['id_number_enc','id_number_hash','contact_phone_enc','bank_account_enc','bank_account_hash'] AS d FROM new_rows n) r;
  END IF;
  RETURN NULL;
END $$`;

/**
 * Change-feed payloads from an allow-list: `change_feed_columns` (table, column) names the columns
 * the feed publishes; the capture trigger leaves out every other column of the row, so a column
 * added to a registry table is never published (nor sent to webhooks) unless listed. Existing
 * feed entries are scrubbed of anything not listed (the disability certificate number, in clear
 * in members' entries until now).
 */
export class FeedColumns1795912000000 implements MigrationInterface {
  name = 'FeedColumns1795912000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "change_feed_columns" ("table_name" character varying(63) NOT NULL, "column_name" character varying(63) NOT NULL, CONSTRAINT "change_feed_columns_pkey" PRIMARY KEY ("table_name", "column_name"))`,
    );
    for (const [table] of FEED_TABLES) {
      await queryRunner.query(`INSERT INTO "change_feed_columns" ("table_name", "column_name") SELECT $1, unnest($2::varchar[])`, [table, PUBLIC_COLUMNS[table]]);
    }
    // The columns to leave out are computed once per statement (the table's columns not listed);
    // entity id and region come from the whole row, the payload from the listed columns only.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION change_feed_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unlisted text[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
  ELSE
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  END IF;
  unlisted := ARRAY(
    SELECT a.attname::text FROM pg_attribute a
    WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
      AND NOT EXISTS (SELECT 1 FROM change_feed_columns c WHERE c.table_name = TG_TABLE_NAME AND c.column_name = a.attname::text));
  PERFORM pg_advisory_xact_lock(4101060002);
  IF TG_OP = 'DELETE' THEN
    INSERT INTO change_feed (entity_type, entity_id, operation, region_code, transaction_id, data)
    SELECT TG_ARGV[0], COALESCE((r.d->>'id')::uuid, (r.d->>'household_id')::uuid), TG_OP,
           COALESCE(r.d->>'region_code', (SELECT h.region_code FROM households h WHERE h.id = (r.d->>'household_id')::uuid)),
           pg_current_xact_id()::text::bigint, r.d - unlisted
    FROM (SELECT to_jsonb(o) AS d FROM old_rows o) r;
  ELSE
    INSERT INTO change_feed (entity_type, entity_id, operation, region_code, transaction_id, data)
    SELECT TG_ARGV[0], COALESCE((r.d->>'id')::uuid, (r.d->>'household_id')::uuid), TG_OP,
           COALESCE(r.d->>'region_code', (SELECT h.region_code FROM households h WHERE h.id = (r.d->>'household_id')::uuid)),
           pg_current_xact_id()::text::bigint, r.d - unlisted
    FROM (SELECT to_jsonb(n) AS d FROM new_rows n) r;
  END IF;
  RETURN NULL;
END $$`);
    // Entries written before: only what the list publishes stays.
    for (const [table, type] of FEED_TABLES) {
      await queryRunner.query(
        `UPDATE change_feed f
            SET data = f.data - ARRAY(SELECT k FROM jsonb_object_keys(f.data) k WHERE k <> ALL ($2::text[]))
          WHERE f.entity_type = $1
            AND EXISTS (SELECT 1 FROM jsonb_object_keys(f.data) k WHERE k <> ALL ($2::text[]))`,
        [type, PUBLIC_COLUMNS[table]],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DENY_LIST_CAPTURE);
    await queryRunner.query(`DROP TABLE "change_feed_columns"`);
  }
}
