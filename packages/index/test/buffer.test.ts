import { ErrorCode, isWanggeError } from '@wangge/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from '../src';
import { jitteredTiling } from './tiling';

describe('PolygonIndex.toBuffer / fromBuffer', () => {
  it('reopens an index from one buffer (plain or shared) that answers bit for bit alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(undefined, 0, 3),
        (cols, rows, jitter, split, cells) => {
          const { features, boundaryPoints } = jitteredTiling(cols, rows, jitter, split);
          const index = PolygonIndex.from(
            [...features, { type: 'Feature', properties: {}, geometry: null }],
            { cells },
          );
          const buffer = index.toBuffer();
          const shared = new SharedArrayBuffer(buffer.byteLength);
          new Uint8Array(shared).set(new Uint8Array(buffer));
          const xy = Float64Array.from(boundaryPoints.flat());
          const expected = index.locateMany(xy);
          for (const copy of [PolygonIndex.fromBuffer(buffer), PolygonIndex.fromBuffer(shared)]) {
            expect(copy.locateMany(xy)).toEqual(expected);
            expect(copy.size).toBe(index.size);
            expect(copy.problems).toEqual(index.problems);
            expect(copy.search(-180, -90, 180, 90)).toEqual(index.search(-180, -90, 180, 90));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects what is not an index buffer', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isWanggeError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => PolygonIndex.fromBuffer(new ArrayBuffer(16)))).toBe(ErrorCode.UNREADABLE_INPUT);
    expect(code(() => PolygonIndex.fromBuffer(new ArrayBuffer(400)))).toBe(ErrorCode.UNREADABLE_INPUT);
    const { features } = jitteredTiling(2, 2, [1, -1], [true]);
    const whole = PolygonIndex.from(features).toBuffer();
    expect(code(() => PolygonIndex.fromBuffer(whole.slice(0, whole.byteLength - 64)))).toBe(
      ErrorCode.UNREADABLE_INPUT,
    );
  });
});
