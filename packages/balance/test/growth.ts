/** The "20% new households in one corner" scenario of issue 6. */
import { pointTable } from '@wangge/core';
import type { CityHouseholds, ExampleCity } from '@wangge/example-city';
import { maxWeightAssignment } from '../src/internal/matching';

/**
 * The city's households plus copies of every household of the compounds nearest the north-east corner,
 * compound by compound, until `share` of the total is new. Copies keep position, building and flags.
 */
export function growCorner(city: ExampleCity, share: number): CityHouseholds {
  const table = city.households;
  const { building, residents, flags } = table.columns;
  const indexOfCompound = new Map(city.compounds.map((c, i) => [c.properties.id, i]));
  const compoundOf = (row: number) => indexOfCompound.get(city.buildings[building[row]].properties.compound)!;
  const centre = (i: number) => city.compounds[i].geometry.coordinates[0][0];
  const corner = city.compounds.reduce(
    (best, _, i) => (centre(i)[0] + centre(i)[1] > centre(best)[0] + centre(best)[1] ? i : best),
    0,
  );
  const distance = (i: number) =>
    Math.hypot(centre(i)[0] - centre(corner)[0], centre(i)[1] - centre(corner)[1]);
  const order = city.compounds.map((_, i) => i).sort((a, b) => distance(a) - distance(b) || a - b);
  const wanted = Math.round(share * table.length);
  const chosen = new Set<number>();
  let added = 0;
  for (const i of order) {
    if (added >= wanted) break;
    chosen.add(i);
    added += city.compounds[i].properties.households;
  }
  const rows: number[] = [];
  for (let r = 0; r < table.length; r++) if (chosen.has(compoundOf(r))) rows.push(r);
  const length = table.length + rows.length;
  const grown = {
    xy: new Float64Array(2 * length),
    building: new Int32Array(length),
    residents: new Uint8Array(length),
    flags: new Uint8Array(length),
  };
  grown.xy.set(table.xy);
  grown.building.set(building);
  grown.residents.set(residents);
  grown.flags.set(flags);
  rows.forEach((r, k) => {
    const row = table.length + k;
    grown.xy[2 * row] = table.xy[2 * r];
    grown.xy[2 * row + 1] = table.xy[2 * r + 1];
    grown.building[row] = building[r];
    grown.residents[row] = residents[r];
    grown.flags[row] = flags[r];
  });
  const { xy, ...columns } = grown;
  return pointTable(xy, columns) as CityHouseholds;
}

/**
 * Households whose grid code changes between two assignments of units to grids, when the grids of the
 * second are given the codes of the first as favourably as possible: an optimal one-to-one matching of
 * new grids to old codes by shared households (Hungarian method); unmatched new grids get new codes.
 */
export function movedAtBest(
  households: ArrayLike<number>,
  before: ArrayLike<string>,
  after: ArrayLike<string>,
): number {
  const oldCodes = [...new Set(Array.from(before))].sort();
  const newCodes = [...new Set(Array.from(after))].sort();
  const n = Math.max(oldCodes.length, newCodes.length);
  const shared = Array.from({ length: n }, () => new Float64Array(n));
  const oldIndex = new Map(oldCodes.map((c, i) => [c, i]));
  const newIndex = new Map(newCodes.map((c, i) => [c, i]));
  let total = 0;
  for (let i = 0; i < households.length; i++) {
    total += households[i];
    shared[newIndex.get(after[i])!][oldIndex.get(before[i])!] += households[i];
  }
  return total - maxWeightMatching(shared);
}

/** Largest total weight of a perfect matching of rows to columns in a square matrix (Hungarian, O(n³)). */
export function maxWeightMatching(weight: Float64Array[]): number {
  const columnOf = maxWeightAssignment(weight);
  let sum = 0;
  for (let i = 0; i < weight.length; i++) sum += weight[i][columnOf[i]];
  return sum;
}
