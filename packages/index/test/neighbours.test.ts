import { ErrorCode, geodesicDistance, isWanggeError } from '@wangge/core';
import fc from 'fast-check';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { neighbours } from '../src';
import { jitteredTiling } from './tiling';

const box = (x0: number, y0: number, x1: number, y1: number): Feature<Polygon> => ({
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  },
});

describe('neighbours', () => {
  it('links grids sharing an edge, not those touching at a point, with the length in metres', () => {
    const graph = neighbours([box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2), box(1, 1, 2, 2)]);
    expect([...graph.neighboursOf(0)]).toEqual([1, 2]);
    expect([...graph.neighboursOf(3)]).toEqual([1, 2]);
    expect(graph.sharedLengthOf(0, 3)).toBe(0);
    expect(graph.sharedLengthOf(0, 1)).toBeCloseTo(geodesicDistance([1, 0], [1, 1]), 6);
    expect(graph.sharedLengthOf(1, 0)).toBe(graph.sharedLengthOf(0, 1));
    expect(graph.sharedLengthOf(0, 1)).toBeGreaterThan(110_000);
  });

  it('finds shared stretches whose vertices do not match (T-junctions)', () => {
    const graph = neighbours([box(0, 1, 2, 2), box(0, 0, 1, 1), box(1, 0, 2, 1)]);
    expect([...graph.neighboursOf(0)]).toEqual([1, 2]);
    expect(graph.sharedLengthOf(0, 1)).toBeCloseTo(geodesicDistance([0, 1], [1, 1]), 6);
    expect(graph.sharedLengthOf(0, 2)).toBeCloseTo(geodesicDistance([1, 1], [2, 1]), 6);
  });

  it('drops pairs below minSharedLength and rejects bad options', () => {
    const graph = neighbours([box(0, 0, 1, 1), box(1, 0.999, 2, 2)], { minSharedLength: 1000 });
    expect(graph.neighboursOf(0).length).toBe(0);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isWanggeError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => neighbours([], { minSharedLength: -1 }))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => graph.neighboursOf(5))).toBe(ErrorCode.INVALID_OPTION);
  });

  it('equals the shared edges of random tilings, symmetric (brute force over vertex pairs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        (cols, rows, jitter, split) => {
          const { features } = jitteredTiling(cols, rows, jitter, split);
          const owners = new Map<string, { ids: number[]; a: Position; b: Position }>();
          features.forEach((f, id) => {
            const ring = f.geometry.coordinates[0];
            for (let k = 0; k + 1 < ring.length; k++) {
              const [a, b] = [ring[k], ring[k + 1]].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
              const key = `${a}|${b}`;
              const entry = owners.get(key) ?? { ids: [], a, b };
              entry.ids.push(id);
              owners.set(key, entry);
            }
          });
          const expected = features.map(() => new Map<number, number>());
          for (const { ids, a, b } of owners.values()) {
            if (ids.length !== 2) continue;
            const [i, j] = ids;
            const d = geodesicDistance(a, b);
            expected[i].set(j, (expected[i].get(j) ?? 0) + d);
            expected[j].set(i, (expected[j].get(i) ?? 0) + d);
          }
          const graph = neighbours(features);
          features.forEach((_, i) => {
            const want = [...expected[i].keys()].sort((x, y) => x - y);
            expect([...graph.neighboursOf(i)]).toEqual(want);
            for (const j of want) expect(graph.sharedLengthOf(i, j)).toBeCloseTo(expected[i].get(j)!, 3);
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});
