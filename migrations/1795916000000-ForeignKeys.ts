import { MigrationInterface, QueryRunner } from 'typeorm';

type Reference = [table: string, column: string, refTable: string, refColumn: string, onDelete: 'CASCADE' | 'NO ACTION' | 'SET NULL', deferred?: true];

/**
 * Foreign keys between the registry's tables, as the entities declare them (@ForeignKey,
 * src/database/foreign-key.ts). CASCADE where a row is part of what it names (a household's
 * members, incomes, insurance, history and procedures; a member's insurance; a job's problems;
 * a subscription's deliveries; a user's sign-ins); NO ACTION (refused while referenced) for
 * links between aggregates (pairings, visits, helpers and their units), regions and accounts;
 * the household's head member is a pointer checked at commit (household and members are
 * inserted together) and cleared if the member goes.
 * Existing rows are checked first: if any names something that does not exist, nothing changes
 * and the migration stops with the count of such rows per reference.
 */
const REFERENCES: Reference[] = [
  ['regions', 'parent_code', 'regions', 'code', 'NO ACTION'],
  ['users', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['api_keys', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['api_keys', 'created_by', 'users', 'id', 'NO ACTION'],
  ['refresh_tokens', 'user_id', 'users', 'id', 'CASCADE'],
  ['members', 'household_id', 'households', 'id', 'CASCADE'],
  ['members', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['households', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['households', 'head_member_id', 'members', 'id', 'SET NULL', true],
  ['assisting_units', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['helpers', 'unit_id', 'assisting_units', 'id', 'NO ACTION'],
  ['helpers', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['pairings', 'helper_id', 'helpers', 'id', 'NO ACTION'],
  ['pairings', 'household_id', 'households', 'id', 'NO ACTION'],
  ['pairings', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['visits', 'helper_id', 'helpers', 'id', 'NO ACTION'],
  ['visits', 'household_id', 'households', 'id', 'NO ACTION'],
  ['visits', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['village_assignments', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['village_assignments', 'unit_id', 'assisting_units', 'id', 'NO ACTION'],
  ['household_proposals', 'household_id', 'households', 'id', 'CASCADE'],
  ['household_proposals', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['household_events', 'household_id', 'households', 'id', 'CASCADE'],
  ['household_events', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['household_events', 'member_id', 'members', 'id', 'NO ACTION'],
  ['household_events', 'proposal_id', 'household_proposals', 'id', 'NO ACTION'],
  ['household_incomes', 'household_id', 'households', 'id', 'CASCADE'],
  ['member_insurance', 'member_id', 'members', 'id', 'CASCADE'],
  ['import_jobs', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['import_jobs', 'created_by', 'users', 'id', 'NO ACTION'],
  ['import_problems', 'job_id', 'import_jobs', 'id', 'CASCADE'],
  ['webhook_subscriptions', 'region_code', 'regions', 'code', 'NO ACTION'],
  ['webhook_subscriptions', 'created_by', 'users', 'id', 'NO ACTION'],
  ['webhook_deliveries', 'subscription_id', 'webhook_subscriptions', 'id', 'CASCADE'],
];

/** Referencing columns without an index of their own (or leading one) until now. */
const INDEXES: [table: string, column: string][] = [
  ['api_keys', 'created_by'],
  ['households', 'head_member_id'],
  ['household_events', 'member_id'],
  ['household_events', 'proposal_id'],
  ['import_jobs', 'created_by'],
  ['webhook_subscriptions', 'created_by'],
];

export class ForeignKeys1795916000000 implements MigrationInterface {
  name = 'ForeignKeys1795916000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const orphans: string[] = [];
    for (const [table, column, refTable, refColumn] of REFERENCES) {
      const [{ n }]: { n: number }[] = await queryRunner.query(
        `SELECT count(*)::int AS n FROM "${table}" t WHERE t."${column}" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "${refTable}" r WHERE r."${refColumn}" = t."${column}")`,
      );
      if (n > 0) orphans.push(`${table}.${column} → ${refTable}.${refColumn}: ${n}`);
    }
    if (orphans.length) {
      throw new Error(
        `ForeignKeys: rows name records that do not exist, so no foreign key was added. Correct or remove them, then run the migrations again:\n  ${orphans.join('\n  ')}`,
      );
    }
    for (const [table, column] of INDEXES) {
      await queryRunner.query(`CREATE INDEX "${table}_${column}_idx" ON "${table}" ("${column}")`);
    }
    for (const [table, column, refTable, refColumn, onDelete, deferred] of REFERENCES) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_${column}_fkey" FOREIGN KEY ("${column}") REFERENCES "${refTable}"("${refColumn}") ON DELETE ${onDelete} ON UPDATE NO ACTION${deferred ? ' DEFERRABLE INITIALLY DEFERRED' : ''}`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of [...REFERENCES].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${table}_${column}_fkey"`);
    }
    for (const [table, column] of [...INDEXES].reverse()) {
      await queryRunner.query(`DROP INDEX "public"."${table}_${column}_idx"`);
    }
  }
}
