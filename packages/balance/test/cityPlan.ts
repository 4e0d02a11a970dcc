/**
 * Test and benchmark fixture: the example city's compounds grouped into level-3 grids per community by
 * `@wangge/partition`'s balancedPartition, measured under a 六必访-style visit model.
 */
import { type GridFeature, type GridGeometry, GridPlan, letterCodes, type PointTable } from '@wangge/core';
import { type ExampleCity, generateCity, KeyGroup } from '@wangge/example-city';
import { dissolve } from '@wangge/geometry';
import { balancedPartition } from '@wangge/partition';
import type { Feature } from 'geojson';
import { type EntityTables, measureUnits, pointsToTable, type UnitFeature, type WorkloadModel } from '../src';

/** Visits per month: every household yearly, key groups and rentals monthly, key units weekly. */
export const VISITS: WorkloadModel = {
  categories: {
    household: { visits: 'yearly' },
    elderlyAlone: { flag: KeyGroup.ELDERLY_ALONE, visits: 'monthly' },
    disabled: { flag: KeyGroup.DISABLED, visits: 'monthly' },
    floating: { flag: KeyGroup.FLOATING, visits: 'monthly' },
    rental: { flag: KeyGroup.RENTAL, visits: 'monthly' },
    keyUnit: { table: 'keyUnits', visits: 'weekly' },
  },
};

/** The entity tables of a city, households replaceable. */
export function cityEntities(city: ExampleCity, households: PointTable = city.households): EntityTables {
  return { households, keyUnits: pointsToTable(city.keyUnits) };
}

/** A city, its compounds as measured units in grids, the plan and the model with its level-3 target. */
export interface CityPlan {
  city: ExampleCity;
  plan: GridPlan;
  units: UnitFeature[];
  model: WorkloadModel;
}

/** Grids of about `householdsPerGrid` households' load, within ±`tolerance` of the mean. */
export function cityPlan(
  households: number,
  householdsPerGrid: number,
  seed = 1,
  tolerance = 0.25,
): CityPlan {
  const city = generateCity({ seed, households });
  const measured = measureUnits(city.compounds, cityEntities(city), VISITS);
  const total = measured.reduce((s, u) => s + u.properties.load, 0);
  const mean = total / Math.round(households / householdsPerGrid);
  const range: [number, number] = [mean * (1 - tolerance), mean * (1 + tolerance)];
  const model: WorkloadModel = { ...VISITS, targets: { 3: { min: range[0], max: range[1] } } };
  const { grids, gridOf } = partitionCommunities(city.communities, measured, range);
  const plan = GridPlan.from([city.district, ...city.communities, ...grids], { codeStyle: letterCodes() });
  const units = measured.map((u, i) => ({
    ...u,
    properties: { ...u.properties, grid: grids[gridOf[i]].properties.code },
  }));
  return { city, plan, units, model };
}

/**
 * balancedPartition of every community over its measured units (each names its `community`): the
 * from-scratch plan, grids at level 3.
 */
export function partitionCommunities(
  communities: readonly Feature[],
  units: readonly Feature[],
  range: [number, number],
): { grids: GridFeature[]; gridOf: Int32Array } {
  const grids: GridFeature[] = [];
  const gridOf = new Int32Array(units.length).fill(-1);
  for (const community of communities as readonly GridFeature[]) {
    const members = units
      .map((_, i) => i)
      .filter((i) => (units[i].properties as { community: string }).community === community.properties.code);
    const result = balancedPartition(community, {
      units: members.map((i) => units[i]),
      unitLoad: (u) => (u.properties as { load: number }).load,
      range: { min: range[0], max: range[1] },
      codeStyle: letterCodes(),
    });
    members.forEach((i, k) => {
      gridOf[i] = grids.length + result.gridOf[k];
    });
    // The grid is the exact union of its units: balancedPartition's outlines are snapped to the kernel's
    // precision (1e-9°) while the units keep their own vertices, and rebalance rebuilds a changed grid
    // from its units, so a plan mixing both would leave slivers between changed and unchanged grids.
    result.grids.features.forEach((g, local) => {
      const own = members.filter((_, k) => result.gridOf[k] === local).map((i) => units[i].geometry);
      grids.push({
        ...g,
        geometry: dissolve(own as GridGeometry[]),
        properties: {
          code: g.properties.code,
          parent: g.properties.parent,
          level: 3,
          load: g.properties.load,
        },
      });
    });
  }
  return { grids, gridOf };
}
