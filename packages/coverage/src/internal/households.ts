/**
 * Households in the areal defects, placed by the one point rule: `PolygonIndex` (`@wangge/index`), the
 * index `@wangge/assign` places households with. A household belongs to the defect its nudged position
 * (`p + (ε, ε²)`, see the index's boundary rule) lies in. In a gap, inlet, sliver or uncovered part it
 * counts only when no grid owns it either, exactly as `assign` leaves it unassigned: a household on the
 * edge between a grid and a gap, nudged into the gap, belongs to the grid under the index's boundary
 * rule, and is not counted as a blind spot's.
 */
import type { GridGeometry, PointTable } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import type { Feature } from 'geojson';
import type { DefectKind } from '../types';
import type { Draft } from './draft';

/** The kinds of uncovered area: a household there is one no grid owns. */
const UNOWNED: ReadonlySet<DefectKind> = new Set(['gap', 'inlet', 'sliver', 'uncovered-parent']);

/**
 * The whole lon/lat range, indexed after the defects: a household whose nudged position is in no defect
 * lands in it, so the index's fallback (the lowest feature whose boundary holds the point) never hands a
 * household on a defect's rim to the defect when it is nudged out of it.
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
  if (areal.length === 0) return;
  const defects = PolygonIndex.from([
    ...areal.map((d): Feature => ({ type: 'Feature', properties: null, geometry: d.location })),
    WORLD,
  ]);
  const inDefect = defects.locateMany(households.xy);
  const owner = areal.some((d) => UNOWNED.has(d.kind))
    ? PolygonIndex.from(grids).locateMany(households.xy)
    : null;
  const counts = new Float64Array(areal.length);
  for (let i = 0; i < inDefect.length; i++) {
    const d = inDefect[i];
    if (d < 0 || d >= areal.length) continue;
    if (owner !== null && owner[i] >= 0 && UNOWNED.has(areal[d].kind)) continue;
    counts[d]++;
  }
  areal.forEach((d, k) => {
    d.households = counts[k];
  });
}
