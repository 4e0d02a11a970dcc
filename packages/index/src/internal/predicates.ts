import { orient2d } from 'robust-predicates';

/** Shewchuk's error bound of the floating-point orientation, `(3 + 16ε)ε` with `ε = 2^-53`. */
export const ORIENT_BOUND = (3 + 16 * 2 ** -53) * 2 ** -53;

/**
 * The exact sign of the orientation of `c` against the directed line `a → b`: +1 when `c` lies to the
 * left (counter-clockwise), -1 to the right, 0 exactly on the line. A floating-point filter decides
 * almost every call; only near-collinear cases go to robust-predicates' adaptive `orient2d` (whose sign
 * convention is the opposite, hence the flip).
 */
export function orientSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  // The counter-clockwise-positive determinant, the negation of orient2d's.
  const left = (ax - cx) * (by - cy);
  const right = (ay - cy) * (bx - cx);
  const det = left - right;
  const bound = ORIENT_BOUND * (Math.abs(left) + Math.abs(right));
  if (det > bound) return 1;
  if (-det > bound) return -1;
  const exact = orient2d(ax, ay, bx, by, cx, cy);
  return exact < 0 ? 1 : exact > 0 ? -1 : 0;
}

/**
 * Simulation of simplicity. Every query point `p` stands for `p + δ` with `δ = (ε, ε²)`, `ε → 0+`: a point
 * nudged infinitesimally east, and, on a tie, north. The nudged point never lies on an edge, so in a
 * tiling it lies strictly inside exactly one tile.
 *
 * Does edge `a → b` count for the eastward ray from `p + δ`? It counts when it straddles the ray's line
 * (`y > py` on exactly one side: a vertex at `py` lies below the nudged line) and crosses it east of the
 * nudged point. When `p` is exactly on the edge the crossing is at `p.x + O(ε²)`, west of `p.x + ε`: it
 * does not count.
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

/** Is `p` exactly on the closed segment `a – b`? */
export function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  if (px < Math.min(ax, bx) || px > Math.max(ax, bx)) return false;
  if (py < Math.min(ay, by) || py > Math.max(ay, by)) return false;
  return orient2d(ax, ay, bx, by, px, py) === 0;
}
