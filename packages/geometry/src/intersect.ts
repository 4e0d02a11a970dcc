/**
 * Where two segments cross. Cross products are evaluated with error-free transformations (Dekker's
 * product, Knuth's sum), so near-parallel segments, whose determinant cancels catastrophically in plain
 * floating point, still get an accurate point; for integer coordinates (the snap grid) the pixel holding
 * the exact crossing is found exactly, with a BigInt fallback when rounding is close to a tie.
 */

const SPLITTER = 134217729; // 2^27 + 1

/** `a × b` as the unevaluated sum `hi + lo`, exactly (Dekker). Writes `lo` to `dd[1]`, returns `hi`. */
function twoProduct(a: number, b: number, dd: Float64Array): number {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  dd[1] = al * bl - (p - ah * bh - al * bh - ah * bl);
  return p;
}

const t1 = new Float64Array(2);
const t2 = new Float64Array(2);

/**
 * `a·d − b·c` with the products exact and the sum of the four parts accumulated with error-free sums:
 * relative error about 2⁻⁵², even when the two products nearly cancel.
 */
export function crossAccurate(a: number, d: number, b: number, c: number): number {
  const p = twoProduct(a, d, t1);
  const q = twoProduct(b, c, t2);
  // (p + t1[1]) - (q + t2[1]): the leading difference exactly, then the tails.
  const s = p - q;
  const bv = s - p;
  const err = p - (s - bv) + (-q - bv);
  return s + (err + (t1[1] - t2[1]));
}

/**
 * The crossing point of the lines through `a–b` and `c–d`, written to `out` as `[x, y]`, computed in a
 * frame local to `a` with accurate cross products and clamped to the segments' common bounding box.
 * Meant for segments known to cross (see `segmentRelation`); for parallel segments it returns the
 * middle of the common box. Returns `out`.
 */
export function intersectionPoint(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  out: Float64Array | number[] = new Float64Array(2),
): Float64Array | number[] {
  const ux = bx - ax;
  const uy = by - ay;
  const vx = dx - cx;
  const vy = dy - cy;
  const wx = cx - ax;
  const wy = cy - ay;
  const den = crossAccurate(ux, vy, uy, vx);
  const x0 = Math.max(Math.min(ax, bx), Math.min(cx, dx));
  const x1 = Math.min(Math.max(ax, bx), Math.max(cx, dx));
  const y0 = Math.max(Math.min(ay, by), Math.min(cy, dy));
  const y1 = Math.min(Math.max(ay, by), Math.max(cy, dy));
  if (den === 0) {
    out[0] = (x0 + x1) / 2;
    out[1] = (y0 + y1) / 2;
    return out;
  }
  const t = crossAccurate(wx, vy, wy, vx) / den;
  out[0] = Math.min(x1, Math.max(x0, ax + t * ux));
  out[1] = Math.min(y1, Math.max(y0, ay + t * uy));
  return out;
}

/**
 * For integer coordinates (all below 2^45 in magnitude): the integer point nearest the exact crossing of
 * the lines through `a–b` and `c–d` (halves round up), written to `out`. Exact: a double-double estimate
 * decides unless it lies within its error bound of a rounding tie, then BigInt arithmetic does. The
 * segments must not be parallel.
 */
export function roundedIntersection(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  out: Float64Array,
): void {
  const ux = bx - ax;
  const uy = by - ay;
  const vx = dx - cx;
  const vy = dy - cy;
  const wx = cx - ax;
  const wy = cy - ay;
  const t = crossAccurate(wx, vy, wy, vx) / crossAccurate(ux, vy, uy, vx);
  const qx = t * ux;
  const qy = t * uy;
  const fast = isSafe(qx, ux) && isSafe(qy, uy);
  out[0] = ax + (fast ? Math.floor(qx + 0.5) : exactRound(ux, ux, uy, vx, vy, wx, wy));
  out[1] = ay + (fast ? Math.floor(qy + 0.5) : exactRound(uy, ux, uy, vx, vy, wx, wy));
}

/** Whether the estimate `q` of `t·u` is far enough from a rounding tie for its error (a few ulps). */
function isSafe(q: number, u: number): boolean {
  const frac = q - Math.floor(q);
  const err = (Math.abs(q) + Math.abs(u)) * 2 ** -46 + 2 ** -40;
  return Math.abs(frac - 0.5) > err;
}

/** Exactly `floor(t·c + 1/2)` with `t = (w × v) / (u × v)`, in BigInt. */
function exactRound(
  c: number,
  ux: number,
  uy: number,
  vx: number,
  vy: number,
  wx: number,
  wy: number,
): number {
  const num = BigInt(wx) * BigInt(vy) - BigInt(wy) * BigInt(vx);
  const den = BigInt(ux) * BigInt(vy) - BigInt(uy) * BigInt(vx);
  let n = 2n * num * BigInt(c) + den;
  let d = 2n * den;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let q = n / d;
  if (n % d !== 0n && n < 0n) q -= 1n;
  return Number(q);
}
