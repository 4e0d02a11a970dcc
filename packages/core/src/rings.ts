import type { Position } from 'geojson';
import { ErrorCode, WanggeError } from './errors';

/** Signed area of a ring in coordinate units (positive = counter-clockwise), closed or not. */
export function ringSignedArea(ring: readonly Position[]): number {
  if (!Array.isArray(ring) || !ring.every(Array.isArray)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      'ringSignedArea: a ring is an array of [lon, lat] positions',
    );
  }
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  let twice = 0;
  for (let i = 1; i + 1 < n; i++) {
    twice += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0);
  }
  return twice / 2;
}

/**
 * Closed exterior rings (counter-clockwise) and holes (clockwise) as polygons: each hole goes to the
 * innermost exterior around it (an island may sit inside another part's hole). `undefined` when a hole
 * lies in no exterior.
 */
export function ringsToPolygons(exteriors: Position[][], holes: Position[][]): Position[][][] | undefined {
  const polygons = exteriors.map((r) => [r]);
  for (const hole of holes) {
    const probe = interiorProbe(hole);
    let owner: Position[][] | undefined;
    for (const polygon of polygons) {
      if (!ringContains(polygon[0], probe)) continue;
      if (owner === undefined || ringSignedArea(polygon[0]) < ringSignedArea(owner[0])) owner = polygon;
    }
    if (owner === undefined) return undefined;
    owner.push(hole);
  }
  return polygons;
}

/** A point strictly inside a (hole) ring near its first edge, for containment tests that must not touch edges. */
function interiorProbe(ring: Position[]): Position {
  const [a, b] = ring;
  const mx = (a[0] + b[0]) / 2;
  const my = (a[1] + b[1]) / 2;
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  // Holes run clockwise, so their inside is to the right of each edge.
  const step = length * 1e-6;
  return [mx + ((b[1] - a[1]) / length) * step, my - ((b[0] - a[0]) / length) * step];
}

function ringContains(ring: Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
