import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * The change feed of accountability cases (问责案件, issue #20): a case is its own root (part case:
 * opened, published), its actions a part (actions) and its fault-tolerance requests another
 * (fault_tolerance: requested, each step); every entry carries the row's region (the case's place).
 */
export class AccountabilityChangeFeed1796427514483 implements MigrationInterface {
  name = 'AccountabilityChangeFeed1796427514483';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await attachChangeFeed(queryRunner, { table: 'supervision_accountability_cases', root: 'SupervisionAccountabilityCase', rootTable: 'supervision_accountability_cases', rootIdColumn: 'id', part: 'case' });
    await attachChangeFeed(queryRunner, { table: 'supervision_accountability_actions', root: 'SupervisionAccountabilityCase', rootTable: 'supervision_accountability_cases', rootIdColumn: 'case_id', part: 'actions' });
    await attachChangeFeed(queryRunner, { table: 'supervision_fault_tolerance_requests', root: 'SupervisionAccountabilityCase', rootTable: 'supervision_accountability_cases', rootIdColumn: 'case_id', part: 'fault_tolerance' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'supervision_fault_tolerance_requests');
    await detachChangeFeed(queryRunner, 'supervision_accountability_actions');
    await detachChangeFeed(queryRunner, 'supervision_accountability_cases');
  }
}
