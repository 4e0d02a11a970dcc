/**
 * Snap-rounding noder on the integer grid of the precision model (after Hobby, and the hot pixels of
 * GEOS's SnapRoundingNoder; written for typed arrays). Input: segments with integer coordinates. Output:
 * fragments with integer coordinates that meet only at common ends (no crossings, no T-junctions, no
 * partial overlaps; equal fragments stay as duplicates).
 *
 * 1. Every segment end is a hot pixel; every proper crossing of two segments adds the pixel holding the
 *    exact crossing point (found exactly: `roundedIntersection`).
 * 2. Every segment is routed through the centres of all hot pixels it meets (half-open unit squares, the
 *    points that round to the centre), in order along it, and cut there.
 * 3. Routing can bend a segment (a pixel centre off its line): bent fragments are checked again against
 *    every fragment and every pixel, and new crossings add new pixels, until a round adds none. One or
 *    two rounds in practice; the loop is the guarantee, not the theory.
 */
import { crossAccurate, roundedIntersection } from '../intersect';
import { SegmentRelation, segmentRelation } from '../predicates';
import { EdgeTable, VertexTable } from './hash';

/** Segments in flat arrays: segment `s` runs from `xy[4s], xy[4s+1]` to `xy[4s+2], xy[4s+3]`. */
export interface Segments {
  count: number;
  xy: Float64Array;
  /** The input (ring, polygon, geometry: the caller's label) each segment comes from. */
  input: Int32Array;
}

/** Growable segment list. */
export class SegmentList implements Segments {
  count = 0;
  xy: Float64Array;
  input: Int32Array;

  constructor(expected = 64) {
    this.xy = new Float64Array(4 * Math.max(16, expected));
    this.input = new Int32Array(Math.max(16, expected));
  }

  /** Appends `a → b` of `input`; zero-length segments are skipped. */
  push(ax: number, ay: number, bx: number, by: number, input: number): void {
    if (ax === bx && ay === by) return;
    if (this.count === this.input.length) {
      const xy = new Float64Array(this.xy.length * 2);
      xy.set(this.xy);
      this.xy = xy;
      const inp = new Int32Array(this.input.length * 2);
      inp.set(this.input);
      this.input = inp;
    }
    const s = this.count++;
    this.xy[4 * s] = ax;
    this.xy[4 * s + 1] = ay;
    this.xy[4 * s + 2] = bx;
    this.xy[4 * s + 3] = by;
    this.input[s] = input;
  }
}

/** A uniform bucket grid over boxes: CSR lists of item ids per cell. */
interface Buckets {
  x0: number;
  y0: number;
  size: number;
  cols: number;
  rows: number;
  start: Int32Array;
  items: Int32Array;
}

/** The column (or row) of bucket grid `b` holding coordinate `v`, clamped to `0 .. count − 1`. */
function cellOf(b: Buckets, v: number, origin: number, count: number): number {
  return Math.min(count - 1, Math.max(0, Math.floor((v - origin) / b.size)));
}

/** Buckets `n` boxes (`box[4i..4i+3]` = minX, minY, maxX, maxY) into a grid of about `n` cells. */
function bucketBoxes(box: Float64Array, n: number, extent: Float64Array): Buckets {
  const w = Math.max(1, extent[2] - extent[0]);
  const h = Math.max(1, extent[3] - extent[1]);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += Math.max(box[4 * i + 2] - box[4 * i], box[4 * i + 3] - box[4 * i + 1]);
  mean = n > 0 ? mean / n : 1;
  let size = Math.max(mean, Math.sqrt((w * h) / Math.max(1, n)), 1);
  while ((w / size + 1) * (h / size + 1) > 4 * n + 16) size *= 2;
  const b: Buckets = {
    x0: extent[0],
    y0: extent[1],
    size,
    cols: Math.floor(w / size) + 1,
    rows: Math.floor(h / size) + 1,
    start: new Int32Array(0),
    items: new Int32Array(0),
  };
  const start = new Int32Array(b.cols * b.rows + 1);
  for (let i = 0; i < n; i++) {
    const c0 = cellOf(b, box[4 * i], b.x0, b.cols);
    const c1 = cellOf(b, box[4 * i + 2], b.x0, b.cols);
    const r0 = cellOf(b, box[4 * i + 1], b.y0, b.rows);
    const r1 = cellOf(b, box[4 * i + 3], b.y0, b.rows);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) start[r * b.cols + c + 1]++;
  }
  for (let k = 0; k < b.cols * b.rows; k++) start[k + 1] += start[k];
  const items = new Int32Array(start[b.cols * b.rows]);
  const fill = start.slice(0, b.cols * b.rows);
  for (let i = 0; i < n; i++) {
    const c0 = cellOf(b, box[4 * i], b.x0, b.cols);
    const c1 = cellOf(b, box[4 * i + 2], b.x0, b.cols);
    const r0 = cellOf(b, box[4 * i + 1], b.y0, b.rows);
    const r1 = cellOf(b, box[4 * i + 3], b.y0, b.rows);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) items[fill[r * b.cols + c]++] = i;
  }
  b.start = start;
  b.items = items;
  return b;
}

function segmentBoxes(segs: Segments): { box: Float64Array; extent: Float64Array } {
  const n = segs.count;
  const box = new Float64Array(4 * n);
  const extent = new Float64Array([
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ]);
  const xy = segs.xy;
  for (let s = 0; s < n; s++) {
    const x0 = Math.min(xy[4 * s], xy[4 * s + 2]);
    const y0 = Math.min(xy[4 * s + 1], xy[4 * s + 3]);
    const x1 = Math.max(xy[4 * s], xy[4 * s + 2]);
    const y1 = Math.max(xy[4 * s + 1], xy[4 * s + 3]);
    box[4 * s] = x0;
    box[4 * s + 1] = y0;
    box[4 * s + 2] = x1;
    box[4 * s + 3] = y1;
    if (x0 < extent[0]) extent[0] = x0;
    if (y0 < extent[1]) extent[1] = y0;
    if (x1 > extent[2]) extent[2] = x1;
    if (y1 > extent[3]) extent[3] = y1;
  }
  return { box, extent };
}

const crossing = new Float64Array(2);

/** Adds to `pixels` the pixel of every proper crossing between two segments of which one is active. */
function addCrossingPixels(segs: Segments, active: Uint8Array, pixels: VertexTable): void {
  const n = segs.count;
  if (n < 2) return;
  const { box, extent } = segmentBoxes(segs);
  const b = bucketBoxes(box, n, extent);
  const xy = segs.xy;
  for (let cell = 0; cell < b.cols * b.rows; cell++) {
    const from = b.start[cell];
    const to = b.start[cell + 1];
    for (let p = from; p < to; p++) {
      const i = b.items[p];
      for (let q = p + 1; q < to; q++) {
        const j = b.items[q];
        if (!active[i] && !active[j]) continue;
        const lx = Math.max(box[4 * i], box[4 * j]);
        const ly = Math.max(box[4 * i + 1], box[4 * j + 1]);
        if (lx > Math.min(box[4 * i + 2], box[4 * j + 2]) || ly > Math.min(box[4 * i + 3], box[4 * j + 3])) {
          continue;
        }
        // Each pair once: in the cell holding the low corner of the boxes' overlap.
        const c = Math.min(b.cols - 1, Math.max(0, Math.floor((lx - b.x0) / b.size)));
        const r = Math.min(b.rows - 1, Math.max(0, Math.floor((ly - b.y0) / b.size)));
        if (r * b.cols + c !== cell) continue;
        const ax = xy[4 * i];
        const ay = xy[4 * i + 1];
        const bx = xy[4 * i + 2];
        const by = xy[4 * i + 3];
        const cx = xy[4 * j];
        const cy = xy[4 * j + 1];
        const dx = xy[4 * j + 2];
        const dy = xy[4 * j + 3];
        if (segmentRelation(ax, ay, bx, by, cx, cy, dx, dy) !== SegmentRelation.CROSS) continue;
        roundedIntersection(ax, ay, bx, by, cx, cy, dx, dy, crossing);
        pixels.idOf(crossing[0], crossing[1]);
      }
    }
  }
}

/**
 * Whether the segment `a → b` (integer ends) meets the pixel of the integer point `c`: the half-open unit
 * square `[cx − ½, cx + ½) × [cy − ½, cy + ½)`, the points that round (halves up) to `c`, so the pixel of
 * a crossing always holds the crossing. `c` lies in the segment's box and is not one of its ends. 0: no;
 * 1: `c` is exactly on the segment; 2: it meets the pixel off the line.
 *
 * The line meets the closed square when `|u × (c − a)| ≤ (|ux| + |uy|) / 2` (the square's support across
 * it). Equality means it only touches a corner (an integer segment cannot run along a pixel edge), and of
 * the four corners the half-open square holds only the lower-left one. Exact: the cross product is an
 * integer, the bound an integer or a half, and `crossAccurate` is far within 1/4 near the bound.
 */
function meetsPixel(ax: number, ay: number, ux: number, uy: number, cx: number, cy: number): number {
  const cross = crossAccurate(ux, cy - ay, uy, cx - ax);
  if (cross === 0) return 1;
  const bound = (Math.abs(ux) + Math.abs(uy)) / 2;
  if (Math.abs(cross) < bound - 0.25) return 2;
  if (Math.abs(cross) > bound + 0.25) return 0;
  // Touching a corner: the lower-left one, within the segment's extent.
  const lowerLeft = cross > 0 ? ux > 0 && uy < 0 : ux < 0 && uy > 0;
  return lowerLeft && cx > Math.min(ax, ax + ux) && cy > Math.min(ay, ay + uy) ? 2 : 0;
}

/**
 * Routes every segment through the hot pixels it meets. Active segments are tested against every pixel,
 * others only against pixels with ids from `newFrom`. Returns the fragments and which are active next
 * round (an end moved off the parent's line).
 */
function snap(
  segs: Segments,
  active: Uint8Array,
  pixels: VertexTable,
  newFrom: number,
): { out: SegmentList; nextActive: Uint8Array; bent: boolean } {
  const n = segs.count;
  const pcount = pixels.size;
  const pxy = pixels.xy;
  const pbox = new Float64Array(4 * pcount);
  const extent = new Float64Array([
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ]);
  for (let p = 0; p < pcount; p++) {
    const x = pxy[2 * p];
    const y = pxy[2 * p + 1];
    pbox[4 * p] = x;
    pbox[4 * p + 1] = y;
    pbox[4 * p + 2] = x;
    pbox[4 * p + 3] = y;
    if (x < extent[0]) extent[0] = x;
    if (y < extent[1]) extent[1] = y;
    if (x > extent[2]) extent[2] = x;
    if (y > extent[3]) extent[3] = y;
  }
  const grid = bucketBoxes(pbox, pcount, extent);
  const out = new SegmentList(n + (n >> 2));
  let flags = new Uint8Array(out.input.length);
  const xy = segs.xy;
  let bent = false;
  for (let s = 0; s < n; s++) {
    const ax = xy[4 * s];
    const ay = xy[4 * s + 1];
    const bx = xy[4 * s + 2];
    const by = xy[4 * s + 3];
    const ux = bx - ax;
    const uy = by - ay;
    const x0 = Math.min(ax, bx);
    const x1 = Math.max(ax, bx);
    const y0 = Math.min(ay, by);
    const y1 = Math.max(ay, by);
    let count = 0;
    const c0 = cellOf(grid, x0, grid.x0, grid.cols);
    const c1 = cellOf(grid, x1, grid.x0, grid.cols);
    const r0 = cellOf(grid, y0, grid.y0, grid.rows);
    const r1 = cellOf(grid, y1, grid.y0, grid.rows);
    const from = active[s] ? 0 : newFrom;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * grid.cols + c;
        for (let k = grid.start[cell]; k < grid.start[cell + 1]; k++) {
          const p = grid.items[k];
          if (p < from) continue;
          const px = pxy[2 * p];
          const py = pxy[2 * p + 1];
          if (px < x0 || px > x1 || py < y0 || py > y1) continue;
          if ((px === ax && py === ay) || (px === bx && py === by)) continue;
          const m = meetsPixel(ax, ay, ux, uy, px, py);
          if (m === 0) continue;
          if (count === hits.length) growScratch();
          hits[count] = p;
          exact[count++] = m === 1 ? 1 : 0;
        }
      }
    }
    const input = segs.input[s];
    if (flags.length < out.count + count + 1) {
      const grown = new Uint8Array(2 * (out.count + count + 1));
      grown.set(flags);
      flags = grown;
    }
    if (count === 0) {
      flags[out.count] = 0;
      out.push(ax, ay, bx, by, input);
      continue;
    }
    sortAlong(hits, exact, count, pxy, ux, uy);
    let px = ax;
    let py = ay;
    let pExact = 1;
    for (let k = 0; k <= count; k++) {
      const qx = k < count ? pxy[2 * hits[k]] : bx;
      const qy = k < count ? pxy[2 * hits[k] + 1] : by;
      const qExact = k < count ? exact[k] : 1;
      const moved = pExact === 0 || qExact === 0 ? 1 : 0;
      flags[out.count] = moved;
      out.push(px, py, qx, qy, input);
      if (moved) bent = true;
      px = qx;
      py = qy;
      pExact = qExact;
    }
  }
  return { out, nextActive: flags.slice(0, out.count), bent };
}

/** Pixel hits of the segment being routed, and whether each lies exactly on it (scratch, reused). */
let hits = new Int32Array(64);
let exact = new Uint8Array(64);

function growScratch(): void {
  const h = new Int32Array(2 * hits.length);
  h.set(hits);
  hits = h;
  const e = new Uint8Array(2 * exact.length);
  e.set(exact);
  exact = e;
}

/** Sorts the first `count` pixel hits of one segment by their position along `u` from `a` (exact comparison). */
function sortAlong(
  hits: Int32Array,
  exact: Uint8Array,
  count: number,
  pxy: Float64Array,
  ux: number,
  uy: number,
): void {
  for (let i = 1; i < count; i++) {
    const h = hits[i];
    const e = exact[i];
    let j = i - 1;
    while (j >= 0) {
      const g = hits[j];
      // u · (g − h) > 0: g lies further along than h.
      const d = crossAccurate(ux, pxy[2 * g] - pxy[2 * h], -uy, pxy[2 * g + 1] - pxy[2 * h + 1]);
      if (d <= 0) break;
      hits[j + 1] = g;
      exact[j + 1] = exact[j];
      j--;
    }
    hits[j + 1] = h;
    exact[j + 1] = e;
  }
}

/** Most rounds the noder runs before it stops refining (never reached on any data seen so far). */
const MAX_ROUNDS = 64;

/**
 * The noder's output: fragments that meet only at common ends, each from one distinct input segment
 * (segments with the same two ends, either way round, are one: the edge two neighbouring grids share, a
 * grid present in both plans of an overlay), and the input segments each distinct segment stands for.
 */
export interface Noded {
  /** The fragments, with `input` the distinct segment each comes from (ascending; zero-length dropped). */
  fragments: Segments;
  /**
   * The input segments of distinct segment `u`, in input order: their labels (`input` of the input
   * segment) `copyInput[copyStart[u] .. copyStart[u + 1])`, and 1 in `copyReversed` where one runs the
   * other way from the fragments.
   */
  copyStart: Int32Array;
  copyInput: Int32Array;
  copyReversed: Uint8Array;
}

/**
 * Snap-rounds integer segments into fragments that meet only at common ends (see the module comment).
 * Each distinct segment is noded once: every step of the noder treats copies alike (the same pixels, the
 * same route), so the fragments of a copy are those of the first, reversed as needed, and a caller that
 * takes each fragment once per copy gets what noding every copy would give, at the cost of one.
 */
export function snapRound(input: Segments): Noded {
  const n = input.count;
  const xy = input.xy;
  const ends = new VertexTable(n + 16);
  const edges = new EdgeTable(n + 16);
  const distinct = new SegmentList(n);
  const of = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const a = ends.idOf(xy[4 * s], xy[4 * s + 1]);
    const b = ends.idOf(xy[4 * s + 2], xy[4 * s + 3]);
    const known = edges.size;
    const u = edges.add(a, b, 0);
    if (u === known) distinct.push(xy[4 * s], xy[4 * s + 1], xy[4 * s + 2], xy[4 * s + 3], u);
    of[s] = u;
  }
  const copyStart = new Int32Array(distinct.count + 1);
  for (let s = 0; s < n; s++) copyStart[of[s] + 1]++;
  for (let u = 0; u < distinct.count; u++) copyStart[u + 1] += copyStart[u];
  const copyInput = new Int32Array(n);
  const copyReversed = new Uint8Array(n);
  const fill = copyStart.slice(0, distinct.count);
  for (let s = 0; s < n; s++) {
    const u = of[s];
    const k = fill[u]++;
    copyInput[k] = input.input[s];
    copyReversed[k] = xy[4 * s] === distinct.xy[4 * u] && xy[4 * s + 1] === distinct.xy[4 * u + 1] ? 0 : 1;
  }
  return { fragments: snapRoundDistinct(distinct, ends), copyStart, copyInput, copyReversed };
}

/** {@link snapRound} on distinct segments; `pixels` holds their ends (and gets the crossings). */
function snapRoundDistinct(input: Segments, pixels: VertexTable): Segments {
  let segs: Segments = input;
  let active: Uint8Array = new Uint8Array(segs.count).fill(1);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = pixels.size;
    addCrossingPixels(segs, active, pixels);
    const { out, nextActive, bent } = snap(segs, active, pixels, round === 0 ? 0 : before);
    segs = out;
    active = nextActive;
    if (!bent) return segs;
  }
  return segs;
}
