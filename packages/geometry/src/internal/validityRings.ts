/**
 * The rings of a polygonal geometry laid out for the validity check: cleaned (consecutive repeats
 * dropped, closed) in one coordinate array, with their edges, boxes and exact orientation; the per-ring
 * problems (unclosed, too few positions, repeats, collapsed) are reported while reading.
 */
import type { Position } from 'geojson';
import { orientSign } from '../predicates';
import type { ValidityProblem } from '../validity';

/** Rings and edges of one geometry; rings are numbered across parts. */
export interface ValidityRings {
  count: number;
  /** Polygon index and ring index in the polygon, per ring. */
  part: Int32Array;
  ringInPart: Int32Array;
  /** Cleaned closed ring `r` is vertices `start[r] .. start[r + 1] − 1` of `xy`. */
  start: Int32Array;
  xy: Float64Array;
  /** `minX, minY, maxX, maxY` of ring `r` at `4r`. */
  box: Float64Array;
  /** Exact orientation (+1 counter-clockwise, -1 clockwise, 0 none), taken at the lowest vertex. */
  orientation: Int8Array;
  /** 1 for rings left out of the edge checks (fewer than 3 distinct positions, or collapsed). */
  skip: Uint8Array;
  /** Edge `e` runs `ex[4e], ex[4e+1] → ex[4e+2], ex[4e+3]`; it is edge `edgeIndex[e]` of ring `edgeRing[e]`. */
  ex: Float64Array;
  edgeRing: Int32Array;
  edgeIndex: Int32Array;
  edgeCount: number;
  /** Edges of each ring. */
  ringEdgeCount: Int32Array;
}

/** Reads rings, reports per-ring problems into `problems`. Coordinates must be checked already. */
export function ringsFromPositions(polygons: Position[][][], problems: ValidityProblem[]): ValidityRings {
  const part: number[] = [];
  const ringInPart: number[] = [];
  const start: number[] = [0];
  const coords: number[] = [];
  const skip: number[] = [];
  polygons.forEach((rings, p) => {
    rings.forEach((raw, r) => {
      const where = { part: p, ring: r };
      const first = raw[0];
      const last = raw[raw.length - 1];
      if (raw.length > 0 && (first[0] !== last[0] || first[1] !== last[1])) {
        problems.push({
          reason: 'unclosed-ring',
          severity: 'warning',
          message: 'the ring does not end where it starts',
          location: [last[0], last[1]],
          ...where,
        });
      }
      if (raw.length < 4) {
        problems.push({
          reason: 'too-few-points',
          severity: 'error',
          message: `the ring has ${raw.length} positions; a polygon ring needs at least 4`,
          location: raw.length > 0 ? [first[0], first[1]] : [Number.NaN, Number.NaN],
          ...where,
        });
      }
      const ring: Position[] = [];
      let repeatAt: Position | null = null;
      for (const q of raw) {
        const prev = ring[ring.length - 1];
        if (prev !== undefined && prev[0] === q[0] && prev[1] === q[1]) {
          repeatAt ??= [q[0], q[1]];
          continue;
        }
        ring.push([q[0], q[1]]);
      }
      while (
        ring.length > 1 &&
        ring[0][0] === ring[ring.length - 1][0] &&
        ring[0][1] === ring[ring.length - 1][1]
      ) {
        ring.pop();
      }
      if (repeatAt !== null) {
        problems.push({
          reason: 'repeated-point',
          severity: 'warning',
          message: 'a position repeats the one before it',
          location: repeatAt,
          ...where,
        });
      }
      let unusable = ring.length < 3;
      if (!unusable && isCollinear(ring)) {
        unusable = true;
        problems.push({
          reason: 'collapsed-ring',
          severity: 'error',
          message: 'the ring has no area: all its positions lie on one line',
          location: ring[0],
          ...where,
        });
      } else if (unusable && raw.length >= 4) {
        problems.push({
          reason: 'too-few-points',
          severity: 'error',
          message: `the ring has ${ring.length} distinct positions; a polygon ring needs at least 3`,
          location: ring.length > 0 ? ring[0] : [Number.NaN, Number.NaN],
          ...where,
        });
      }
      part.push(p);
      ringInPart.push(r);
      skip.push(unusable ? 1 : 0);
      if (!unusable) {
        for (const q of ring) coords.push(q[0], q[1]);
        coords.push(ring[0][0], ring[0][1]);
      }
      start.push(coords.length / 2);
    });
  });
  const count = part.length;
  const xy = Float64Array.from(coords);
  const box = new Float64Array(4 * count);
  const orientation = new Int8Array(count);
  const ringEdgeCount = new Int32Array(count);
  let edgeCount = 0;
  for (let r = 0; r < count; r++) {
    const n = start[r + 1] - start[r];
    ringEdgeCount[r] = Math.max(0, n - 1);
    edgeCount += ringEdgeCount[r];
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    let low = start[r];
    for (let k = start[r]; k < start[r + 1]; k++) {
      const x = xy[2 * k];
      const y = xy[2 * k + 1];
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
      if (y < xy[2 * low + 1] || (y === xy[2 * low + 1] && x < xy[2 * low])) low = k;
    }
    box.set([x0, y0, x1, y1], 4 * r);
    if (n >= 4) {
      const m = n - 1;
      const at = low - start[r] === m ? 0 : low - start[r];
      const prev = start[r] + ((at + m - 1) % m);
      const v = start[r] + at;
      const next = start[r] + at + 1;
      orientation[r] = orientSign(
        xy[2 * prev],
        xy[2 * prev + 1],
        xy[2 * v],
        xy[2 * v + 1],
        xy[2 * next],
        xy[2 * next + 1],
      );
    }
  }
  const ex = new Float64Array(4 * edgeCount);
  const edgeRing = new Int32Array(edgeCount);
  const edgeIndex = new Int32Array(edgeCount);
  let e = 0;
  for (let r = 0; r < count; r++) {
    for (let k = start[r]; k + 1 < start[r + 1]; k++, e++) {
      ex[4 * e] = xy[2 * k];
      ex[4 * e + 1] = xy[2 * k + 1];
      ex[4 * e + 2] = xy[2 * k + 2];
      ex[4 * e + 3] = xy[2 * k + 3];
      edgeRing[e] = r;
      edgeIndex[e] = k - start[r];
    }
  }
  return {
    count,
    part: Int32Array.from(part),
    ringInPart: Int32Array.from(ringInPart),
    start: Int32Array.from(start),
    xy,
    box,
    orientation,
    skip: Uint8Array.from(skip),
    ex,
    edgeRing,
    edgeIndex,
    edgeCount,
    ringEdgeCount,
  };
}

function isCollinear(ring: Position[]): boolean {
  const [ax, ay] = ring[0];
  const [bx, by] = ring[1];
  for (let k = 2; k < ring.length; k++)
    if (orientSign(ax, ay, bx, by, ring[k][0], ring[k][1]) !== 0) return false;
  return true;
}
