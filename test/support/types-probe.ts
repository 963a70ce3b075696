/**
 * One read of many column types (8-byte integers, numerics, dates and time stamps, json and jsonb,
 * arrays, uuids, intervals, bytea, two columns of one name) and parameters of many kinds (arrays,
 * objects as jsonb, a Date, null), whose rows a read outside the pg driver must answer exactly as
 * the driver does (EmbeddedPostgres.read: test/households/read-statements.e2e-spec.ts, and in a
 * thread of its own: test/foundation/embedded-thread.e2e-spec.ts).
 */
export const TYPES_PROBE = {
  text: `SELECT 1::int4 AS i4, 9007199254740993::int8 AS i8, 1.50::numeric AS num, 'x'::text AS t, NULL::text AS n, true AS b,
      DATE '2020-02-03' AS d, TIMESTAMPTZ '2020-01-02 03:04:05.678+00' AS ts, '{"a":[1,2]}'::json AS j, '{"b":"引号"}'::jsonb AS jb,
      ARRAY['a', 'b"c', NULL] AS arr, ARRAY[1, 2]::int4[] AS ia, '00000000-0000-0000-0000-000000000001'::uuid AS u, interval '1 day 2 hours' AS iv,
      '\\x0102'::bytea AS by, 'VILLAGE'::text AS same, 'TOWN'::text AS same,
      $1::text[] AS p1, $2::int AS p2, $3::uuid[] AS p3, $4::date AS p4, $5::boolean AS p5, $6::text AS p6, $7::jsonb AS p7, $8::timestamptz AS p8`,
  values: [['x', 'y,z', '"'], 5, ['00000000-0000-0000-0000-000000000002'], '2021-01-01', false, null, { k: ['v'] }, new Date('2022-03-04T05:06:07.089Z')] as unknown[],
  /** Some of the answer's values as the driver parses them. */
  parsed: { i8: '9007199254740993', num: '1.50', d: '2020-02-03', same: 'TOWN', p2: 5, p6: null, p7: { k: ['v'] } },
};
