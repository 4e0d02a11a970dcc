/**
 * The layout of the cell grid, the acceleration structure of `PolygonIndex`: what every typed array holds
 * and how its words are packed. `build.ts` and `refine.ts` write it, `query.ts` reads it.
 *
 * A uniform grid of `cols × rows` top cells covers the bounding box of every part; each cell has a
 * reference point (`centreX[col]`, `centreY[row]`) strictly inside it, by the query's own arithmetic.
 * The top cells are stored sparsely, in **blocks** of {@link BLOCK} × {@link BLOCK} cells (block
 * `(col >> 3, row >> 3)`, `blocks[(row >> 3) * blockCols + (col >> 3)]`, one Int32):
 * - `>= 0`: the block may meet edges; its cells are `cells[value + (row & 7) * 8 + (col & 7)]`;
 * - {@link UNBUILT}: the block meets no edge, and no row of it is built yet;
 * - otherwise `-2 - owner`: the block meets no edge, and every cell of it lies in `owner` (or NONE, -1).
 *
 * So the empty ocean around far-apart parts (the counties of Alaska, Hawaii and the mainland) costs one
 * word per 64 cells. A top cell's value, in `cells`, is one Int32:
 * - `>= 0`: the cell meets no edge and lies inside that feature (the lowest id, where parts overlap);
 * - `-1` ({@link NONE}): the cell meets no edge and lies in no feature;
 * - {@link UNBUILT}: the cell's row is not built yet (rows are built on first use, see `build.ts`);
 * - otherwise `<= -2`, with `code = -(value + 2)`: `code & 15` is 0 for a **leaf** at offset `code >> 4` in
 *   `leaves`, or `k - 1` for a `k × k` **sub-grid** of the cell at offset `code >> 4` in `subcells`.
 *
 * A sub-grid's cells, row by row, hold the owner (`>= 0`), NONE, or `-(offset + 2)` for a leaf; the
 * reference point of sub-cell `(sc, sr)` of top cell `(col, row)` is its centre,
 * `minX + col / invW + (sc + 0.5) / (invW * k)` (and likewise in y), computed alike at build and query.
 *
 * A leaf (Int32 words, contiguous) lists the parts that can own a point of its cell and the edges that
 * decide between them:
 * - `entries`, `edgeCount`;
 * - per entry a tag, `feature * 2 + inside`: whether the nudged reference point is inside the part
 *   (entries ascend by part, so by feature);
 * - per edge, in a compact leaf ({@link isCompact}: at most 15 entries, edge ids below 2^24) one word
 *   `edge | first << 24 | (second + 1) << 28`, else three words `edge, first, second`. `edge` is the
 *   first vertex of the edge in the rings' `xy` (the edge is `xy[2e .. 2e + 3]`), `first` the entry
 *   owning it, `second` the other entry owning the same segment (a tiling's shared edge, stored and
 *   tested once) or -1.
 *
 * A query counts the crossings of a path from the reference point to the query point with the leaf's
 * edges; each crossing flips the inside bit of its owners, and the first entry left inside owns the point.
 */
export interface GridLayout {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cols: number;
  rows: number;
  /** Columns per unit of x, rows per unit of y. */
  invW: number;
  invH: number;
  /** Reference x of every column, y of every row. */
  centreX: Float64Array;
  centreY: Float64Array;
  /** One value per block of top cells, as described above. */
  blocks: Int32Array;
  /** Blocks per row of blocks: `ceil(cols / BLOCK)`. */
  blockCols: number;
  /** The top cells of the blocks that may meet edges, 64 per block, as described above. */
  cells: Int32Array;
  /** Sub-grid cells, as described above. */
  subcells: Int32Array;
  /** Leaves, as described above. */
  leaves: Int32Array;
  /** True when edge ids reach 2^24, so every leaf stores three words per edge. */
  wide: boolean;
}

/** Top cells per side of a block, and its log2. */
export const BLOCK = 8;
export const BLOCK_SHIFT = 3;

/** A cell (or sub-cell) in no feature. */
export const NONE = -1;

/** A top cell of a row not built yet (below every leaf and sub-grid value). */
export const UNBUILT = -(2 ** 31);

/** Largest side of a sub-grid (its size is packed in 4 bits). */
export const MAX_SUB_SIDE = 16;

/** Offsets in top-cell values have 27 bits. */
export const MAX_OFFSET = 2 ** 27;

/** The most entries a compact leaf can name in its 4-bit owner fields. */
const COMPACT_ENTRIES = 15;

/** Edge ids of compact leaves fit in 24 bits. */
export const COMPACT_EDGES = 2 ** 24;

/** Words of a leaf before its tags. */
export const LEAF_HEADER = 2;

/**
 * Where top cell `(col, row)` is kept: its index in `cells`, or `-1 - b` for a block `b` without edges
 * (its value, the block's, is `blocks[b]`).
 */
export function cellSlot(g: GridLayout, col: number, row: number): number {
  const b = (row >> BLOCK_SHIFT) * g.blockCols + (col >> BLOCK_SHIFT);
  const at = g.blocks[b];
  return at >= 0 ? at + ((row & (BLOCK - 1)) << BLOCK_SHIFT) + (col & (BLOCK - 1)) : -1 - b;
}

/** The value of top cell `(col, row)`: its cell's, or its edge-free block's owner (or UNBUILT). */
export function topCellValue(g: GridLayout, col: number, row: number): number {
  const slot = cellSlot(g, col, row);
  if (slot >= 0) return g.cells[slot];
  const value = g.blocks[-1 - slot];
  return value === UNBUILT ? UNBUILT : -2 - value;
}

/** The top-cell value of a leaf at `offset` in `leaves`. */
export function leafCell(offset: number): number {
  return -(offset * 16 + 2);
}

/** The top-cell value of a `k × k` sub-grid at `offset` in `subcells`. */
export function subGridCell(offset: number, k: number): number {
  return -(offset * 16 + (k - 1) + 2);
}

/** The sub-cell value of a leaf at `offset` in `leaves`. */
export function leafSubcell(offset: number): number {
  return -(offset + 2);
}

/** Is a leaf with this many entries stored with one word per edge? */
export function isCompact(entries: number, wide: boolean): boolean {
  return !wide && entries <= COMPACT_ENTRIES;
}

/** The one-word form of an edge of a compact leaf. */
export function compactEdge(edge: number, first: number, second: number): number {
  return edge | (first << 24) | ((second + 1) << 28);
}

/** Column (or row) of a coordinate, clamped to the grid: the one arithmetic build and query share. */
export function cellOf(x: number, min: number, inv: number, count: number): number {
  const c = Math.floor((x - min) * inv);
  return c < 0 ? 0 : c >= count ? count - 1 : c;
}

/** Reference coordinate of column (or row) `c` of a grid starting at `min`, `inv` columns per unit. */
export function centreOf(min: number, inv: number, c: number): number {
  return min + (c + 0.5) / inv;
}

/**
 * The reference point of every one of `count` columns (or rows) starting at `min`, each checked to fall
 * in its own column by {@link cellOf}; `null` when the columns are too thin for float precision.
 */
export function centres(min: number, inv: number, count: number): Float64Array | null {
  const out = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const x = centreOf(min, inv, c);
    if (cellOf(x, min, inv, count) !== c) return null;
    out[c] = x;
  }
  return out;
}
