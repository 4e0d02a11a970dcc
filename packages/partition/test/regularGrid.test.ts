import { ErrorCode, geodesicArea, isValidCode, isWanggeError, letterCodes } from '@wangge/core';
import { checkPartition } from '@wangge/corpus';
import { generateCity } from '@wangge/example-city';
import { loadReference } from '@wangge/reference';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { regularGrid } from '../src';
import { boundaryArb, coverageDefects, gridBoundary, tilingProblems } from './helpers';

const city = generateCity({ seed: 3, households: 4000 });
const wide: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [116.3, 39.9],
      [116.36, 39.9],
      [116.36, 39.95],
      [116.3, 39.95],
      [116.3, 39.9],
    ],
  ],
};

describe('regularGrid', () => {
  beforeAll(loadReference);
  it('tiles random boundaries (holes, exclaves) exactly, squares and hexagons', () => {
    fc.assert(
      fc.property(
        boundaryArb,
        fc.constantFrom('square' as const, 'hex' as const),
        fc.double({ min: 150, max: 900, noNaN: true }),
        (boundary, shape, size) => {
          const grids = regularGrid(boundary, { shape, size });
          expect(tilingProblems(gridBoundary(boundary), grids.features, 60)).toEqual([]);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });

  it("regression (issue 11, 澳门 area error 2.0e-9: crossings rounded to the 1e-9° grid): the cells' union is the boundary by GEOS, symmetric difference and overlaps within 1e-11 of its area (property)", () => {
    fc.assert(
      fc.property(
        boundaryArb,
        fc.constantFrom('square' as const, 'hex' as const),
        fc.double({ min: 150, max: 900, noNaN: true }),
        (boundary, shape, size) => {
          const feature = { type: 'Feature' as const, properties: { code: '110108' }, geometry: boundary };
          const grids = regularGrid(feature, { shape, size });
          const verdict = checkPartition(boundary, '110108', grids.features as never, {
            target: gridBoundary(boundary),
          });
          expect(verdict).toMatchObject({ invalid: [], badCodes: [] });
          expect(verdict.areaError).toBeLessThan(1e-11);
        },
      ),
      { numRuns: 25, seed: 11 },
    );
  });

  it('cells are true metres: a whole square cell has size² m², a whole hexagon √3/2·size²', () => {
    for (const [shape, full] of [
      ['square', 250 * 250],
      ['hex', (Math.sqrt(3) / 2) * 250 * 250],
    ] as const) {
      const areas = regularGrid(wide, { shape, size: 250 }).features.map((f) => geodesicArea(f.geometry));
      const whole = areas.filter((a) => Math.abs(a / full - 1) < 1e-3);
      expect(whole.length).toBeGreaterThan(areas.length / 4);
      for (const a of whole) expect(Math.abs(a / full - 1)).toBeLessThan(2e-5);
    }
  });

  it('merges slivers below minArea into a neighbour and keeps the tiling', () => {
    const none = regularGrid(city.district, { size: 200, minArea: 0 });
    const merged = regularGrid(city.district, { size: 200, minArea: 0.3 * 200 * 200 });
    expect(merged.features.length).toBeLessThan(none.features.length);
    const district = gridBoundary(city.district.geometry);
    expect(tilingProblems(district, merged.features, 100)).toEqual([]);
    // Every merged grid is at least minArea, unless it is an island with no neighbour.
    const small = merged.features.filter((f) => geodesicArea(f.geometry) < 0.3 * 200 * 200 * 0.999);
    expect(small.length).toBeLessThanOrEqual(1);
  });

  it('passes the coverage validator against its parent', () => {
    for (const shape of ['square', 'hex'] as const) {
      const grids = regularGrid(city.district, { shape, size: 300 });
      expect(coverageDefects(grids, gridBoundary(city.district.geometry))).toEqual([]);
      expect(tilingProblems(gridBoundary(city.district.geometry), grids.features, 50)).toEqual([]);
    }
  });

  it('follows a 230 km edge along a parallel (regression: 阿勒泰 lost the cells between its metric chord and the edge)', () => {
    // GeoJSON edges are straight in lon/lat; the metric chord of this one is about a kilometre south of it.
    const strip: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [87.3, 45],
          [90.3, 45],
          [90.3, 45.05],
          [87.3, 45.05],
          [87.3, 45],
        ],
      ],
    };
    const grids = regularGrid(strip, { size: 1000 });
    expect(tilingProblems(gridBoundary(strip), grids.features, 100)).toEqual([]);
  });

  it('codes cells as children in reading order, north-west first', () => {
    const grids = regularGrid(city.communities[0], { size: 200 }).features;
    const codes = grids.map((g) => g.properties.code);
    expect(codes[0]).toBe(`${city.communities[0].properties.code}1`);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(isValidCode(c, letterCodes())).toBe(true);
    for (const g of grids) expect(g.properties).toMatchObject({ parent: 'A', level: 3 });
  });

  it('is deterministic', () => {
    const a = regularGrid(city.district, { shape: 'hex', size: 180 });
    const b = regularGrid(city.district, { shape: 'hex', size: 180 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('keeps input vertices bit for bit', () => {
    const square: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [120.1, 30.2],
          [120.11, 30.2],
          [120.11, 30.21],
          [120.1, 30.21],
          [120.1, 30.2],
        ],
      ],
    };
    const vertices = new Set(
      regularGrid(square, { size: 400 }).features.flatMap((f) =>
        (f.geometry as Polygon).coordinates.flat().map((p) => `${p[0]},${p[1]}`),
      ),
    );
    for (const p of square.coordinates[0]) expect(vertices.has(`${p[0]},${p[1]}`)).toBe(true);
  });

  it('rejects bad options and input with stable codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isWanggeError(e) ? e.code : 'not a WanggeError';
      }
      return 'no error';
    };
    expect(code(() => regularGrid(city.district, { size: -1 }))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => regularGrid(city.district, { size: 100, shape: 'tri' as 'hex' }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(code(() => regularGrid(city.district, { size: 0.01 }))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => regularGrid({ type: 'Point', coordinates: [0, 0] } as never, { size: 100 }))).toBe(
      ErrorCode.UNSUPPORTED_GEOMETRY,
    );
    expect(code(() => regularGrid(null as never, { size: 100 }))).toBe(ErrorCode.INVALID_GEOJSON);
  });
});
