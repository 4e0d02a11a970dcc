/**
 * Where the connected components of an arrangement nest: each component's outer cycle is a hole of the
 * face east of the nearest edge of another component due west of its lowest-leftmost vertex (exact).
 */
import Flatbush from 'flatbush';
import { orientSign } from '../predicates';
import type { Arrangement } from './arrangement';

/**
 * The face enclosing each component: the face east of the nearest edge of another component due west of
 * its lowest-leftmost vertex (0 when there is none), resolved through components that are themselves
 * enclosed.
 */
export function enclosingFaces(
  arr: Arrangement,
  components: number[],
  componentOf: Int32Array,
  find: (v: number) => number,
  cycleOf: Int32Array,
  cycleFace: Int32Array,
  isOuter: Int32Array,
): Int32Array {
  const n = components.length;
  const result = new Int32Array(n).fill(-1);
  if (n <= 1) return result.fill(0);
  const { xy, edgeLo, edgeHi, edgeCount } = arr;
  const tree = new Flatbush(edgeCount);
  let minX = Number.POSITIVE_INFINITY;
  for (let k = 0; k < edgeCount; k++) {
    const ax = xy[2 * edgeLo[k]];
    const ay = xy[2 * edgeLo[k] + 1];
    const bx = xy[2 * edgeHi[k]];
    const by = xy[2 * edgeHi[k] + 1];
    minX = Math.min(minX, ax, bx);
    tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  tree.finish();
  // The half-edge east of the nearest edge west of each component, or -1.
  const westOf = new Int32Array(n).fill(-1);
  for (let c = 0; c < n; c++) {
    const v = components[c];
    const vx = xy[2 * v];
    const vy = xy[2 * v + 1];
    let best = -1;
    for (const k of tree.search(minX, vy, vx, vy)) {
      if (componentOf[find(edgeLo[k])] === c) continue;
      const lo = xy[2 * edgeLo[k] + 1] <= xy[2 * edgeHi[k] + 1] ? edgeLo[k] : edgeHi[k];
      const hi = lo === edgeLo[k] ? edgeHi[k] : edgeLo[k];
      if (!(xy[2 * lo + 1] <= vy && vy < xy[2 * hi + 1])) continue;
      if (orientSign(xy[2 * lo], xy[2 * lo + 1], xy[2 * hi], xy[2 * hi + 1], vx, vy) >= 0) continue;
      if (best < 0 || isEastOf(xy, lo, hi, edgeLo[best], edgeHi[best])) best = k;
    }
    if (best < 0) continue;
    // The half-edge running down (its left side faces east).
    const down = xy[2 * edgeLo[best] + 1] > xy[2 * edgeHi[best] + 1] ? 2 * best : 2 * best + 1;
    westOf[c] = down;
  }
  for (let c = 0; c < n; c++) {
    const chain: number[] = [];
    let d = c;
    let face = -1;
    while (face < 0) {
      if (result[d] >= 0) {
        face = result[d];
        break;
      }
      chain.push(d);
      const h = westOf[d];
      if (h < 0) {
        face = 0;
        break;
      }
      const cyc = cycleOf[h];
      if (isOuter[cyc] < 0) face = cycleFace[cyc];
      else d = isOuter[cyc];
    }
    for (const e of chain) result[e] = face;
  }
  return result;
}

/**
 * Whether the upward edge `lo → hi` crosses the line just above the query's height east of the upward
 * edge `p → q` (given as its two ends in any order). Both straddle that line and the two do not cross.
 */
function isEastOf(xy: Float64Array, lo: number, hi: number, p: number, q: number): boolean {
  const l2 = xy[2 * p + 1] <= xy[2 * q + 1] ? p : q;
  const h2 = l2 === p ? q : p;
  if (lo === l2) {
    // A shared lower end: compare the upper ends.
    return orientSign(xy[2 * l2], xy[2 * l2 + 1], xy[2 * h2], xy[2 * h2 + 1], xy[2 * hi], xy[2 * hi + 1]) < 0;
  }
  if (xy[2 * lo + 1] >= xy[2 * l2 + 1]) {
    // `lo` lies within the other edge's height: east of it means right of the upward edge.
    return orientSign(xy[2 * l2], xy[2 * l2 + 1], xy[2 * h2], xy[2 * h2 + 1], xy[2 * lo], xy[2 * lo + 1]) < 0;
  }
  // `l2` lies within this edge's height: this edge is east when `l2` is left of it.
  return orientSign(xy[2 * lo], xy[2 * lo + 1], xy[2 * hi], xy[2 * hi + 1], xy[2 * l2], xy[2 * l2 + 1]) > 0;
}
