/**
 * Generated data shared by the coverage benchmarks: a jittered quad tiling in lon/lat with planted defects.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** A grid feature of the generated tilings. */
export type Grid = Feature<Polygon | MultiPolygon>;

/** A `columns × rows` jittered quad tiling of 0.01° cells with `defects` gaps and `defects` overlaps planted. */
export function nationalTiling(count: number, defects: number, seed = 42): Grid[] {
  const columns = Math.round(Math.sqrt(count));
  const rows = Math.round(count / columns);
  let state = seed;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const cell = 0.01;
  const vx = new Float64Array((columns + 1) * (rows + 1));
  const vy = new Float64Array((columns + 1) * (rows + 1));
  for (let i = 0; i <= columns; i++) {
    for (let j = 0; j <= rows; j++) {
      const inner = i > 0 && i < columns && j > 0 && j < rows;
      const k = i * (rows + 1) + j;
      vx[k] = 100 + i * cell + (inner ? (random() - 0.5) * 0.4 * cell : 0);
      vy[k] = 25 + j * cell + (inner ? (random() - 0.5) * 0.4 * cell : 0);
    }
  }
  const at = (i: number, j: number): Position => [vx[i * (rows + 1) + j], vy[i * (rows + 1) + j]];
  const grids: Grid[] = [];
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j < rows; j++) {
      const ring = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1), at(i, j)];
      grids.push({
        type: 'Feature',
        properties: { code: `${i}-${j}` },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  const planted = new Set<number>();
  while (planted.size < 2 * defects) {
    const i = 1 + Math.floor(random() * (columns - 2));
    const j = 1 + Math.floor(random() * (rows - 2));
    planted.add(i * rows + j);
  }
  const targets = [...planted];
  for (const k of targets.slice(defects)) {
    // Push one corner 30% of a cell outwards: overlaps with the neighbours.
    const ring = (grids[k].geometry as Polygon).coordinates[0];
    ring[0] = [ring[0][0] - 0.3 * cell, ring[0][1] - 0.3 * cell];
    ring[4] = ring[0];
  }
  const removed = new Set(targets.slice(0, defects));
  return grids.filter((_, k) => !removed.has(k));
}
