import { ErrorCode, isWanggeError } from '@wangge/core';
import fc from 'fast-check';
import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { DynamicPolygonIndex, PolygonIndex } from '../src';
import { jitteredTiling } from './tiling';

const removed: Feature<Geometry | null> = { type: 'Feature', properties: {}, geometry: null };

describe('DynamicPolygonIndex', () => {
  it('answers like a PolygonIndex rebuilt from the current features after any edits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.constantFrom('insert', 'remove', 'replace'), fc.nat(), fc.nat()), {
          maxLength: 20,
        }),
        (cols, rows, jitter, split, edits) => {
          const { features, boundaryPoints } = jitteredTiling(cols, rows, jitter, split);
          const index = DynamicPolygonIndex.from(features);
          const current: Feature<Geometry | null>[] = [...features];
          for (const [op, a, b] of edits) {
            const live = current.flatMap((f, id) => (f.geometry === null ? [] : [id]));
            const source = features[b % features.length];
            if (op === 'insert') {
              expect(index.insert(source)).toBe(current.length);
              current.push(source);
            } else if (live.length > 0) {
              const id = live[a % live.length];
              if (op === 'remove') index.remove(id);
              else index.replace(id, source);
              current[id] = op === 'remove' ? removed : source;
            }
          }
          const reference = PolygonIndex.from(current);
          const xy = Float64Array.from(boundaryPoints.flat());
          expect(index.locateMany(xy)).toEqual(reference.locateMany(xy));
          expect(index.search(-180, -90, 180, 90)).toEqual(reference.search(-180, -90, 180, 90));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports dirty input per id and forgets it when the feature goes', () => {
    const index = new DynamicPolygonIndex();
    const id = index.insert({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Point', coordinates: [0, 0] },
    });
    expect(index.problems.map((p) => [p.featureIndex, p.code])).toEqual([
      [0, ErrorCode.UNSUPPORTED_GEOMETRY],
    ]);
    expect(index.locate(0, 0)).toBe(-1);
    index.remove(id);
    expect(index.problems).toEqual([]);
    expect(index.has(id)).toBe(false);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isWanggeError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => index.remove(id))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => index.replace(7, removed))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => index.locate(Number.NaN, 0))).toBe(ErrorCode.INVALID_COORDINATE);
  });
});
