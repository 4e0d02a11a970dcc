/**
 * diffPlans' and crosswalk's areas against an independent reference: GEOS (geos-wasm) intersections of
 * every pair of leaf grids, on random lattices before and after rebalance.
 */
import { type GridGeometry, type GridPlan, geodesicArea } from '@wangge/core';
import { intersection, loadReference, type Polygonal } from '@wangge/reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { crosswalk, diffPlans, rebalance } from '../src';
import { randomInstance } from './instances';

const leaves = (plan: GridPlan) => plan.grids.filter((g) => plan.childrenOf(g.properties.code).length === 0);

/** Every pair of leaves with a positive GEOS intersection, `a/b` → area in m². */
function referencePairs(a: GridPlan, b: GridPlan): Map<string, number> {
  const out = new Map<string, number>();
  for (const ga of leaves(a)) {
    for (const gb of leaves(b)) {
      const common = intersection(ga.geometry as Polygonal, gb.geometry as Polygonal);
      const area = common === null ? 0 : geodesicArea(common as GridGeometry);
      if (area > 1e-6 * geodesicArea(ga.geometry))
        out.set(`${ga.properties.code}/${gb.properties.code}`, area);
    }
  }
  return out;
}

describe('crosswalk and diffPlans against GEOS', () => {
  beforeAll(async () => {
    await loadReference();
  });

  it('find the same overlapping pairs with the same areas on rebalanced random lattices', () => {
    let instancesWithMoves = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { plan, units, model } = randomInstance(seed);
      const after = rebalance(plan, units, model).plan;
      const expected = referencePairs(plan, after);
      const cw = crosswalk(plan, after);
      const found = new Map(cw.pairs.map((p) => [`${p.a}/${p.b}`, p.area]));
      expect([...found.keys()].sort(), `seed ${seed}`).toEqual([...expected.keys()].sort());
      for (const [key, area] of expected) expect(found.get(key)! / area).toBeCloseTo(1, 6);
      // The area diffPlans counts as moved is that of the pairs with different codes.
      let moved = 0;
      for (const [key, area] of expected) {
        const [from, to] = key.split('/');
        if (from !== to) moved += area;
      }
      const diff = diffPlans(plan, after);
      if (moved === 0) expect(diff.areaMoved).toBe(0);
      else {
        instancesWithMoves++;
        expect(diff.areaMoved / moved).toBeCloseTo(1, 6);
      }
    }
    expect(instancesWithMoves).toBeGreaterThan(6);
  });
});
