import { isWanggeError } from '@wangge/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadsToStats } from '../src';

/** Brute force: Gini as mean absolute difference over all ordered pairs / (2 × mean). */
function giniByPairs(xs: number[]): number {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (mean === 0) return 0;
  let sum = 0;
  for (const a of xs) for (const b of xs) sum += Math.abs(a - b);
  return sum / (2 * n * n * mean);
}

describe('loadsToStats', () => {
  it('gives the known figures of a small list', () => {
    const s = loadsToStats([1, 2, 3, 4]);
    expect(s).toMatchObject({ count: 4, total: 10, mean: 2.5, min: 1, max: 4, maxMinRatio: 4 });
    expect(s.cv).toBeCloseTo(Math.sqrt(1.25) / 2.5, 12);
    expect(s.gini).toBeCloseTo(0.25, 12);
  });

  it('calls equal loads perfectly even and a zero load infinitely uneven', () => {
    expect(loadsToStats([5, 5, 5])).toMatchObject({ maxMinRatio: 1, cv: 0, gini: 0 });
    expect(loadsToStats([0, 0])).toMatchObject({ maxMinRatio: 1, cv: 0, gini: 0 });
    expect(loadsToStats([0, 3]).maxMinRatio).toBe(Number.POSITIVE_INFINITY);
    expect(loadsToStats([]).count).toBe(0);
  });

  it('matches the brute-force Gini, the two-pass CV and the extremes on random loads', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 1000),
          { minLength: 1, maxLength: 60 },
        ),
        (xs) => {
          const s = loadsToStats(xs);
          const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
          const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
          expect(s.gini).toBeCloseTo(giniByPairs(xs), 9);
          expect(s.cv).toBeCloseTo(mean === 0 ? 0 : sd / mean, 9);
          expect(s.min).toBe(Math.min(...xs));
          expect(s.max).toBe(Math.max(...xs));
          expect(s.gini).toBeGreaterThanOrEqual(-1e-12);
          expect(s.gini).toBeLessThan(1);
        },
      ),
    );
  });

  it('rejects a negative or non-finite load with INVALID_OPTION', () => {
    for (const bad of [[-1], [Number.NaN], [Number.POSITIVE_INFINITY]]) {
      expect(() => loadsToStats(bad)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    }
    try {
      loadsToStats([1, -2]);
    } catch (e) {
      expect(isWanggeError(e, 'INVALID_OPTION')).toBe(true);
    }
  });
});
