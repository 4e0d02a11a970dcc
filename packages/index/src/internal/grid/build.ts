import { ErrorCode, WanggeError } from '@wangge/core';
import type { Rings } from '../rings';
import { edgeCellRoom, edgeCells, type Frame, frameOver } from './frame';
import { IntList } from './intList';
import { COMPACT_EDGES, type GridLayout, leafCell, MAX_OFFSET, NONE } from './layout';
import { collectEntries, LeafWriter } from './leaves';
import { path, pathFlips } from './path';

/** At most this many top cells by default. */
const MAX_DEFAULT_CELLS = 2 ** 22;

/**
 * Default number of top cells, sized by parts and by the area they cover: about
 * {@link CELLS_PER_PART} cells for the box of a typical (median) part, over the whole bounding box (so
 * parts far apart, as the counties of Alaska and Florida, do not stretch the cells), and at least one per
 * {@link EDGES_PER_CELL} edges (so a few detailed parts do not leave hundreds of edges in a cell), capped
 * at two cells per edge and {@link MAX_DEFAULT_CELLS}. Crowded cells are refined into sub-grids where points fall.
 */
export function defaultCellCount(rings: Rings): number {
  const edges = rings.xy.length / 2 - (rings.ringStart.length - 1);
  const { partBox, parts } = rings;
  const areas = new Float64Array(parts);
  for (let p = 0; p < parts; p++) {
    areas[p] = (partBox[4 * p + 2] - partBox[4 * p]) * (partBox[4 * p + 3] - partBox[4 * p + 1]);
  }
  // The median part box: one huge part (a country around its provinces) does not decide the size.
  areas.sort();
  const typical = areas[parts >> 1];
  const [minX, minY, maxX, maxY] = boxOfParts(rings);
  const box = (maxX - minX) * (maxY - minY);
  const wanted = Math.max(typical > 0 ? (CELLS_PER_PART * box) / typical : 16, edges / EDGES_PER_CELL);
  return Math.round(Math.max(16, Math.min(MAX_DEFAULT_CELLS, 2 * edges, wanted)));
}

/** Top cells over the box of a typical part. */
const CELLS_PER_PART = 4;

/** At least one top cell per this many edges (few, large parts: a country's cities, detailed plans). */
const EDGES_PER_CELL = 4;

/** `[minX, minY, maxX, maxY]` over every part. */
export function boxOfParts(rings: Rings): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const { partBox, parts } = rings;
  for (let p = 0; p < parts; p++) {
    if (partBox[4 * p] < minX) minX = partBox[4 * p];
    if (partBox[4 * p + 1] < minY) minY = partBox[4 * p + 1];
    if (partBox[4 * p + 2] > maxX) maxX = partBox[4 * p + 2];
    if (partBox[4 * p + 3] > maxY) maxY = partBox[4 * p + 3];
  }
  return [minX, minY, maxX, maxY];
}

/** Edge → part (`-1` for the closing vertex of a ring, which starts no edge). */
export function edgeParts(rings: Rings): Int32Array {
  const { xy, ringStart, partRingStart, parts } = rings;
  const edgePart = new Int32Array(xy.length / 2).fill(-1);
  for (let p = 0; p < parts; p++) {
    edgePart.fill(p, ringStart[partRingStart[p]], ringStart[partRingStart[p + 1]]);
    for (let r = partRingStart[p]; r < partRingStart[p + 1]; r++) edgePart[ringStart[r + 1] - 1] = -1;
  }
  return edgePart;
}

/** The edges of each cell of a frame in compressed rows, each list ascending (grouped by part). */
export interface CellEdges {
  start: Uint32Array;
  edges: Uint32Array;
}

/** Bins every edge (`edgePart[v] >= 0`) into the cells of `frame` it may touch, in vertex order. */
function binEdges(frame: Frame, xy: Float64Array, edgePart: Int32Array): CellEdges {
  const cellCount = frame.cols * frame.rows;
  const scratch = new Int32Array(edgeCellRoom(frame));
  const start = new Uint32Array(cellCount + 1);
  const vertices = edgePart.length;
  for (let v = 0; v < vertices; v++) {
    if (edgePart[v] < 0) continue;
    const n = edgeCells(frame, xy, v, scratch);
    for (let j = 0; j < n; j++) start[scratch[j] + 1]++;
  }
  for (let c = 0; c < cellCount; c++) start[c + 1] += start[c];
  const edges = new Uint32Array(start[cellCount]);
  const cursor = start.slice(0, cellCount);
  for (let v = 0; v < vertices; v++) {
    if (edgePart[v] < 0) continue;
    const n = edgeCells(frame, xy, v, scratch);
    for (let j = 0; j < n; j++) edges[cursor[scratch[j]]++] = v;
  }
  return { start, edges };
}

/**
 * Builds the grid with about `cells` top cells (see `layout.ts`), without sub-grids (crowded cells are
 * refined later, where points fall: `refine.ts`). A row sweep carries every part's membership from one
 * cell's reference point to the next, testing only the edges of the two cells a step joins; an edge-free
 * cell gets its owner, a cell with edges a leaf.
 */
export function buildGrid(rings: Rings, cells: number): GridLayout {
  const [minX, minY, maxX, maxY] = boxOfParts(rings);
  const frame = frameOver(minX, minY, maxX, maxY, cells);
  const { xy, partFeature, parts } = rings;
  const edgePart = edgeParts(rings);
  const { start, edges } = binEdges(frame, xy, edgePart);
  const wide = xy.length / 2 >= COMPACT_EDGES;
  // Room for every leaf at once, mostly: one word per incidence and a few per cell.
  const leaves = new IntList(edges.length + 4 * frame.cols * frame.rows);
  const writer = new LeafWriter(parts, xy, edgePart, partFeature, wide);
  const { cols, rows, centreX, centreY } = frame;
  const cellValues = new Int32Array(cols * rows);
  const sweep = new Sweep(parts);
  const entries = new IntList(16);
  for (let row = 0; row < rows; row++) {
    const yc = centreY[row];
    for (let col = 0; col < cols; col++) {
      const cell = row * cols + col;
      // The step from the previous reference point (in the first column, from a point west of every
      // vertex, where no part is) to this one: every edge it crosses lies in this cell or the previous.
      // Both lists ascend, so a merge visits an edge in both only once.
      path[0] = col === 0 ? minX - 1 : centreX[col - 1];
      path[1] = yc;
      path[2] = centreX[col];
      path[3] = yc;
      let i = col === 0 ? start[cell] : start[cell - 1];
      const iEnd = start[cell];
      let j = start[cell];
      const jEnd = start[cell + 1];
      while (i < iEnd || j < jEnd) {
        let v: number;
        if (j === jEnd || (i < iEnd && edges[i] < edges[j])) v = edges[i++];
        else {
          v = edges[j++];
          if (i < iEnd && edges[i] === v) i++;
        }
        // Only an edge straddling the row's line can cross the step.
        if (xy[2 * v + 1] > yc === xy[2 * v + 3] > yc) continue;
        if (pathFlips(xy, 2 * v) !== 0) sweep.toggle(edgePart[v]);
      }
      const e0 = start[cell];
      const e1 = start[cell + 1];
      if (e0 === e1) {
        cellValues[cell] = sweep.owner(partFeature);
        continue;
      }
      if (leaves.length >= MAX_OFFSET) {
        throw new WanggeError(ErrorCode.INVALID_OPTION, 'the cell grid outgrew its offsets: use fewer cells');
      }
      collectEntries(edges, e0, e1, edgePart, sweep.active, sweep.activeCount, sweep.parity, entries);
      cellValues[cell] = leafCell(leaves.length);
      writer.write(edges, e0, e1, entries, sweep.parity, leaves);
    }
    sweep.clear();
  }
  return {
    minX,
    minY,
    maxX,
    maxY,
    cols,
    rows,
    invW: frame.invW,
    invH: frame.invH,
    centreX,
    centreY,
    cells: cellValues,
    subcells: new Int32Array(0),
    leaves: leaves.trimmed(),
    wide,
  };
}

/** The parts whose interior holds the sweep's current reference point (parity 1), as a list. */
class Sweep {
  readonly parity: Uint8Array;
  private readonly position: Int32Array;
  readonly active: Int32Array;
  activeCount = 0;

  constructor(parts: number) {
    this.parity = new Uint8Array(parts);
    this.position = new Int32Array(parts).fill(-1);
    this.active = new Int32Array(parts);
  }

  toggle(p: number): void {
    this.parity[p] ^= 1;
    const at = this.position[p];
    if (at < 0) {
      this.position[p] = this.activeCount;
      this.active[this.activeCount++] = p;
    } else {
      const last = this.active[--this.activeCount];
      this.active[at] = last;
      this.position[last] = at;
      this.position[p] = -1;
    }
  }

  /** The lowest feature among the active parts, or NONE. */
  owner(partFeature: Int32Array): number {
    let owner = NONE;
    for (let i = 0; i < this.activeCount; i++) {
      const f = partFeature[this.active[i]];
      if (owner < 0 || f < owner) owner = f;
    }
    return owner;
  }

  /** Back to no part (the state west of the grid). */
  clear(): void {
    while (this.activeCount > 0) this.toggle(this.active[this.activeCount - 1]);
  }
}
