import type { GridFeature } from '@wangge/core';
import type { Polygon, Position } from 'geojson';

/** Options of {@link jitteredTiling}. */
export interface TilingOptions {
  columns: number;
  rows: number;
  /** Size of a cell in degrees. @default 0.001 (about 100 m) */
  cell?: number;
  /** How far interior vertices move, as a fraction of a cell (< 0.4 keeps cells simple). @default 0.3 */
  jitter?: number;
  /** Seed of the jitter. @default 1 */
  seed?: number;
  /** South-west corner. @default [120, 30] */
  origin?: [number, number];
}

/**
 * A `columns × rows` tiling of a rectangle by jittered quadrilaterals sharing exact vertices, coded
 * `C<column>-<row>`: a clean coverage of {@link tilingOutline}.
 */
export function jitteredTiling(options: TilingOptions): GridFeature[] {
  const { columns, rows, cell = 0.001, jitter = 0.3, seed = 1, origin = [120, 30] } = options;
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const vertex: Position[][] = [];
  for (let i = 0; i <= columns; i++) {
    vertex.push([]);
    for (let j = 0; j <= rows; j++) {
      const inner = i > 0 && i < columns && j > 0 && j < rows;
      const dx = inner ? (random() - 0.5) * 2 * jitter * cell : 0;
      const dy = inner ? (random() - 0.5) * 2 * jitter * cell : 0;
      vertex[i].push([origin[0] + i * cell + dx, origin[1] + j * cell + dy]);
    }
  }
  const grids: GridFeature[] = [];
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j < rows; j++) {
      const ring = [vertex[i][j], vertex[i + 1][j], vertex[i + 1][j + 1], vertex[i][j + 1], vertex[i][j]];
      grids.push({
        type: 'Feature',
        properties: { code: `C${i}-${j}`, parent: null, level: 3 },
        geometry: { type: 'Polygon', coordinates: [ring.map((p) => [p[0], p[1]])] },
      });
    }
  }
  return grids;
}

/** The rectangle a {@link jitteredTiling} tiles. */
export function tilingOutline(options: TilingOptions): Polygon {
  const { columns, rows, cell = 0.001, origin = [120, 30] } = options;
  const [x, y] = origin;
  const X = x + columns * cell;
  const Y = y + rows * cell;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [X, y],
        [X, Y],
        [x, Y],
        [x, y],
      ],
    ],
  };
}

/** One damage of {@link damagedTiling}. */
export interface Shift {
  pick: number;
  corner: number;
  t: number;
}

/**
 * A jittered tiling damaged as the repair property damages it: each shift moves one corner of one grid
 * towards (t > 0) or away from (t < 0) that grid's centre, then one grid is dropped.
 */
export function damagedTiling(
  o: { columns: number; rows: number; seed: number; jitter: number },
  shifts: Shift[],
  drop: number,
): { damaged: GridFeature[]; parent: ReturnType<typeof tilingOutline> } {
  const grids = jitteredTiling({ ...o, jitter: Math.min(o.jitter, 0.1) });
  for (const { pick, corner, t } of shifts) {
    const k = pick % grids.length;
    const ring = (grids[k].geometry as Polygon).coordinates[0].map((p) => [...p]);
    const cx = (ring[0][0] + ring[1][0] + ring[2][0] + ring[3][0]) / 4;
    const cy = (ring[0][1] + ring[1][1] + ring[2][1] + ring[3][1]) / 4;
    ring[corner] = [
      ring[corner][0] + t * (cx - ring[corner][0]),
      ring[corner][1] + t * (cy - ring[corner][1]),
    ];
    ring[4] = ring[0];
    grids[k] = { ...grids[k], geometry: { type: 'Polygon', coordinates: [ring] } };
  }
  return { damaged: grids.filter((_, m) => m !== drop % grids.length), parent: tilingOutline(o) };
}
