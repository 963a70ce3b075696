import { MigrationInterface, QueryRunner } from 'typeorm';

/** The reason the moved rows carry (and what `down` removes). */
export const MOVED_REASON = 'moved from poverty_lines (migration PovertyLinesIntoParameters)';

/**
 * The poverty lines a district entered in the legacy poverty_lines table become policy parameter
 * versions (issue #13), since the exit standard now reads the store: the national line as
 * registry.poverty_line_national (national scope) and the provincial exit line as
 * registry.exit_income_line (Henan, 410000000000, the province this service is built for), each
 * for its whole year, UNVERIFIED, with the row's source. The confirmed 2011–2016 figures the
 * service seeded itself (RULES.md has them, verified) and any year a version already covers are
 * left alone. Idempotent.
 */
export class PovertyLinesIntoParameters1795927400000 implements MigrationInterface {
  name = 'PovertyLinesIntoParameters1795927400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [column, key, scope, prefix] of [
      ['national_line', 'registry.poverty_line_national', '', ''],
      ['provincial_exit_line', 'registry.exit_income_line', '410000000000', '41'],
    ]) {
      await queryRunner.query(
        `INSERT INTO policy_parameters (key, scope_code, scope_prefix, value_type, value, unit, effective_from, effective_to, source, status, stated, reason)
         SELECT $1::varchar, $2::varchar, $3::varchar, 'AMOUNT', to_jsonb(l.${column}::text), '元/人/年', make_date(l.year, 1, 1), make_date(l.year, 12, 31),
                l.source, 'UNVERIFIED', l.${column}::text, $4::text
         FROM poverty_lines l
         WHERE l.${column} IS NOT NULL
           AND l.source IS DISTINCT FROM '国家扶贫标准（2010 年不变价 2300 元，按当年价格折算）'
           AND NOT EXISTS (
             SELECT 1 FROM policy_parameters p
             WHERE p.key = $1::varchar AND p.scope_code = $2::varchar AND p.superseded_at IS NULL
               AND p.effective_from <= make_date(l.year, 12, 31) AND (p.effective_to IS NULL OR p.effective_to >= make_date(l.year, 1, 1)))`,
        [key, scope, prefix, MOVED_REASON],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM policy_parameters WHERE reason = $1`, [MOVED_REASON]);
  }
}
