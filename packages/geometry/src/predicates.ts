import { incircle, orient2d } from 'robust-predicates';

/** Shewchuk's error bound of the floating-point orientation, `(3 + 16ε)ε` with `ε = 2^-53`. */
export const ORIENT_BOUND = (3 + 16 * 2 ** -53) * 2 ** -53;

/**
 * The exact sign of the orientation of `c` against the directed line `a → b`: +1 when `c` lies to the
 * left (counter-clockwise), -1 to the right, 0 exactly on the line. A floating-point filter decides
 * almost every call; only near-collinear cases go to robust-predicates' adaptive `orient2d` (whose sign
 * convention is the opposite, hence the flip). Exact for any finite doubles.
 */
export function orientSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
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
 * The exact sign of the in-circle test: +1 when `d` lies strictly inside the circle through `a`, `b`, `c`
 * (taken counter-clockwise), -1 outside, 0 on it. For a clockwise `a, b, c` the sign flips.
 * robust-predicates' adaptive `incircle` (its own filter, then exact).
 */
export function inCircleSign(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  const v = incircle(ax, ay, bx, by, cx, cy, dx, dy);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/**
 * Exact order of two directions leaving the vertex `v`, towards `a` and towards `b`, counter-clockwise
 * from due east (east itself first, then north, west, south): negative when `a` comes first, positive
 * when `b` does, 0 when they point the same way. No `atan2`: half-plane, then orientation.
 */
export function compareAround(
  vx: number,
  vy: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const ha = ay > vy || (ay === vy && ax > vx) ? 0 : 1;
  const hb = by > vy || (by === vy && bx > vx) ? 0 : 1;
  if (ha !== hb) return ha - hb;
  return -orientSign(vx, vy, ax, ay, bx, by);
}

/** How two closed segments meet: see {@link segmentRelation}. */
export const SegmentRelation = {
  /** No common point. */
  DISJOINT: 0,
  /** The interiors cross at one point that is an end of neither segment. */
  CROSS: 1,
  /** One common point, an end of at least one segment. */
  TOUCH: 2,
  /** Collinear with a common stretch of positive length. */
  OVERLAP: 3,
} as const;

/** One of the values of {@link SegmentRelation}. */
export type SegmentRelation = (typeof SegmentRelation)[keyof typeof SegmentRelation];

/**
 * Exact classification of how the closed segments `a–b` and `c–d` meet (each of positive length):
 * {@link SegmentRelation} `DISJOINT`, `CROSS` (a proper crossing), `TOUCH` (an end of one on the other,
 * or a shared end) or `OVERLAP` (collinear along a stretch).
 */
export function segmentRelation(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): SegmentRelation {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return 0;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return 0;
  const o1 = orientSign(ax, ay, bx, by, cx, cy);
  const o2 = orientSign(ax, ay, bx, by, dx, dy);
  if (o1 !== 0 && o1 === o2) return 0;
  const o3 = orientSign(cx, cy, dx, dy, ax, ay);
  const o4 = orientSign(cx, cy, dx, dy, bx, by);
  if (o3 !== 0 && o3 === o4) return 0;
  if (o1 === 0 && o2 === 0) {
    // Collinear: project on the longer axis of a–b and compare the intervals.
    const useX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const a0 = useX ? Math.min(ax, bx) : Math.min(ay, by);
    const a1 = useX ? Math.max(ax, bx) : Math.max(ay, by);
    const c0 = useX ? Math.min(cx, dx) : Math.min(cy, dy);
    const c1 = useX ? Math.max(cx, dx) : Math.max(cy, dy);
    const lo = Math.max(a0, c0);
    const hi = Math.min(a1, c1);
    if (lo > hi) return 0;
    return lo === hi ? 2 : 3;
  }
  if (o1 === 0 || o2 === 0 || o3 === 0 || o4 === 0) return 2;
  return 1;
}

/** Is `p` exactly on the closed segment `a – b`? */
export function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  if (px < Math.min(ax, bx) || px > Math.max(ax, bx)) return false;
  if (py < Math.min(ay, by) || py > Math.max(ay, by)) return false;
  return orientSign(ax, ay, bx, by, px, py) === 0;
}
