import { isInPolygon } from '@wangge/geometry';
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { HouseholdPoints } from '../types';
import { polygonsBox } from './measure';

const indexes = new WeakMap<Float64Array, Flatbush>();

/** A point index over the households, built once per table and reused by every run. */
function householdIndex(households: HouseholdPoints): Flatbush {
  let index = indexes.get(households.xy);
  if (index === undefined) {
    const n = households.length ?? households.xy.length / 2;
    index = new Flatbush(Math.max(1, n));
    for (let i = 0; i < n; i++) index.add(households.xy[2 * i], households.xy[2 * i + 1]);
    if (n === 0) index.add(Number.NaN, Number.NaN);
    index.finish();
    indexes.set(households.xy, index);
  }
  return index;
}

/** How many households lie inside `polygons`. */
export function countHouseholds(households: HouseholdPoints, polygons: readonly Position[][][]): number {
  const index = householdIndex(households);
  const [x0, y0, x1, y1] = polygonsBox(polygons);
  let count = 0;
  for (const i of index.search(x0, y0, x1, y1)) {
    const x = households.xy[2 * i];
    const y = households.xy[2 * i + 1];
    if (polygons.some((p) => isInPolygon(p, x, y))) count++;
  }
  return count;
}
