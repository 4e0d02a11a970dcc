import { ErrorCode, isWanggeError } from '@wangge/core';
import { createRandom } from '@wangge/example-city';
import fc from 'fast-check';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from '../src';
import { jitteredTiling, nudgedOwners, referenceOwner } from './tiling';

const square = (x: number, y: number, s = 1): Feature<Polygon> => ({
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + s, y],
        [x + s, y + s],
        [x, y + s],
        [x, y],
      ],
    ],
  },
});

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isWanggeError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a throw');
}

// 2 × 2 squares: 0 = SW, 1 = SE, 2 = NW, 3 = NE.
const quad = [square(10, 10), square(11, 10), square(10, 11), square(11, 11)];

describe('PolygonIndex boundary rule', () => {
  for (const cells of [0, undefined, 1, 7]) {
    const index = PolygonIndex.from(quad, { cells });
    it(`gives shared edges and vertices to the east/north tile (cells: ${cells})`, () => {
      expect(index.locate(11, 10.5)).toBe(1); // vertical shared edge → east
      expect(index.locate(10.5, 11)).toBe(2); // horizontal shared edge → north
      expect(index.locate(11, 11)).toBe(3); // shared vertex → north-east
      expect(index.locate(10.5, 10.5)).toBe(0);
      expect(index.locate(11.5, 11.5)).toBe(3);
    });
    it(`keeps points on the outer boundary, lowest id (cells: ${cells})`, () => {
      expect(index.locate(10, 10.5)).toBe(0); // west rim: nudged point is inside 0 anyway
      expect(index.locate(12, 10.5)).toBe(1); // east rim: nudged point outside, closed rule
      expect(index.locate(12, 12)).toBe(3);
      expect(index.locate(11, 12)).toBe(2); // top rim vertex of 2 and 3: nudged point is outside, lowest id
      expect(index.locate(12, 11)).toBe(1); // east rim vertex of 1 and 3: nudged point is outside, lowest id
      expect(index.locate(9.99, 10.5)).toBe(-1);
      expect(index.locate(12.01, 10.5)).toBe(-1);
    });
  }
});

describe('PolygonIndex holes and multipolygons', () => {
  const donut: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [1, 3],
          [3, 3],
          [3, 1],
          [1, 1],
        ],
      ],
    },
  };
  const multi: Feature = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'MultiPolygon',
      coordinates: [square(10, 0).geometry.coordinates, square(20, 0).geometry.coordinates],
    },
  };
  for (const cells of [0, undefined]) {
    it(`answers holes, their rims and the parts of a MultiPolygon (cells: ${cells})`, () => {
      const index = PolygonIndex.from([donut, multi], { cells });
      expect(index.locate(2, 2)).toBe(-1);
      expect(index.locate(0.5, 2)).toBe(0);
      expect(index.locate(1, 2)).toBe(0); // west rim of the hole: nudged east lands in the hole, closed rule
      expect(index.locate(10.5, 0.5)).toBe(1);
      expect(index.locate(20.5, 0.5)).toBe(1);
      expect(index.locate(15, 0.5)).toBe(-1);
    });
    it(`gives a filled hole's area to the filling feature (cells: ${cells})`, () => {
      const index = PolygonIndex.from([donut, square(1, 1, 2)], { cells });
      expect(index.locate(2, 2)).toBe(1);
      expect(index.locate(1, 2)).toBe(1); // shared rim, nudged east → the filling
      expect(index.locate(3, 2)).toBe(0); // east rim of the filling, nudged east → the donut
    });
  }
});

describe('PolygonIndex on dirty input', () => {
  it('drops what cannot be a polygon and reports it with the feature index', () => {
    const dirty = [
      square(0, 0),
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [5, 5],
              [6, 6],
              [5, 5],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: {},
        geometry: { type: 'MultiPolygon', coordinates: [[], square(2, 0).geometry.coordinates] },
      },
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [4, 0],
              [4, 0],
              [5, 0],
              [5, 1],
              [5, 1],
              [4, 1],
              [4, 0],
            ],
          ],
        },
      },
      { type: 'Feature', properties: {}, geometry: null },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } },
      'not a feature',
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [Number.NaN, 1],
              [1, 1],
              [0, 0],
            ],
          ],
        },
      },
    ];
    const index = PolygonIndex.from(dirty as Feature[]);
    expect(index.size).toBe(8);
    const reported = new Set(index.problems.map((p) => p.featureIndex));
    expect([...reported].sort()).toEqual([1, 2, 4, 5, 6, 7]);
    expect(index.problems.find((p) => p.featureIndex === 1)?.code).toBe(ErrorCode.RING_TOO_SHORT);
    expect(index.problems.find((p) => p.featureIndex === 7)?.code).toBe(ErrorCode.INVALID_COORDINATE);
    expect(index.locate(0.5, 0.5)).toBe(0);
    expect(index.locate(2.5, 0.5)).toBe(2);
    expect(index.locate(4.5, 0.5)).toBe(3);
    expect(index.locate(5.5, 5.5)).toBe(-1);
  });

  it('throws stable codes for caller mistakes', () => {
    expect(codeOf(() => PolygonIndex.from(42 as never))).toBe(ErrorCode.INVALID_GEOJSON);
    expect(codeOf(() => PolygonIndex.from(quad, { cells: -1 }))).toBe(ErrorCode.INVALID_OPTION);
    expect(codeOf(() => PolygonIndex.from(quad, { cells: 1.5 }))).toBe(ErrorCode.INVALID_OPTION);
    const index = PolygonIndex.from(quad);
    expect(codeOf(() => index.locate(Number.NaN, 1))).toBe(ErrorCode.INVALID_COORDINATE);
    expect(codeOf(() => index.locateMany(new Float64Array(3)))).toBe(ErrorCode.INVALID_OPTION);
    expect(codeOf(() => index.locateMany(new Float64Array(4), new Int32Array(1)))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(codeOf(() => index.locateMany(Float64Array.of(10, 10, Number.POSITIVE_INFINITY, 1)))).toBe(
      ErrorCode.INVALID_COORDINATE,
    );
    expect(codeOf(() => index.search(1, 1, 0, 0))).toBe(ErrorCode.INVALID_OPTION);
    expect(codeOf(() => index.locate(30, 120))).toBe(ErrorCode.COORDINATE_OUT_OF_RANGE); // swapped lat, lon
    expect(codeOf(() => index.locateMany(Float64Array.of(10, 10, 30, 120)))).toBe(
      ErrorCode.COORDINATE_OUT_OF_RANGE,
    );
    expect(codeOf(() => PolygonIndex.from(quad, { cells: 0 }).locateMany(Float64Array.of(181, 0)))).toBe(
      ErrorCode.COORDINATE_OUT_OF_RANGE,
    );
    const error = (() => {
      try {
        index.locateMany(Float64Array.of(10.5, 10.5, 10.5, Number.NaN));
      } catch (e) {
        return e as { path?: string };
      }
    })();
    expect(error?.path).toBe('xy[2]');
  });

  it('indexes an empty collection', () => {
    const index = PolygonIndex.from({ type: 'FeatureCollection', features: [] });
    expect(index.size).toBe(0);
    expect(index.locate(0, 0)).toBe(-1);
    expect(index.search(-180, -90, 180, 90)).toEqual([]);
  });
});

describe('PolygonIndex.search', () => {
  it('returns ids whose box meets the query box, ascending, edges included', () => {
    const index = PolygonIndex.from([square(0, 0), square(5, 5), square(1, 0)]);
    expect(index.search(0.5, 0.5, 1.5, 0.6)).toEqual([0, 2]);
    expect(index.search(1, 1, 1, 1)).toEqual([0, 2]);
    expect(index.search(3, 3, 4, 4)).toEqual([]);
    expect(index.search(-10, -10, 10, 10)).toEqual([0, 1, 2]);
  });
});

const tilingArb = fc.record({
  cols: fc.integer({ min: 1, max: 6 }),
  rows: fc.integer({ min: 1, max: 6 }),
  jitter: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 40 }),
  split: fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
  cells: fc.constantFrom(undefined, 1, 3, 50, 1000),
  seeds: fc.array(
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    {
      minLength: 1,
      maxLength: 30,
    },
  ),
});

describe('PolygonIndex properties on random tilings', () => {
  it('owns every boundary point (vertex, edge midpoint, slanted or not) exactly once, as the reference does', () => {
    fc.assert(
      fc.property(tilingArb, ({ cols, rows, jitter, split, cells }) => {
        const { features, boundaryPoints, box } = jitteredTiling(cols, rows, jitter, split);
        const fast = PolygonIndex.from(features, { cells });
        const slow = PolygonIndex.from(features, { cells: 0 });
        const xy = Float64Array.from(boundaryPoints.flat());
        const many = fast.locateMany(xy);
        boundaryPoints.forEach((p, i) => {
          const id = fast.locate(p[0], p[1]);
          expect(id).toBe(many[i]);
          expect(id).toBe(slow.locate(p[0], p[1]));
          expect(id).toBe(referenceOwner(features, p));
          expect(id).toBeGreaterThanOrEqual(0);
          const interior = p[0] > box[0] && p[0] < box[2] && p[1] > box[1] && p[1] < box[3];
          if (interior) expect(nudgedOwners(features, p)).toBe(1);
        });
      }),
      { numRuns: Number(process.env.WANGGE_RUNS ?? 60) },
    );
  });

  it('gives every interior boundary point the same owner whatever the order of the input features', () => {
    fc.assert(
      fc.property(tilingArb, fc.infiniteStream(fc.nat()), ({ cols, rows, jitter, split, cells }, randoms) => {
        const { features, boundaryPoints, box } = jitteredTiling(cols, rows, jitter, split);
        // A Fisher-Yates shuffle driven by fast-check's stream, so a failure shrinks and replays.
        const order = features.map((_, i) => i);
        const draw = randoms[Symbol.iterator]();
        for (let i = order.length - 1; i > 0; i--) {
          const j = (draw.next().value as number) % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        const xy = Float64Array.from(boundaryPoints.flat());
        const inOrder = PolygonIndex.from(features, { cells }).locateMany(xy);
        const shuffled = PolygonIndex.from(
          order.map((i) => features[i]),
          { cells },
        ).locateMany(xy);
        boundaryPoints.forEach((p, i) => {
          // On the plan's outer edge the lowest id decides by definition; everywhere else one tile holds
          // the nudged point, so the owner cannot depend on the ids.
          const interior = p[0] > box[0] && p[0] < box[2] && p[1] > box[1] && p[1] < box[3];
          if (interior) expect(order[shuffled[i]]).toBe(inOrder[i]);
        });
      }),
      { numRuns: Number(process.env.WANGGE_RUNS ?? 40) },
    );
  });

  it('equals a brute-force reference on random points, in and around the tiling', () => {
    fc.assert(
      fc.property(tilingArb, ({ cols, rows, jitter, split, cells, seeds }) => {
        const { features, box } = jitteredTiling(cols, rows, jitter, split);
        const fast = PolygonIndex.from(features, { cells });
        const points: Position[] = seeds.map(([u, v]) => [
          box[0] - 0.5 + u * (box[2] - box[0] + 1),
          box[1] - 0.5 + v * (box[3] - box[1] + 1),
        ]);
        const many = fast.locateMany(Float64Array.from(points.flat()));
        points.forEach((p, i) => {
          expect(many[i]).toBe(referenceOwner(features, p));
        });
      }),
      { numRuns: Number(process.env.WANGGE_RUNS ?? 60) },
    );
  });
});

describe('PolygonIndex.locateMany on many points in random order (answered block by block)', () => {
  it('gives every point the answer of locate and of the unaccelerated path, in input order', () => {
    const { features, boundaryPoints, box } = jitteredTiling(6, 5, [2, -1, 3, -3, 1], [true, false, true]);
    const random = createRandom(17);
    const n = 20_000;
    const xy = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      // One point in four exactly on a boundary, the rest anywhere in and around the tiling.
      const p =
        i % 4 === 0
          ? boundaryPoints[Math.floor(random.next() * boundaryPoints.length)]
          : [random.range(box[0] - 0.5, box[2] + 0.5), random.range(box[1] - 0.5, box[3] + 0.5)];
      xy[2 * i] = p[0];
      xy[2 * i + 1] = p[1];
    }
    const slow = PolygonIndex.from(features, { cells: 0 });
    const fast = PolygonIndex.from(features);
    const many = fast.locateMany(xy);
    for (let i = 0; i < n; i++) expect(many[i]).toBe(slow.locate(xy[2 * i], xy[2 * i + 1]));
    for (let i = 0; i < n; i += 7) expect(fast.locate(xy[2 * i], xy[2 * i + 1])).toBe(many[i]);
  });

  it('names the first bad point in input order', () => {
    const index = PolygonIndex.from(quad);
    const xy = new Float64Array(2 * 10_000);
    for (let i = 0; i < 10_000; i++) [xy[2 * i], xy[2 * i + 1]] = [10 + (i % 97) / 50, 10 + (i % 89) / 45];
    xy[2 * 7000 + 1] = 95;
    xy[2 * 9000] = Number.NaN;
    let error: { code?: string; path?: string } | undefined;
    try {
      index.locateMany(xy);
    } catch (e) {
      error = e as { code?: string; path?: string };
    }
    expect(error?.code).toBe(ErrorCode.COORDINATE_OUT_OF_RANGE);
    expect(error?.path).toBe('xy[14000]');
  });
});

describe('PolygonIndex where many grids meet', () => {
  it('owns every point of a pie of 64 wedges meeting at one vertex exactly once, like the slow path', () => {
    // 64 wedges from the centre to consecutive points on the rim of a square (dyadic coordinates).
    const rim: Position[] = [];
    for (let i = 0; i < 16; i++) rim.push([-8 + i, -8], [8, -8 + i], [8 - i, 8], [-8, 8 - i]);
    rim.sort((a, b) => Math.atan2(a[1], a[0]) - Math.atan2(b[1], b[0]));
    const at = ([x, y]: Position): Position => [100 + x / 16, 20 + y / 16];
    const centre = at([0, 0]);
    const wedges: Feature<Polygon>[] = rim.map((p, i) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [[centre, at(p), at(rim[(i + 1) % rim.length]), centre]] },
    }));
    const points: Position[] = [centre];
    for (const w of wedges) {
      const ring = w.geometry.coordinates[0];
      for (let k = 0; k < 3; k++)
        points.push(ring[k], [(ring[k][0] + ring[k + 1][0]) / 2, (ring[k][1] + ring[k + 1][1]) / 2]);
    }
    const slow = PolygonIndex.from(wedges, { cells: 0 });
    for (const cells of [undefined, 1, 4]) {
      const fast = PolygonIndex.from(wedges, { cells });
      const many = fast.locateMany(Float64Array.from(points.flat()));
      points.forEach((p, i) => {
        expect(many[i]).toBe(slow.locate(p[0], p[1]));
        expect(many[i]).toBe(referenceOwner(wedges, p));
        expect(many[i]).toBeGreaterThanOrEqual(0);
      });
    }
  });
});

describe('regressions', () => {
  it('a point outside the grid does not inherit the sub-cell of the point one batch (256) before it', () => {
    const { features } = jitteredTiling(3, 3, [1, -2, 3], [true, false]);
    const index = PolygonIndex.from(features, { cells: 1 });
    const xy = new Float64Array(2 * 600);
    for (let i = 0; i < 600; i++) {
      const inside = i < 256 || i >= 512;
      xy[2 * i] = inside ? 100.5 + (i % 3) : 99;
      xy[2 * i + 1] = inside ? 20.5 + (i % 7) * 0.3 : 10;
    }
    const many = index.locateMany(xy);
    for (let i = 0; i < 600; i++) expect(many[i]).toBe(index.locate(xy[2 * i], xy[2 * i + 1]));
    expect(many[300]).toBe(-1);
  });
  it('split cells keep their sub-cell values when the block buffer grows while they are written', () => {
    const { features, boundaryPoints } = jitteredTiling(4, 3, [-3, -2, -2, 1], [true]);
    const fast = PolygonIndex.from(features);
    const slow = PolygonIndex.from(features, { cells: 0 });
    for (const [x, y] of boundaryPoints) expect(fast.locate(x, y)).toBe(slow.locate(x, y));
    expect(fast.locate(101.875, 21.0625)).toBe(12);
  });
});
