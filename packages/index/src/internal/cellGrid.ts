import { ErrorCode, WanggeError } from '@wangge/core';
import { edgeCounts, nudgedSegmentCrosses, onSegment } from './predicates';
import type { Rings } from './rings';

/**
 * The acceleration structure: a uniform grid over the data's bounding box whose crowded cells are split
 * once more into a finer uniform sub-grid. A cell that no edge touches stores its owner (or -1) and
 * answers without any test. A cell with edges is a leaf block: entries, one per part that can own a point
 * of the cell (ascending part id, so ascending feature id), each with whether the nudged cell centre is
 * inside the part and the part's edges in the cell. A query counts the crossings of the segment
 * centre → point with those edges only: their parity flips the centre's membership. All typed arrays.
 */
export interface CellGrid {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cols: number;
  rows: number;
  /** Columns per unit of x, rows per unit of y. */
  invW: number;
  invH: number;
  /**
   * Per top cell: the owner (>= 0), -1 for none, or `-(code + 2)`: `code >> 4` is an offset, and `code & 15`
   * is 0 for a leaf at that offset in `leaves`, or `k - 1` for a `k × k` sub-grid at that offset in `subcells`.
   */
  cells: Int32Array;
  /** Sub-grid values, row by row: the owner (>= 0), -1 for none, or `-(leaf + 2)` for a leaf in `leaves`. */
  subcells: Int32Array;
  /**
   * Leaves, each contiguous: `entryCount, centreX, centreY, edgeCount`, per entry `feature * 2 +
   * centreInside`, then per edge `owners, ax, ay, bx, by`. An edge two entries share (a tiling's shared
   * edge) is stored once: `owners = first * 2^26 + second + 1` (`second + 1 = 0` for none), so one crossing
   * test flips both.
   */
  leaves: Float64Array;
}

/** The uniform grid before packing: entries and edges in compressed rows. */
interface FlatCells {
  cellOwner: Int32Array;
  cellEntryStart: Uint32Array;
  entryPart: Int32Array;
  entryInside: Uint8Array;
  entryEdgeStart: Uint32Array;
  /** Edges, each named by its first vertex. */
  edges: Uint32Array;
}

const MAX_CELLS = 2 ** 22;
/** Offsets are packed with 4 bits of kind into an int32. */
const MAX_OFFSET = 2 ** 26;
/** Two owner entries of a leaf edge share one float: `first * OWNER_SHIFT + second + 1`. */
const OWNER_SHIFT = 2 ** 26;

/** Default top-grid cell count: four cells per edge, capped. */
export function defaultCellCount(rings: Rings): number {
  const edgeCount = rings.xy.length / 2 - (rings.ringStart.length - 1);
  return Math.min(MAX_CELLS, Math.max(16, 4 * edgeCount));
}

/** Builds the grid with about `cells` cells (fewer when float precision cannot resolve that many). */
export function cellGridFromRings(rings: Rings, cells: number): CellGrid {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const { partBox, parts } = rings;
  for (let p = 0; p < parts; p++) {
    minX = Math.min(minX, partBox[4 * p]);
    minY = Math.min(minY, partBox[4 * p + 1]);
    maxX = Math.max(maxX, partBox[4 * p + 2]);
    maxY = Math.max(maxY, partBox[4 * p + 3]);
  }
  const w = maxX - minX;
  const h = maxY - minY;
  let target = cells;
  for (;;) {
    const side = Math.sqrt((w * h) / target);
    const cols = Math.max(1, Math.min(target, Math.ceil(w / side)));
    const rows = Math.max(1, Math.min(target, Math.ceil(h / side)));
    const centreX = centres(minX, cols / w, cols);
    const centreY = centres(minY, rows / h, rows);
    if (centreX !== null && centreY !== null) {
      const frame = { minX, minY, cols, rows, invW: cols / w, invH: rows / h, centreX, centreY };
      return pack(rings, frame, fill(rings, frame), maxX, maxY);
    }
    target = Math.floor(target / 4);
  }
}

/** A point inside every column (or row), or `null` when the columns are too thin for float precision. */
function centres(min: number, inv: number, count: number): Float64Array | null {
  const out = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const x = min + (c + 0.5) / inv;
    if (cellOf(x, min, inv, count) !== c) return null;
    out[c] = x;
  }
  return out;
}

/** Column (or row) of a coordinate already known to be within the grid's range. */
function cellOf(x: number, min: number, inv: number, count: number): number {
  const c = Math.floor((x - min) * inv);
  return c < 0 ? 0 : c >= count ? count - 1 : c;
}

/** A uniform grid's geometry: origin, size, resolution, and a reference point inside every column and row. */
interface Frame {
  minX: number;
  minY: number;
  cols: number;
  rows: number;
  invW: number;
  invH: number;
  centreX: Float64Array;
  centreY: Float64Array;
}

/**
 * Calls `visit(cell)` for every cell edge `v` may touch: each row of its box, narrowed to the columns
 * its stretch in that row (widened by a safety margin far above rounding error) can reach.
 */
function forEachEdgeCell(frame: Frame, xy: Float64Array, v: number, visit: (cell: number) => void): void {
  const { minX, minY, cols, rows, invW, invH } = frame;
  const ax = xy[2 * v];
  const ay = xy[2 * v + 1];
  const bx = xy[2 * v + 2];
  const by = xy[2 * v + 3];
  const c0 = cellOf(Math.min(ax, bx), minX, invW, cols);
  const c1 = cellOf(Math.max(ax, bx), minX, invW, cols);
  const r0 = cellOf(Math.min(ay, by), minY, invH, rows);
  const r1 = cellOf(Math.max(ay, by), minY, invH, rows);
  if (c0 === c1 || r0 === r1) {
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * cols + c);
    return;
  }
  const marginY = 1e-6 / invH;
  const marginX = 1e-6 / invW;
  const slope = (bx - ax) / (by - ay);
  for (let r = r0; r <= r1; r++) {
    const yLo = Math.max(Math.min(ay, by), minY + r / invH - marginY);
    const yHi = Math.min(Math.max(ay, by), minY + (r + 1) / invH + marginY);
    const xa = ax + (yLo - ay) * slope;
    const xb = ax + (yHi - ay) * slope;
    const from = Math.max(c0, cellOf(Math.min(xa, xb) - marginX, minX, invW, cols));
    const to = Math.min(c1, cellOf(Math.max(xa, xb) + marginX, minX, invW, cols));
    for (let c = from; c <= to; c++) visit(r * cols + c);
  }
}

/** A growable Int32 buffer for the build. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

function fill(rings: Rings, frame: Frame): FlatCells {
  const { cols, rows, centreX, centreY } = frame;
  const { xy, ringStart, partRingStart, partFeature, parts } = rings;
  const cellCount = cols * rows;
  const vertexCount = xy.length / 2;

  // Edge → part, and the cells each edge touches (counting pass, then filling pass).
  const edgePart = new Int32Array(vertexCount).fill(-1);
  for (let p = 0; p < parts; p++) {
    for (let r = partRingStart[p]; r < partRingStart[p + 1]; r++) {
      for (let v = ringStart[r]; v < ringStart[r + 1] - 1; v++) edgePart[v] = p;
    }
  }
  const cellEdgeStart = new Uint32Array(cellCount + 1);
  for (let v = 0; v < vertexCount; v++) {
    if (edgePart[v] >= 0) forEachEdgeCell(frame, xy, v, (cell) => cellEdgeStart[cell + 1]++);
  }
  for (let c = 0; c < cellCount; c++) cellEdgeStart[c + 1] += cellEdgeStart[c];
  const cellEdges = new Uint32Array(cellEdgeStart[cellCount]);
  const cursor = cellEdgeStart.slice(0, cellCount);
  for (let v = 0; v < vertexCount; v++) {
    if (edgePart[v] >= 0) forEachEdgeCell(frame, xy, v, (cell) => (cellEdges[cursor[cell]++] = v));
  }

  // Row sweep: membership of every part at each cell centre, from the crossings between centres.
  const parity = new Uint8Array(parts);
  const activePos = new Int32Array(parts).fill(-1);
  const active = new Int32Array(parts);
  let activeCount = 0;
  const toggle = (p: number) => {
    parity[p] ^= 1;
    if (activePos[p] < 0) {
      activePos[p] = activeCount;
      active[activeCount++] = p;
    } else {
      const last = active[--activeCount];
      active[activePos[p]] = last;
      activePos[last] = activePos[p];
      activePos[p] = -1;
    }
  };
  const stamp = new Uint32Array(vertexCount);
  let transition = 0;
  const cellOwner = new Int32Array(cellCount).fill(-1);
  const cellEntryStart = new Uint32Array(cellCount + 1);
  const entryPart = new IntList();
  const entryInside = new IntList();
  const entryEdgeStart = new IntList();
  const edges = new IntList();
  const entryParts: number[] = [];

  for (let row = 0; row < rows; row++) {
    const yc = centreY[row];
    for (let col = 0; col < cols; col++) {
      const cell = row * cols + col;
      const xc = centreX[col];
      const xPrev = col === 0 ? -Infinity : centreX[col - 1];
      transition++;
      for (let side = col === 0 ? 1 : 0; side < 2; side++) {
        const c = cell - 1 + side;
        for (let k = cellEdgeStart[c]; k < cellEdgeStart[c + 1]; k++) {
          const v = cellEdges[k];
          if (stamp[v] === transition) continue;
          stamp[v] = transition;
          const ax = xy[2 * v];
          const ay = xy[2 * v + 1];
          const bx = xy[2 * v + 2];
          const by = xy[2 * v + 3];
          const before = xPrev === -Infinity ? ay > yc !== by > yc : edgeCounts(ax, ay, bx, by, xPrev, yc);
          if (before !== edgeCounts(ax, ay, bx, by, xc, yc)) toggle(edgePart[v]);
        }
      }
      cellEntryStart[cell] = entryPart.length;
      const e0 = cellEdgeStart[cell];
      const e1 = cellEdgeStart[cell + 1];
      if (e0 === e1) {
        let owner = -1;
        for (let i = 0; i < activeCount; i++) {
          const f = partFeature[active[i]];
          if (owner < 0 || f < owner) owner = f;
        }
        cellOwner[cell] = owner;
        continue;
      }
      // Entries: parts with edges here, and parts wholly around the cell, ascending.
      entryParts.length = 0;
      for (let k = e0; k < e1; k++) {
        const p = edgePart[cellEdges[k]];
        if (entryParts.length === 0 || entryParts[entryParts.length - 1] !== p) entryParts.push(p);
      }
      const withEdges = entryParts.length;
      for (let i = 0; i < activeCount; i++) {
        if (!includesSorted(entryParts, withEdges, active[i])) entryParts.push(active[i]);
      }
      if (entryParts.length > withEdges) entryParts.sort((a, b) => a - b);
      let k = e0;
      for (const p of entryParts) {
        entryPart.push(p);
        entryInside.push(parity[p]);
        entryEdgeStart.push(edges.length);
        while (k < e1 && edgePart[cellEdges[k]] === p) edges.push(cellEdges[k++]);
      }
    }
    for (let i = activeCount - 1; i >= 0; i--) toggle(active[i]);
  }
  cellEntryStart[cellCount] = entryPart.length;
  entryEdgeStart.push(edges.length);
  return {
    cellOwner,
    cellEntryStart,
    entryPart: entryPart.data.slice(0, entryPart.length),
    entryInside: Uint8Array.from(entryInside.data.subarray(0, entryInside.length)),
    entryEdgeStart: Uint32Array.from(entryEdgeStart.data.subarray(0, entryEdgeStart.length)),
    edges: Uint32Array.from(edges.data.subarray(0, edges.length)),
  };
}

function includesSorted(list: number[], length: number, value: number): boolean {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < length && list[lo] === value;
}

/** Mixed cells with more edges than this are split into a sub-grid of side `2 √edges`, at most 16. */
const SPLIT_ABOVE = 1;
const MAX_SPLIT = 16;

/** Packs the flat grid into blocks, splitting crowded cells once into a finer sub-grid. */
function pack(rings: Rings, frame: Frame, flat: FlatCells, maxX: number, maxY: number): CellGrid {
  const { minX, minY, cols, rows, invW, invH, centreX, centreY } = frame;
  const { xy, partFeature } = rings;
  const { cellOwner, cellEntryStart, entryPart, entryInside, entryEdgeStart, edges } = flat;
  const cells = new Int32Array(cols * rows);
  const subcells = new IntList();
  const leaves = new FloatList();
  // One leaf entry under construction: features, inside bits and edge lists.
  // The leaf under construction: per entry its tag (feature * 2 + inside) and edge count, and the edges.
  const leafTag = new IntList();
  const leafCount = new IntList();
  const leafEdges = new IntList();
  const pairCell = new IntList();
  const pairEdge = new IntList();
  // Edges of the leaf under construction, deduplicated: vertex and owner entries.
  const uniqueEdge = new IntList();
  const uniqueFirst = new IntList();
  const uniqueSecond = new IntList();
  /** Writes the leaf under construction and returns its offset in `leaves`. */
  const writeLeaf = (cx: number, cy: number): number => {
    const at = leaves.length;
    if (at >= MAX_OFFSET) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'the cell grid outgrew its offsets: use fewer cells');
    }
    uniqueEdge.length = 0;
    uniqueFirst.length = 0;
    uniqueSecond.length = 0;
    let v = 0;
    for (let j = 0; j < leafTag.length; j++) {
      for (let n = 0; n < leafCount.data[j]; n++) {
        const e = leafEdges.data[v++];
        let twin = -1;
        for (let u = 0; u < uniqueEdge.length && twin < 0; u++) {
          if (uniqueSecond.data[u] < 0 && uniqueFirst.data[u] !== j && sameSegment(xy, uniqueEdge.data[u], e))
            twin = u;
        }
        if (twin >= 0) uniqueSecond.data[twin] = j;
        else {
          uniqueEdge.push(e);
          uniqueFirst.push(j);
          uniqueSecond.push(-1);
        }
      }
    }
    leaves.push(leafTag.length);
    leaves.push(cx);
    leaves.push(cy);
    leaves.push(uniqueEdge.length);
    for (let j = 0; j < leafTag.length; j++) leaves.push(leafTag.data[j]);
    for (let u = 0; u < uniqueEdge.length; u++) {
      leaves.push(uniqueFirst.data[u] * OWNER_SHIFT + uniqueSecond.data[u] + 1);
      const e = uniqueEdge.data[u];
      for (let i = 0; i < 4; i++) leaves.push(xy[2 * e + i]);
    }
    leafTag.length = 0;
    leafCount.length = 0;
    leafEdges.length = 0;
    return at;
  };
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const cell = row * cols + col;
      const k0 = cellEntryStart[cell];
      const k1 = cellEntryStart[cell + 1];
      if (k0 === k1) {
        cells[cell] = cellOwner[cell];
        continue;
      }
      const edgeCount = entryEdgeStart[k1] - entryEdgeStart[k0];
      const k = Math.min(MAX_SPLIT, Math.ceil(2 * Math.sqrt(edgeCount)));
      const sub = edgeCount > SPLIT_ABOVE ? subFrame(frame, col, row, k) : null;
      if (sub === null) {
        for (let e = k0; e < k1; e++) {
          leafTag.push(partFeature[entryPart[e]] * 2 + entryInside[e]);
          leafCount.push(entryEdgeStart[e + 1] - entryEdgeStart[e]);
          for (let i = entryEdgeStart[e]; i < entryEdgeStart[e + 1]; i++) leafEdges.push(edges[i]);
        }
        cells[cell] = -(writeLeaf(centreX[col], centreY[row]) * 16 + 2);
        continue;
      }
      // Sub-cells: each parent edge goes to the sub-cells it may touch (compressed rows of positions
      // into `edges`, ascending, so grouped by entry).
      const e0 = entryEdgeStart[k0];
      const m = entryEdgeStart[k1] - e0;
      const subCount = k * k;
      const subStart = new Int32Array(subCount + 1);
      pairCell.length = 0;
      pairEdge.length = 0;
      for (let i = e0; i < e0 + m; i++) {
        forEachEdgeCell(sub, xy, edges[i], (c) => {
          pairCell.push(c);
          pairEdge.push(i);
        });
      }
      for (let j = 0; j < pairCell.length; j++) subStart[pairCell.data[j] + 1]++;
      for (let c = 0; c < subCount; c++) subStart[c + 1] += subStart[c];
      const subList = new Int32Array(pairCell.length);
      const fillAt = subStart.slice(0, subCount);
      for (let j = 0; j < pairCell.length; j++) subList[fillAt[pairCell.data[j]]++] = pairEdge.data[j];
      const entryOf = new Int32Array(m);
      for (let e = k0; e < k1; e++) entryOf.fill(e - k0, entryEdgeStart[e] - e0, entryEdgeStart[e + 1] - e0);
      // Memberships at sub-cell centres, walking from the parent centre to sub-cell (0, 0), then along
      // rows and down the first column; each step only meets the edges of the two sub-cells it joins.
      const entries = k1 - k0;
      const here = new Uint8Array(entries);
      const rowHead = new Uint8Array(entries);
      for (let e = 0; e < entries; e++) here[e] = entryInside[k0 + e];
      const stamp = new Uint32Array(m);
      let step = 0;
      /** Flips the entry of edge `i` when the step from `(fromX, fromY)` to `(toX, toY)` crosses it. */
      const flip = (i: number, fromX: number, fromY: number, toX: number, toY: number) => {
        const v = edges[i];
        if (
          nudgedSegmentCrosses(fromX, fromY, toX, toY, xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3])
        ) {
          here[entryOf[i - e0]] ^= 1;
        }
      };
      const walk = (fromX: number, fromY: number, toX: number, toY: number, c1: number, c2: number) => {
        if (fromX === toX && fromY === toY) return;
        step++;
        for (let side = c1 < 0 ? 2 : 0; side < 2; side++) {
          const c = side === 0 ? c1 : c2;
          for (let j = subStart[c]; j < subStart[c + 1]; j++) {
            const i = subList[j];
            if (stamp[i - e0] === step) continue;
            stamp[i - e0] = step;
            flip(i, fromX, fromY, toX, toY);
          }
        }
        if (c1 < 0) for (let i = e0; i < e0 + m; i++) flip(i, fromX, fromY, toX, toY);
      };
      const splitAt = subcells.length;
      if (splitAt >= MAX_OFFSET) {
        throw new WanggeError(ErrorCode.INVALID_OPTION, 'the cell grid outgrew its offsets: use fewer cells');
      }
      for (let c = 0; c < subCount; c++) subcells.push(0);
      for (let sr = 0; sr < k; sr++) {
        for (let sc = 0; sc < k; sc++) {
          const c = sr * k + sc;
          const sx = sub.centreX[sc];
          const sy = sub.centreY[sr];
          if (sc > 0) walk(sub.centreX[sc - 1], sy, sx, sy, c - 1, c);
          else {
            if (sr === 0) walk(centreX[col], centreY[row], sx, sy, -1, -1);
            else {
              here.set(rowHead);
              walk(sx, sub.centreY[sr - 1], sx, sy, c - k, c);
            }
            rowHead.set(here);
          }
          let owner = -1;
          let j = subStart[c];
          const jEnd = subStart[c + 1];
          for (let e = 0; e < entries; e++) {
            const from = j;
            while (j < jEnd && entryOf[subList[j] - e0] === e) leafEdges.push(edges[subList[j++]]);
            const inside = here[e];
            if (j === from && inside === 0) continue;
            const feature = partFeature[entryPart[k0 + e]];
            if (owner < 0 && inside === 1) owner = feature;
            leafTag.push(feature * 2 + inside);
            leafCount.push(j - from);
          }
          const withEdges = jEnd > subStart[c];
          subcells.data[splitAt + c] = withEdges ? -(writeLeaf(sx, sy) + 2) : owner;
          leafTag.length = 0;
          leafCount.length = 0;
        }
      }
      cells[cell] = -(splitAt * 16 + (k - 1) + 2);
    }
  }
  return {
    minX,
    minY,
    maxX,
    maxY,
    cols,
    rows,
    invW,
    invH,
    cells,
    subcells: subcells.data.slice(0, subcells.length),
    leaves: leaves.data.slice(0, leaves.length),
  };
}

/**
 * The frame of the `k × k` sub-grid of a top cell, computed exactly as a query computes it; `null` when
 * float precision cannot place a reference point inside every sub-column and sub-row.
 */
function subFrame(frame: Frame, col: number, row: number, k: number): Frame | null {
  const minX = frame.minX + col / frame.invW;
  const minY = frame.minY + row / frame.invH;
  const invW = frame.invW * k;
  const invH = frame.invH * k;
  const centreX = centres(minX, invW, k);
  const centreY = centres(minY, invH, k);
  if (centreX === null || centreY === null) return null;
  // Every reference point must also fall in the parent cell.
  for (let i = 0; i < k; i++) {
    if (cellOf(centreX[i], frame.minX, frame.invW, frame.cols) !== col) return null;
    if (cellOf(centreY[i], frame.minY, frame.invH, frame.rows) !== row) return null;
  }
  return { minX, minY, cols: k, rows: k, invW, invH, centreX, centreY };
}

/** A growable Float64 buffer for the build. */
class FloatList {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/** Locates a finite point with the grid; same answer as the whole-part tests, bit for bit. */
export function cellGridLocate(grid: CellGrid, x: number, y: number): number {
  if (x < grid.minX || x > grid.maxX || y < grid.minY || y > grid.maxY) return -1;
  const col = cellOf(x, grid.minX, grid.invW, grid.cols);
  const row = cellOf(y, grid.minY, grid.invH, grid.rows);
  const value = grid.cells[row * grid.cols + col];
  if (value >= -1) return value;
  const code = -value - 2;
  if ((code & 15) === 0) return leafLocate(grid.leaves, code >> 4, x, y);
  const k = (code & 15) + 1;
  const sc = cellOf(x, grid.minX + col / grid.invW, grid.invW * k, k);
  const sr = cellOf(y, grid.minY + row / grid.invH, grid.invH * k, k);
  const sub = grid.subcells[(code >> 4) + sr * k + sc];
  return sub >= -1 ? sub : leafLocate(grid.leaves, -sub - 2, x, y);
}

/** Points per batch of {@link cellGridLocateMany}. */
const BATCH = 256;

/**
 * Locates every point of `xy` into `out`, in batches of tight passes (top cells, sub-cells, a touch of
 * each leaf, leaves) so the memory reads of many points are in flight at once instead of one point's
 * chain of reads after another. Returns the index of the first point that is not a lon, lat (non-finite or out of range; `out`
 * is left unwritten from its batch on), or -1.
 */
export function cellGridLocateMany(grid: CellGrid, xy: Float64Array, out: Int32Array): number {
  const { minX, minY, maxX, maxY, cols, rows, invW, invH, cells, subcells, leaves } = grid;
  const n = out.length;
  const pending = new Int32Array(BATCH);
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(n, start + BATCH);
    // Pass 1: top cells. A split cell leaves the sub-cell's index (as -(index + 2)) in `pending`.
    let split = 0;
    for (let i = start; i < end; i++) {
      const x = xy[2 * i];
      const y = xy[2 * i + 1];
      if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) {
        if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) return i;
        out[i] = -1;
        pending[i - start] = -1;
        continue;
      }
      let col = Math.floor((x - minX) * invW);
      if (col >= cols) col = cols - 1;
      let row = Math.floor((y - minY) * invH);
      if (row >= rows) row = rows - 1;
      const value = cells[row * cols + col];
      out[i] = value;
      if (value < -1 && ((-value - 2) & 15) !== 0) {
        const code = -value - 2;
        const k = (code & 15) + 1;
        const sc = cellOf(x, minX + col / invW, invW * k, k);
        const sr = cellOf(y, minY + row / invH, invH * k, k);
        pending[i - start] = (code >> 4) + sr * k + sc;
        split++;
      } else pending[i - start] = -1;
    }
    // Pass 2: sub-cells. A leaf is left in `out` as -(leaf * 16 + 2), as top cells encode leaves.
    if (split > 0) {
      for (let i = start; i < end; i++) {
        const at = pending[i - start];
        if (at < 0) continue;
        const sub = subcells[at];
        out[i] = sub >= -1 ? sub : -((-sub - 2) * 16 + 2);
      }
    }
    // Pass 3: touch each leaf's first line, so the reads overlap; pass 4: the leaves themselves.
    let touched = 0;
    for (let i = start; i < end; i++) {
      const value = out[i];
      if (value < -1) touched += leaves[(-value - 2) >> 4];
    }
    // Every leaf has an entry, so `touched` > 0 exactly when some point of the batch is in a leaf.
    if (touched === 0) continue;
    for (let i = start; i < end; i++) {
      const value = out[i];
      if (value < -1) out[i] = leafLocate(leaves, (-value - 2) >> 4, xy[2 * i], xy[2 * i + 1]);
    }
  }
  return -1;
}

/** Entry flags of the leaf being queried, reused across queries (grown on demand). */
let flags = new Uint8Array(64);

/** The owner of `(x, y)` among a leaf's entries: crossings of centre → point flip each centre membership. */
function leafLocate(leaves: Float64Array, at: number, x: number, y: number): number {
  const count = leaves[at];
  const cx = leaves[at + 1];
  const cy = leaves[at + 2];
  const tags = at + 4;
  const first = tags + count;
  const end = first + 5 * leaves[at + 3];
  if (count > flags.length) flags = new Uint8Array(2 * count);
  for (let j = 0; j < count; j++) flags[j] = leaves[tags + j] & 1;
  if (cx !== x || cy !== y) {
    for (let s = first; s < end; s += 5) {
      if (nudgedSegmentCrosses(cx, cy, x, y, leaves[s + 1], leaves[s + 2], leaves[s + 3], leaves[s + 4])) {
        const owners = leaves[s];
        const one = Math.floor(owners / OWNER_SHIFT);
        const two = owners - one * OWNER_SHIFT - 1;
        flags[one] ^= 1;
        if (two >= 0) flags[two] ^= 1;
      }
    }
  }
  for (let j = 0; j < count; j++) if (flags[j] === 1) return leaves[tags + j] >> 1;
  // The nudged point is in no part: the closed rule, lowest id whose boundary holds the point.
  let best = count;
  for (let s = first; s < end; s += 5) {
    if (onSegment(leaves[s + 1], leaves[s + 2], leaves[s + 3], leaves[s + 4], x, y)) {
      const one = Math.floor(leaves[s] / OWNER_SHIFT);
      if (one < best) best = one;
    }
  }
  return best < count ? leaves[tags + best] >> 1 : -1;
}

/** Are edges `u` and `v` the same segment, in either direction? */
function sameSegment(xy: Float64Array, u: number, v: number): boolean {
  const ax = xy[2 * u];
  const ay = xy[2 * u + 1];
  const bx = xy[2 * u + 2];
  const by = xy[2 * u + 3];
  const cx = xy[2 * v];
  const cy = xy[2 * v + 1];
  const dx = xy[2 * v + 2];
  const dy = xy[2 * v + 3];
  return (
    (ax === cx && ay === cy && bx === dx && by === dy) || (ax === dx && ay === dy && bx === cx && by === cy)
  );
}
