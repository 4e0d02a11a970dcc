/**
 * From polygons of vertex-id rings to GeoJSON in one canonical form, so that equal results are equal byte
 * for byte whatever the order of the work that made them: every ring starts at its lowest-leftmost vertex
 * (smallest x, then smallest y), holes follow their shell sorted by that vertex, polygons too.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Rotates a closed ring of vertex ids to start at its smallest-x (then smallest-y) vertex; closed out. */
export function canonicalRing(ring: readonly number[], xy: ArrayLike<number>): number[] {
  const n = ring.length - 1;
  let k = 0;
  for (let i = 1; i < n; i++) {
    const x = xy[2 * ring[i]];
    const xk = xy[2 * ring[k]];
    if (x < xk || (x === xk && xy[2 * ring[i] + 1] < xy[2 * ring[k] + 1])) k = i;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(ring[(k + i) % n]);
  out.push(out[0]);
  return out;
}

function compareFirst(a: readonly number[], b: readonly number[], xy: ArrayLike<number>): number {
  return xy[2 * a[0]] - xy[2 * b[0]] || xy[2 * a[0] + 1] - xy[2 * b[0] + 1];
}

/**
 * Polygons of vertex-id rings (shell first, holes after; orientation already right) as a Polygon, a
 * MultiPolygon, or `null` when there are none, in canonical form; `point` turns a vertex id into a
 * position (the caller decides the coordinates: input bits, or grid values scaled back).
 */
export function polygonsToGeometry(
  polygons: readonly (readonly number[][])[],
  xy: ArrayLike<number>,
  point: (v: number) => Position,
): Polygon | MultiPolygon | null {
  const canonical = polygons.map((rings) => {
    const shell = canonicalRing(rings[0], xy);
    const holes = rings.slice(1).map((r) => canonicalRing(r, xy));
    holes.sort((a, b) => compareFirst(a, b, xy));
    return [shell, ...holes];
  });
  canonical.sort((a, b) => compareFirst(a[0], b[0], xy));
  const coordinates = canonical.map((rings) => rings.map((ring) => ring.map(point)));
  if (coordinates.length === 0) return null;
  return coordinates.length === 1
    ? { type: 'Polygon', coordinates: coordinates[0] }
    : { type: 'MultiPolygon', coordinates };
}
