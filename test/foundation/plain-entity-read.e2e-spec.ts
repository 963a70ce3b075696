import { getRawAndEntitiesOf, isPlainRead } from '../../src/common/sql/raw-entities';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The kit's plain read of one entity's rows (`getRawAndEntitiesOf`, used by `paginate` and
 * `getManyWithNested`) gives exactly what TypeORM's `getRawAndEntities` gives, for every entity
 * of the service, on the demo's data (households, members, projects, employment, education,
 * health, audit, jobs, …): same class, same properties, same values and types, same order; and
 * queries it does not cover (joins, partial selects, locks) are left to TypeORM.
 */
describe('plain entity read (kit) vs TypeORM getRawAndEntities', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true', SEED_DEMO_HOUSEHOLDS: '40' });
  }, 600_000);

  afterAll(async () => {
    await t?.close();
  });

  it('reads every entity as TypeORM does', async () => {
    let rowsCompared = 0;
    let entitiesWithRows = 0;
    const leftToTypeOrm: string[] = [];
    for (const metadata of t.dataSource.entityMetadatas) {
      if (metadata.tableType !== 'regular') continue;
      const qb = () => {
        const q = t.dataSource.getRepository(metadata.target).createQueryBuilder('e').limit(200);
        // Ordered by the whole key, so both reads see the same rows in the same order.
        for (const c of metadata.primaryColumns) q.addOrderBy(`e.${c.propertyPath}`);
        return q;
      };
      if (!isPlainRead(qb())) leftToTypeOrm.push(metadata.name);
      const expected = await qb().getRawAndEntities();
      const actual = await getRawAndEntitiesOf(qb());
      expect({ entity: metadata.name, rows: actual.entities.length }).toEqual({ entity: metadata.name, rows: expected.entities.length });
      actual.entities.forEach((e, i) => {
        const want = expected.entities[i] as object;
        expect(Object.getPrototypeOf(e)).toBe(Object.getPrototypeOf(want));
        // toStrictEqual: the same keys (none extra, none missing, undefined included), values and their types (Date, string, number).
        expect({ entity: metadata.name, row: e }).toStrictEqual({ entity: metadata.name, row: want });
      });
      expect(actual.raw).toEqual(expected.raw);
      rowsCompared += actual.entities.length;
      if (actual.entities.length) entitiesWithRows++;
    }
    // Read by the kit except an entity with a virtual column (its subquery is TypeORM's to build).
    expect(leftToTypeOrm).toEqual(['ImportJobEntity']);
    // The demo data fills most tables: the comparison is not vacuous.
    expect(entitiesWithRows).toBeGreaterThan(25);
    expect(rowsCompared).toBeGreaterThan(1000);
  });

  it('leaves joins, partial selects and locks to TypeORM (same answers)', async () => {
    const households = t.dataSource.getMetadata('HouseholdEntity');
    const joined = () => t.dataSource.getRepository(households.target).createQueryBuilder('h').innerJoin('regions', 'r', 'r.code = h.region_code').orderBy('h.id').limit(20);
    expect((await getRawAndEntitiesOf(joined())).entities).toStrictEqual((await joined().getRawAndEntities()).entities);
    const partial = () => t.dataSource.getRepository(households.target).createQueryBuilder('h').select(['h.id', 'h.householdNumber']).orderBy('h.id').limit(20);
    expect([isPlainRead(joined()), isPlainRead(partial())]).toEqual([false, false]);
    const partialRead = await getRawAndEntitiesOf(partial());
    expect(partialRead.entities).toStrictEqual((await partial().getRawAndEntities()).entities);
    expect(partialRead.entities[0]).toMatchObject({ id: expect.any(String), householdNumber: expect.any(String), status: undefined, regionCode: undefined });
    await t.dataSource.transaction(async (m) => {
      const locked = m.getRepository(households.target).createQueryBuilder('h').orderBy('h.id').limit(2).setLock('pessimistic_write');
      expect(isPlainRead(locked)).toBe(false);
      expect((await getRawAndEntitiesOf(locked)).entities).toHaveLength(2);
    });
  });
});
