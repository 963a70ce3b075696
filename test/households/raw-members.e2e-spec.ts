import { Role } from '../../src/common/access/permissions';
import { MemberEntity } from '../../src/households/member.entity';
import { MembersRepository } from '../../src/households/members.repository';
import { loadRegions, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, householdInput, member } from './registry-fixtures';

/**
 * The members loaders read plain SQL through rawEntityReader (issue #12): the same entities, with
 * the same values and types, as TypeORM's getMany of the query they replace, in every mode.
 */
describe('registry: members read without the query builder are the entities getMany reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    await loadRegions(t);
  });
  afterAll(() => t?.close());

  it('all columns, dates, enum arrays and nulls, in the loaders’ order, for current, all, as-of and started-by reads', async () => {
    const V = '410106100204';
    const officer = await signIn(t, Role.VILLAGE_OFFICER, V);
    const a = await createHousehold(t, officer, householdInput(V, {
      members: [
        member({ name: '刘建国', birthDate: '1975-05-05', labourSkill: 'ORDINARY' }),
        member({ name: '刘小军', relation: 'SON', birthDate: '2000-01-01', health: ['DISABLED', 'CHRONIC_ILLNESS'], disabilityGrade: 1, disabilityType: 'INTELLECTUAL' }),
      ],
    }));
    const b = await createHousehold(t, officer, householdInput(V, { members: [member({ name: '王老汉', birthDate: '1950-05-05' })] }));
    await t.dataSource.query(`UPDATE members SET joined_on = '2015-01-01' WHERE household_id = ANY($1::uuid[])`, [[a.id, b.id]]);
    await t.dataSource.query(`UPDATE members SET active = false, left_on = '2020-01-01', leave_reason = 'MOVED' WHERE household_id = $1 AND relation <> 'HEAD'`, [a.id]);
    const ids = [a.id, b.id];
    const repo = t.get(MembersRepository);
    const viaTypeorm = (where: string, params: Record<string, unknown>) =>
      t.dataSource
        .getRepository(MemberEntity)
        .createQueryBuilder('m')
        .where('m.household_id = ANY(:ids)', { ids })
        .andWhere(where, params)
        .orderBy('m.household_id')
        .addOrderBy(`CASE WHEN m.relation = 'HEAD' THEN 0 ELSE 1 END`)
        .addOrderBy('m.birth_date')
        .addOrderBy('m.id')
        .getMany();
    const cases: [Parameters<MembersRepository['findByHouseholds']>[1], string, Record<string, unknown>][] = [
      [{}, 'm.active', {}],
      [{ all: true }, 'true', {}],
      [{ asOf: '2019-06-01' }, `(m.joined_on <= :d AND (m.left_on IS NULL OR m.left_on > :d))`, { d: '2019-06-01' }],
      [{ startedBy: '2030-01-01' }, 'm.joined_on <= :d', { d: '2030-01-01' }],
    ];
    for (const [opts, where, params] of cases) {
      const raw = await repo.findByHouseholds(ids, opts);
      const expected = await viaTypeorm(where, params);
      expect(raw.length).toBeGreaterThan(0);
      expect(raw).toEqual(expected);
      for (const [i, e] of raw.entries()) {
        expect(e).toBeInstanceOf(MemberEntity);
        for (const [k, v] of Object.entries(expected[i]!)) expect([k, typeof (e as unknown as Record<string, unknown>)[k]]).toEqual([k, typeof v]);
      }
    }
    const all = await repo.findByHouseholds(ids, { all: true });
    expect(all.find((m) => m.name === '刘小军')?.health).toEqual(['DISABLED', 'CHRONIC_ILLNESS']);
    expect(await repo.findByHouseholds([])).toEqual([]);
  });
});
