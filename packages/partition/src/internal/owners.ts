/**
 * The grid of each household point, decided on the finished grids by the one point rule (`PolygonIndex`,
 * as `@wangge/assign` places households), not on the atoms. The atoms' answer is the same everywhere but
 * where the index's fallback decides: a household on the parent's outer boundary (or a hole's rim) at a
 * vertex two grids share, nudged out of every grid, goes to the lowest grid id under the rule, and the
 * lowest atom id need not lie in the lowest grid.
 */
import type { GridCollection, GridFeature } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import type { FindingDraft } from '../findings';

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

/**
 * The households of one balanced level of `partitionHierarchy`, each moved to the grid the one point rule
 * gives it among all of the level's grids (`grids`, in level order). A household exactly on a parent's
 * slanted edge can fall just outside that parent's own grids, whose edge there runs through vertices on
 * the 1e-9° grid, and inside a sibling parent's: it goes there instead of being lost. Sets `childOwner`
 * (-1 for a household whose parent is -1 in `owner`), every grid's `load` and `units`, and keeps the
 * `outside-boundary` findings in step: dropped for a household a grid now holds, added for one none does.
 */
export function householdsToLevel(
  households: Float64Array,
  loads: ArrayLike<number> | undefined,
  owner: Int32Array,
  grids: readonly GridFeature[],
  childOwner: Int32Array,
  problems: FindingDraft[],
): void {
  const located = PolygonIndex.from(grids).locateMany(households);
  const load = new Float64Array(grids.length);
  const units = new Int32Array(grids.length);
  const lost = new Set<number>();
  for (let i = 0; i < owner.length; i++) {
    childOwner[i] = owner[i] < 0 ? -1 : located[i];
    if (childOwner[i] >= 0) {
      load[childOwner[i]] += loads?.[i] ?? 1;
      units[childOwner[i]]++;
    } else if (owner[i] >= 0) lost.add(i);
  }
  grids.forEach((g, k) => {
    g.properties.load = load[k];
    g.properties.units = units[k];
  });
  let kept = 0;
  for (const p of problems) {
    const input = p.kind === 'outside-boundary' ? p.input : undefined;
    if (input !== undefined && childOwner[input] >= 0) continue;
    if (input !== undefined) lost.delete(input);
    problems[kept++] = p;
  }
  problems.length = kept;
  for (const i of lost) {
    problems.push({
      kind: 'outside-boundary',
      input: i,
      message: `household ${i} lies outside the boundary and belongs to no grid`,
    });
  }
}
