import { edgeCellRoom, edgeCells, type Frame } from './frame';
import type { IntList } from './intList';
import {
  cellOf,
  centres,
  compactEdge,
  type GridLayout,
  isCompact,
  LEAF_HEADER,
  leafSubcell,
  MAX_SUB_SIDE,
  NONE,
  subGridCell,
} from './layout';
import { path, pathFlips } from './path';

/** Sub-cells per edge of a refined leaf: its side is `√(edges × this)`, from 2 to 16. */
const SUBCELLS_PER_EDGE = 2;

/**
 * Refines the leaf at `at` of top cell `(col, row)` into a `k × k` sub-grid: the leaf's edges binned
 * into the sub-cells, every entry's membership carried from the top cell's reference point to each
 * sub-cell's centre (along each row and down the first column, each step testing only the edges of
 * the two sub-cells it joins), then per sub-cell its owner or a smaller leaf over its own edges. The
 * sub-cells go to `subcells`, their leaves to `leaves`; returns the top cell's new value, or `null` when
 * float precision cannot place a reference point inside every sub-cell. One instance serves every
 * refinement of a grid; its scratch is reused.
 */
export class LeafRefiner {
  private scratch = new Int32Array(64);
  private start = new Int32Array(MAX_SUB_SIDE * MAX_SUB_SIDE + 1);
  private cursor = new Int32Array(MAX_SUB_SIDE * MAX_SUB_SIDE);
  private list = new Int32Array(256);
  private seen = new Int32Array(256);
  private stamp = 0;
  private vertex = new Int32Array(64);
  private first = new Int32Array(64);
  private second = new Int32Array(64);
  private here = new Uint8Array(16);
  private rowHead = new Uint8Array(16);
  private entryOf = new Int32Array(16);
  private used = new Int32Array(16);

  refine(
    g: GridLayout,
    xy: Float64Array,
    at: number,
    col: number,
    row: number,
    subcells: IntList,
    leaves: IntList,
  ): number | null {
    const words = leaves.data;
    const entries = words[at];
    const edgeCount = words[at + 1];
    const k = Math.max(2, Math.min(MAX_SUB_SIDE, Math.ceil(Math.sqrt(edgeCount * SUBCELLS_PER_EDGE))));
    const sub = subFrame(g, col, row, k);
    if (sub === null) return null;
    const tags = at + LEAF_HEADER;
    this.decode(words, tags + entries, edgeCount, isCompact(entries, g.wide));
    this.bin(sub, xy, edgeCount, k * k);
    if (this.here.length < entries) this.growEntries(entries);
    const { here, rowHead } = this;
    for (let j = 0; j < entries; j++) here[j] = words[tags + j] & 1;
    const offset = subcells.length;
    for (let c = 0; c < k * k; c++) subcells.push(0);
    for (let sr = 0; sr < k; sr++) {
      const sy = sub.centreY[sr];
      for (let sc = 0; sc < k; sc++) {
        const c = sr * k + sc;
        const sx = sub.centreX[sc];
        if (sc > 0) {
          setPath(sub.centreX[sc - 1], sy, sx, sy);
          this.step(xy, c - 1, c);
        } else if (sr > 0) {
          for (let j = 0; j < entries; j++) here[j] = rowHead[j];
          setPath(sx, sub.centreY[sr - 1], sx, sy);
          this.step(xy, c - k, c);
        } else {
          setPath(g.centreX[col], g.centreY[row], sx, sy);
          this.step(xy, -1, -1);
        }
        if (sc === 0) for (let j = 0; j < entries; j++) rowHead[j] = here[j];
        // The sub-cell's own leaf goes to the end of `leaves`, which may grow: read tags through it.
        subcells.data[offset + c] = this.subcell(c, entries, tags, g.wide, leaves);
      }
    }
    return subGridCell(offset, k);
  }

  private decode(words: Int32Array, from: number, count: number, compact: boolean): void {
    this.decoded = count;
    if (this.vertex.length < count) {
      this.vertex = new Int32Array(2 * count);
      this.first = new Int32Array(2 * count);
      this.second = new Int32Array(2 * count);
      this.seen = new Int32Array(2 * count);
    }
    for (let i = 0; i < count; i++) {
      if (compact) {
        const w = words[from + i];
        this.vertex[i] = w & 0xffffff;
        this.first[i] = (w >>> 24) & 15;
        this.second[i] = (w >>> 28) - 1;
      } else {
        this.vertex[i] = words[from + 3 * i];
        this.first[i] = words[from + 3 * i + 1];
        this.second[i] = words[from + 3 * i + 2];
      }
    }
  }

  /** Bins edges `0..count` into the sub-cells: `start`/`list` in compressed rows, ascending. */
  private bin(sub: Frame, xy: Float64Array, count: number, cells: number): void {
    if (this.scratch.length < edgeCellRoom(sub)) this.scratch = new Int32Array(edgeCellRoom(sub));
    const { scratch, start, cursor, vertex } = this;
    start.fill(0, 0, cells + 1);
    for (let i = 0; i < count; i++) {
      const n = edgeCells(sub, xy, vertex[i], scratch);
      for (let j = 0; j < n; j++) start[scratch[j] + 1]++;
    }
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    if (this.list.length < start[cells]) this.list = new Int32Array(2 * start[cells]);
    const list = this.list;
    cursor.set(start.subarray(0, cells));
    for (let i = 0; i < count; i++) {
      const n = edgeCells(sub, xy, vertex[i], scratch);
      for (let j = 0; j < n; j++) list[cursor[scratch[j]]++] = i;
    }
  }

  /**
   * Flips the entries whose edges cross the nudged path in `path`: the edges of sub-cells `c1` and `c2`
   * (neighbours the step joins), or every edge when `c1 < 0`.
   */
  private step(xy: Float64Array, c1: number, c2: number): void {
    const stamp = ++this.stamp;
    if (c1 < 0) {
      for (let i = 0; i < this.decoded; i++) this.flip(xy, i);
      return;
    }
    this.flipCell(xy, c1, stamp);
    this.flipCell(xy, c2, stamp);
  }

  /** Edges decoded from the leaf being refined. */
  private decoded = 0;

  private flipCell(xy: Float64Array, c: number, stamp: number): void {
    for (let j = this.start[c]; j < this.start[c + 1]; j++) {
      const i = this.list[j];
      if (this.seen[i] === stamp) continue;
      this.seen[i] = stamp;
      this.flip(xy, i);
    }
  }

  private flip(xy: Float64Array, i: number): void {
    if (pathFlips(xy, 2 * this.vertex[i]) === 0) return;
    this.here[this.first[i]] ^= 1;
    if (this.second[i] >= 0) this.here[this.second[i]] ^= 1;
  }

  /** The value of sub-cell `c` at the current memberships: its owner, NONE, or a new leaf. */
  private subcell(c: number, entries: number, tags: number, wide: boolean, leaves: IntList): number {
    const { start, list, here, first, second, vertex, entryOf, used } = this;
    const s0 = start[c];
    const s1 = start[c + 1];
    if (s0 === s1) {
      for (let j = 0; j < entries; j++) if (here[j] === 1) return leaves.data[tags + j] >> 1;
      return NONE;
    }
    // Entries of the sub-leaf: those with an edge here or inside at the centre, in entry order.
    entryOf.fill(-1, 0, entries);
    for (let j = s0; j < s1; j++) {
      entryOf[first[list[j]]] = 0;
      if (second[list[j]] >= 0) entryOf[second[list[j]]] = 0;
    }
    let count = 0;
    for (let j = 0; j < entries; j++) {
      if (entryOf[j] === 0 || here[j] === 1) {
        entryOf[j] = count;
        used[count++] = j;
      }
    }
    const compact = isCompact(count, wide);
    const value = leafSubcell(leaves.length);
    leaves.push(count);
    leaves.push(s1 - s0);
    for (let j = 0; j < count; j++) leaves.push((leaves.data[tags + used[j]] & ~1) | here[used[j]]);
    for (let j = s0; j < s1; j++) {
      const i = list[j];
      const one = entryOf[first[i]];
      const two = second[i] >= 0 ? entryOf[second[i]] : -1;
      if (compact) leaves.push(compactEdge(vertex[i], one, two));
      else {
        leaves.push(vertex[i]);
        leaves.push(one);
        leaves.push(two);
      }
    }
    return value;
  }

  private growEntries(entries: number): void {
    this.here = new Uint8Array(2 * entries);
    this.rowHead = new Uint8Array(2 * entries);
    this.entryOf = new Int32Array(2 * entries);
    this.used = new Int32Array(2 * entries);
  }
}

/** Sets the path of the next crossing tests (a step between two reference points). */
function setPath(x1: number, y1: number, x2: number, y2: number): void {
  path[0] = x1;
  path[1] = y1;
  path[2] = x2;
  path[3] = y2;
}

/**
 * The frame of the `k × k` sub-grid of top cell `(col, row)`, by the query's own arithmetic; `null` when
 * float precision cannot place a reference point inside every sub-column and sub-row, and inside the cell.
 */
function subFrame(g: GridLayout, col: number, row: number, k: number): Frame | null {
  const minX = g.minX + col / g.invW;
  const minY = g.minY + row / g.invH;
  const invW = g.invW * k;
  const invH = g.invH * k;
  const centreX = centres(minX, invW, k);
  const centreY = centres(minY, invH, k);
  if (centreX === null || centreY === null) return null;
  for (let i = 0; i < k; i++) {
    if (cellOf(centreX[i], g.minX, g.invW, g.cols) !== col) return null;
    if (cellOf(centreY[i], g.minY, g.invH, g.rows) !== row) return null;
  }
  return { minX, minY, cols: k, rows: k, invW, invH, centreX, centreY };
}
