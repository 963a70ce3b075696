import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Benefit linkages on the change feed (issue #15): the root BenefitLinkage, its parts `linkage`
 * (the terms) and `payments` (a payment or a reversal recorded), region = the household's village.
 */
export class LinkagesInFeed1796309000000 implements MigrationInterface {
  name = 'LinkagesInFeed1796309000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await attachChangeFeed(queryRunner, { table: 'benefit_linkages', root: 'BenefitLinkage', rootTable: 'benefit_linkages', rootIdColumn: 'id', part: 'linkage' });
    await attachChangeFeed(queryRunner, {
      table: 'benefit_linkage_payments',
      root: 'BenefitLinkage',
      rootTable: 'benefit_linkages',
      rootIdColumn: 'linkage_id',
      part: 'payments',
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'benefit_linkage_payments');
    await detachChangeFeed(queryRunner, 'benefit_linkages');
  }
}
