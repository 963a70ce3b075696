import { ExitFactSources, FactMember, MemberFactSource, SchoolingFact } from './exit-fact-sources';

const members: FactMember[] = [
  { memberId: 'a', householdId: 'h', birthDate: '2010-03-01' },
  { memberId: 'b', householdId: 'h', birthDate: '2012-05-01' },
];

function source(name: string, facts: Record<string, SchoolingFact>, asked: FactMember[][] = []): MemberFactSource<SchoolingFact> {
  return {
    name,
    load: async (m) => {
      asked.push([...m]);
      return new Map(Object.entries(facts).filter(([id]) => m.some((x) => x.memberId === id)));
    },
  };
}

describe('ExitFactSources', () => {
  it('answers nothing without a source, and does not call sources for no members', async () => {
    const sources = new ExitFactSources();
    expect((await sources.schoolingOf(members, 2018)).size).toBe(0);
    const asked: FactMember[][] = [];
    sources.registerSchooling(source('education', { a: { schoolingStatus: 'PRIMARY', schoolingExemption: null, source: 'education.enrolments' } }, asked));
    expect((await sources.schoolingOf([], 2018)).size).toBe(0);
    expect(asked).toHaveLength(0);
  });

  it('passes the members to each source and keeps the later source where two answer', async () => {
    const sources = new ExitFactSources();
    const asked: FactMember[][] = [];
    sources.registerSchooling(source('first', { a: { schoolingStatus: 'PRIMARY', schoolingExemption: null, source: 'first' }, b: { schoolingStatus: 'NOT_IN_SCHOOL', schoolingExemption: null, source: 'first' } }, asked));
    sources.registerSchooling(source('second', { b: { schoolingStatus: null, schoolingExemption: '送教上门', source: 'second' } }, asked));
    const facts = await sources.schoolingOf(members, 2018);
    expect(asked).toEqual([members, members]);
    expect(facts.get('a')?.source).toBe('first');
    expect(facts.get('b')).toEqual({ schoolingStatus: null, schoolingExemption: '送教上门', source: 'second' });
  });

  it('refuses a source registered twice under one name', () => {
    const sources = new ExitFactSources();
    sources.registerInsurance({ name: 'health', load: async () => new Map() });
    expect(() => sources.registerInsurance({ name: 'health', load: async () => new Map() })).toThrow('registered twice');
  });
});
