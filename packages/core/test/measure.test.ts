import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  geodesicArea,
  geodesicDistance,
  geodesicPerimeter,
  localProjection,
  ringSignedArea,
  type WanggeError,
} from '../src';

const degreeCell: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  ],
};

describe('geodesic measures', () => {
  it('matches known WGS84 values', () => {
    // 1°×1° cell at the equator on WGS84: 12,308,778,361 m² (GeographicLib planimeter).
    expect(geodesicArea(degreeCell)).toBeCloseTo(12_308_778_361, -1);
    // One degree of longitude along the equator: 111,319.49 m; of latitude at the equator: 110,574.39 m.
    expect(geodesicDistance([0, 0], [1, 0])).toBeCloseTo(111_319.491, 2);
    expect(geodesicDistance([0, 0], [0, 1])).toBeCloseTo(110_574.389, 2);
  });

  it('subtracts holes and adds parts', () => {
    const hole = [
      [0.25, 0.25],
      [0.25, 0.75],
      [0.75, 0.75],
      [0.75, 0.25],
      [0.25, 0.25],
    ];
    const holed: Polygon = { type: 'Polygon', coordinates: [degreeCell.coordinates[0], hole] };
    const holeArea = geodesicArea({ type: 'Polygon', coordinates: [hole] });
    expect(geodesicArea(holed)).toBeCloseTo(geodesicArea(degreeCell) - holeArea, 0);
    expect(geodesicArea({ type: 'MultiPolygon', coordinates: [degreeCell.coordinates, [hole]] })).toBeCloseTo(
      geodesicArea(degreeCell) + holeArea,
      0,
    );
    expect(geodesicPerimeter(holed)).toBeGreaterThan(geodesicPerimeter(degreeCell));
  });

  it('agrees with the local equal-area projection on a city-sized polygon', () => {
    const city: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [120.1, 30.2],
          [120.2, 30.21],
          [120.22, 30.3],
          [120.12, 30.32],
          [120.1, 30.2],
        ],
      ],
    };
    const projection = localProjection([120.15, 30.25]);
    const planar = ringSignedArea(projection.forwardGeometry(city).coordinates[0]);
    expect(Math.abs(planar / geodesicArea(city) - 1)).toBeLessThan(1e-4);
  });
});

describe('localProjection', () => {
  it('round-trips positions to the millimetre, in both kinds', () => {
    for (const kind of ['equal-area', 'conformal'] as const) {
      const projection = localProjection([116.4, 39.9, 116.6, 40.1], { kind });
      const xy = projection.forward([116.55, 40.05]);
      expect(Math.hypot(...xy)).toBeGreaterThan(5_000);
      const [lon, lat] = projection.inverse(xy);
      expect(Math.abs(lon - 116.55)).toBeLessThan(1e-8);
      expect(Math.abs(lat - 40.05)).toBeLessThan(1e-8);
    }
  });

  it('rejects a centre that is not a lon/lat and an unknown kind', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as WanggeError).code;
      }
    };
    expect(code(() => localProjection([500, 0]))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => localProjection([0, 0], { kind: 'mercator' as never }))).toBe(ErrorCode.INVALID_OPTION);
  });
});
