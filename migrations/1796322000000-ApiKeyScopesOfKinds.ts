import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * exchange.import and exchange.export became the bulk machinery of every kind; the registry's
 * files need households.import / households.export besides. A key scoped to the exchange
 * permissions before this kept importing and exporting the registry: it gets the registry's.
 */
export class ApiKeyScopesOfKinds1796322000000 implements MigrationInterface {
  name = 'ApiKeyScopesOfKinds1796322000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "api_keys" SET "scopes" = array_append("scopes", 'households.import') WHERE 'exchange.import' = ANY("scopes") AND NOT 'households.import' = ANY("scopes")`);
    await queryRunner.query(`UPDATE "api_keys" SET "scopes" = array_append("scopes", 'households.export') WHERE 'exchange.export' = ANY("scopes") AND NOT 'households.export' = ANY("scopes")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "api_keys" SET "scopes" = array_remove("scopes", 'households.import') WHERE 'households.import' = ANY("scopes")`);
    await queryRunner.query(`UPDATE "api_keys" SET "scopes" = array_remove("scopes", 'households.export') WHERE 'households.export' = ANY("scopes")`);
  }
}
