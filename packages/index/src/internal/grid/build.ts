import { ErrorCode, WanggeError } from '@wangge/core';
import { partBoxes, type Rings, vertexBox } from '../rings';
import { edgeColumns, type Frame, frameOver, span } from './frame';
import { IntList } from './intList';
import {
  BLOCK,
  BLOCK_SHIFT,
  COMPACT_EDGES,
  cellOf,
  type GridLayout,
  leafCell,
  MAX_OFFSET,
  NONE,
  UNBUILT,
} from './layout';
import { collectEntries, LeafWriter } from './leaves';
import { path, pathFlips } from './path';

/** At most this many top cells by default. */
const MAX_DEFAULT_CELLS = 2 ** 22;

/**
 * Default number of top cells, sized by parts and by the area they cover: about
 * {@link CELLS_PER_PART} cells for the box of a typical (median) part, over the whole bounding box (so
 * parts far apart, as the counties of Alaska and Florida, do not stretch the cells: the empty blocks
 * between them cost a word per 64 cells), and at least one per {@link EDGES_PER_CELL} edges (so a few
 * detailed parts do not leave hundreds of edges in a cell). Capped so that the cells over the parts'
 * boxes number at most two per edge, and at {@link MAX_DEFAULT_CELLS}. Crowded cells are refined into
 * sub-grids where points fall.
 */
export function defaultCellCount(rings: Rings): number {
  const edges = rings.xy.length / 2 - (rings.ringStart.length - 1);
  const { parts } = rings;
  const partBox = partBoxes(rings);
  // The median part box (one huge part, a country around its provinces, does not decide the size), of
  // an evenly spaced sample of at most SAMPLE parts; the box of everything; the area the parts cover.
  const step = Math.ceil(parts / SAMPLE);
  const areas = new Float64Array(Math.ceil(parts / step));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let covered = 0;
  for (let p = 0; p < parts; p++) {
    const area = (partBox[4 * p + 2] - partBox[4 * p]) * (partBox[4 * p + 3] - partBox[4 * p + 1]);
    covered += area;
    if (p % step === 0) areas[p / step] = area;
    minX = Math.min(minX, partBox[4 * p]);
    minY = Math.min(minY, partBox[4 * p + 1]);
    maxX = Math.max(maxX, partBox[4 * p + 2]);
    maxY = Math.max(maxY, partBox[4 * p + 3]);
  }
  areas.sort();
  const typical = areas[areas.length >> 1];
  const box = (maxX - minX) * (maxY - minY);
  const wanted = Math.max(typical > 0 ? (CELLS_PER_PART * box) / typical : 16, edges / EDGES_PER_CELL);
  const share = box > 0 ? Math.min(1, covered / box) : 1;
  return Math.round(Math.max(16, Math.min(MAX_DEFAULT_CELLS, (2 * edges) / share, wanted)));
}

/** Parts whose box sizes decide the typical part. */
const SAMPLE = 4096;

/** Top cells over the box of a typical part. */
const CELLS_PER_PART = 4;

/** At least one top cell per this many edges (few, large parts: a country's cities, detailed plans). */
const EDGES_PER_CELL = 4;

/** `[minX, minY, maxX, maxY]` over every vertex. */
export function boxOfParts(rings: Rings): [number, number, number, number] {
  const box = new Float64Array(4);
  vertexBox(rings.xy, 0, rings.xy.length / 2, box, 0);
  return [box[0], box[1], box[2], box[3]];
}

/** Edges per chunk: edges are found row by row through chunks of consecutive edges of one ring. */
const CHUNK = 16;

/**
 * Builds the cell grid with about `cells` top cells (see `layout.ts`) row by row, each row the first
 * time a point lands in it, without sub-grids (crowded cells are refined later, where points fall:
 * `refine.ts`). Made, it costs one pass over the y of every vertex: runs of {@link CHUNK} consecutive
 * edges of one ring are binned into the rows their y-range spans. A row is built from its chunks' edges by a
 * sweep that carries every part's membership from one cell's reference point to the next, testing only
 * the edges of the two cells a step joins; an edge-free cell gets its owner, a cell with edges a leaf.
 */
export class RowBuilder {
  /** The grid; its cells in rows not built yet hold {@link UNBUILT}, its leaves are `leaves`'s words. */
  readonly layout: GridLayout;
  private readonly rings: Rings;
  private readonly frame: Frame;
  /** Chunks of row `r` are `rowChunks[rowStart[r] .. rowStart[r + 1]]`, ascending. */
  private readonly rowStart: Uint32Array;
  private readonly rowChunks: Uint32Array;
  /** Chunk `c` is the edges starting at vertices `chunkStart[c] .. chunkEnd[c]` of part `chunkPart[c]`. */
  private readonly chunkStart: Uint32Array;
  private readonly chunkEnd: Uint32Array;
  private readonly chunkPart: Int32Array;
  private readonly writer: LeafWriter;
  private readonly sweep: Sweep;
  private readonly entries = new IntList(16);
  /** The row being built: per incidence its column, edge and part, then the same sorted by column. */
  private colOf = new Int32Array(256);
  private edgeOf = new Int32Array(256);
  private partOf = new Int32Array(256);
  private edges = new Int32Array(256);
  private parts = new Int32Array(256);
  private readonly colStart: Uint32Array;
  /** Rows not built yet, and which rows are (1). */
  remaining: number;
  readonly built: Uint8Array;

  constructor(rings: Rings, cells: number) {
    const [minX, minY, maxX, maxY] = boxOfParts(rings);
    const frame = frameOver(minX, minY, maxX, maxY, cells);
    const { xy, parts } = rings;
    const { cols, rows, centreX, centreY, invW, invH } = frame;
    this.rings = rings;
    this.frame = frame;
    this.remaining = rows;
    // Chunks: runs of up to CHUNK consecutive edges of one ring (a run never spans two rings, whose
    // vertices may lie far apart), each binned into the rows its vertices' y-range spans.
    const { ringStart, partRingStart } = rings;
    const ringCount = ringStart.length - 1;
    let chunks = 0;
    for (let r = 0; r < ringCount; r++) chunks += Math.ceil((ringStart[r + 1] - 1 - ringStart[r]) / CHUNK);
    const chunkStart = new Uint32Array(chunks);
    const chunkEnd = new Uint32Array(chunks);
    const chunkPart = new Int32Array(chunks);
    const span = new Int32Array(2 * chunks);
    const rowStart = new Uint32Array(rows + 1);
    const blockCols = Math.ceil(cols / BLOCK);
    const blocks = new Int32Array(blockCols * Math.ceil(rows / BLOCK)).fill(UNBUILT);
    let c = 0;
    for (let p = 0; p < parts; p++) {
      for (let r = partRingStart[p]; r < partRingStart[p + 1]; r++) {
        const last = ringStart[r + 1] - 1;
        for (let v0 = ringStart[r]; v0 < last; v0 += CHUNK, c++) {
          const v1 = Math.min(last, v0 + CHUNK);
          let lo = Infinity;
          let hi = -Infinity;
          let west = Infinity;
          let east = -Infinity;
          for (let v = v0; v <= v1; v++) {
            const x = xy[2 * v];
            const y = xy[2 * v + 1];
            if (y < lo) lo = y;
            if (y > hi) hi = y;
            if (x < west) west = x;
            if (x > east) east = x;
          }
          chunkStart[c] = v0;
          chunkEnd[c] = v1;
          chunkPart[c] = p;
          // cellOf, written out (a call the optimiser does not inline boxes its numbers).
          let r0 = Math.floor((lo - minY) * invH);
          r0 = r0 < 0 ? 0 : r0 >= rows ? rows - 1 : r0;
          let r1 = Math.floor((hi - minY) * invH);
          r1 = r1 < 0 ? 0 : r1 >= rows ? rows - 1 : r1;
          span[2 * c] = r0;
          span[2 * c + 1] = r1;
          for (let row = r0; row <= r1; row++) rowStart[row + 1]++;
          // Every cell an edge of the chunk may touch lies in the chunk's box: its blocks may meet edges.
          let c0 = Math.floor((west - minX) * invW);
          c0 = (c0 < 0 ? 0 : c0 >= cols ? cols - 1 : c0) >> BLOCK_SHIFT;
          let c1 = Math.floor((east - minX) * invW);
          c1 = (c1 < 0 ? 0 : c1 >= cols ? cols - 1 : c1) >> BLOCK_SHIFT;
          for (let br = r0 >> BLOCK_SHIFT; br <= r1 >> BLOCK_SHIFT; br++) {
            for (let bc = c0; bc <= c1; bc++) blocks[br * blockCols + bc] = 0;
          }
        }
      }
    }
    for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
    const rowChunks = new Uint32Array(rowStart[rows]);
    const cursor = rowStart.slice(0, rows);
    for (let k = 0; k < chunks; k++) {
      for (let r = span[2 * k]; r <= span[2 * k + 1]; r++) rowChunks[cursor[r]++] = k;
    }
    this.chunkStart = chunkStart;
    this.chunkPart = chunkPart;
    this.chunkEnd = chunkEnd;
    let slots = 0;
    for (let b = 0; b < blocks.length; b++) {
      if (blocks[b] === 0) {
        blocks[b] = slots;
        slots += BLOCK * BLOCK;
      }
    }
    this.rowStart = rowStart;
    this.rowChunks = rowChunks;
    this.built = new Uint8Array(rows);
    this.colStart = new Uint32Array(cols + 1);
    this.writer = new LeafWriter(parts, xy, rings.partFeature, xy.length / 2 >= COMPACT_EDGES);
    this.sweep = new Sweep(parts);
    this.layout = {
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
      blocks,
      blockCols,
      cells: new Int32Array(slots).fill(UNBUILT),
      subcells: new Int32Array(0),
      leaves: new Int32Array(0),
      wide: xy.length / 2 >= COMPACT_EDGES,
    };
  }

  /** Builds row `row` (not built yet): its cells' values, its leaves appended to `leaves`. */
  buildRow(row: number, leaves: IntList): void {
    const count = this.gather(row);
    const { xy, partFeature } = this.rings;
    const { cols, centreX, centreY, minX } = this.frame;
    const { colStart, edges, parts, sweep, entries, writer } = this;
    const { cells, blocks, blockCols } = this.layout;
    const yc = centreY[row];
    const blockRow = (row >> BLOCK_SHIFT) * blockCols;
    const inBlock = (row & (BLOCK - 1)) << BLOCK_SHIFT;
    // The owner at the current reference point, while no edge has flipped a part since it was found.
    let owner = NONE;
    let stale = true;
    for (let col = 0; col < cols; col++) {
      const b = blockRow + (col >> BLOCK_SHIFT);
      const cell = blocks[b] < 0 ? -1 : blocks[b] + inBlock + (col & (BLOCK - 1));
      if (colStart[col + 1] === colStart[col] && (col === 0 || colStart[col - 1] === colStart[col])) {
        // No edge in this cell or the previous: the step crosses none, and the cell has one owner.
        if (cell < 0 && blocks[b] !== UNBUILT) continue;
        if (stale) {
          owner = sweep.owner(partFeature);
          stale = false;
        }
        if (cell >= 0) cells[cell] = owner;
        else blocks[b] = -2 - owner;
        continue;
      }
      // The step from the previous reference point (in the first column, from a point west of every
      // vertex, where no part is) to this one: every edge it crosses lies in this cell or the previous.
      // Both lists ascend, so a merge visits an edge in both only once.
      path[0] = col === 0 ? minX - 1 : centreX[col - 1];
      path[1] = yc;
      path[2] = centreX[col];
      path[3] = yc;
      let i = col === 0 ? colStart[col] : colStart[col - 1];
      const iEnd = colStart[col];
      let j = colStart[col];
      const jEnd = colStart[col + 1];
      while (i < iEnd || j < jEnd) {
        let k: number;
        if (j === jEnd || (i < iEnd && edges[i] < edges[j])) k = i++;
        else {
          k = j++;
          if (i < iEnd && edges[i] === edges[k]) i++;
        }
        const v = edges[k];
        // Only an edge straddling the row's line can cross the step.
        if (xy[2 * v + 1] > yc === xy[2 * v + 3] > yc) continue;
        if (pathFlips(xy, 2 * v) !== 0) {
          sweep.toggle(parts[k]);
          stale = true;
        }
      }
      const e0 = colStart[col];
      const e1 = colStart[col + 1];
      if (e0 === e1) {
        // A block without edges holds one owner for all its cells (the first row built sets it).
        if (stale) {
          owner = sweep.owner(partFeature);
          stale = false;
        }
        if (cell >= 0) cells[cell] = owner;
        else if (blocks[b] === UNBUILT) blocks[b] = -2 - owner;
        continue;
      }
      if (leaves.length >= MAX_OFFSET) {
        throw new WanggeError(ErrorCode.INVALID_OPTION, 'the cell grid outgrew its offsets: use fewer cells');
      }
      collectEntries(parts, e0, e1, sweep.active, sweep.activeCount, sweep.parity, entries);
      cells[cell] = leafCell(leaves.length);
      writer.write(edges, parts, e0, e1, entries, sweep.parity, leaves);
    }
    sweep.clear();
    this.built[row] = 1;
    this.remaining--;
    if (count > 0) this.layout.leaves = leaves.data;
  }

  /**
   * The edges of row `row`'s chunks, one incidence per column each may touch, sorted by column into
   * `colStart`/`edges`/`parts` (each column's edges ascending); returns the number of incidences.
   */
  private gather(row: number): number {
    const { xy } = this.rings;
    const { chunkStart, chunkEnd, chunkPart } = this;
    let n = 0;
    for (let at = this.rowStart[row]; at < this.rowStart[row + 1]; at++) {
      const c = this.rowChunks[at];
      const p = chunkPart[c];
      for (let v = chunkStart[c]; v < chunkEnd[c]; v++) {
        edgeColumns(this.frame, xy, v, row, span);
        for (let col = span[0]; col <= span[1]; col++) {
          if (n === this.colOf.length) this.grow();
          this.colOf[n] = col;
          this.edgeOf[n] = v;
          this.partOf[n] = p;
          n++;
        }
      }
    }
    const { colStart, cols } = { colStart: this.colStart, cols: this.frame.cols };
    colStart.fill(0);
    for (let k = 0; k < n; k++) colStart[this.colOf[k] + 1]++;
    for (let col = 0; col < cols; col++) colStart[col + 1] += colStart[col];
    if (this.edges.length < n) {
      this.edges = new Int32Array(this.colOf.length);
      this.parts = new Int32Array(this.colOf.length);
    }
    for (let k = 0; k < n; k++) {
      const at = colStart[this.colOf[k]]++;
      this.edges[at] = this.edgeOf[k];
      this.parts[at] = this.partOf[k];
    }
    // The scatter moved every column's start to its end: shift back.
    for (let col = cols; col > 0; col--) colStart[col] = colStart[col - 1];
    colStart[0] = 0;
    return n;
  }

  /** Lets go of the scratch of the rows built so far (grown to the crowdest row), between calls. */
  releaseScratch(): void {
    if (this.colOf.length <= 256) return;
    this.colOf = new Int32Array(256);
    this.edgeOf = new Int32Array(256);
    this.partOf = new Int32Array(256);
    this.edges = new Int32Array(256);
    this.parts = new Int32Array(256);
  }

  private grow(): void {
    const size = 2 * this.colOf.length;
    const grown = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.colOf = grown(this.colOf);
    this.edgeOf = grown(this.edgeOf);
    this.partOf = grown(this.partOf);
  }
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
