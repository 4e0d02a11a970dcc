/** The "20% new households in one corner" scenario of issue 6. */
import { pointTable } from '@wangge/core';
import type { CityHouseholds, ExampleCity } from '@wangge/example-city';

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
  const n = weight.length;
  let top = 0;
  for (const row of weight) for (const w of row) top = Math.max(top, w);
  const cost = (i: number, j: number) => top - weight[i - 1][j - 1];
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const match = new Int32Array(n + 1); // column → row
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = match[j0];
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[match[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  let sum = 0;
  for (let j = 1; j <= n; j++) sum += weight[match[j] - 1][j - 1];
  return sum;
}
