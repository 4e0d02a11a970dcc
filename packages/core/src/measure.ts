import geographiclib from 'geographiclib-geodesic';
import type { Position } from 'geojson';
import { splitAtAntimeridian } from './antimeridian';
import { ErrorCode, WanggeError } from './errors';
import type { GridGeometry } from './model';

// geographiclib ships CommonJS only: take the namespace, then the ellipsoid.
const WGS84 = geographiclib.Geodesic.WGS84;

/**
 * Area in square metres on the WGS84 ellipsoid (Karney's geodesic polygon area via geographiclib),
 * holes subtracted. Exact to millimetres on any size of grid, unlike a spherical approximation.
 */
export function geodesicArea(geometry: GridGeometry): number {
  let area = 0;
  for (const rings of measurable(geometry, 'geodesicArea')) {
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
  for (const rings of measurable(geometry, 'geodesicPerimeter'))
    for (const ring of rings) perimeter += ringMeasure(ring).perimeter;
  return perimeter;
}

/** Geodesic distance in metres between two `[lon, lat]` positions. */
export function geodesicDistance(a: Position, b: Position): number {
  for (const [name, p] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new WanggeError(
        ErrorCode.INVALID_COORDINATE,
        `geodesicDistance: ${name} must be a [lon, lat] position of finite numbers`,
      );
    }
  }
  return WGS84.Inverse(a[1], a[0], b[1], b[0]).s12 ?? 0;
}

/**
 * The polygons of a geometry as arrays of rings, whether it is a Polygon or a MultiPolygon. Throws
 * `INVALID_GEOJSON` for anything else.
 */
export function polygonsOf(geometry: GridGeometry): Position[][][] {
  const type = (geometry as { type?: unknown } | null)?.type;
  const coordinates = (geometry as { coordinates?: unknown } | null)?.coordinates;
  if ((type !== 'Polygon' && type !== 'MultiPolygon') || !Array.isArray(coordinates)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      `expected a Polygon or MultiPolygon, got ${geometry === null ? 'null' : typeof geometry === 'object' ? `type ${String(type)}` : typeof geometry}`,
    );
  }
  return type === 'Polygon' ? [coordinates as Position[][]] : (coordinates as Position[][][]);
}

/**
 * The polygons of a geometry, checked so that a measure is never silently wrong: every position a pair
 * of finite numbers (`INVALID_COORDINATE`), nothing on or around a pole (`UNSUPPORTED_EXTENT`: the
 * whole-world box would measure 0). A polygon crossing the antimeridian is measured the short way round.
 */
function measurable(geometry: GridGeometry, name: string): Position[][][] {
  const polygons = polygonsOf(geometry);
  polygons.forEach((rings, k) => {
    if (!Array.isArray(rings)) {
      throw new WanggeError(ErrorCode.INVALID_GEOJSON, `${name}: polygon ${k} is not an array of rings`);
    }
    for (const ring of rings) {
      if (
        !Array.isArray(ring) ||
        !ring.every((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]))
      ) {
        throw new WanggeError(
          ErrorCode.INVALID_COORDINATE,
          `${name}: polygon ${k} has a ring that is not a list of [lon, lat] positions of finite numbers`,
        );
      }
    }
    const edge = splitAtAntimeridian(rings);
    if (edge.kind === 'refused')
      throw new WanggeError(ErrorCode.UNSUPPORTED_EXTENT, `${name}: polygon ${k} ${edge.message}`);
  });
  return polygons;
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
