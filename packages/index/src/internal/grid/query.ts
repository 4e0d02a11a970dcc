import { onSegment } from '@wangge/geometry/internal';
import type { Rings } from '../rings';
import { RowBuilder } from './build';
import { IntList } from './intList';
import {
  BLOCK,
  BLOCK_SHIFT,
  cellOf,
  cellSlot,
  centreOf,
  type GridLayout,
  isCompact,
  LEAF_HEADER,
  topCellValue,
  UNBUILT,
} from './layout';
import { compactLeaves, leafWords } from './leaves';
import { ORDER_CHUNK, ORDER_FROM, PointOrder } from './order';
import { path, pathFlips } from './path';
import { LeafRefiner } from './refine';

/** Leaves with more edges than this may be refined into a sub-grid. */
const REFINE_ABOVE = 4;

/** A leaf is refined once this many points per edge have been tested in it (at most 254 points). */
const HITS_PER_EDGE = 8;

/**
 * Refinement stops once the grid's arrays (top cells, live leaves, sub-grids, hit counts) hold this
 * share of the coordinates' bytes, so the index stays within 2× the coordinates.
 */
const REFINE_BUDGET = 0.85;

/** Bytes a grid may always hold (a tiny index's one block of 64 top cells alone outweighs its coordinates). */
const MIN_BUDGET = 2 ** 16;

/** The hit count of a cell refined (or that cannot be). */
const DONE = 0xff;

/**
 * Point location on one index's grid. The layout is read-only when it was opened from a buffer (it may
 * be shared with other threads); otherwise this instance builds each row of top cells the first time a
 * point lands in it (`build.ts`), and refines a crowded top leaf into a sub-grid once enough points have
 * landed in it to pay for the work (`refine.ts`), so rows and sub-grids exist only where points fall.
 * Answers never depend on either, which change the route, not the rule.
 */
export class GridQuery {
  readonly layout: GridLayout;
  /** Growable copies of `subcells` and `leaves`, when building. */
  private readonly pools: { subcells: IntList; leaves: IntList } | null;
  /** Points tested per top cell's leaf so far, when building. */
  private readonly hits: Uint8Array | null;
  private refiner: LeafRefiner | null = null;
  /** Words of `leaves` no cell refers to any more (the top leaves of refined cells). */
  private dead = 0;
  /** Builds the rows not built yet; `null` once every row is (or for a read-only layout). */
  private builder: RowBuilder | null;

  private constructor(
    layout: GridLayout,
    private readonly xy: Float64Array,
    builder: RowBuilder | null,
    leafRoom: number,
  ) {
    this.layout = layout;
    this.builder = builder;
    if (builder !== null) {
      const leaves = new IntList(leafRoom);
      this.pools = { subcells: IntList.wrap(layout.subcells), leaves };
      this.hits = new Uint8Array(layout.cells.length);
    } else {
      this.pools = null;
      this.hits = null;
    }
  }

  /** A grid of about `cells` top cells over the rings, its rows built on first use. */
  static build(rings: Rings, cells: number): GridQuery {
    const builder = new RowBuilder(rings, cells);
    const edges = rings.xy.length / 2 - (rings.ringStart.length - 1);
    // Room for the leaves of many rows: about a word per edge (the pool grows by half when full).
    const room = Math.min(2 ** 26, edges + (builder.layout.cells.length >> 1));
    return new GridQuery(builder.layout, rings.xy, builder, room);
  }

  /** A read-only grid on a layout opened from a buffer. */
  static open(layout: GridLayout, xy: Float64Array): GridQuery {
    return new GridQuery(layout, xy, null, 0);
  }

  /** The layout with every row built and exactly-sized arrays, for a buffer. */
  snapshot(): GridLayout {
    const { pools, layout } = this;
    if (pools === null) return layout;
    for (let row = 0; row < layout.rows && this.builder !== null; row++) {
      if (this.builder.built[row] === 0) this.buildRow(row);
    }
    this.trim();
    return { ...layout, subcells: pools.subcells.toArray(), leaves: pools.leaves.toArray() };
  }

  /** Builds row `row` of top cells; once every row is, lets go of the builder and trims the leaves. */
  private buildRow(row: number): void {
    const builder = this.builder!;
    const leaves = this.pools!.leaves;
    builder.buildRow(row, leaves);
    if (builder.remaining === 0) {
      this.builder = null;
      if (leaves.length < 0.9 * leaves.data.length) leaves.data = leaves.toArray();
      this.layout.leaves = leaves.data;
    }
  }

  /** Bytes of the typed arrays the grid holds now. */
  get bytes(): number {
    const g = this.layout;
    const pooled =
      this.pools === null
        ? g.subcells.byteLength + g.leaves.byteLength
        : 4 * (this.pools.subcells.length + this.pools.leaves.length);
    return (
      g.blocks.byteLength +
      g.cells.byteLength +
      g.centreX.byteLength +
      g.centreY.byteLength +
      pooled +
      (this.hits?.byteLength ?? 0)
    );
  }

  /** Locates a finite point: the same answer as whole-part tests, bit for bit. */
  locate(x: number, y: number): number {
    const g = this.layout;
    if (x < g.minX || x > g.maxX || y < g.minY || y > g.maxY) return -1;
    const col = cellOf(x, g.minX, g.invW, g.cols);
    const row = cellOf(y, g.minY, g.invH, g.rows);
    let value = topCellValue(g, col, row);
    if (value === UNBUILT) {
      this.buildRow(row);
      value = topCellValue(g, col, row);
    }
    if (value >= -1) return value;
    const code = -value - 2;
    const k = (code & 15) + 1;
    path[2] = x;
    path[3] = y;
    if (k === 1) {
      path[0] = g.centreX[col];
      path[1] = g.centreY[row];
      const owner = leafLocate(g, this.xy, code >> 4);
      this.hit(col, row, cellSlot(g, col, row), code >> 4);
      return owner;
    }
    const sx = g.minX + col / g.invW;
    const sy = g.minY + row / g.invH;
    const sc = cellOf(x, sx, g.invW * k, k);
    const sr = cellOf(y, sy, g.invH * k, k);
    const sub = g.subcells[(code >> 4) + sr * k + sc];
    if (sub >= -1) return sub;
    path[0] = centreOf(sx, g.invW * k, sc);
    path[1] = centreOf(sy, g.invH * k, sr);
    return leafLocate(g, this.xy, -sub - 2);
  }

  /**
   * Locates points `from..to` of `points` (lon, lat interleaved) into `out`, in batches of tight passes
   * (top cells for the whole batch, then sub-cells, then leaves), so that the memory reads of many
   * points are in flight at once instead of one point's chain of reads after another. Returns the index
   * of the first point that is not a lon, lat (`out` is left unwritten from its batch on), or -1.
   */
  locateMany(points: Float64Array, out: Int32Array, from: number, to: number): number {
    if (to - from < ORDER_FROM) return this.locateRun(points, out, from, to);
    try {
      return this.locateOrdered(points, out, from, to);
    } finally {
      this.trim();
    }
  }

  /**
   * Once a large call is done (rows built and leaves refined are mostly done by then): copies the live
   * leaves together when refined cells have left many behind, and lets go of the room the pools have
   * grown and not used (up to half of what they hold).
   */
  private trim(): void {
    const pools = this.pools;
    if (pools === null) return;
    this.builder?.releaseScratch();
    if (this.dead > pools.leaves.length / 8) {
      // Only after a call: a batch under way may still read a refined cell's old leaf.
      pools.leaves.data = compactLeaves(this.layout, pools.leaves.data, pools.leaves.length - this.dead);
      pools.leaves.length = pools.leaves.data.length;
      this.dead = 0;
    }
    for (const pool of [pools.leaves, pools.subcells]) {
      if (pool.length < 0.8 * pool.data.length) pool.data = pool.toArray();
    }
    this.layout.leaves = pools.leaves.data;
    this.layout.subcells = pools.subcells.data;
  }

  /** {@link locateMany} of a large call: chunk by chunk, each in block order unless coherent already. */
  private locateOrdered(points: Float64Array, out: Int32Array, from: number, to: number): number {
    const order = new PointOrder(this.layout, Math.min(ORDER_CHUNK, to - from));
    for (let start = from; start < to; start += ORDER_CHUNK) {
      const end = Math.min(to, start + ORDER_CHUNK);
      if (order.sort(this.layout, points, start, end)) {
        const n = end - start;
        this.locateRun(order.xy, order.out, 0, n);
        for (let k = 0; k < n; k++) out[order.ids[k]] = order.out[k];
        continue;
      }
      const bad = this.locateRun(points, out, start, end);
      if (bad >= 0) return bad;
    }
    return -1;
  }

  /** {@link locateMany} of points `from..to` in their own order. */
  private locateRun(points: Float64Array, out: Int32Array, from: number, to: number): number {
    const g = this.layout;
    const { minX, minY, maxX, maxY, cols, rows, invW, invH, centreX, centreY, blockCols, blocks, cells } = g;
    const xy = this.xy;
    // Per point of the batch still to test: its cell, the cell's slot in `cells`, its leaf, and the
    // leaf's reference point.
    const cellAt = new Int32Array(BATCH);
    const slotAt = new Int32Array(BATCH);
    const leafOf = new Int32Array(BATCH);
    const refX = new Float64Array(BATCH);
    const refY = new Float64Array(BATCH);
    for (let start = from; start < to; start += BATCH) {
      const end = Math.min(to, start + BATCH);
      // Pass 1: top cells.
      let split = 0;
      let inLeaf = 0;
      for (let i = start; i < end; i++) {
        const x = points[2 * i];
        const y = points[2 * i + 1];
        if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) {
          if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) return i;
          out[i] = -1;
          continue;
        }
        let col = Math.floor((x - minX) * invW);
        if (col >= cols) col = cols - 1;
        let row = Math.floor((y - minY) * invH);
        if (row >= rows) row = rows - 1;
        // The block's value, then (in a block with edges) the cell's.
        const at = blocks[(row >> BLOCK_SHIFT) * blockCols + (col >> BLOCK_SHIFT)];
        let value: number;
        let slot = -1;
        if (at >= 0) {
          slot = at + ((row & (BLOCK - 1)) << BLOCK_SHIFT) + (col & (BLOCK - 1));
          value = cells[slot];
        } else value = at === UNBUILT ? UNBUILT : -2 - at;
        if (value === UNBUILT) {
          this.buildRow(row);
          value = topCellValue(g, col, row);
          slot = cellSlot(g, col, row);
        }
        out[i] = value;
        if (value >= -1) continue;
        const code = -value - 2;
        cellAt[i - start] = row * cols + col;
        slotAt[i - start] = slot;
        if ((code & 15) !== 0) split++;
        else {
          inLeaf++;
          leafOf[i - start] = code >> 4;
          refX[i - start] = centreX[col];
          refY[i - start] = centreY[row];
        }
      }
      // Pass 2: sub-cells of refined cells; a sub-cell's leaf is marked -3 in `out`.
      if (split > 0) {
        const subcells = g.subcells;
        for (let i = start; i < end; i++) {
          const value = out[i];
          if (value >= -1) continue;
          const code = -value - 2;
          const k = (code & 15) + 1;
          if (k === 1) continue;
          const cell = cellAt[i - start];
          const col = cell % cols;
          const row = (cell - col) / cols;
          const sx = minX + col / invW;
          const sy = minY + row / invH;
          const sc = cellOf(points[2 * i], sx, invW * k, k);
          const sr = cellOf(points[2 * i + 1], sy, invH * k, k);
          const sub = subcells[(code >> 4) + sr * k + sc];
          if (sub >= -1) {
            out[i] = sub;
            continue;
          }
          inLeaf++;
          out[i] = -3;
          leafOf[i - start] = -sub - 2;
          refX[i - start] = centreOf(sx, invW * k, sc);
          refY[i - start] = centreOf(sy, invH * k, sr);
        }
      }
      // Pass 3: leaves.
      if (inLeaf === 0) continue;
      for (let i = start; i < end; i++) {
        const value = out[i];
        if (value >= -1) continue;
        const j = i - start;
        path[0] = refX[j];
        path[1] = refY[j];
        path[2] = points[2 * i];
        path[3] = points[2 * i + 1];
        out[i] = leafLocate(g, xy, leafOf[j]);
        if (value !== -3) {
          const col = cellAt[j] % cols;
          this.hit(col, (cellAt[j] - col) / cols, slotAt[j], leafOf[j]);
        }
      }
    }
    return -1;
  }

  /**
   * Counts a point tested in the leaf at `at` of top cell `(col, row)`, kept at `cell` in `cells`, and
   * refines the leaf once it has paid off.
   */
  private hit(col: number, row: number, cell: number, at: number): void {
    const hits = this.hits;
    if (hits === null) return;
    const g = this.layout;
    const edgeCount = g.leaves[at + 1];
    if (edgeCount <= REFINE_ABOVE) return;
    const n = hits[cell] + 1;
    if (n >= DONE) return;
    if (n < Math.min(DONE - 1, HITS_PER_EDGE * edgeCount)) {
      hits[cell] = n;
      return;
    }
    hits[cell] = DONE;
    const pools = this.pools!;
    // Refinement stops where the grid would outgrow the coordinates it points into.
    const live = pools.leaves.length - this.dead + pools.subcells.length;
    const bytes = 4 * live + g.cells.byteLength + g.blocks.byteLength + hits.byteLength;
    if (bytes > Math.max(this.xy.byteLength * REFINE_BUDGET, MIN_BUDGET)) return;
    this.refiner ??= new LeafRefiner();
    const value = this.refiner.refine(g, this.xy, at, col, row, pools.subcells, pools.leaves);
    // The pools may have grown into new arrays; the old leaf stays valid for batches under way.
    g.subcells = pools.subcells.data;
    g.leaves = pools.leaves.data;
    if (value === null) return;
    g.cells[cell] = value;
    this.dead += leafWords(g.leaves, at, g.wide);
  }
}

/** Points per batch of {@link GridQuery.locateMany}. */
const BATCH = 256;

/** Entry flags of a wide leaf being queried, reused across queries (grown on demand). */
let flags = new Uint8Array(64);

/**
 * The owner of `(x, y)` among the entries of the leaf at `at` whose reference point is `(cx, cy)` (all
 * four in `path`): the
 * crossings of the segment reference → point flip each entry's inside bit; the first entry left inside
 * owns the point. When none is (the nudged point is in no part), the closed rule: the lowest id whose
 * boundary holds the point, or -1. (Kept small, with the rare paths in functions of their own, so the
 * optimiser inlines the predicates into the loop.)
 */
export function leafLocate(g: GridLayout, xy: Float64Array, at: number): number {
  const x = path[2];
  const y = path[3];
  const leaves = g.leaves;
  const entries = leaves[at];
  if (!isCompact(entries, g.wide)) return wideLeafLocate(leaves, at, xy, x, y);
  const edgeCount = leaves[at + 1];
  const tags = at + LEAF_HEADER;
  const first = tags + entries;
  const end = first + edgeCount;
  let inside = 0;
  for (let j = 0; j < entries; j++) inside |= (leaves[tags + j] & 1) << j;
  for (let s = first; s < end; s++) {
    const w = leaves[s];
    const e = 2 * (w & 0xffffff);
    if (pathFlips(xy, e) !== 0) {
      const two = (w >>> 28) - 1;
      inside ^= (1 << ((w >>> 24) & 15)) | (two >= 0 ? 1 << two : 0);
    }
  }
  if (inside !== 0) return leaves[tags + 31 - Math.clz32(inside & -inside)] >> 1;
  return compactClosedRule(leaves, tags, first, end, entries, xy, x, y);
}

/** The closed rule over a compact leaf's edges: the lowest entry whose edge holds the point, or -1. */
function compactClosedRule(
  leaves: Int32Array,
  tags: number,
  first: number,
  end: number,
  entries: number,
  xy: Float64Array,
  x: number,
  y: number,
): number {
  let best = entries;
  for (let s = first; s < end; s++) {
    const w = leaves[s];
    const e = 2 * (w & 0xffffff);
    const one = (w >>> 24) & 15;
    if (one < best && onSegment(xy[e], xy[e + 1], xy[e + 2], xy[e + 3], x, y)) best = one;
  }
  return best < entries ? leaves[tags + best] >> 1 : -1;
}

/** {@link leafLocate} for a wide leaf: entry flags in a byte array, three words per edge. */
function wideLeafLocate(leaves: Int32Array, at: number, xy: Float64Array, x: number, y: number): number {
  const entries = leaves[at];
  const edgeCount = leaves[at + 1];
  const tags = at + LEAF_HEADER;
  const first = tags + entries;
  if (entries > flags.length) flags = new Uint8Array(2 * entries);
  for (let j = 0; j < entries; j++) flags[j] = leaves[tags + j] & 1;
  const end = first + 3 * edgeCount;
  for (let s = first; s < end; s += 3) {
    const e = 2 * leaves[s];
    if (pathFlips(xy, e) !== 0) {
      flags[leaves[s + 1]] ^= 1;
      const two = leaves[s + 2];
      if (two >= 0) flags[two] ^= 1;
    }
  }
  for (let j = 0; j < entries; j++) if (flags[j] === 1) return leaves[tags + j] >> 1;
  let best = entries;
  for (let s = first; s < end; s += 3) {
    const e = 2 * leaves[s];
    const one = leaves[s + 1];
    if (one < best && onSegment(xy[e], xy[e + 1], xy[e + 2], xy[e + 3], x, y)) best = one;
  }
  return best < entries ? leaves[tags + best] >> 1 : -1;
}
