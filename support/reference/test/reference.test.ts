import type { Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  area,
  coverageIsValid,
  difference,
  geodesicArea,
  intersection,
  isValid,
  loadReference,
  makeValid,
  overlaps,
  union,
  unionAll,
} from '../src/index';

const square = (x: number, y: number, size = 1): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});
const ring = (...positions: Position[]): Polygon => ({ type: 'Polygon', coordinates: [positions] });
const bowTie = ring([0, 0], [2, 2], [2, 0], [0, 2], [0, 0]);

beforeAll(loadReference);

describe('isValid', () => {
  it('passes a square and names the self-intersection of a bow-tie, with its place', () => {
    expect(isValid(square(0, 0))).toEqual({ valid: true, reason: null });
    expect(isValid(bowTie)).toEqual({ valid: false, reason: 'Self-intersection', location: [1, 1] });
  });

  it('refuses a ring of 3 positions and an unclosed ring with GEOS construction errors', () => {
    const three = isValid(ring([0, 0], [1, 0], [0, 1]));
    expect(three.valid).toBe(false);
    expect(three.reason).toMatch(/LinearRing|points/i);
    const open = isValid(ring([0, 0], [1, 0], [1, 1], [0, 1]));
    expect(open.valid).toBe(false);
  });

  it('finds a spike (a ring that doubles back on itself)', () => {
    const spike = ring([0, 0], [2, 0], [2, 1], [3, 1], [2, 1], [2, 2], [0, 2], [0, 0]);
    expect(isValid(spike).valid).toBe(false);
  });
});

describe('makeValid', () => {
  it('splits a bow-tie into its two triangles, keeping the area', () => {
    const fixed = makeValid(bowTie)!;
    expect(isValid(fixed).valid).toBe(true);
    expect(fixed.type).toBe('MultiPolygon');
    expect(area(fixed)).toBeCloseTo(2, 12);
  });

  it('closes an unclosed 3-position ring (GEOS structure fix) and drops a flat one', () => {
    expect(area(makeValid(ring([0, 0], [1, 0], [0, 1]))!)).toBeCloseTo(0.5, 12);
    expect(makeValid(ring([0, 0], [1, 0], [2, 0], [0, 0]))).toBeNull();
  });

  it('differs by method on overlapping shells: structure unions them, linework keeps the xor', () => {
    const twoShells: Polygon = {
      type: 'Polygon',
      coordinates: [square(0, 0, 2).coordinates[0], square(1, 1, 2).coordinates[0]],
    };
    const structure = makeValid(twoShells, { method: 'structure' })!;
    const linework = makeValid(twoShells, { method: 'linework' })!;
    expect(isValid(structure).valid && isValid(linework).valid).toBe(true);
    expect(area(structure)).toBeCloseTo(3, 12); // 2×2 minus the 1×1 that the hole cuts out
    expect(area(linework)).toBeCloseTo(6, 12); // symmetric difference: 4 + 4 − 2
  });
});

describe('measures and overlay', () => {
  it('measures planar and geodesic area', () => {
    expect(area(square(0, 0, 2))).toBe(4);
    // One degree square at the equator: about 12,308 km².
    expect(geodesicArea(square(0, 0)) / 1e6).toBeCloseTo(12_308.8, 0);
  });

  it('intersects, unions and subtracts', () => {
    expect(area(intersection(square(0, 0, 2), square(1, 1, 2))!)).toBe(1);
    expect(area(union(square(0, 0, 2), square(1, 1, 2))!)).toBe(7);
    expect(area(difference(square(0, 0, 2), square(1, 1, 2))!)).toBe(3);
    expect(intersection(square(0, 0), square(5, 5))).toBeNull();
    expect(area(unionAll([square(0, 0), square(1, 0), square(0, 1)])!)).toBe(3);
  });
});

describe('coverageIsValid', () => {
  it('passes an exact tiling and returns the invalid edges of overlapping neighbours', () => {
    expect(coverageIsValid([square(0, 0), square(1, 0)])).toEqual({
      valid: true,
      invalidEdges: [null, null],
    });
    const bad = coverageIsValid([square(0, 0), square(0.5, 0), square(5, 5)]);
    expect(bad.valid).toBe(false);
    expect(bad.invalidEdges[0]?.type).toMatch(/LineString/);
    expect(bad.invalidEdges[1]?.type).toMatch(/LineString/);
    expect(bad.invalidEdges[2]).toBeNull();
  });
});

describe('overlaps', () => {
  it('finds every overlapping pair with its area and the holes of the union', () => {
    // A 3×3 block of unit squares with the middle one missing (a gap of 1) and a square overlapping two.
    const grids: Polygon[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== 1 || j !== 1) grids.push(square(i, j));
    grids.push(square(2.5, 0.25, 0.5)); // overlaps square (2,0) by 0.5×0.5 and nothing else
    const found = overlaps(grids);
    expect(found.overlaps.map(({ a, b, area }) => ({ a, b, area }))).toEqual([{ a: 5, b: 8, area: 0.25 }]);
    expect(found.gaps.map((g) => g.area)).toEqual([1]);
    expect(found.gaps[0].areaM2).toBeGreaterThan(1e10);
  });

  it('measures overlaps between made-valid shapes: a bow-tie over its neighbour', () => {
    const found = overlaps([bowTie, square(1, 0, 2)]);
    expect(found.madeValid[0]?.type).toBe('MultiPolygon');
    expect(found.overlaps).toHaveLength(1);
    // The right triangle of the bow-tie, (1,1)-(2,0)-(2,2), lies inside the square: area 1.
    expect(found.overlaps[0].area).toBeCloseTo(1, 12);
  });
});
