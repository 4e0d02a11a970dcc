/**
 * Test and benchmark fixture: the example city's compounds grouped into level-3 grids by seeded region
 * growing (lightest grid claims next), measured under a 六必访-style model.
 */
import { codeToChild, dissolveTiles, type GridFeature, GridPlan, letterCodes } from '@wangge/core';
import { createRandom, type ExampleCity, generateCity, KeyGroup } from '@wangge/example-city';
import { neighbours } from '@wangge/index';
import { type EntityTables, measureUnits, pointsToTable, type UnitFeature, type WorkloadModel } from '../src';

/** Visits per month: every household yearly, key groups and rentals monthly, key units weekly. */
export const MODEL: WorkloadModel = {
  categories: {
    household: { visits: 'yearly' },
    elderlyAlone: { flag: KeyGroup.ELDERLY_ALONE, visits: 'monthly' },
    disabled: { flag: KeyGroup.DISABLED, visits: 'monthly' },
    floating: { flag: KeyGroup.FLOATING, visits: 'monthly' },
    rental: { flag: KeyGroup.RENTAL, visits: 'monthly' },
    keyUnit: { table: 'keyUnits', visits: 'weekly' },
  },
};

/** The tables of a city. */
export function cityEntities(city: ExampleCity): EntityTables {
  return { households: city.households, keyUnits: pointsToTable(city.keyUnits) };
}

/** A city, its compounds as units grouped into grids of about `householdsPerGrid`, and the plan. */
export interface CityPlan {
  city: ExampleCity;
  plan: GridPlan;
  units: UnitFeature[];
}

/** Groups compounds into level-3 grids per community and measures them under {@link MODEL}. */
export function cityPlan(households: number, householdsPerGrid: number, seed = 1): CityPlan {
  const city = generateCity({ seed, households });
  const compounds = city.compounds;
  const graph = neighbours(compounds);
  const random = createRandom(seed + 100);
  const gridOf = new Int32Array(compounds.length).fill(-1);
  const grids: GridFeature[] = [];
  for (const community of city.communities) {
    const code = community.properties.code;
    const members = compounds.map((_, i) => i).filter((i) => compounds[i].properties.community === code);
    const total = members.reduce((s, i) => s + compounds[i].properties.households, 0);
    const k = Math.max(1, Math.round(total / householdsPerGrid));
    const seeds = pickSeeds(members, k, random.int(members.length), compounds);
    const owner = new Map<number, number>(seeds.map((s, j) => [s, j]));
    const load = seeds.map((s) => compounds[s].properties.households);
    const inCommunity = new Set(members);
    for (let grew = true; grew; ) {
      grew = false;
      const order = load.map((_, j) => j).sort((a, b) => load[a] - load[b] || a - b);
      for (const j of order) {
        const frontier = [...owner]
          .filter(([, o]) => o === j)
          .flatMap(([c]) => [...graph.neighboursOf(c)])
          .filter((n) => inCommunity.has(n) && !owner.has(n))
          .sort((a, b) => a - b);
        if (frontier.length === 0) continue;
        owner.set(frontier[0], j);
        load[j] += compounds[frontier[0]].properties.households;
        grew = true;
        break;
      }
    }
    // Islands no seed reached (the exclave) join the first grid.
    for (const c of members) if (!owner.has(c)) owner.set(c, 0);
    const codes = seeds.map((_, j) => codeToChild(code, j + 1, letterCodes));
    for (const [c, j] of owner) gridOf[c] = grids.length + j;
    seeds.forEach((_, j) => {
      const parts = [...owner].filter(([, o]) => o === j).map(([c]) => compounds[c].geometry);
      grids.push({
        type: 'Feature',
        properties: { code: codes[j], parent: code, level: 3 },
        geometry: dissolveTiles(parts),
      });
    });
  }
  const plan = GridPlan.from([city.district, ...city.communities, ...grids], { codeStyle: letterCodes });
  const withGrid = compounds.map((c, i) => ({
    ...c,
    properties: { ...c.properties, grid: grids[gridOf[i]].properties.code },
  }));
  const units = measureUnits(withGrid, cityEntities(city), MODEL) as unknown as UnitFeature[];
  return { city, plan, units };
}

function pickSeeds(
  members: number[],
  k: number,
  first: number,
  compounds: ExampleCity['compounds'],
): number[] {
  const centre = (i: number) => compounds[i].geometry.coordinates[0][0];
  const seeds = [members[first]];
  while (seeds.length < Math.min(k, members.length)) {
    let far = members[0];
    let farD = -1;
    for (const m of members) {
      const d = Math.min(
        ...seeds.map((s) => Math.hypot(centre(m)[0] - centre(s)[0], centre(m)[1] - centre(s)[1])),
      );
      if (d > farD) {
        far = m;
        farD = d;
      }
    }
    seeds.push(far);
  }
  return seeds;
}
