/**
 * The household-group level of `wangge partition --level groups:<n>` (五户联保、十户联防): under every leaf
 * grid of a plan, groups of n neighbouring households (`householdGroups` of `@wangge/partition`), each with
 * a mappable polygon (`householdGroupPolygons`: the Voronoi cells of its households cut with the grid and
 * dissolved), so the groups tile their grid and the plan stays a plan `wangge check` accepts.
 */
import type { GridFeature } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import { householdGroupPolygons, householdGroups } from '@wangge/partition';
import type { Feature } from 'geojson';

/** What {@link addHouseholdGroupLevel} adds. */
export interface HouseholdGroupLevel {
  /** The group grids, leaf grid by leaf grid: `level` one below, `parent` the leaf, `households`. */
  groups: Feature[];
  /**
   * Groups that got no polygon of their own, their households standing where another group's do (flats
   * of one building at one point): counted in that group instead.
   */
  merged: Array<{ code: string; into: string }>;
}

/** Parses `groups:<n>` (n ≥ 2 households a group), or returns `undefined` for another level spec. */
export function groupLevelSize(spec: string): number | undefined {
  const m = /^groups:(\d+)$/.exec(spec);
  return m === null || Number(m[1]) < 2 ? undefined : Number(m[1]);
}

/**
 * The household groups under every leaf grid of `grids`, `size` households each. Households in no leaf
 * grid are left out (the partition reports them); a leaf grid without households gets no group.
 */
export function addHouseholdGroupLevel(
  grids: readonly GridFeature[],
  households: Float64Array,
  size: number,
): HouseholdGroupLevel {
  const parents = new Set(grids.map((g) => g.properties.parent));
  const leaves = grids.filter((g) => !parents.has(g.properties.code));
  const index = PolygonIndex.from(leaves);
  const gridOf = index.locateMany(households);
  const result = householdGroups(households, {
    size,
    gridOf,
    gridCodes: leaves.map((g) => g.properties.code),
  });
  const polygons = householdGroupPolygons(
    leaves.map((g) => g.geometry),
    households,
    result,
  );
  const groups: Feature[] = [];
  const undrawn: Array<{ code: string; parent: string; households: number[] }> = [];
  result.groups.forEach((group, k) => {
    const leaf = leaves[group.grid];
    const code = group.code ?? `${leaf.properties.code}-${k + 1}`;
    const polygon = polygons[k];
    if (polygon === null) {
      undrawn.push({ code, parent: leaf.properties.code, households: group.households });
      return;
    }
    groups.push({
      type: 'Feature',
      properties: {
        code,
        parent: leaf.properties.code,
        level: leaf.properties.level + 1,
        kind: 'household-group',
        households: group.households.length,
      },
      geometry: polygon,
    });
  });
  // A group with no position of its own is drawn with the group whose polygon holds its households.
  const merged: HouseholdGroupLevel['merged'] = [];
  if (undrawn.length > 0) {
    const drawn = PolygonIndex.from(groups);
    for (const u of undrawn) {
      const i = u.households[0];
      const id = drawn.locate(households[2 * i], households[2 * i + 1]);
      // On the grid's own boundary the point rule may name a neighbour's group: stay in the grid.
      const into =
        id >= 0 && groups[id].properties?.parent === u.parent
          ? groups[id]
          : groups.find((g) => g.properties?.parent === u.parent)!;
      (into.properties as { households: number }).households += u.households.length;
      merged.push({ code: u.code, into: String(into.properties?.code) });
    }
  }
  return { groups, merged };
}
