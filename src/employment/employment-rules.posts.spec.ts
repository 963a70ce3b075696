import { fullOn } from './employment-rules';

const h = (memberId: string, startsOn: string, endsOn: string | null) => ({ memberId, startsOn, endsOn });

describe('fullOn (a post full on a day of a new holder\'s period)', () => {
  it('counts the holders in force at the start and at each later start', () => {
    const holders = [h('a', '2018-01-01', '2018-12-31'), h('b', '2018-03-01', '2018-06-30'), h('c', '2018-07-01', null)];
    expect(fullOn(holders, 2, '2018-01-01')).toBe('2018-03-01');
    expect(fullOn(holders, 2, '2018-07-01')).toBe('2018-07-01');
    expect(fullOn(holders, 3, '2018-01-01')).toBeNull();
  });

  it('holders who follow each other hold one place; one member with two records is one holder', () => {
    expect(fullOn([h('a', '2018-01-01', '2018-03-31'), h('b', '2018-04-01', '2018-06-30')], 2, '2018-01-01')).toBeNull();
    expect(fullOn([h('a', '2018-01-01', '2018-06-30'), h('a', '2018-06-01', '2018-12-31')], 2, '2018-01-01')).toBeNull();
    expect(fullOn([], 1, '2018-01-01')).toBeNull();
  });
});
