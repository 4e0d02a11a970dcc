import geographiclib from 'geographiclib-geodesic';
import type { Position } from 'geojson';
import type { GridGeometry } from './model';

// geographiclib ships CommonJS only: take the namespace, then the ellipsoid.
const WGS84 = geographiclib.Geodesic.WGS84;

/**
 * Area in square metres on the WGS84 ellipsoid (Karney's geodesic polygon area via geographiclib),
 * holes subtracted. Exact to millimetres on any size of grid, unlike a spherical approximation.
 */
export function geodesicArea(geometry: GridGeometry): number {
  let area = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, i) => {
      const a = Math.abs(ringMeasure(ring).area);
      area += i === 0 ? a : -a;
    });
  }
  return area;
}

/** Length in metres of every ring (exteriors and holes) on the WGS84 ellipsoid. */
export function geodesicPerimeter(geometry: GridGeometry): number {
  let perimeter = 0;
  for (const rings of polygonsOf(geometry))
    for (const ring of rings) perimeter += ringMeasure(ring).perimeter;
  return perimeter;
}

/** Geodesic distance in metres between two `[lon, lat]` positions. */
export function geodesicDistance(a: Position, b: Position): number {
  return WGS84.Inverse(a[1], a[0], b[1], b[0]).s12 ?? 0;
}

/** The polygons of a geometry as arrays of rings, whether it is a Polygon or a MultiPolygon. */
export function polygonsOf(geometry: GridGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function ringMeasure(ring: Position[]): { area: number; perimeter: number } {
  const polygon = WGS84.Polygon(false);
  // A closed ring repeats its first position; the geodesic polygon closes itself.
  const n =
    ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1]
      ? ring.length - 1
      : ring.length;
  for (let i = 0; i < n; i++) polygon.AddPoint(ring[i][1], ring[i][0]);
  const { area = 0, perimeter } = polygon.Compute(false, true);
  return { area, perimeter };
}
