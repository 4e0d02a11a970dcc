/**
 * The grid of each household point, decided on the finished grids by the one point rule (`PolygonIndex`,
 * as `@wangge/assign` places households), not on the atoms. The atoms' answer is the same everywhere but
 * where the index's fallback decides: a household on the parent's outer boundary (or a hole's rim) at a
 * vertex two grids share, nudged out of every grid, goes to the lowest grid id under the rule, and the
 * lowest atom id need not lie in the lowest grid.
 */
import type { GridCollection } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';

/**
 * Moves every point whose grid under the rule differs from its atom's grid, in place: `gridOf` (grid
 * ranks), the `load` and `units` of each part (indexed by part; `order[rank]` is the part of a rank) and
 * the grids' `load` and `units` properties. Returns how many points moved.
 */
export function pointsToGrids(
  grids: GridCollection,
  points: Float64Array,
  pointLoads: Float64Array | null,
  gridOf: Int32Array,
  order: readonly number[],
  load: Float64Array,
  units: Int32Array,
): number {
  const located = PolygonIndex.from(grids.features).locateMany(points);
  let moved = 0;
  for (let i = 0; i < located.length; i++) {
    const from = gridOf[i];
    const to = located[i];
    if (from === to) continue;
    const w = pointLoads ? pointLoads[i] : 1;
    if (from >= 0) {
      load[order[from]] -= w;
      units[order[from]]--;
    }
    if (to >= 0) {
      load[order[to]] += w;
      units[order[to]]++;
    }
    gridOf[i] = to;
    moved++;
  }
  if (moved > 0) {
    grids.features.forEach((g, r) => {
      g.properties.load = load[order[r]];
      g.properties.units = units[order[r]];
    });
  }
  return moved;
}
