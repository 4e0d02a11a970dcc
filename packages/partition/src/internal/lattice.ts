/**
 * Square and hexagonal lattices in metres. Every corner is a lattice node with integer coordinates
 * `(a, b)` whose metric position is computed by one formula, so neighbouring cells agree on their shared
 * corners bit for bit. Cells are addressed by `(col, row)` inside a window of `cols × rows`.
 */
export interface Lattice {
  readonly kind: 'square' | 'hex';
  /** Corners per cell (4 or 6). */
  readonly corners: number;
  readonly cols: number;
  readonly rows: number;
  /** Node `a` (x index) and `b` (y index) of corner `k` of cell (col, row), counter-clockwise. */
  cornerA(col: number, row: number, k: number): number;
  cornerB(col: number, row: number, k: number): number;
  nodeX(a: number): number;
  nodeY(b: number): number;
  /** Dense index of node (a, b) for lookup tables; `nodeCount` entries. */
  nodeIndex(a: number, b: number): number;
  readonly nodeCount: number;
  /** The cell holding a metric point, as `[col, row]` (may fall outside the window). */
  locate(x: number, y: number): [number, number];
  /** The cell across edge `k` (corner k → k+1) and the index of that edge in it. */
  across(col: number, row: number, k: number): [number, number, number];
  /** Range of cells whose bounding box meets the metric box, as [col0, row0, col1, row1] inclusive. */
  cellsInBox(minX: number, minY: number, maxX: number, maxY: number): [number, number, number, number];
  /** Cell centre. */
  centreX(col: number, row: number): number;
  centreY(col: number, row: number): number;
}

/** A square lattice of side `size` over the box, origin at (x0, y0). */
export function squareLattice(x0: number, y0: number, size: number, cols: number, rows: number): Lattice {
  const CA = [0, 1, 1, 0];
  const CB = [0, 0, 1, 1];
  return {
    kind: 'square',
    corners: 4,
    cols,
    rows,
    cornerA: (col, _row, k) => col + CA[k],
    cornerB: (_col, row, k) => row + CB[k],
    nodeX: (a) => x0 + a * size,
    nodeY: (b) => y0 + b * size,
    nodeIndex: (a, b) => b * (cols + 1) + a,
    nodeCount: (cols + 1) * (rows + 1),
    locate: (x, y) => [Math.floor((x - x0) / size), Math.floor((y - y0) / size)],
    across: (col, row, k) =>
      k === 0
        ? [col, row - 1, 2]
        : k === 1
          ? [col + 1, row, 3]
          : k === 2
            ? [col, row + 1, 0]
            : [col - 1, row, 1],
    cellsInBox: (minX, minY, maxX, maxY) => [
      Math.floor((minX - x0) / size),
      Math.floor((minY - y0) / size),
      Math.floor((maxX - x0) / size),
      Math.floor((maxY - y0) / size),
    ],
    centreX: (col) => x0 + (col + 0.5) * size,
    centreY: (_col, row) => y0 + (row + 0.5) * size,
  };
}

/**
 * A pointy-top hexagonal lattice of hexagons with side (= circumradius) `radius`; odd rows shifted half a
 * hexagon east. Node units are half a hexagon width in x and half a radius in y.
 */
export function hexLattice(x0: number, y0: number, radius: number, cols: number, rows: number): Lattice {
  const halfW = (Math.sqrt(3) * radius) / 2;
  const halfR = radius / 2;
  // Corners counter-clockwise from the bottom: (A, B-2), (A+1, B-1), (A+1, B+1), (A, B+2), (A-1, B+1), (A-1, B-1).
  const DA = [0, 1, 1, 0, -1, -1];
  const DB = [-2, -1, 1, 2, 1, -1];
  const A = (col: number, row: number) => 2 * col + (row & 1) + 1;
  const B = (row: number) => 3 * row + 2;
  const width = 2 * cols + 3;
  const centreX = (col: number, row: number) => x0 + A(col, row) * halfW;
  const centreY = (row: number) => y0 + B(row) * halfR;
  const lattice: Lattice = {
    kind: 'hex',
    corners: 6,
    cols,
    rows,
    cornerA: (col, row, k) => A(col, row) + DA[k],
    cornerB: (_col, row, k) => B(row) + DB[k],
    nodeX: (a) => x0 + a * halfW,
    nodeY: (b) => y0 + b * halfR,
    nodeIndex: (a, b) => b * width + a,
    nodeCount: width * (3 * rows + 5),
    locate: (x, y) => {
      // Nearest centre among the candidates around the rough row/column.
      const r0 = Math.floor((y - y0 - 2 * halfR) / (3 * halfR));
      let best: [number, number] = [0, 0];
      let bestD = Number.POSITIVE_INFINITY;
      for (let row = r0 - 1; row <= r0 + 2; row++) {
        const c0 = Math.floor((x - x0 - (row & 1) * halfW) / (2 * halfW));
        for (let col = c0 - 1; col <= c0 + 1; col++) {
          const d = (centreX(col, row) - x) ** 2 + (centreY(row) - y) ** 2;
          if (d < bestD || (d === bestD && (row < best[1] || (row === best[1] && col < best[0])))) {
            bestD = d;
            best = [col, row];
          }
        }
      }
      return best;
    },
    across: (col, row, k) => {
      const odd = row & 1;
      switch (k) {
        case 0:
          return [col + odd, row - 1, 3];
        case 1:
          return [col + 1, row, 4];
        case 2:
          return [col + odd, row + 1, 5];
        case 3:
          return [col - 1 + odd, row + 1, 0];
        case 4:
          return [col - 1, row, 1];
        default:
          return [col - 1 + odd, row - 1, 2];
      }
    },
    cellsInBox: (minX, minY, maxX, maxY) => [
      Math.floor((minX - x0) / (2 * halfW)) - 1,
      Math.floor((minY - y0) / (3 * halfR)) - 1,
      Math.floor((maxX - x0) / (2 * halfW)) + 1,
      Math.floor((maxY - y0) / (3 * halfR)) + 1,
    ],
    centreX,
    centreY: (_col, row) => centreY(row),
  };
  return lattice;
}
