/** Repair's fold cutting: snapping can hook a ring across itself by centimetres; such loops are cut off. */
import type { Position } from 'geojson';
import { M_PER_DEG_LAT, M_PER_DEG_LON, meanWidthOf } from './measure';

type Polys = Position[][][];

/** Self-crossing loops up to this many tolerances long are snapping folds, cut off by `cutSmallLoops`. */
const LOOP_TOLERANCES = 10;

/**
 * The polygons without their small folds: where two edges of a ring cross and the stretch of ring between
 * them is shorter than `LOOP_TOLERANCES × tolerance` metres, that stretch is replaced by the crossing
 * point; holes narrower on average than `tolerance` (slivers left along a folded edge) are dropped.
 */
export function cutSmallLoops(polygons: Polys, tolerance: number): Polys {
  return polygons.map((rings) =>
    rings
      .map((ring) => cutRingLoops(ring, LOOP_TOLERANCES * tolerance))
      .filter((ring, i) => i === 0 || meanWidthOf([ring]) >= tolerance),
  );
}

function cutRingLoops(closed: Position[], maxLoop: number): Position[] {
  let ring = closed.slice(0, -1);
  for (let cut = true; cut && ring.length > 3; ) {
    cut = false;
    const n = ring.length;
    for (let i = 0; i < n && !cut; i++) {
      for (let j = i + 2; j < n && !cut; j++) {
        if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
        const x = crossing(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]);
        if (x === null) continue;
        let inner = 0;
        for (let k = i + 1; k < j; k++) inner += metresBetween(ring[k], ring[k + 1]);
        let outer = 0;
        for (let k = j + 1; k < n + i; k++) outer += metresBetween(ring[k % n], ring[(k + 1) % n]);
        if (Math.min(inner, outer) > maxLoop) continue;
        // Keep the longer side, joined through the crossing point.
        ring =
          inner <= outer
            ? [...ring.slice(0, i + 1), x, ...ring.slice(j + 1)]
            : [x, ...ring.slice(i + 1, j + 1)];
        cut = true;
      }
    }
  }
  return [...ring, ring[0]];
}

/** The point where segments `a-b` and `c-d` properly cross, or `null`. */
function crossing(a: Position, b: Position, c: Position, d: Position): Position | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const denominator = rx * sy - ry * sx;
  if (denominator === 0) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denominator;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / denominator;
  if (t <= 0 || t >= 1 || u <= 0 || u >= 1) return null;
  return [a[0] + t * rx, a[1] + t * ry];
}

function metresBetween(a: Position, b: Position): number {
  const kx = M_PER_DEG_LON * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG_LAT);
}
