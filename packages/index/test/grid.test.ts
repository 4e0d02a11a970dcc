import { cleanGeometry } from '@wangge/core';
import { createRandom, generateCity } from '@wangge/example-city';
import { edgeCounts } from '@wangge/geometry/internal';
import fc from 'fast-check';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from '../src';
import { type GridLayout, UNBUILT } from '../src/internal/grid/layout';
import { leafWords } from '../src/internal/grid/leaves';
import { path, pathFlips } from '../src/internal/grid/path';
import { ringsFromFeatures, ringsFromGeometries } from '../src/internal/rings';
import { jitteredTiling, referenceOwner } from './tiling';

/** Top cells of an index's grid that have been refined into sub-grids (white-box: so no test passes vacuously). */
function refinedCells(index: PolygonIndex): number {
  const layout = (index as unknown as { gridQuery?: { layout: { cells: Int32Array } } }).gridQuery?.layout;
  // Rows not built yet hold -2^31, which is no sub-grid.
  return layout === undefined
    ? 0
    : layout.cells.filter((v) => v < -1 && v !== -(2 ** 31) && ((-v - 2) & 15) !== 0).length;
}

/** Words of an index's leaves that no top cell or sub-cell refers to (white-box). */
function unreferencedLeafWords(index: PolygonIndex): number {
  const g = (index as unknown as { gridQuery: { layout: GridLayout } }).gridQuery.layout;
  let used = 0;
  for (const value of g.cells) {
    if (value >= -1 || value === UNBUILT) continue;
    const code = -value - 2;
    const k = (code & 15) + 1;
    if (k === 1) used += leafWords(g.leaves, code >> 4, g.wide);
    else
      for (let s = code >> 4; s < (code >> 4) + k * k; s++)
        if (g.subcells[s] < -1) used += leafWords(g.leaves, -g.subcells[s] - 2, g.wide);
  }
  return g.leaves.length - used;
}

/** Membership of the nudged point by the boundary rule's own definition: the eastward ray's parity. */
function insideByRay(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let k = 0; k + 1 < ring.length; k++) {
    const [ax, ay] = ring[k];
    const [bx, by] = ring[k + 1];
    if (edgeCounts(ax, ay, bx, by, x, y)) inside = !inside;
  }
  return inside;
}

describe('the leaf path (reference point → north or south → east or west → point)', () => {
  it('crosses a ring an odd number of times exactly when the two ends differ in membership', () => {
    // Small integer coordinates: ends on edges, on vertices and on edge lines all the time.
    const coordinate = fc.integer({ min: 0, max: 6 });
    const point = fc.tuple(coordinate, coordinate);
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 8 }), point, point, (vertices, c, p) => {
        const ring: Position[] = [...vertices, vertices[0]];
        const xy = Float64Array.from(ring.flat());
        path.set([c[0], c[1], p[0], p[1]]);
        let parity = 0;
        for (let k = 0; k + 1 < ring.length; k++) parity ^= pathFlips(xy, 2 * k);
        const expected = insideByRay(ring, c[0], c[1]) !== insideByRay(ring, p[0], p[1]);
        expect(parity === 1).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the flat layout of the input', () => {
  const ringArb = fc.array(
    fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })),
      fc.constant([Number.NaN, 1] as [number, number]),
      fc.constant([200, 1] as [number, number]),
    ),
    { minLength: 0, maxLength: 7 },
  );
  const featureArb = fc.oneof(
    fc.array(ringArb, { minLength: 0, maxLength: 3 }).map((rings) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: rings },
    })),
    fc.array(fc.array(ringArb, { minLength: 1, maxLength: 2 }), { maxLength: 3 }).map((parts) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'MultiPolygon', coordinates: parts },
    })),
    fc.constant({ type: 'Feature', properties: {}, geometry: null }),
    fc.constant('not a feature'),
  );

  it('keeps and reports exactly what cleanGeometry does (rings up to orientation)', () => {
    fc.assert(
      fc.property(fc.array(featureArb, { maxLength: 6 }), (features) => {
        const { rings, problems } = ringsFromFeatures(features as Feature[]);
        const cleaned = features.map((f, i) =>
          typeof f === 'object' && f !== null && f.type === 'Feature'
            ? cleanGeometry(f.geometry, { featureIndex: i })
            : null,
        );
        const expected = ringsFromGeometries(cleaned.map((c) => c?.geometry ?? null));
        expect(problems.length).toBe(cleaned.reduce((n, c) => n + (c === null ? 1 : c.problems.length), 0));
        expect(Array.from(rings.partFeature)).toEqual(Array.from(expected.partFeature));
        expect(Array.from(rings.partRingStart)).toEqual(Array.from(expected.partRingStart));
        expect(Array.from(rings.ringStart)).toEqual(Array.from(expected.ringStart));
        expect(Array.from(rings.partBox)).toEqual(Array.from(expected.partBox));
        for (let r = 0; r + 1 < rings.ringStart.length; r++) {
          const ring = (xy: Float64Array) =>
            Array.from(xy.subarray(2 * rings.ringStart[r], 2 * rings.ringStart[r + 1]));
          const got = ring(rings.xy);
          const want = ring(expected.xy);
          const reversed: number[] = [];
          for (let k = want.length - 2; k >= 0; k -= 2) reversed.push(want[k], want[k + 1]);
          expect([want, reversed]).toContainEqual(got);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('PolygonIndex refining crowded cells where points fall', () => {
  it('answers like the unaccelerated path before, while and after its cells are refined', () => {
    // Few top cells over detailed polygons: every leaf is crowded and gets refined once points land in it.
    // More households than a call answers in input order (4,096), so every call ends by copying the
    // live leaves together (the top leaves of refined cells left behind).
    const city = generateCity({ households: 10_000, seed: 9 });
    const features = city.communities;
    const slow = PolygonIndex.from(features, { cells: 0 });
    const fast = PolygonIndex.from(features, { cells: 4 });
    const xy = city.households.xy;
    const expected = slow.locateMany(xy);
    const before = refinedCells(fast);
    expect(fast.locateMany(xy)).toEqual(expected);
    for (let round = 0; round < 6; round++) expect(fast.locateMany(xy)).toEqual(expected);
    expect(refinedCells(fast)).toBeGreaterThan(before);
    expect(unreferencedLeafWords(fast)).toBe(0);
    for (let i = 0; i < 400; i++) expect(fast.locate(xy[2 * i], xy[2 * i + 1])).toBe(expected[i]);
    // The refined index in a buffer answers alike.
    expect(PolygonIndex.fromBuffer(fast.toBuffer()).locateMany(xy)).toEqual(expected);
  });

  it('owns every boundary point of a refined tiling exactly as the reference does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        (cols, rows, jitter, split) => {
          const { features, boundaryPoints } = jitteredTiling(cols, rows, jitter, split);
          const index = PolygonIndex.from(features, { cells: 1 });
          const xy = Float64Array.from(boundaryPoints.flat());
          // Enough rounds for the one crowded leaf to be refined, then the answers once more.
          for (let round = 0; round < 40; round++) index.locateMany(xy);
          const owners = index.locateMany(xy);
          expect(refinedCells(index)).toBe(1);
          boundaryPoints.forEach((p, i) => {
            expect(owners[i]).toBe(referenceOwner(features, p));
          });
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('PolygonIndex blocks of top cells without edges', () => {
  it('answers inside, around and between far-apart parts like the unaccelerated path', () => {
    // A large square (blocks inside it meet no edge and hold its id), a hole in it, and a small square
    // far away: most blocks of the grid meet no edge (inside the large square or in no feature).
    const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ];
    const features: Feature<Polygon>[] = [
      {
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 5, 5)] },
      },
      {
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates: [square(60, 40, 60.5, 40.5)] },
      },
    ];
    const random = createRandom(21);
    const xy = new Float64Array(2 * 20_000);
    for (let i = 0; i < xy.length; i += 2) {
      xy[i] = random.range(-1, 61);
      xy[i + 1] = random.range(-1, 41);
    }
    const expected = PolygonIndex.from(features, { cells: 0 }).locateMany(xy);
    for (const cells of [64, 4096, 100_000]) {
      const index = PolygonIndex.from(features, { cells });
      for (let i = 0; i < 300; i++) expect(index.locate(xy[2 * i], xy[2 * i + 1])).toBe(expected[i]);
      expect(index.locateMany(xy)).toEqual(expected);
      expect(PolygonIndex.fromBuffer(index.toBuffer()).locateMany(xy)).toEqual(expected);
    }
    expect(expected).toContain(0);
    expect(expected).toContain(1);
    expect(expected).toContain(-1);
  });
});

describe('PolygonIndex leaves with many entries', () => {
  it('locates among 40 overlapping squares in one cell (entries beyond the compact leaf)', () => {
    const squares: Feature<Polygon>[] = Array.from({ length: 40 }, (_, i) => ({
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [10 + i / 64, 10],
            [11 + i / 64, 10],
            [11 + i / 64, 11],
            [10 + i / 64, 11],
            [10 + i / 64, 10],
          ],
        ],
      },
    }));
    const slow = PolygonIndex.from(squares, { cells: 0 });
    const random = createRandom(4);
    const xy = new Float64Array(4000);
    for (let i = 0; i < xy.length; i += 2) {
      xy[i] = random.range(9.9, 11.7);
      xy[i + 1] = random.range(9.9, 11.1);
    }
    for (const cells of [1, 3, undefined]) {
      const fast = PolygonIndex.from(squares, { cells });
      for (let round = 0; round < 3; round++) expect(fast.locateMany(xy)).toEqual(slow.locateMany(xy));
    }
  });
});
