import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxWeightMatching, movedAtBest } from './growth';

/** Brute force over every permutation. */
function bestByPermutations(w: Float64Array[]): number {
  const n = w.length;
  let best = 0;
  const go = (row: number, used: boolean[], sum: number) => {
    if (row === n) {
      best = Math.max(best, sum);
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(row + 1, used, sum + w[row][j]);
      used[j] = false;
    }
  };
  go(0, [], 0);
  return best;
}

describe('the from-scratch baseline measure', () => {
  it('finds the optimal matching, as brute force does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: n, maxLength: n }), {
            minLength: n,
            maxLength: n,
          }),
        ),
        (rows) => {
          const w = rows.map((r) => Float64Array.from(r));
          expect(maxWeightMatching(w)).toBe(bestByPermutations(w));
        },
      ),
    );
  });

  it('counts no move for a mere renaming and every household of an extra grid', () => {
    expect(movedAtBest([5, 7, 9], ['A1', 'A2', 'A3'], ['X', 'Y', 'Z'])).toBe(0);
    expect(movedAtBest([5, 7, 9], ['A1', 'A1', 'A2'], ['A1', 'A3', 'A2'])).toBe(5);
  });
});
