import { ErrorCode, WanggeError } from './errors';

/** How even a set of loads is (任务相当): the figures a plan change is judged by. */
export interface LoadStats {
  /** Number of loads. */
  count: number;
  /** Sum of the loads. */
  total: number;
  /** Mean load (0 when there is none). */
  mean: number;
  /** Smallest load. */
  min: number;
  /** Largest load. */
  max: number;
  /** `max / min`; 1 is perfectly even, `Infinity` when the smallest load is 0 and the largest is not. */
  maxMinRatio: number;
  /** Coefficient of variation: population standard deviation / mean; 0 is perfectly even. */
  cv: number;
  /** Gini coefficient in [0, 1): 0 is perfectly even. */
  gini: number;
}

/**
 * Evenness figures of a list of loads. Throws `INVALID_OPTION` for a negative or non-finite load.
 * An empty list gives zeros, a list of zeros is perfectly even (ratio 1, CV 0, Gini 0).
 */
export function loadsToStats(loads: ArrayLike<number>): LoadStats {
  if (typeof loads !== 'object' || loads === null || typeof loads.length !== 'number') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'loadsToStats: expected an array of loads');
  }
  const n = loads.length;
  const sorted = Float64Array.from(loads);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sorted[i]) || sorted[i] < 0) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `load #${i} must be a finite number ≥ 0, got ${sorted[i]}`,
      );
    }
  }
  if (n === 0) return { count: 0, total: 0, mean: 0, min: 0, max: 0, maxMinRatio: 1, cv: 0, gini: 0 };
  sorted.sort();
  let total = 0;
  // Gini from sorted values: Σ (2i − n + 1) x_i / (n Σ x), i from 0.
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i];
    weighted += (2 * i - n + 1) * sorted[i];
  }
  const mean = total / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i] - mean) ** 2;
  const min = sorted[0];
  const max = sorted[n - 1];
  return {
    count: n,
    total,
    mean,
    min,
    max,
    maxMinRatio: max === 0 ? 1 : min === 0 ? Number.POSITIVE_INFINITY : max / min,
    cv: mean === 0 ? 0 : Math.sqrt(squares / n) / mean,
    gini: total === 0 ? 0 : weighted / (n * total),
  };
}
