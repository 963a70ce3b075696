import { getRawAndEntitiesOf, hydratorOf, isPlainRead } from '../../src/common/sql/raw-entities';
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

  it('converts every column of every entity as the driver does (hydratorOf vs prepareHydratedValue)', () => {
    const driver = t.dataSource.driver;
    // Dates by their instant (an invalid Date equals no other in toStrictEqual, itself included).
    const outcome = (f: () => unknown) => {
      try {
        const value = f();
        return value instanceof Date ? { date: String(value.getTime()) } : { value };
      } catch (e) {
        return { threw: (e as Error).message };
      }
    };
    const samples: unknown[] = [null, undefined, '', 'text', '1', '12.50', '{}', '{A,B}', 't', 0, 7, true, false, new Date('2020-01-02T03:04:05.678Z'), '2020-01-02', '2020-01-02 03:04:05.678+00', { a: 1 }, [1, 2]];
    let compared = 0;
    for (const metadata of t.dataSource.entityMetadatas) {
      for (const column of metadata.columns) {
        const hydrate = hydratorOf(driver, column);
        for (const sample of samples) {
          expect({ column: `${metadata.name}.${column.propertyName}`, sample, ...outcome(() => hydrate(sample)) }).toStrictEqual({
            column: `${metadata.name}.${column.propertyName}`,
            sample,
            ...outcome(() => driver.prepareHydratedValue(sample, column)),
          });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
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
