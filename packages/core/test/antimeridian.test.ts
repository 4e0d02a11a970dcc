import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ErrorCode, type GridGeometry, geodesicArea, normalizeGeometry, ringSignedArea } from '../src';
import { polygonsOf } from '../src/internal';

/** A star-shaped ring around (cx, cy): simple by construction; longitudes wrapped into [-180, 180]. */
function star(cx: number, cy: number, radii: number[], clockwise = false): Position[] {
  const n = radii.length;
  const ring = radii.map((r, i): Position => {
    const t = (2 * Math.PI * (clockwise ? n - i : i)) / n;
    const x = cx + r * Math.cos(t);
    return [x > 180 ? x - 360 : x, cy + r * Math.sin(t)];
  });
  return [...ring, ring[0]];
}

/** The four corners of a box as a ring, longitudes wrapped. */
function box(x0: number, y0: number, x1: number, y1: number): Position[] {
  const w = (x: number) => (x > 180 ? x - 360 : x);
  return [
    [w(x0), y0],
    [w(x1), y0],
    [w(x1), y1],
    [w(x0), y1],
    [w(x0), y0],
  ];
}

/** True when no two edges of the ring cross or touch other than neighbours at their shared vertex. */
function isSimple(ring: Position[]): boolean {
  const n = ring.length - 1;
  const orient = (a: Position, b: Position, c: Position) =>
    Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const [a, b, c, d] = [ring[i], ring[i + 1], ring[j], ring[j + 1]];
      if (orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0) return false;
    }
  }
  return true;
}

/** Planar area in square degrees (exteriors less holes). */
function planarArea(geometry: GridGeometry): number {
  return polygonsOf(geometry)
    .flatMap((rings) => rings.map((r, i) => (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(r))))
    .reduce((a, b) => a + b, 0);
}

const radii = (n: number) =>
  fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: n, maxLength: n });

describe('polygons crossing the antimeridian are split at ±180°', () => {
  it('a box across it becomes two boxes at -180 and 180 with the same geodesic area', () => {
    const raw: Polygon = { type: 'Polygon', coordinates: [box(179.9, -17, 180.1, -16.9)] };
    const split = normalizeGeometry(raw);
    expect(split.type).toBe('MultiPolygon');
    const xs = polygonsOf(split).flatMap((rings) => rings.flatMap((r) => r.map((p) => p[0])));
    expect(Math.min(...xs)).toBe(-180);
    expect(Math.max(...xs)).toBe(180);
    expect(xs.filter((x) => Math.abs(x) < 179)).toEqual([]);
    // The cut is exact in longitude/latitude; geodesic edges bend a little, so the areas agree to 1e-6.
    expect(planarArea(split)).toBeCloseTo(0.2 * 0.1, 12);
    expect(Math.abs(geodesicArea(split) / geodesicArea(raw as GridGeometry) - 1)).toBeLessThan(1e-6);
  });

  it('keeps area, stays within [-180, 180], gives simple rings and is idempotent (random stars, with holes)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 178, max: 182, noNaN: true }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        radii(12),
        radii(8),
        fc.boolean(),
        (cx, cy, outer, inner, holed) => {
          const exterior = star(
            cx,
            cy,
            outer.map((r) => 2 * r),
          );
          const hole = star(
            cx,
            cy,
            inner.map((r) => 0.5 * r),
            true,
          );
          const raw = { type: 'Polygon' as const, coordinates: holed ? [exterior, hole] : [exterior] };
          const unwrapped = (ring: Position[]) => ring.map(([x, y]): Position => [x < 0 ? x + 360 : x, y]);
          const expectedPlanar =
            Math.abs(ringSignedArea(unwrapped(exterior))) -
            (holed ? Math.abs(ringSignedArea(unwrapped(hole))) : 0);
          const split = normalizeGeometry(raw);
          const polygons = polygonsOf(split);
          for (const rings of polygons) {
            for (const ring of rings) {
              for (const [x] of ring) expect(Math.abs(x)).toBeLessThanOrEqual(180);
              expect(isSimple(ring)).toBe(true);
            }
          }
          expect(Math.abs(planarArea(split) - expectedPlanar)).toBeLessThan(1e-9 * expectedPlanar);
          const geodesic = geodesicArea(raw as GridGeometry);
          expect(Math.abs(geodesicArea(split) - geodesic)).toBeLessThan(1e-3 * geodesic);
          expect(normalizeGeometry(split)).toEqual(split);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a C-shape crossing twice splits into three parts', () => {
    const c: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [179, 0],
          [-179, 0],
          [-179, 1],
          [179.5, 1],
          [179.5, 2],
          [-179, 2],
          [-179, 3],
          [179, 3],
          [179, 0],
        ],
      ],
    };
    const split = normalizeGeometry(c);
    expect(polygonsOf(split)).toHaveLength(3);
    expect(planarArea(split)).toBeCloseTo(2 * 3 - 1.5 * 1, 9);
  });
});

describe('polar caps are refused', () => {
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return undefined;
  };
  it('refuses a ring round a pole and one touching a pole, with UNSUPPORTED_EXTENT', () => {
    const cap = {
      type: 'Polygon',
      coordinates: [
        [
          [0, -80],
          [120, -80],
          [-120, -80],
          [0, -80],
        ],
      ],
    };
    const world = {
      type: 'Polygon',
      coordinates: [
        [
          [-180, -90],
          [180, -90],
          [180, 90],
          [-180, 90],
          [-180, -90],
        ],
      ],
    };
    expect(codeOf(() => normalizeGeometry(cap))).toBe(ErrorCode.UNSUPPORTED_EXTENT);
    expect(codeOf(() => normalizeGeometry(world))).toBe(ErrorCode.UNSUPPORTED_EXTENT);
  });

  it('geodesicArea of the whole-world box throws instead of returning 0', () => {
    const world = {
      type: 'Polygon' as const,
      coordinates: [box(-180, -90, 180, 90)],
    };
    world.coordinates[0][1][0] = 180; // the box's east side, not wrapped
    world.coordinates[0][2][0] = 180;
    expect(codeOf(() => geodesicArea(world))).toBe(ErrorCode.UNSUPPORTED_EXTENT);
    expect(codeOf(() => geodesicArea(null as never))).toBe(ErrorCode.INVALID_GEOJSON);
  });
});
