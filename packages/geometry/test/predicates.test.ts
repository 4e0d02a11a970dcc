import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareAround,
  inCircleSign,
  intersectionPoint,
  orientSign,
  SegmentRelation,
  segmentRelation,
} from '../src/index';
import { crossAccurate, roundedIntersection } from '../src/internal';

/** The exact orientation sign by BigInt on integers. */
const exactOrient = (a: number[], b: number[], c: number[]) => {
  const [ax, ay, bx, by, cx, cy] = [...a, ...b, ...c].map(BigInt);
  const d = (ax - cx) * (by - cy) - (ay - cy) * (bx - cx);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
};
const big = fc.integer({ min: -(2 ** 38), max: 2 ** 38 });
const pt = fc.tuple(big, big);

describe('exact predicates', () => {
  it('orientSign is exact on large integers, near-collinear ones included', () => {
    fc.assert(
      fc.property(
        pt,
        pt,
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -1000, max: 1000 }),
        (a, b, off, t) => {
          // c near the line a–b: a + t (b − a) / 1000 nudged by `off` units.
          const c = [
            a[0] + Math.round((t * (b[0] - a[0])) / 1000) + off,
            a[1] + Math.round((t * (b[1] - a[1])) / 1000),
          ];
          expect(orientSign(a[0], a[1], b[0], b[1], c[0], c[1])).toBe(exactOrient(a, b, c));
        },
      ),
    );
  });

  it('orientSign decides decimal coordinates near collinear exactly (robust-predicates fallback)', () => {
    expect(orientSign(0.1, 0.1, 0.3, 0.3, 0.2, 0.2)).toBe(0);
    // The next double above 0.2: a plain floating-point determinant cannot see it.
    expect(orientSign(0.1, 0.1, 0.3, 0.3, 0.2, 0.20000000000000004)).toBe(1);
    expect(orientSign(0.1, 0.1, 0.3, 0.3, 0.20000000000000004, 0.2)).toBe(-1);
    expect(orientSign(0, 0, 1, 1, 2, 2)).toBe(0);
    expect(orientSign(0, 0, 1, 0, 0, 1)).toBe(1);
  });

  it('inCircleSign tells inside, outside and on', () => {
    expect(inCircleSign(0, 0, 2, 0, 0, 2, 0.5, 0.5)).toBe(1);
    expect(inCircleSign(0, 0, 2, 0, 0, 2, 3, 3)).toBe(-1);
    expect(inCircleSign(0, 0, 2, 0, 0, 2, 2, 2)).toBe(0);
    expect(inCircleSign(0, 0, 0, 2, 2, 0, 0.5, 0.5)).toBe(-1);
  });

  it('classifies crossings, touches, overlaps and disjoint segments', () => {
    expect(segmentRelation(0, 0, 2, 2, 0, 2, 2, 0)).toBe(SegmentRelation.CROSS);
    expect(segmentRelation(0, 0, 2, 2, 1, 1, 3, 0)).toBe(SegmentRelation.TOUCH);
    expect(segmentRelation(0, 0, 2, 0, 2, 0, 3, 1)).toBe(SegmentRelation.TOUCH);
    expect(segmentRelation(0, 0, 2, 0, 1, 0, 3, 0)).toBe(SegmentRelation.OVERLAP);
    expect(segmentRelation(0, 0, 2, 0, 2, 0, 3, 0)).toBe(SegmentRelation.TOUCH);
    expect(segmentRelation(0, 0, 2, 0, 2.5, 0, 3, 0)).toBe(SegmentRelation.DISJOINT);
    expect(segmentRelation(0, 0, 2, 2, 0, 1, 1, 2)).toBe(SegmentRelation.DISJOINT);
  });

  it('orders directions around a vertex counter-clockwise from east without atan2', () => {
    const dirs = [
      [1, 0],
      [1, 1],
      [0, 1],
      [-1, 1],
      [-1, 0],
      [-1, -1],
      [0, -1],
      [1, -1],
    ];
    for (let i = 0; i < dirs.length; i++) {
      for (let j = 0; j < dirs.length; j++) {
        expect(
          Math.sign(compareAround(5, 5, 5 + dirs[i][0], 5 + dirs[i][1], 5 + dirs[j][0], 5 + dirs[j][1])) || 0,
        ).toBe(Math.sign(i - j) || 0);
      }
    }
  });

  it('crossAccurate keeps near-cancelling cross products exact enough', () => {
    // (2^40 + 1)(2^40 − 1) − 2^40 · 2^40 = −1, lost entirely in plain floating point.
    const a = 2 ** 40 + 1;
    const d = 2 ** 40 - 1;
    expect(a * d - 2 ** 40 * 2 ** 40).toBe(0);
    expect(crossAccurate(a, d, 2 ** 40, 2 ** 40)).toBe(-1);
  });

  it('finds the pixel of the exact crossing of integer segments (BigInt reference)', () => {
    fc.assert(
      fc.property(pt, pt, pt, pt, (a, b, c, d) => {
        const den = BigInt(b[0] - a[0]) * BigInt(d[1] - c[1]) - BigInt(b[1] - a[1]) * BigInt(d[0] - c[0]);
        fc.pre(den !== 0n);
        const out = new Float64Array(2);
        roundedIntersection(a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1], out);
        const num = BigInt(c[0] - a[0]) * BigInt(d[1] - c[1]) - BigInt(c[1] - a[1]) * BigInt(d[0] - c[0]);
        const round = (u: number) => {
          let n = 2n * num * BigInt(u) + den;
          let q = 2n * den;
          if (q < 0n) {
            n = -n;
            q = -q;
          }
          let r = n / q;
          if (n % q !== 0n && n < 0n) r -= 1n;
          return Number(r);
        };
        expect([out[0], out[1]]).toEqual([a[0] + round(b[0] - a[0]), a[1] + round(b[1] - a[1])]);
      }),
    );
  });

  it('computes the crossing of nearly parallel segments accurately, inside their common box', () => {
    // Two long segments crossing at a shallow angle, far from the origin.
    const p = intersectionPoint(116, 39, 117, 39.000001, 116, 39.000001, 117, 39) as Float64Array;
    expect(p[0]).toBeCloseTo(116.5, 12);
    expect(p[1]).toBeCloseTo(39.0000005, 12);
    const q = intersectionPoint(0, 0, 1, 1e-300, 0, 1e-300, 1, 0) as Float64Array;
    expect(q[0]).toBeGreaterThanOrEqual(0);
    expect(q[0]).toBeLessThanOrEqual(1);
  });
});
