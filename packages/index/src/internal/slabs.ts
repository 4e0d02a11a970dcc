import { edgeCounts, onSegment } from '@wangge/geometry/internal';
import type { Rings } from './rings';

/**
 * Per-part edge buckets: each part's y-range cut into horizontal slabs, each listing the edges whose
 * y-range meets it. Only edges whose closed y-range holds a point's y can cross its eastward ray or hold
 * the point, and all of them are in the point's slab, so a whole-part test reads one slab: about √edges
 * edges instead of all of them.
 */
export interface Slabs {
  /** First slab of part `p`; `partSlab[p + 1]` is one past its last. */
  partSlab: Uint32Array;
  /** Edges of slab `s` are `edges[slabStart[s] .. slabStart[s + 1]]`, each named by its first vertex. */
  slabStart: Uint32Array;
  edges: Uint32Array;
}

/** Builds the slabs of every part: about √edges slabs per part, at most 1,024. */
export function slabsFromRings(rings: Rings): Slabs {
  const { xy, ringStart, partRingStart, partBox, parts } = rings;
  const partSlab = new Uint32Array(parts + 1);
  for (let p = 0; p < parts; p++) {
    const edgeCount =
      ringStart[partRingStart[p + 1]] -
      ringStart[partRingStart[p]] -
      (partRingStart[p + 1] - partRingStart[p]);
    partSlab[p + 1] = partSlab[p] + Math.min(1024, Math.max(1, Math.round(Math.sqrt(edgeCount))));
  }
  const slabStart = new Uint32Array(partSlab[parts] + 1);
  const visit = (p: number, each: (slab: number, v: number) => void) => {
    const first = partSlab[p];
    const count = partSlab[p + 1] - first;
    const y0 = partBox[4 * p + 1];
    const scale = count / (partBox[4 * p + 3] - y0);
    for (let r = partRingStart[p]; r < partRingStart[p + 1]; r++) {
      for (let v = ringStart[r]; v < ringStart[r + 1] - 1; v++) {
        const a = slabOf(Math.min(xy[2 * v + 1], xy[2 * v + 3]), y0, scale, count);
        const b = slabOf(Math.max(xy[2 * v + 1], xy[2 * v + 3]), y0, scale, count);
        for (let s = a; s <= b; s++) each(first + s, v);
      }
    }
  };
  for (let p = 0; p < parts; p++) visit(p, (s) => slabStart[s + 1]++);
  for (let s = 0; s + 1 < slabStart.length; s++) slabStart[s + 1] += slabStart[s];
  const edges = new Uint32Array(slabStart[slabStart.length - 1]);
  const cursor = slabStart.slice(0, slabStart.length - 1);
  for (let p = 0; p < parts; p++) visit(p, (s, v) => (edges[cursor[s]++] = v));
  return { partSlab, slabStart, edges };
}

/** Slab of a y within the part's range (clamped), by the same arithmetic at build and query. */
function slabOf(y: number, y0: number, scale: number, count: number): number {
  const s = Math.floor((y - y0) * scale);
  return s < 0 ? 0 : s >= count ? count - 1 : s;
}

/** The slab of part `p` holding `y`, or -1 when `y` is outside the part's closed y-range. */
function slabAt(rings: Rings, slabs: Slabs, p: number, y: number): number {
  const y0 = rings.partBox[4 * p + 1];
  const y1 = rings.partBox[4 * p + 3];
  if (y < y0 || y > y1) return -1;
  const first = slabs.partSlab[p];
  const count = slabs.partSlab[p + 1] - first;
  return first + slabOf(y, y0, count / (y1 - y0), count);
}

/** Is the nudged point `(x, y) + δ` inside part `p`? Crossing parity over the edges of one slab. */
export function slabContains(rings: Rings, slabs: Slabs, p: number, x: number, y: number): boolean {
  const s = slabAt(rings, slabs, p, y);
  if (s < 0) return false;
  const { xy } = rings;
  let inside = false;
  for (let i = slabs.slabStart[s]; i < slabs.slabStart[s + 1]; i++) {
    const v = slabs.edges[i];
    if (edgeCounts(xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3], x, y)) inside = !inside;
  }
  return inside;
}

/** Is `(x, y)` exactly on an edge of part `p`? */
export function slabBoundaryHas(rings: Rings, slabs: Slabs, p: number, x: number, y: number): boolean {
  const s = slabAt(rings, slabs, p, y);
  if (s < 0) return false;
  const { xy } = rings;
  for (let i = slabs.slabStart[s]; i < slabs.slabStart[s + 1]; i++) {
    const v = slabs.edges[i];
    if (onSegment(xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3], x, y)) return true;
  }
  return false;
}
