import { checkServiceDetail, childRehabAidOf, SERVICE_LIST_ITEM, serviceAmount } from './services-rules';
import { ChildRehabAidStatus, DisabilityCareMode, DisabilityServiceKind } from './services.entities';

const K = DisabilityServiceKind;

describe('childRehabAidOf', () => {
  const base = { kind: K.REHABILITATION, birthDate: '2013-05-10', deliveredOn: '2019-05-10', aidInForce: true, maxAge: 6 };
  it('aids a child at most the bound on the day (the birthday itself counts), not an older one', () => {
    expect(childRehabAidOf(base)).toBe(ChildRehabAidStatus.AIDED);
    expect(childRehabAidOf({ ...base, deliveredOn: '2020-05-09' })).toBe(ChildRehabAidStatus.AIDED);
    expect(childRehabAidOf({ ...base, deliveredOn: '2020-05-10' })).toBe(ChildRehabAidStatus.NOT_CHILD);
  });
  it('answers NOT_IN_FORCE before the aid and NOT_CONFIGURED without a bound, never a guess', () => {
    expect(childRehabAidOf({ ...base, aidInForce: false })).toBe(ChildRehabAidStatus.NOT_IN_FORCE);
    expect(childRehabAidOf({ ...base, maxAge: null })).toBe(ChildRehabAidStatus.NOT_CONFIGURED);
  });
  it('leaves other kinds alone', () => {
    expect(childRehabAidOf({ ...base, kind: K.ASSISTIVE_DEVICE })).toBeNull();
  });
});

describe('serviceAmount', () => {
  it('takes non-negative amounts with at most 2 decimals, normalised', () => {
    expect(serviceAmount('12.5')).toBe('12.50');
    expect(serviceAmount('0')).toBe('0.00');
    expect(serviceAmount(' 3000.00 ')).toBe('3000.00');
  });
  it('refuses negative amounts, 3 decimals and words', () => {
    expect(serviceAmount('-1.00')).toBeNull();
    expect(serviceAmount('1.005')).toBeNull();
    expect(serviceAmount('abc')).toBeNull();
    expect(serviceAmount(null)).toBeNull();
  });
});

describe('SERVICE_LIST_ITEM', () => {
  it('reads every kind against an item of RULES.md §6 disability.services', () => {
    const rules = ['精准康复', '无障碍改造', '集中托养/社会化照料', '资产收益'];
    for (const kind of Object.values(K)) expect(rules).toContain(SERVICE_LIST_ITEM[kind]);
  });
});

describe('checkServiceDetail', () => {
  it("takes exactly the kind's detail", () => {
    const ok = checkServiceDetail(K.ASSISTIVE_DEVICE, { device: { deviceType: ' 轮椅 ', quantity: 2 } });
    expect(ok).toEqual({ ok: true, columns: expect.objectContaining({ deviceType: '轮椅', quantity: 2, programme: null, careMode: null }) });
    expect(checkServiceDetail(K.ASSISTIVE_DEVICE, {})).toMatchObject({ ok: false, problem: { field: 'input.device', problem: 'DETAIL_MISMATCH' } });
    expect(checkServiceDetail(K.ASSISTIVE_DEVICE, { device: { deviceType: '轮椅', quantity: 1 }, rehabilitation: { programme: 'x', sessions: 1 } })).toMatchObject({
      ok: false,
      problem: { field: 'input.rehabilitation', problem: 'DETAIL_MISMATCH' },
    });
  });
  it('refuses a quantity or sessions below 1 and empty texts', () => {
    expect(checkServiceDetail(K.ASSISTIVE_DEVICE, { device: { deviceType: '轮椅', quantity: 0 } })).toMatchObject({ ok: false, problem: { field: 'input.device.quantity', problem: 'INVALID_VALUE' } });
    expect(checkServiceDetail(K.REHABILITATION, { rehabilitation: { programme: '言语训练', sessions: 0 } })).toMatchObject({ ok: false, problem: { field: 'input.rehabilitation.sessions' } });
    expect(checkServiceDetail(K.REHABILITATION, { rehabilitation: { programme: ' ', sessions: 3 } })).toMatchObject({ ok: false, problem: { field: 'input.rehabilitation.programme' } });
  });
  it("refuses a care period ending before it starts and an acceptance before completion", () => {
    const care = { mode: DisabilityCareMode.CENTRALISED, institution: '托养中心', periodStart: '2018-06-01' };
    expect(checkServiceDetail(K.CARE, { care: { ...care, periodEnd: '2018-05-31' } })).toMatchObject({ ok: false, problem: { field: 'input.care.periodEnd', problem: 'INVALID_PERIOD' } });
    expect(checkServiceDetail(K.CARE, { care: { ...care, periodEnd: null } })).toMatchObject({ ok: true, columns: { careMode: 'CENTRALISED', periodStart: '2018-06-01', periodEnd: null } });
    const adaptation = { items: '扶手、坡道', completedOn: '2018-07-01' };
    expect(checkServiceDetail(K.HOME_ADAPTATION, { adaptation: { ...adaptation, acceptedOn: '2018-06-30' } })).toMatchObject({ ok: false, problem: { field: 'input.adaptation.acceptedOn', problem: 'INVALID_PERIOD' } });
    expect(checkServiceDetail(K.HOME_ADAPTATION, { adaptation: { ...adaptation, completedOn: '2018-02-30' } })).toMatchObject({ ok: false, problem: { field: 'input.adaptation.completedOn', problem: 'INVALID_VALUE' } });
  });
});
