import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, ChangeFeedAttachment } from '../src/database/change-feed';

/** The household aggregate's fed tables (FeedPerAggregate1795922000000, MemberInsuranceInFeed1795925000000). */
const HOUSEHOLD_PARTS: ChangeFeedAttachment[] = [
  { table: 'households', root: 'Household', rootTable: 'households', rootIdColumn: 'id', part: 'household' },
  { table: 'members', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'members' },
  { table: 'household_incomes', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'incomes' },
  { table: 'household_events', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'events' },
  { table: 'member_insurance', root: 'Household', rootTable: 'households', rootIdColumn: 'household_id', part: 'insurance' },
];

/**
 * The registry import writes its households' feed entries itself, once per batch (issue #12): the
 * household tables' feed functions return at once for the statements of a writer that deferred
 * the Household entries (src/database/change-feed.ts, deferChangeFeed), instead of each of the
 * batch's five part statements merging into every household's entry (a new tuple version per
 * statement and household). Every other writer's entries come from the triggers as before.
 * down restores the functions as the earlier migrations made them.
 */
export class ImportWritesHouseholdFeed1796431000000 implements MigrationInterface {
  name = 'ImportWritesHouseholdFeed1796431000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const part of HOUSEHOLD_PARTS) await attachChangeFeed(queryRunner, { ...part, writerMayDefer: true });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const part of HOUSEHOLD_PARTS) await attachChangeFeed(queryRunner, part);
  }
}
