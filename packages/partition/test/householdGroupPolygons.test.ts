import type { GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { isInPolygon, isValidPolygon, overlay } from '@wangge/geometry';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { householdGroupPolygons, householdGroups } from '../src/householdGroups';

/** An L-shaped grid near Hangzhou (non-convex, so groups are clipped to a real boundary), and its hole. */
function lGrid(hole: boolean): Polygon {
  const x = 120.1;
  const y = 30.2;
  const d = 0.004;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 2 * d, y],
        [x + 2 * d, y + d],
        [x + d, y + d],
        [x + d, y + 2 * d],
        [x, y + 2 * d],
        [x, y],
      ],
      ...(hole
        ? [
            [
              [x + 0.2 * d, y + 0.2 * d],
              [x + 0.2 * d, y + 0.4 * d],
              [x + 0.4 * d, y + 0.4 * d],
              [x + 0.4 * d, y + 0.2 * d],
              [x + 0.2 * d, y + 0.2 * d],
            ],
          ]
        : []),
    ],
  };
}

/** Shoelace area in square degrees, holes subtracted (relative to a corner, for precision). */
function planarArea(g: GridGeometry): number {
  let twice = 0;
  for (const rings of polygonsOf(g)) {
    rings.forEach((ring, r) => {
      let a = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        a += (ring[i][0] - 120.1) * (ring[i + 1][1] - 30.2) - (ring[i + 1][0] - 120.1) * (ring[i][1] - 30.2);
      }
      twice += r === 0 ? Math.abs(a) : -Math.abs(a);
    });
  }
  return twice / 2;
}

function inside(grid: Polygon, x: number, y: number): boolean {
  return isInPolygon(grid.coordinates, x, y);
}

/** The tiling invariant: over the grid and the groups, every face is in the grid iff it is in one group. */
function expectTiling(grid: GridGeometry, polygons: readonly GridGeometry[]): void {
  const o = overlay([grid, ...polygons]);
  for (let f = 0; f < o.faceCount; f++) {
    const inputs = o.faceInputs(f);
    const inGrid = inputs[0] === 0;
    const groups = inputs.length - (inGrid ? 1 : 0);
    expect(groups, `face ${f} (inputs ${inputs})`).toBe(inGrid ? 1 : 0);
  }
}

describe('householdGroupPolygons', () => {
  it('tiles the grid: union = grid, no overlap, each household in its group, every polygon valid (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 799 }), fc.integer({ min: 1, max: 799 })), {
          minLength: 2,
          maxLength: 150,
          selector: ([a, b]) => `${a},${b}`,
        }),
        fc.integer({ min: 2, max: 10 }),
        fc.boolean(),
        (cells, size, hole) => {
          const grid = lGrid(hole);
          const points = cells
            .map(([i, j]) => [120.1 + i * 1e-5, 30.2 + j * 1e-5])
            .filter(([x, y]) => inside(grid, x, y));
          fc.pre(points.length >= 2);
          const groups = householdGroups(points, { size });
          const polygons = householdGroupPolygons([grid], points, groups);
          expect(polygons).toHaveLength(groups.groups.length);
          const drawn = polygons.map((p) => p!);
          for (const p of drawn) expect(isValidPolygon(p)).toBe(true);
          expectTiling(grid, drawn);
          // Planar: geodesic areas of pieces do not add up exactly when the pieces split the grid's edges.
          const total = drawn.reduce((s, p) => s + planarArea(p), 0);
          expect(total / planarArea(grid)).toBeCloseTo(1, 10);
          points.forEach(([x, y], i) => {
            const p = drawn[groups.groupOf[i]];
            const parts = p.type === 'Polygon' ? [p.coordinates] : p.coordinates;
            expect(
              parts.some((rings) => isInPolygon(rings, x, y)),
              `household ${i}`,
            ).toBe(true);
          });
        },
      ),
      { numRuns: 100, seed: 15 },
    );
  });

  it('draws the groups of several grids, each inside its own grid, deterministically', () => {
    const left: Polygon = lGrid(false);
    const right: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [120.108, 30.2],
          [120.116, 30.2],
          [120.116, 30.208],
          [120.108, 30.208],
          [120.108, 30.2],
        ],
      ],
    };
    const points: number[][] = [];
    const gridOf: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = (i * 0.618034) % 1;
      const u = (i * 0.414214) % 1;
      const p = [120.1 + 0.0039 * t + 0.0001, 30.2 + 0.0039 * u + 0.0001];
      points.push(p, [p[0] + 0.008, p[1]]);
      gridOf.push(0, 1);
    }
    const groups = householdGroups(points, { size: 10, gridOf });
    const a = householdGroupPolygons([left, right], points, groups);
    expect(a).toHaveLength(8);
    for (const g of [0, 1]) {
      const mine = a.filter((_, k) => groups.groups[k].grid === g).map((p) => p!);
      expectTiling(g === 0 ? left : right, mine);
    }
    expect(JSON.stringify(householdGroupPolygons([left, right], points, groups))).toBe(JSON.stringify(a));
  });

  it('gives a group whose households all stand where an earlier group does no polygon of its own', () => {
    const grid = lGrid(false);
    const points = [
      ...Array.from({ length: 5 }, () => [120.101, 30.201]),
      ...Array.from({ length: 5 }, () => [120.101, 30.201]),
      ...Array.from({ length: 5 }, () => [120.103, 30.206]),
    ];
    const groups = householdGroups(points, { size: 5 });
    const polygons = householdGroupPolygons([grid], points, groups);
    expect(polygons.filter((p) => p === null)).toHaveLength(1);
    expectTiling(
      grid,
      polygons.filter((p) => p !== null),
    );
  });

  it('refuses a group naming a household that is not there, and a grid without geometry (INVALID_OPTION)', () => {
    const grid = lGrid(false);
    const bad = { groupOf: new Int32Array([0]), groups: [{ grid: 0, households: [3] }] };
    expect(() => householdGroupPolygons([grid], [[120.101, 30.201]], bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    const ok = householdGroups([[120.101, 30.201]], {});
    expect(() => householdGroupPolygons([], [[120.101, 30.201]], ok)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});
