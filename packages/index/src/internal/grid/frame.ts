import { cellOf, centres } from './layout';

/** A uniform grid's geometry: origin, resolution, and a reference point inside every column and row. */
export interface Frame {
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
 * A frame of about `cells` square-ish cells over the box, or fewer when float precision cannot resolve
 * that many (each halving of the side is tried in turn).
 */
export function frameOver(minX: number, minY: number, maxX: number, maxY: number, cells: number): Frame {
  const w = maxX - minX;
  const h = maxY - minY;
  let target = Math.max(1, cells);
  for (;;) {
    const side = Math.sqrt((w * h) / target);
    const cols = w === 0 ? 1 : Math.max(1, Math.min(target, Math.ceil(w / side)));
    const rows = h === 0 ? 1 : Math.max(1, Math.min(target, Math.ceil(h / side)));
    const invW = w === 0 ? 1 : cols / w;
    const invH = h === 0 ? 1 : rows / h;
    const centreX = centres(minX, invW, cols);
    const centreY = centres(minY, invH, rows);
    if (centreX !== null && centreY !== null) return { minX, minY, cols, rows, invW, invH, centreX, centreY };
    target = Math.floor(target / 4);
  }
}

/** Room `edgeCells` may need for one edge of a frame: every column plus three per row. */
export function edgeCellRoom(frame: Frame): number {
  return frame.cols + 3 * frame.rows + 8;
}

/**
 * Writes into `out` every cell of the frame that edge `v` (from `xy[2v], xy[2v+1]` to the next vertex)
 * may touch, and returns how many: each row of its box, narrowed by {@link edgeColumns}. `out` needs
 * {@link edgeCellRoom} values. Conservative by construction: a cell the edge meets is always listed.
 */
export function edgeCells(frame: Frame, xy: Float64Array, v: number, out: Int32Array): number {
  const { minY, cols, rows, invH } = frame;
  const ay = xy[2 * v + 1];
  const by = xy[2 * v + 3];
  const r0 = cellOf(Math.min(ay, by), minY, invH, rows);
  const r1 = cellOf(Math.max(ay, by), minY, invH, rows);
  let n = 0;
  for (let r = r0; r <= r1; r++) {
    edgeColumns(frame, xy, v, r, span);
    for (let c = span[0]; c <= span[1]; c++) out[n++] = r * cols + c;
  }
  return n;
}

/** The columns of one row an edge may touch, written by {@link edgeColumns}: `[from, to]`. */
export const span = new Int32Array(2);

/**
 * The columns of row `row` that edge `v` may touch, into `out` as `[from, to]` (`from > to` when the
 * edge's y-range misses the row): the columns of its box, narrowed to those its stretch within the row
 * (widened by a margin far above rounding error) can reach. Conservative by construction.
 */
export function edgeColumns(frame: Frame, xy: Float64Array, v: number, row: number, out: Int32Array): void {
  const { minX, minY, cols, rows, invW, invH } = frame;
  const ax = xy[2 * v];
  const ay = xy[2 * v + 1];
  const bx = xy[2 * v + 2];
  const by = xy[2 * v + 3];
  // cellOf, written out (a call the optimiser does not inline boxes its numbers).
  let r0 = Math.floor(((ay < by ? ay : by) - minY) * invH);
  r0 = r0 < 0 ? 0 : r0 >= rows ? rows - 1 : r0;
  let r1 = Math.floor(((ay < by ? by : ay) - minY) * invH);
  r1 = r1 < 0 ? 0 : r1 >= rows ? rows - 1 : r1;
  if (row < r0 || row > r1) {
    out[0] = 1;
    out[1] = 0;
    return;
  }
  let c0 = Math.floor(((ax < bx ? ax : bx) - minX) * invW);
  c0 = c0 < 0 ? 0 : c0 >= cols ? cols - 1 : c0;
  let c1 = Math.floor(((ax < bx ? bx : ax) - minX) * invW);
  c1 = c1 < 0 ? 0 : c1 >= cols ? cols - 1 : c1;
  out[0] = c0;
  out[1] = c1;
  if (c0 === c1 || r0 === r1) return;
  const marginY = 1e-6 / invH;
  const marginX = 1e-6 / invW;
  const slope = (bx - ax) / (by - ay);
  const yLo = Math.max(ay < by ? ay : by, minY + row / invH - marginY);
  const yHi = Math.min(ay < by ? by : ay, minY + (row + 1) / invH + marginY);
  const xa = ax + (yLo - ay) * slope;
  const xb = ax + (yHi - ay) * slope;
  const from = Math.floor(((xa < xb ? xa : xb) - marginX - minX) * invW);
  const to = Math.floor(((xa < xb ? xb : xa) + marginX - minX) * invW);
  out[0] = from < c0 ? c0 : from > c1 ? c1 : from;
  out[1] = to < c0 ? c0 : to > c1 ? c1 : to;
}
