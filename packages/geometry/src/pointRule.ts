/**
 * The one point rule of wangge: which side of a boundary a point on that boundary belongs to.
 *
 * **Contract (simulation of simplicity).** Every query point `p` stands for `p + δ` with `δ = (ε, ε²)`,
 * `ε → 0+`: the point nudged infinitesimally east and, on a tie, north, decided with exact orientation
 * predicates. The nudged point is never on an edge, so in a tiling it lies strictly inside exactly one
 * tile: a point on a vertical shared edge goes to the tile east of it, on a horizontal edge to the tile
 * north of it, on a shared vertex to the tile north-east of it. `PolygonIndex` (in `@wangge/index`) adds
 * one rule for the set: where the nudged point is in no feature but the point lies on a feature's
 * boundary, the lowest such feature id owns it. Every place that decides which grid holds a point goes
 * through these functions (or through `PolygonIndex`), so no two packages disagree on a boundary household.
 */
import { ErrorCode, WanggeError } from '@wangge/core';
import type { Position } from 'geojson';
import { onSegment, orientSign } from './predicates';

/**
 * Does edge `a → b` count for the eastward ray from `p + δ`? It counts when it straddles the ray's line
 * (`y > py` on exactly one side: a vertex at `py` lies below the nudged line) and crosses it east of the
 * nudged point. When `p` is exactly on the edge the crossing is at `p.x + O(ε²)`, west of `p.x + ε`: it
 * does not count. An odd count over a ring's edges means `p + δ` is inside the ring.
 */
export function edgeCounts(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  if (ay > py === by > py) return false;
  if (ax > px && bx > px) return true;
  if (ax < px && bx < px) return false;
  const o = orientSign(ax, ay, bx, by, px, py);
  return by > ay ? o > 0 : o < 0;
}

/** Sign of `orient(a, b, q + δ)`: the exact orientation, or on a tie the sign of `(b - a) × δ`. */
function nudgedSide(ax: number, ay: number, bx: number, by: number, qx: number, qy: number): number {
  const o = orientSign(ax, ay, bx, by, qx, qy);
  if (o !== 0) return o;
  // (b - a) × (ε, ε²) = (bx - ax) ε² - (by - ay) ε.
  if (by !== ay) return by > ay ? -1 : 1;
  return bx > ax ? 1 : -1;
}

/**
 * Does the segment `c + δ → p + δ` cross the edge `a → b`? Both ends carry the same nudge, so the
 * segment never passes through a vertex and never ends on an edge: crossings toggle membership exactly.
 * `c` and `p` must differ.
 */
export function nudgedSegmentCrosses(
  cx: number,
  cy: number,
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): boolean {
  // Strictly separated boxes cannot cross, nudge or not.
  if (ax < cx && ax < px && bx < cx && bx < px) return false;
  if (ax > cx && ax > px && bx > cx && bx > px) return false;
  if (ay < cy && ay < py && by < cy && by < py) return false;
  if (ay > cy && ay > py && by > cy && by > py) return false;
  if (nudgedSide(ax, ay, bx, by, cx, cy) === nudgedSide(ax, ay, bx, by, px, py)) return false;
  return segmentSide(cx, cy, px, py, ax, ay) !== segmentSide(cx, cy, px, py, bx, by);
}

/** Sign of `orient(c + δ, p + δ, a) = orient(c, p, a - δ)`; on a tie the sign of `-(p - c) × δ`. */
function segmentSide(cx: number, cy: number, px: number, py: number, ax: number, ay: number): number {
  const o = orientSign(cx, cy, px, py, ax, ay);
  if (o !== 0) return o;
  // -(p - c) × (ε, ε²) = (py - cy) ε - (px - cx) ε².
  if (py !== cy) return py > cy ? 1 : -1;
  return px > cx ? -1 : 1;
}

export { onSegment };

/**
 * Whether `p + δ` is inside the ring stored closed in `xy` from vertex `start` to vertex `end`
 * (inclusive, `xy[2·end]` repeating `xy[2·start]`): an odd number of counting edges. Exact.
 */
export function isInRingXY(
  xy: ArrayLike<number>,
  start: number,
  end: number,
  px: number,
  py: number,
): boolean {
  let inside = false;
  for (let k = start; k < end; k++) {
    if (edgeCounts(xy[2 * k], xy[2 * k + 1], xy[2 * k + 2], xy[2 * k + 3], px, py)) inside = !inside;
  }
  return inside;
}

/**
 * A caller's query checked at the entry: rings of `[x, y]` positions (each element an array) and a finite
 * point. `INVALID_GEOJSON` / `INVALID_COORDINATE` otherwise, never a TypeError from the loop.
 */
function checkQuery(rings: unknown, px: unknown, py: unknown, fn: string): void {
  const arrays = (v: unknown) => Array.isArray(v) && v.every(Array.isArray);
  if (!Array.isArray(rings) || !(fn === 'isInRing' ? arrays(rings) : rings.every(arrays))) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      `${fn}: expected ${fn === 'isInRing' ? 'a ring' : 'rings'} of [x, y] positions`,
    );
  }
  if (typeof px !== 'number' || typeof py !== 'number' || !Number.isFinite(px) || !Number.isFinite(py)) {
    throw new WanggeError(ErrorCode.INVALID_COORDINATE, `${fn}: the point must be two finite numbers`);
  }
}

/** Whether `p + δ` is inside a ring of positions (closed or not). Exact; see the module's contract. */
export function isInRing(ring: readonly Position[], px: number, py: number): boolean {
  checkQuery(ring, px, py, 'isInRing');
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (edgeCounts(a[0], a[1], b[0], b[1], px, py)) inside = !inside;
  }
  return inside;
}

/**
 * Whether `p + δ` is inside a polygon given as rings (exterior then holes) or inside any polygon of a list
 * of such: the crossings of all rings together, odd means inside. This is the point rule for callers that
 * hold a geometry but no `PolygonIndex`.
 */
export function isInPolygon(polygon: readonly (readonly Position[])[], px: number, py: number): boolean {
  checkQuery(polygon, px, py, 'isInPolygon');
  let inside = false;
  for (const ring of polygon) if (isInRing(ring, px, py)) inside = !inside;
  return inside;
}

/** Where an exact point lies against a polygon (rings: exterior then holes), without any nudge. */
export type PointLocation = 'interior' | 'boundary' | 'exterior';

/**
 * Whether `p` itself (not nudged) is inside, on the boundary of, or outside a polygon of rings: exact.
 * Use it to tell the boundary case apart; use {@link isInPolygon} to decide ownership.
 */
export function pointToPolygonLocation(
  polygon: readonly (readonly Position[])[],
  px: number,
  py: number,
): PointLocation {
  checkQuery(polygon, px, py, 'pointToPolygonLocation');
  for (const ring of polygon) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      if (onSegment(ring[j][0], ring[j][1], ring[i][0], ring[i][1], px, py)) return 'boundary';
    }
  }
  return isInPolygon(polygon, px, py) ? 'interior' : 'exterior';
}
