import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import { EdgeTable } from './hash';

/** Positive when `c` lies left of the directed line `a → b`, zero when collinear (exact). */
export function side(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return -orient2d(ax, ay, bx, by, cx, cy);
}

/**
 * The directed edges left over once every edge used in both directions has cancelled: the boundary of
 * the union of the grids when they tile, with the extra edges of every overlap and gap otherwise.
 */
export interface ResidualEdges {
  length: number;
  /** Start and end vertex of each edge. */
  a: Int32Array;
  b: Int32Array;
  /** The grid the edge belongs to. */
  owner: Int32Array;
  /** 1 when the edge is used by three grids or more, or twice in the same direction. */
  crowded: Uint8Array;
}

/** Every grid's rings as vertex ids, flat: ring `r` is `ids[ringStart[r] .. ringStart[r + 1])`, closed. */
export interface GridRings {
  ids: Int32Array;
  ringStart: Int32Array;
  /** Grid `g` owns rings `gridRing[g] .. gridRing[g + 1]`. */
  gridRing: Int32Array;
}

/** The edges of the rings of `grids`, counted by direction. */
export function edgeTableOf(rings: GridRings, grids: Iterable<number>, expectedEdges: number): EdgeTable {
  const table = new EdgeTable(expectedEdges);
  forEachEdge(rings, grids, (a, b, g) => table.add(a, b, g));
  return table;
}

/** Takes the edges of `grids` back out of `table`, as if they had never been added. */
export function removeGrids(table: EdgeTable, rings: GridRings, grids: Iterable<number>): void {
  forEachEdge(rings, grids, (a, b) => table.remove(a, b));
}

function forEachEdge(
  rings: GridRings,
  grids: Iterable<number>,
  visit: (a: number, b: number, g: number) => void,
): void {
  const { ids, ringStart, gridRing } = rings;
  for (const g of grids) {
    for (let r = gridRing[g]; r < gridRing[g + 1]; r++) {
      for (let k = ringStart[r]; k + 1 < ringStart[r + 1]; k++) visit(ids[k], ids[k + 1], g);
    }
  }
}

/** The residual edges of a table: every edge not cancelled by its reverse. */
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

/** A spatial index over residual edges. */
export function indexEdges(edges: ResidualEdges, xy: Float64Array): Flatbush {
  const index = new Flatbush(Math.max(1, edges.length));
  for (let i = 0; i < edges.length; i++) {
    const ax = xy[2 * edges.a[i]];
    const ay = xy[2 * edges.a[i] + 1];
    const bx = xy[2 * edges.b[i]];
    const by = xy[2 * edges.b[i] + 1];
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  if (edges.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

/** Whether closed segments `p1p2` and `q1q2` share a point (exact predicates). */
export function segmentsMeet(
  p1x: number,
  p1y: number,
  p2x: number,
  p2y: number,
  q1x: number,
  q1y: number,
  q2x: number,
  q2y: number,
): boolean {
  const d1 = side(q1x, q1y, q2x, q2y, p1x, p1y);
  const d2 = side(q1x, q1y, q2x, q2y, p2x, p2y);
  const d3 = side(p1x, p1y, p2x, p2y, q1x, q1y);
  const d4 = side(p1x, p1y, p2x, p2y, q2x, q2y);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(q1x, q1y, q2x, q2y, p1x, p1y)) ||
    (d2 === 0 && onSegment(q1x, q1y, q2x, q2y, p2x, p2y)) ||
    (d3 === 0 && onSegment(p1x, p1y, p2x, p2y, q1x, q1y)) ||
    (d4 === 0 && onSegment(p1x, p1y, p2x, p2y, q2x, q2y))
  );
}

/** Whether `c`, known to be collinear with segment `ab`, lies on it. */
export function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/**
 * Whether two edges that share exactly one vertex `v` also meet elsewhere, i.e. run on along each other:
 * `p` and `q` are their other ends.
 */
function foldsBack(vx: number, vy: number, px: number, py: number, qx: number, qy: number): boolean {
  if (side(vx, vy, px, py, qx, qy) !== 0) return false;
  return (px - vx) * (qx - vx) + (py - vy) * (qy - vy) > 0;
}

/**
 * The residual edges that are not a clean piece of the union's boundary: edges used by three grids or
 * in the same direction twice, edges that cross, touch or run along another residual edge anywhere but
 * at a shared end, and edges whose sides are not "covered once on the left, uncovered on the right"
 * (found by counting the winding of all residual edges along a ray, once per chain of edges that meet
 * nothing else). Also returns the touching pairs, so that problems that meet can be grouped.
 */
export function problemEdges(
  edges: ResidualEdges,
  xy: Float64Array,
  index: Flatbush,
): { problem: Uint8Array; pairs: number[] } {
  const n = edges.length;
  const problem = new Uint8Array(n);
  const pairs: number[] = [];
  const { a, b } = edges;
  // Sweep the edges by their left end: every pair whose boxes meet is tested once.
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ax = xy[2 * a[i]];
    const bx = xy[2 * b[i]];
    const ay = xy[2 * a[i] + 1];
    const by = xy[2 * b[i] + 1];
    left[i] = Math.min(ax, bx);
    right[i] = Math.max(ax, bx);
    low[i] = Math.min(ay, by);
    high[i] = Math.max(ay, by);
    if (edges.crowded[i]) problem[i] = 1;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => left[i] - left[j] || i - j);
  for (let p = 0; p < n; p++) {
    const i = order[p];
    for (let q = p + 1; q < n; q++) {
      const j = order[q];
      if (left[j] > right[i]) break;
      if (low[j] > high[i] || low[i] > high[j]) continue;
      if (edgesMeet(a, b, xy, i, j)) {
        problem[i] = 1;
        problem[j] = 1;
        pairs.push(Math.min(i, j), Math.max(i, j));
      }
    }
  }
  // Chains: edges joined at a vertex no other residual edge touches share their two sides, so one ray
  // per chain tells whether all of them are clean.
  let vertices = 0;
  for (let i = 0; i < n; i++) vertices = Math.max(vertices, a[i] + 1, b[i] + 1);
  const outOf = new Int32Array(vertices).fill(-1);
  const inOf = new Int32Array(vertices).fill(-1);
  const outDegree = new Int32Array(vertices);
  const inDegree = new Int32Array(vertices);
  for (let i = 0; i < n; i++) {
    outOf[a[i]] = i;
    inOf[b[i]] = i;
    outDegree[a[i]]++;
    inDegree[b[i]]++;
  }
  const passes = (v: number) => inDegree[v] === 1 && outDegree[v] === 1;
  const seen = new Uint8Array(n);
  const members: number[] = [];
  for (let start = 0; start < n; start++) {
    if (problem[start] || seen[start]) continue;
    let first = start;
    for (let prev = inOf[a[first]]; passes(a[first]) && !problem[prev] && prev !== start; ) {
      first = prev;
      prev = inOf[a[first]];
    }
    members.length = 0;
    for (let e = first; e >= 0 && !problem[e] && !seen[e]; e = passes(b[e]) ? outOf[b[e]] : -1) {
      seen[e] = 1;
      members.push(e);
    }
    if (!isCleanSide(a, b, xy, index, first)) for (const e of members) problem[e] = 1;
  }
  return { problem, pairs };
}

/** Whether residual edges `i` and `j` meet anywhere but at one shared end. */
function edgesMeet(a: Int32Array, b: Int32Array, xy: Float64Array, i: number, j: number): boolean {
  const ia = a[i];
  const ib = b[i];
  const ja = a[j];
  const jb = b[j];
  if ((ja === ia && jb === ib) || (ja === ib && jb === ia)) return true;
  if (ja === ia || jb === ia || ja === ib || jb === ib) {
    const v = ja === ia || jb === ia ? ia : ib;
    const p = v === ia ? ib : ia;
    const q = ja === v ? jb : ja;
    return foldsBack(xy[2 * v], xy[2 * v + 1], xy[2 * p], xy[2 * p + 1], xy[2 * q], xy[2 * q + 1]);
  }
  return segmentsMeet(
    xy[2 * ia],
    xy[2 * ia + 1],
    xy[2 * ib],
    xy[2 * ib + 1],
    xy[2 * ja],
    xy[2 * ja + 1],
    xy[2 * jb],
    xy[2 * jb + 1],
  );
}

/**
 * Whether edge `i` has the union once on its left and nothing on its right: the winding number of all
 * other residual edges, counted along a ray from the edge's midpoint towards the nearer side of the data.
 */
function isCleanSide(a: Int32Array, b: Int32Array, xy: Float64Array, index: Flatbush, i: number): boolean {
  const { minX, maxX } = index;
  const ax = xy[2 * a[i]];
  const ay = xy[2 * a[i] + 1];
  const bx = xy[2 * b[i]];
  const by = xy[2 * b[i] + 1];
  const qx = (ax + bx) / 2;
  const qy = (ay + by) / 2;
  const east = maxX - qx <= qx - minX;
  let winding = 0;
  for (const j of east ? index.search(qx, qy, maxX, qy) : index.search(minX, qy, qx, qy)) {
    if (j === i || j >= a.length) continue;
    const cx = xy[2 * a[j]];
    const cy = xy[2 * a[j] + 1];
    const dx = xy[2 * b[j]];
    const dy = xy[2 * b[j] + 1];
    if (cy <= qy) {
      if (dy > qy) {
        const s = side(cx, cy, dx, dy, qx, qy);
        if (east ? s > 0 : s < 0) winding += east ? 1 : -1;
      }
    } else if (dy <= qy) {
      const s = side(cx, cy, dx, dy, qx, qy);
      if (east ? s < 0 : s > 0) winding += east ? -1 : 1;
    }
  }
  // The count holds just east (or west) of the edge, or just above it when the edge is horizontal:
  // that is the edge's left side when it runs downwards (upwards), or eastwards.
  const probeOnLeft = ay === by ? bx > ax : east ? by < ay : by > ay;
  return probeOnLeft ? winding === 1 : winding === 0;
}

/**
 * Closed walks along residual edges, each keeping the uncovered side on its right (at a vertex with
 * several ways on, the sharpest right turn). Exteriors of the union come out counter-clockwise, holes
 * clockwise. Each walk is a closed list of vertex ids.
 */
export function traceRings(edges: ResidualEdges, xy: Float64Array, vertexCount: number): number[][] {
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
    const ring = [edges.a[e0]];
    let e = e0;
    while (e >= 0 && !used[e]) {
      used[e] = 1;
      const v = edges.b[e];
      ring.push(v);
      e = nextEdge(edges, xy, out, start[v], start[v + 1], used, edges.a[e], v);
    }
    if (ring[0] === ring[ring.length - 1] && ring.length >= 4) rings.push(ring);
  }
  return rings;
}

function nextEdge(
  edges: ResidualEdges,
  xy: Float64Array,
  out: Int32Array,
  from: number,
  to: number,
  used: Uint8Array,
  u: number,
  v: number,
): number {
  if (to - from === 1) return used[out[from]] ? -1 : out[from];
  const vx = xy[2 * v];
  const vy = xy[2 * v + 1];
  const back = Math.atan2(xy[2 * u + 1] - vy, xy[2 * u] - vx);
  let best = -1;
  let bestTurn = Number.POSITIVE_INFINITY;
  for (let k = from; k < to; k++) {
    const e = out[k];
    if (used[e]) continue;
    const w = edges.b[e];
    let turn = Math.atan2(xy[2 * w + 1] - vy, xy[2 * w] - vx) - back;
    while (turn <= 0) turn += 2 * Math.PI;
    while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
    if (turn < bestTurn) {
      bestTurn = turn;
      best = e;
    }
  }
  return best;
}
