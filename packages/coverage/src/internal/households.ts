/**
 * Households in the areal defects, placed by the one point rule: `PolygonIndex` (`@wangge/index`), the
 * index `@wangge/assign` places households with, so the two never disagree on a boundary household.
 * - In a gap, inlet, sliver or uncovered part: the households no grid owns (assign leaves them
 *   unassigned) that the area holds under the index's rule. A household on the edge between a grid and
 *   a gap, nudged into the gap, is the grid's under the boundary rule, so not the blind spot's.
 * - In an overlap or spill: the households whose nudged position (`p + (ε, ε²)`) lies inside it; one on
 *   its rim, nudged out of it, is not counted.
 */
import type { GridGeometry, PointTable } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { PolygonIndex } from '@wangge/index';
import Flatbush from 'flatbush';
import type { Feature } from 'geojson';
import type { DefectKind } from '../types';
import type { Draft } from './draft';
import { polygonsBox } from './measure';

/** The kinds of uncovered area: a household there is one no grid owns. */
const UNOWNED: ReadonlySet<DefectKind> = new Set(['gap', 'inlet', 'sliver', 'uncovered-parent']);

/**
 * The whole lon/lat range, indexed after the overlaps and spill: a household whose nudged position is in
 * none of them lands in it, so the index's fallback (the lowest feature whose boundary holds the point)
 * never hands one on their rim to them when it is nudged out.
 */
const WORLD: Feature<GridGeometry> = {
  type: 'Feature',
  properties: null,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [-180, -90],
        [180, -90],
        [180, 90],
        [-180, 90],
        [-180, -90],
      ],
    ],
  },
};

const trees = new WeakMap<Float64Array, Flatbush>();

/**
 * The households whose position lies in the bounding box of some defect, ascending: only they can be in
 * one. The box tree over the households is built once per table and reused by every run (a plan's
 * parents are checked one by one against the same table).
 */
function candidates(households: PointTable, defects: readonly { location: GridGeometry }[]): Int32Array {
  let tree = trees.get(households.xy);
  if (tree === undefined) {
    tree = new Flatbush(Math.max(1, households.length));
    for (let i = 0; i < households.length; i++) tree.add(households.xy[2 * i], households.xy[2 * i + 1]);
    if (households.length === 0) tree.add(Number.NaN, Number.NaN);
    tree.finish();
    trees.set(households.xy, tree);
  }
  const found: number[] = [];
  for (const d of defects) {
    const [x0, y0, x1, y1] = polygonsBox(polygonsOf(d.location));
    for (const i of tree.search(x0, y0, x1, y1)) found.push(i);
  }
  const ids = Int32Array.from(found).sort();
  let k = 0;
  for (let j = 0; j < ids.length; j++) if (j === 0 || ids[j] !== ids[j - 1]) ids[k++] = ids[j];
  return ids.subarray(0, k);
}

/** The positions of rows `ids` of a table, packed. */
function positionsOf(households: PointTable, ids: Int32Array): Float64Array {
  const xy = new Float64Array(2 * ids.length);
  ids.forEach((i, k) => {
    xy[2 * k] = households.xy[2 * i];
    xy[2 * k + 1] = households.xy[2 * i + 1];
  });
  return xy;
}

/**
 * Sets `households` on every areal defect (overlaps, uncovered areas, spill): how many households lie
 * in it, with the rule above. `grids` are the grids as given, the features `assign` would place into.
 */
export function countDefectHouseholds(
  households: PointTable,
  drafts: readonly Draft[],
  grids: readonly Feature[],
): void {
  const areal = drafts.filter(
    (d): d is Draft & { location: GridGeometry } =>
      d.kind !== 'misaligned' && (d.location?.type === 'Polygon' || d.location?.type === 'MultiPolygon'),
  );
  const unowned = areal.filter((d) => UNOWNED.has(d.kind));
  const owned = areal.filter((d) => !UNOWNED.has(d.kind));
  const feature = (d: { location: GridGeometry }): Feature => ({
    type: 'Feature',
    properties: null,
    geometry: d.location,
  });
  if (unowned.length > 0) {
    // No grid owns it, and the uncovered area holds it: nudged inside, or on its rim (the parent's
    // boundary there), as assign's `in-gap` reason reads the top-level grids.
    const xy = positionsOf(households, candidates(households, unowned));
    const owner = PolygonIndex.from(grids).locateMany(xy);
    const gap = PolygonIndex.from(unowned.map(feature)).locateMany(xy);
    const counts = new Float64Array(unowned.length);
    for (let i = 0; i < gap.length; i++) if (gap[i] >= 0 && owner[i] < 0) counts[gap[i]]++;
    unowned.forEach((d, k) => {
      d.households = counts[k];
    });
  }
  if (owned.length > 0) {
    const xy = positionsOf(households, candidates(households, owned));
    const inside = PolygonIndex.from([...owned.map(feature), WORLD]).locateMany(xy);
    const counts = new Float64Array(owned.length);
    for (let i = 0; i < inside.length; i++)
      if (inside[i] >= 0 && inside[i] < owned.length) counts[inside[i]]++;
    owned.forEach((d, k) => {
      d.households = counts[k];
    });
  }
}
