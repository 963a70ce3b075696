import { addDays, ageOn, chinaDateTime, daysBetween, isLocalDate, todayInChina, yearsBefore } from './local-date';

describe('local dates', () => {
  it('takes today in China time (UTC+8), not the server clock’s zone', () => {
    expect(todayInChina(new Date('2018-03-01T15:59:59Z'))).toBe('2018-03-01');
    expect(todayInChina(new Date('2018-03-01T16:00:00Z'))).toBe('2018-03-02');
  });

  it('answers the day kept from the last call exactly as a fresh computation, at its bounds too', () => {
    const fresh = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
    const boundary = Date.parse('2018-03-01T16:00:00Z');
    const instants = [boundary - 1, boundary, boundary + 1, boundary - 1, boundary + 86_400_000 - 1, boundary + 86_400_000, boundary, Date.parse('1969-12-31T15:59:59.999Z'), Date.parse('1969-12-31T16:00:00Z'), 0, boundary + 5];
    for (const t of instants) expect([t, todayInChina(new Date(t))]).toEqual([t, fresh(t)]);
    expect(todayInChina()).toBe(fresh(Date.now()));
    expect(() => todayInChina(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('adds days across months, leap years and backwards', () => {
    expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
    expect(addDays('2018-02-28', 1)).toBe('2018-03-01');
    expect(addDays('2018-12-31', 1)).toBe('2019-01-01');
    expect(addDays('2018-03-01', -1)).toBe('2018-02-28');
    expect(addDays('2018-03-01', 0)).toBe('2018-03-01');
  });

  it('counts full years of age, the birthday itself included', () => {
    expect(ageOn('2006-08-31', '2018-08-31')).toBe(12);
    expect(ageOn('2006-09-01', '2018-08-31')).toBe(11);
    expect(ageOn('2012-08-31', '2018-08-31')).toBe(6);
    expect(ageOn('2002-09-01', '2018-08-31')).toBe(15);
  });

  it('knows a real day from a well-formed string that is not one', () => {
    expect(isLocalDate('2016-02-29')).toBe(true);
    expect(isLocalDate('2018-02-29')).toBe(false);
    expect(isLocalDate('2018-13-01')).toBe(false);
    expect(isLocalDate('2018-3-1')).toBe(false);
  });

  it('takes a date exactly when Date reads it as that day, leap years and odd text included', () => {
    const byDate = (v: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const texts: string[] = [];
    for (const y of [0, 1, 4, 100, 200, 400, 1582, 1900, 1999, 2000, 2016, 2018, 2024, 2100, 2400, 9999]) {
      for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) texts.push(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    }
    texts.push('', '2018-03-01 ', ' 2018-03-01', '2018/03/01', '2018-03-1a', '+02018-03-01', '２０１８-03-01', '2018-03-0١', '20180301', '2018--3-01', '-018-03-01');
    let valid = 0;
    for (const t of texts) {
      expect([t, isLocalDate(t)]).toEqual([t, byDate(t)]);
      if (byDate(t)) valid++;
    }
    // Every day of the 16 years, 29 February of the seven leap ones (0, 4, 400, 2000, 2016, 2024, 2400).
    expect(valid).toBe(16 * 365 + 7);
  });

  it('counts calendar days between two dates, across a leap day', () => {
    expect(daysBetween('2016-02-28', '2016-03-01')).toBe(2);
    expect(daysBetween('2018-03-01', '2018-03-01')).toBe(0);
    expect(daysBetween('2018-03-10', '2018-03-01')).toBe(-9);
  });

  it('goes back whole years, 29 February to the 28th', () => {
    expect(yearsBefore('2018-03-01', 16)).toBe('2002-03-01');
    expect(yearsBefore('2016-02-29', 1)).toBe('2015-02-28');
  });

  it('shows an instant in Beijing time, the day turning at 16:00 UTC', () => {
    expect(chinaDateTime(new Date('2018-03-01T15:59:59Z'))).toBe('2018-03-01 23:59（北京时间）');
    expect(chinaDateTime('2018-03-01T16:05:00Z')).toBe('2018-03-02 00:05（北京时间）');
    expect(() => chinaDateTime('yesterday')).toThrow(RangeError);
  });
});
