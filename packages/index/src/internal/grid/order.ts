import type { GridLayout } from './layout';

/** Points reordered at once: their copy (16 bytes each) and ids stay within a few MiB of cache. */
export const ORDER_CHUNK = 1 << 17;

/** Calls with fewer points than this are answered in their own order. */
export const ORDER_FROM = 1 << 12;

/** Most blocks of the ordering key (a histogram of this many counters per chunk). */
const MAX_BLOCKS = 1 << 14;

/**
 * Reorders points for cache locality: points in random order read the cells, leaves and edges of a
 * different part of the grid each time, and pay a cache miss per read; sorted by block of top cells (a
 * tile of about 8 × 8 cells, coarser on a grid with very many cells), each block's data is read once for
 * all its points. The answers never depend on the order, only the memory traffic does. One instance
 * serves one call (its scratch, a few MiB at most, is not kept with the index).
 */
export class PointOrder {
  /** The chunk's points, block by block. */
  readonly xy: Float64Array;
  /** Input position of each reordered point. */
  readonly ids: Int32Array;
  /** The answers of the reordered points. */
  readonly out: Int32Array;
  private readonly keys: Int32Array;
  private readonly counts: Int32Array;
  private readonly shift: number;
  private readonly blockCols: number;

  /** Scratch for chunks of up to `size` points ({@link ORDER_CHUNK} at most). */
  constructor(g: GridLayout, size: number) {
    this.xy = new Float64Array(2 * size);
    this.ids = new Int32Array(size);
    this.out = new Int32Array(size);
    this.keys = new Int32Array(size);
    let shift = 3;
    while (Math.ceil(g.cols / 2 ** shift) * Math.ceil(g.rows / 2 ** shift) > MAX_BLOCKS - 1) shift++;
    this.shift = shift;
    this.blockCols = Math.ceil(g.cols / 2 ** shift);
    this.counts = new Int32Array(this.blockCols * Math.ceil(g.rows / 2 ** shift) + 2);
  }

  /**
   * Sorts points `from..to` (at most {@link ORDER_CHUNK}) of `points` by block into {@link xy} and
   * {@link ids}, stable, and returns true; returns false, writing nothing useful, when they are in a
   * coherent order already (few changes of block from one point to the next) or one is not a lon, lat
   * (the caller's own pass reports it in input order).
   */
  sort(g: GridLayout, points: Float64Array, from: number, to: number): boolean {
    const { minX, minY, maxX, maxY, invW, invH, cols, rows } = g;
    const { keys, counts, shift, blockCols } = this;
    const n = to - from;
    counts.fill(0);
    let changes = 0;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const x = points[2 * (from + i)];
      const y = points[2 * (from + i) + 1];
      let key = 0;
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
        let col = Math.floor((x - minX) * invW);
        if (col >= cols) col = cols - 1;
        let row = Math.floor((y - minY) * invH);
        if (row >= rows) row = rows - 1;
        key = 1 + (row >> shift) * blockCols + (col >> shift);
      } else if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) return false;
      keys[i] = key;
      counts[key + 1]++;
      if (key !== last) changes++;
      last = key;
    }
    if (changes * 16 < n) return false;
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    const { xy, ids } = this;
    for (let i = 0; i < n; i++) {
      const at = counts[keys[i]]++;
      ids[at] = from + i;
      xy[2 * at] = points[2 * (from + i)];
      xy[2 * at + 1] = points[2 * (from + i) + 1];
    }
    return true;
  }
}
