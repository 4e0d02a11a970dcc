/**
 * Rings over vertex ids: the residual edges of an edge table, ring tracing by exact angular order around
 * a vertex (no `atan2`), splitting where a ring touches itself, exact orientation and exact nesting
 * (holes into shells). Rings are closed lists of vertex ids (the first id repeated at the end) into an
 * interleaved `xy` coordinate array.
 */

import type { Position } from 'geojson';
import { isInRingXY } from '../pointRule';
import { onSegment, orientSign } from '../predicates';
import { type EdgeTable, VertexTable } from './hash';

/**
 * The directed edges left over once every edge used in both directions has cancelled: the boundary of
 * the union when the rings tile, with the extra edges of every overlap and gap otherwise.
 */
export interface ResidualEdges {
  length: number;
  /** Start and end vertex of each edge. */
  a: Int32Array;
  b: Int32Array;
  /** The owner the edge belongs to (the first recorded in its direction). */
  owner: Int32Array;
  /** 1 when the edge is used by three owners or more, or twice in the same direction. */
  crowded: Uint8Array;
}

/** The residual edges of a table: every edge not cancelled by its reverse, in slot order. */
export function residualEdges(table: EdgeTable): ResidualEdges {
  let count = 0;
  for (let e = 0; e < table.size; e++) count += Math.abs(table.up[e] - table.down[e]);
  const out: ResidualEdges = {
    length: 0,
    a: new Int32Array(count),
    b: new Int32Array(count),
    owner: new Int32Array(count),
    crowded: new Uint8Array(count),
  };
  for (let e = 0; e < table.size; e++) {
    const net = table.up[e] - table.down[e];
    const crowded = table.up[e] + table.down[e] > 2 || Math.abs(net) > 1 ? 1 : 0;
    for (let k = 0; k < Math.abs(net); k++) {
      const i = out.length++;
      out.a[i] = net > 0 ? table.lo[e] : table.hi[e];
      out.b[i] = net > 0 ? table.hi[e] : table.lo[e];
      out.owner[i] = net > 0 ? table.upOwner[e] : table.downOwner[e];
      out.crowded[i] = crowded;
    }
  }
  return out;
}

/**
 * Is the direction `v → a` met before `v → b` when turning counter-clockwise from `v → r` (exclusive; the
 * direction of `r` itself comes last)? Exact.
 */
function turnsBefore(xy: ArrayLike<number>, v: number, r: number, a: number, b: number): boolean {
  const ha = sector(xy, v, r, a);
  const hb = sector(xy, v, r, b);
  if (ha !== hb) return ha < hb;
  if (ha === 1 || ha === 3) return false;
  return orientSign(xy[2 * v], xy[2 * v + 1], xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1]) > 0;
}

/** 0: strictly left of `v → r`; 1: straight back; 2: strictly right; 3: the direction of `r`. */
function sector(xy: ArrayLike<number>, v: number, r: number, a: number): number {
  const vx = xy[2 * v];
  const vy = xy[2 * v + 1];
  const o = orientSign(vx, vy, xy[2 * r], xy[2 * r + 1], xy[2 * a], xy[2 * a + 1]);
  if (o > 0) return 0;
  if (o < 0) return 2;
  const sameX = Math.sign(xy[2 * a] - vx) === Math.sign(xy[2 * r] - vx);
  const sameY = Math.sign(xy[2 * a + 1] - vy) === Math.sign(xy[2 * r + 1] - vy);
  return sameX && sameY ? 3 : 1;
}

/**
 * Closed walks along directed edges, each keeping the region (on the left of every edge) on its left: at
 * a vertex with several ways on, the walk takes the first edge clockwise from the one it came along, so
 * it closes the wedge it is in; then every walk that passes a vertex twice is split there. Every ring out
 * is simple; exteriors come out counter-clockwise, holes clockwise. Deterministic: walks start at the
 * lowest unused edge index.
 */
export function traceRings(
  edges: { length: number; a: Int32Array; b: Int32Array },
  xy: ArrayLike<number>,
  vertexCount: number,
): number[][] {
  const n = edges.length;
  const start = new Int32Array(vertexCount + 1);
  for (let i = 0; i < n; i++) start[edges.a[i] + 1]++;
  for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
  const out = new Int32Array(n);
  const fill = start.slice(0, vertexCount);
  for (let i = 0; i < n; i++) out[fill[edges.a[i]]++] = i;
  const used = new Uint8Array(n);
  const rings: number[][] = [];
  for (let e0 = 0; e0 < n; e0++) {
    if (used[e0]) continue;
    const walk = [edges.a[e0]];
    let e = e0;
    while (e >= 0 && !used[e]) {
      used[e] = 1;
      const u = edges.a[e];
      const v = edges.b[e];
      walk.push(v);
      let best = -1;
      for (let k = start[v]; k < start[v + 1]; k++) {
        const c = out[k];
        if (used[c]) continue;
        // The first clockwise from v → u is the last counter-clockwise.
        if (best < 0 || turnsBefore(xy, v, u, edges.b[best], edges.b[c])) best = c;
      }
      e = best;
    }
    if (walk.length >= 4 && walk[0] === walk[walk.length - 1]) rings.push(...splitAtRepeats(walk));
  }
  return rings;
}

/**
 * Splits a closed walk of vertex ids that passes a vertex more than once into simple closed rings: each
 * loop between two visits of a vertex becomes a ring of its own. Loops of fewer than 3 distinct vertices
 * are dropped.
 */
export function splitAtRepeats(walk: readonly number[]): number[][] {
  const loops: number[][] = [];
  const path: number[] = [];
  const at = new Map<number, number>();
  for (const v of walk) {
    const seen = at.get(v);
    if (seen !== undefined) {
      const loop = path.splice(seen + 1);
      for (const q of loop) at.delete(q);
      if (loop.length >= 2) loops.push([v, ...loop, v]);
    } else {
      at.set(v, path.length);
      path.push(v);
    }
  }
  return loops;
}

/**
 * The exact orientation of a simple closed ring of vertex ids: +1 counter-clockwise, -1 clockwise, 0 when
 * degenerate. Decided at the lowest (then leftmost) vertex, which is convex.
 */
export function ringOrientation(ring: readonly number[], xy: ArrayLike<number>): number {
  const n = ring.length - 1;
  if (n < 3) return 0;
  let k = 0;
  for (let i = 1; i < n; i++) {
    const y = xy[2 * ring[i] + 1];
    const yk = xy[2 * ring[k] + 1];
    if (y < yk || (y === yk && xy[2 * ring[i]] < xy[2 * ring[k]])) k = i;
  }
  const p = ring[(k + n - 1) % n];
  const v = ring[k];
  const q = ring[k + 1];
  return orientSign(xy[2 * p], xy[2 * p + 1], xy[2 * v], xy[2 * v + 1], xy[2 * q], xy[2 * q + 1]);
}

/** Twice the signed area of a closed ring of vertex ids (shoelace in a frame local to its first vertex). */
export function ringArea2(ring: readonly number[], xy: ArrayLike<number>): number {
  const x0 = xy[2 * ring[0]];
  const y0 = xy[2 * ring[0] + 1];
  let twice = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    twice += (xy[2 * a] - x0) * (xy[2 * b + 1] - y0) - (xy[2 * b] - x0) * (xy[2 * a + 1] - y0);
  }
  return twice;
}

/** Whether the simple closed ring `outer` encloses the ring `inner` (which it does not cross). Exact. */
export function ringEncloses(
  outer: readonly number[],
  inner: readonly number[],
  xy: ArrayLike<number>,
): boolean {
  const flat = new Float64Array(outer.length * 2);
  for (let i = 0; i < outer.length; i++) {
    flat[2 * i] = xy[2 * outer[i]];
    flat[2 * i + 1] = xy[2 * outer[i] + 1];
  }
  const probe = probeOf(inner, outer, xy);
  return isInRingXY(flat, 0, outer.length - 1, probe[0], probe[1]);
}

/** A point of `inner` that is not on `outer`: a vertex off it, else the midpoint of an edge. */
function probeOf(
  inner: readonly number[],
  outer: readonly number[],
  xy: ArrayLike<number>,
): [number, number] {
  const onOuter = (x: number, y: number) => {
    for (let i = 0; i + 1 < outer.length; i++) {
      const a = outer[i];
      const b = outer[i + 1];
      if (onSegment(xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1], x, y)) return true;
    }
    return false;
  };
  for (let i = 0; i + 1 < inner.length; i++) {
    const x = xy[2 * inner[i]];
    const y = xy[2 * inner[i] + 1];
    if (!onOuter(x, y)) return [x, y];
  }
  for (let i = 0; i + 1 < inner.length; i++) {
    const a = inner[i];
    const b = inner[i + 1];
    const x = (xy[2 * a] + xy[2 * b]) / 2;
    const y = (xy[2 * a + 1] + xy[2 * b + 1]) / 2;
    if (!onOuter(x, y)) return [x, y];
  }
  return [xy[2 * inner[0]], xy[2 * inner[0] + 1]];
}

/**
 * Nests simple closed rings that do not cross (they may touch at vertices): the index of the smallest
 * ring enclosing each ring, or -1. Exact containment (the point rule on a probe point off the outer
 * ring); candidates by box, smallest area first.
 */
export function nestRings(rings: readonly (readonly number[])[], xy: ArrayLike<number>): Int32Array {
  const n = rings.length;
  const area = new Float64Array(n);
  const box = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    area[i] = Math.abs(ringArea2(rings[i], xy));
    box.set(ringBox(rings[i], xy), 4 * i);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => area[i] - area[j] || i - j);
  const parent = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    for (let m = k + 1; m < n; m++) {
      const j = order[m];
      if (box[4 * j] > box[4 * i] || box[4 * j + 1] > box[4 * i + 1]) continue;
      if (box[4 * j + 2] < box[4 * i + 2] || box[4 * j + 3] < box[4 * i + 3]) continue;
      if (ringEncloses(rings[j], rings[i], xy)) {
        parent[i] = j;
        break;
      }
    }
  }
  return parent;
}

/**
 * Sorts simple rings into polygons: every counter-clockwise ring is a shell, every clockwise ring a hole
 * of the shell that most tightly encloses it (exact nesting). Holes enclosed by no shell are dropped and
 * returned in `orphans`. Polygons come in the order of their shells.
 */
export function ringsToPolygons(
  rings: readonly number[][],
  xy: ArrayLike<number>,
): { polygons: number[][][]; orphans: number[][] } {
  const orientation = rings.map((r) => ringOrientation(r, xy));
  const shells: number[] = [];
  const holes: number[] = [];
  orientation.forEach((o, i) => {
    if (o > 0) shells.push(i);
    else if (o < 0) holes.push(i);
  });
  const polygons = shells.map((i) => [rings[i]]);
  const orphans: number[][] = [];
  if (holes.length === 0) return { polygons, orphans };
  const boxes = shells.map((i) => ringBox(rings[i], xy));
  const areas = shells.map((i) => Math.abs(ringArea2(rings[i], xy)));
  const bySize = shells.map((_, s) => s).sort((p, q) => areas[p] - areas[q] || p - q);
  for (const h of holes) {
    const hb = ringBox(rings[h], xy);
    let owner = -1;
    for (const s of bySize) {
      const b = boxes[s];
      if (b[0] > hb[0] || b[1] > hb[1] || b[2] < hb[2] || b[3] < hb[3]) continue;
      if (ringEncloses(rings[shells[s]], rings[h], xy)) {
        owner = s;
        break;
      }
    }
    if (owner < 0) orphans.push(rings[h]);
    else polygons[owner].push(rings[h]);
  }
  return { polygons, orphans };
}

/** `[minX, minY, maxX, maxY]` of a ring of vertex ids. */
export function ringBox(ring: readonly number[], xy: ArrayLike<number>): [number, number, number, number] {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const v of ring) {
    const x = xy[2 * v];
    const y = xy[2 * v + 1];
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/**
 * Rings of positions as rings of vertex ids over one coordinate array, so that the id-based functions
 * here ({@link nestRings}, {@link ringsToPolygons}, {@link ringOrientation}) serve callers holding GeoJSON
 * rings. Equal positions get one id (exact bits), rings are closed.
 */
export function ringsToIds(rings: readonly (readonly Position[])[]): { rings: number[][]; xy: Float64Array } {
  const table = new VertexTable(64);
  const out = rings.map((ring) => {
    const ids: number[] = [];
    for (const p of ring) {
      const id = table.idOf(p[0] === 0 ? 0 : p[0], p[1] === 0 ? 0 : p[1]);
      if (ids.length === 0 || ids[ids.length - 1] !== id) ids.push(id);
    }
    if (ids.length > 0 && ids[0] !== ids[ids.length - 1]) ids.push(ids[0]);
    return ids;
  });
  return { rings: out, xy: table.xy.subarray(0, 2 * table.size) };
}
