import { EntityManager } from 'typeorm';
import { ParameterType } from '../parameters/parameter-types';
import { REFERENCE_YEAR } from './generator';

/** A data source or a transaction's manager: the demo loaders only send statements. */
export type Queryable = Pick<EntityManager, 'query'>;

/** The district the demo is of: parameters are read for it (the most specific scope that covers it). */
const DEMO_DISTRICT = '410106000000';

/**
 * A parameter's version in force in the district (the most specific scope), with its type: on
 * the day `on` when given, else in the reference year (the latest start among the versions
 * overlapping it); null when none is, or that version is NOT_CONFIGURED (its value null).
 */
export async function parameterAt(ds: Queryable, key: string, on?: string): Promise<{ value: unknown; type: ParameterType } | null> {
  const [row] = await ds.query(
    `SELECT value, value_type AS type FROM policy_parameters
      WHERE key = $1 AND superseded_at IS NULL
        AND effective_from <= COALESCE($3::date, make_date($2, 12, 31)) AND (effective_to IS NULL OR effective_to >= COALESCE($3::date, make_date($2, 1, 1)))
        AND $4 LIKE scope_prefix || '%'
      ORDER BY length(scope_code) DESC, effective_from DESC LIMIT 1`,
    [key, REFERENCE_YEAR, on ?? null, DEMO_DISTRICT],
  );
  return row && row.value !== null ? { value: row.value, type: row.type as ParameterType } : null;
}

/** A parameter's value in force in the reference year (or on `on`) in the district, or null when not configured. */
export async function parameterValue(ds: Queryable, key: string, on?: string): Promise<unknown> {
  return (await parameterAt(ds, key, on))?.value ?? null;
}
