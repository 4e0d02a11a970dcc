import { edgeCounts, nudgedSegmentCrosses, onSegment } from './predicates';
import type { Rings } from './rings';

/**
 * A uniform grid over the data's bounding box. A cell no edge touches stores its owner (or -1) and answers
 * without any test. A cell with edges stores entries, one per part that can own a point of the cell
 * (ascending part id, so ascending feature id): whether the nudged cell centre is inside the part, and the
 * part's edges in the cell. A query counts the crossings of the segment centre → point with those edges
 * only: the parity flips the centre's membership. Everything lives in typed arrays.
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
  /** A reference point of every column and row, inside it (the centre, or near it). */
  centreX: Float64Array;
  centreY: Float64Array;
  /** Owner of an edge-free cell, or -1. */
  cellOwner: Int32Array;
  /** Entries of cell `c` are `cellEntryStart[c] .. cellEntryStart[c + 1]`. */
  cellEntryStart: Uint32Array;
  entryFeature: Int32Array;
  /** 1 when the nudged cell centre is inside the entry's part. */
  entryInside: Uint8Array;
  /** Edges of entry `k` are `edges[entryEdgeStart[k] .. entryEdgeStart[k + 1]]`. */
  entryEdgeStart: Uint32Array;
  /** Edges, each named by its first vertex. */
  edges: Uint32Array;
}

const MAX_CELLS = 2 ** 22;

/** Default cell count: four cells per edge, capped. */
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
      return fill(rings, {
        minX,
        minY,
        maxX,
        maxY,
        cols,
        rows,
        invW: cols / w,
        invH: rows / h,
        centreX,
        centreY,
      });
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

type Frame = Pick<
  CellGrid,
  'minX' | 'minY' | 'maxX' | 'maxY' | 'cols' | 'rows' | 'invW' | 'invH' | 'centreX' | 'centreY'
>;

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

function fill(rings: Rings, frame: Frame): CellGrid {
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
  const entryFeature = new IntList();
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
      cellEntryStart[cell] = entryFeature.length;
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
        entryFeature.push(partFeature[p]);
        entryInside.push(parity[p]);
        entryEdgeStart.push(edges.length);
        while (k < e1 && edgePart[cellEdges[k]] === p) edges.push(cellEdges[k++]);
      }
    }
    for (let i = activeCount - 1; i >= 0; i--) toggle(active[i]);
  }
  cellEntryStart[cellCount] = entryFeature.length;
  entryEdgeStart.push(edges.length);
  return {
    ...frame,
    cellOwner,
    cellEntryStart,
    entryFeature: entryFeature.data.slice(0, entryFeature.length),
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

/** Locates a finite point with the grid; same answer as the whole-part tests, bit for bit. */
export function cellGridLocate(grid: CellGrid, rings: Rings, x: number, y: number): number {
  if (x < grid.minX || x > grid.maxX || y < grid.minY || y > grid.maxY) return -1;
  const col = cellOf(x, grid.minX, grid.invW, grid.cols);
  const row = cellOf(y, grid.minY, grid.invH, grid.rows);
  const cell = row * grid.cols + col;
  const k0 = grid.cellEntryStart[cell];
  const k1 = grid.cellEntryStart[cell + 1];
  if (k0 === k1) return grid.cellOwner[cell];
  const cx = grid.centreX[col];
  const cy = grid.centreY[row];
  const { entryEdgeStart, edges, entryInside, entryFeature } = grid;
  const xy = rings.xy;
  if (cx !== x || cy !== y) {
    for (let k = k0; k < k1; k++) {
      let inside = entryInside[k] === 1;
      const end = entryEdgeStart[k + 1];
      for (let i = entryEdgeStart[k]; i < end; i++) {
        const v = edges[i];
        if (nudgedSegmentCrosses(cx, cy, x, y, xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3])) {
          inside = !inside;
        }
      }
      if (inside) return entryFeature[k];
    }
  } else {
    for (let k = k0; k < k1; k++) if (entryInside[k] === 1) return entryFeature[k];
  }
  // The nudged point is in no part: the closed rule, lowest id whose boundary holds the point.
  const end = entryEdgeStart[k1];
  let k = k0;
  for (let i = entryEdgeStart[k0]; i < end; i++) {
    while (entryEdgeStart[k + 1] <= i) k++;
    const v = edges[i];
    if (onSegment(xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3], x, y)) return entryFeature[k];
  }
  return -1;
}
