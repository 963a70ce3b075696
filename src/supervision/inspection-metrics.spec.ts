import { metricParts, metricValue, VisitCounts } from './inspection-metrics';

describe('inspection metrics (识别准确率, 漏评率, 错退率)', () => {
  const counts: VisitCounts = { visited: 12, verified: 10, correct: 9, shouldNotBeRegistered: 1, missed: 2, missedVisits: 1, exitsChecked: 4, wrongExits: 1 };

  it('takes each numerator and denominator from the visit counts', () => {
    expect(metricParts(counts)).toEqual({
      identificationAccuracy: { numerator: 9, denominator: 10 },
      missedRegistrationRate: { numerator: 2, denominator: 12 },
      wrongExitRate: { numerator: 1, denominator: 4 },
    });
  });

  it('gives an exact 4-decimal rate, half up, and null of nothing', () => {
    expect(metricValue(2, 12, null, 'AT_MOST')).toEqual({ numerator: 2, denominator: 12, rate: '0.1667', meetsTarget: null });
    expect(metricValue(0, 0, '0.02', 'AT_MOST')).toEqual({ numerator: 0, denominator: 0, rate: null, meetsTarget: null });
  });

  it('judges against a configured target on its side, the bound included; no target: no verdict', () => {
    expect(metricValue(19, 20, '0.95', 'AT_LEAST').meetsTarget).toBe(true);
    expect(metricValue(18, 20, '0.95', 'AT_LEAST').meetsTarget).toBe(false);
    expect(metricValue(1, 50, '0.02', 'AT_MOST').meetsTarget).toBe(true);
    expect(metricValue(2, 50, '0.02', 'AT_MOST').meetsTarget).toBe(false);
    expect(metricValue(1, 4, null, 'AT_MOST').meetsTarget).toBeNull();
  });
});
