import { ErrorCode, WanggeError } from './errors';

/** An inclusive range of numbers, e.g. a target load of 100 to 150 households. */
export interface Range {
  /** Lowest acceptable value. */
  min: number;
  /** Highest acceptable value. */
  max: number;
}

/**
 * Checks a caller's range: an object with finite `0 ≤ min ≤ max`.
 * Throws `INVALID_OPTION` naming the option otherwise, and returns a fresh copy.
 */
export function checkRange(value: unknown, name: string): Range {
  const { min, max } = (typeof value === 'object' && value !== null ? value : {}) as Partial<Range>;
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `${name} must be { min, max } with finite numbers, got ${describe(value)}`,
    );
  }
  if (min < 0 || min > max) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `${name} needs 0 ≤ min ≤ max, got { min: ${min}, max: ${max} }`,
    );
  }
  return { min, max };
}

/** Distance of `value` from the range: 0 inside, else how far below `min` or above `max`. */
export function rangeDistance(value: number, range: Range): number {
  const { min, max } = checkRange(range, 'range');
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `rangeDistance: value must be a number, got ${describe(value)}`,
    );
  }
  return value < min ? min - value : value > max ? value - max : 0;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array ${JSON.stringify(value)}`;
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}
