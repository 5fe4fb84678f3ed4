import { steadyRate } from './saga-completions';

describe('steadyRate', () => {
  it('counts only the completions between the first wave and the drain', () => {
    // 9 sagas, 3 in flight: completions 4..6 are the steady part, 1 s apart from completion 3.
    const completedAt = [100, 100, 100, 1_100, 2_100, 3_100, 3_200, 3_300, 3_400];
    expect(steadyRate(completedAt, 0, 3)).toEqual({ sagas: 3, perSecond: 1 });
  });

  it('is not fooled by a burst: a slow first wave and a fast drain do not count', () => {
    const completedAt = [5_000, 5_000, 6_000, 7_000, 7_001, 7_002];
    expect(steadyRate(completedAt, 0, 2)).toEqual({ sagas: 2, perSecond: 1 });
  });

  it("falls back to the whole run's rate when there is no steady part", () => {
    expect(steadyRate([500, 1_000], 0, 1)).toEqual({ sagas: 2, perSecond: 2 });
  });
});
