import { ORIENT_BOUND, orientSign } from '@wangge/geometry/internal';

/**
 * Does edge `a → b` count for the northward ray from `p + δ` (the nudged point of the boundary rule,
 * `δ = (ε, ε²)`, `ε → 0+`)? It counts when it straddles the vertical line `x = px + ε` (a vertex at
 * `px` lies west of it) and meets it north of the nudged point. On a tie (p on the edge's line) the
 * crossing is at `py + slope · ε`, north of `py + ε²` exactly when the slope is positive.
 */
export function edgeCountsNorth(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  px: number,
  py: number,
): boolean {
  if (ax > px === bx > px) return false;
  if (ay > py && by > py) return true;
  if (ay < py && by < py) return false;
  const o = orientSign(ax, ay, bx, by, px, py);
  // Sign of orient(a, b, p + δ): the exact sign, or on a tie that of (b - a) × δ.
  const side = o !== 0 ? o : by !== ay ? (by > ay ? -1 : 1) : bx > ax ? 1 : -1;
  // North of the nudged point means the point is below the edge's line, taken west to east.
  return bx > ax ? side < 0 : side > 0;
}

/*
 * The path of a leaf test runs from the reference point `c + δ` north (or south) to `(cx, py) + δ`, then
 * east (or west) to `p + δ`. Its ends and its corner are nudged points, never on an edge, so the parity
 * of its crossings with a part's edges flips the part's membership exactly, as a straight segment's
 * would. Each leg is cheap: an edge crosses it only if it straddles the leg's line, which most edges of
 * a cell do not (two comparisons), and then only if it passes between the leg's ends.
 */

/**
 * 1 when edge `a → b`, which straddles the vertical line `x = px + ε`, crosses the nudged leg
 * `(px, y1) → (px, y2)`, else 0: the two ends see the crossing on different sides (north or south).
 */
export function northLegFlips(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  px: number,
  y1: number,
  y2: number,
): number {
  if (y1 === y2) return 0;
  // Both vertices strictly north of both ends (or south): the crossing is on the same side of both.
  if (ay > y1 && ay > y2 && by > y1 && by > y2) return 0;
  if (ay < y1 && ay < y2 && by < y1 && by < y2) return 0;
  return edgeCountsNorth(ax, ay, bx, by, px, y1) !== edgeCountsNorth(ax, ay, bx, by, px, y2) ? 1 : 0;
}

/**
 * 1 when edge `a → b`, which straddles the horizontal line `y = py + ε²`, crosses the nudged leg
 * `(x1, py) → (x2, py)`, else 0: the boundary rule's eastward ray counts it from one end and not the
 * other (the ray counts an edge crossing strictly east of the nudged point, so an edge through the
 * point itself does not count).
 */
export function eastLegFlips(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  x1: number,
  x2: number,
  py: number,
): number {
  if (x1 === x2) return 0;
  if (ax > x1 && ax > x2 && bx > x1 && bx > x2) return 0;
  if (ax < x1 && ax < x2 && bx < x1 && bx < x2) return 0;
  // Oriented upward, the edge counts for a point strictly to its left (west).
  const up = by > ay;
  const o1 = orientSign(ax, ay, bx, by, x1, py);
  const o2 = orientSign(ax, ay, bx, by, x2, py);
  return (up ? o1 > 0 : o1 < 0) !== (up ? o2 > 0 : o2 < 0) ? 1 : 0;
}

/**
 * The path under test, `cx, cy, px, py`: set once per leaf query, read by {@link pathFlips}, so the hot
 * call passes no floating-point arguments (a call the optimiser does not inline boxes every number).
 */
export const path = new Float64Array(4);

/**
 * The flips (0 or 1) that the edge from vertex `e / 2` of `xy` makes on the whole {@link path}, from
 * `c + δ` north (or south) to `(cx, py) + δ`, then east (or west) to `p + δ`: {@link northLegFlips} xor
 * {@link eastLegFlips}, written out with the orientation filter inline, since this is the innermost
 * loop of every leaf query. Only orientations the filter cannot decide go to the exact `orientSign`.
 */
export function pathFlips(xy: Float64Array, e: number): number {
  const cx = path[0];
  const cy = path[1];
  const px = path[2];
  const py = path[3];
  const ax = xy[e];
  const ay = xy[e + 1];
  const bx = xy[e + 2];
  const by = xy[e + 3];
  let flip = 0; // North leg, x = cx + ε from cy to py: the edge must straddle it and reach between the two ends.
  if (ax > cx !== bx > cx && cy !== py) {
    const above = ay > cy && ay > py && by > cy && by > py;
    const below = ay < cy && ay < py && by < cy && by < py;
    if (!above && !below) {
      // West → east: u is the vertex at or west of cx.
      const west = !(ax > cx);
      const ux = west ? ax : bx;
      const uy = west ? ay : by;
      const wx = west ? bx : ax;
      const wy = west ? by : ay;
      // Orientation of (cx, y) against u → w, for y = cy and y = py; north of the nudged point when < 0,
      // or on a tie when the edge rises (its crossing is at y + slope · ε).
      let l = (ux - cx) * (wy - cy);
      let r = (uy - cy) * (wx - cx);
      let d = l - r;
      let bound = ORIENT_BOUND * (Math.abs(l) + Math.abs(r));
      let o = d > bound ? 1 : -d > bound ? -1 : orientSign(ux, uy, wx, wy, cx, cy);
      const north1 = o < 0 || (o === 0 && wy > uy);
      l = (ux - cx) * (wy - py);
      r = (uy - py) * (wx - cx);
      d = l - r;
      bound = ORIENT_BOUND * (Math.abs(l) + Math.abs(r));
      o = d > bound ? 1 : -d > bound ? -1 : orientSign(ux, uy, wx, wy, cx, py);
      const north2 = o < 0 || (o === 0 && wy > uy);
      if (north1 !== north2) flip = 1;
    }
  }
  // East leg, y = py + ε² from cx to px: the edge must straddle it and pass between the two ends.
  if (ay > py !== by > py && cx !== px) {
    const east = ax > cx && ax > px && bx > cx && bx > px;
    const west = ax < cx && ax < px && bx < cx && bx < px;
    if (!east && !west) {
      // Bottom → top: u is the vertex at or below py. The eastward ray from a point counts the edge
      // when the point is strictly left of it (an edge through the point does not count).
      const low = !(ay > py);
      const ux = low ? ax : bx;
      const uy = low ? ay : by;
      const wx = low ? bx : ax;
      const wy = low ? by : ay;
      let l = (ux - cx) * (wy - py);
      let r = (uy - py) * (wx - cx);
      let d = l - r;
      let bound = ORIENT_BOUND * (Math.abs(l) + Math.abs(r));
      const count1 = d > bound || (!(-d > bound) && orientSign(ux, uy, wx, wy, cx, py) > 0);
      l = (ux - px) * (wy - py);
      r = (uy - py) * (wx - px);
      d = l - r;
      bound = ORIENT_BOUND * (Math.abs(l) + Math.abs(r));
      const count2 = d > bound || (!(-d > bound) && orientSign(ux, uy, wx, wy, px, py) > 0);
      if (count1 !== count2) flip ^= 1;
    }
  }
  return flip;
}
