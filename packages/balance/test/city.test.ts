import { validatePlan } from '@wangge/coverage';
import type { CityHouseholds } from '@wangge/example-city';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  crosswalk,
  diffPlans,
  type EntityTables,
  loadReport,
  measureUnits,
  type RebalanceResult,
  rebalance,
  type UnitFeature,
} from '../src';
import { type CityPlan, cityEntities, cityPlan, partitionCommunities, VISITS } from './cityPlan';
import { growCorner, movedAtBest } from './growth';

describe('the example city after 20% new households in one corner', () => {
  let base: CityPlan;
  let entities: EntityTables;
  let households: CityHouseholds;
  let grown: UnitFeature[];
  let result: RebalanceResult;

  beforeAll(() => {
    base = cityPlan(20_000, 400);
    households = growCorner(base.city, 0.2);
    entities = cityEntities(base.city, households);
    grown = measureUnits(base.units, entities, VISITS);
    result = rebalance(base.plan, grown, base.model);
  });

  it('starts in range, is pushed out of range by the growth, and ends with every grid in range', () => {
    const before = loadReport(base.plan, cityEntities(base.city), base.model);
    expect(before.levels.find((l) => l.level === 3)).toMatchObject({ under: 0, over: 0 });
    expect(result.before.over).toBeGreaterThan(0);
    expect(result.after).toMatchObject({ under: 0, over: 0 });
    expect(result.findings).toEqual([]);
    // Located afresh in the new plan's geometry, independently of the unit assignment.
    const after = loadReport(result.plan, entities, base.model);
    expect(after.unassigned).toEqual({ households: 0, keyUnits: 0 });
    expect(after.grids.filter((g) => g.level === 3).every((g) => g.status === 'in')).toBe(true);
    const byAssignment = new Map<string, number>();
    grown.forEach((u, i) => {
      const code = result.assignment[i];
      byAssignment.set(code, (byAssignment.get(code) ?? 0) + u.properties.households);
    });
    for (const g of after.grids.filter((x) => x.level === 3))
      expect(g.households).toBe(byAssignment.get(g.code));
  });

  it('returns a valid coverage', () => {
    const report = validatePlan(result.plan, { boundary: base.city.district });
    expect(report.defects.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('conserves load and households', () => {
    const load = grown.reduce((s, u) => s + u.properties.load, 0);
    expect(result.after.total).toBeCloseTo(load, 6);
    expect(result.before.total).toBeCloseTo(load, 6);
    const report = loadReport(result.plan, entities, base.model);
    expect(report.grids.find((g) => g.level === 1)!.households).toBe(entities.households.length);
  });

  it('never changes the code or geometry of a grid it did not touch', () => {
    const touched = new Set([
      ...result.moves.flatMap((m) => [m.from, m.to]),
      ...result.changes.flatMap((c) => [c.code, c.other]),
    ]);
    const untouched = base.plan.leaves().filter((g) => !touched.has(g.properties.code));
    expect(untouched.length).toBeGreaterThan(0);
    for (const g of untouched) expect(result.plan.get(g.properties.code)!.geometry).toEqual(g.geometry);
  });

  it('moves fewer households than re-partitioning from scratch', () => {
    const range = base.model.targets![3];
    const scratch = partitionCommunities(base.city.communities, grown, [range.min, range.max]);
    const scratchCodes = Array.from(scratch.gridOf, (g) => scratch.grids[g].properties.code);
    const households = grown.map((u) => u.properties.households);
    const before = base.units.map((u) => u.properties.grid);
    const baseline = movedAtBest(households, before, scratchCodes);
    // Our codes are fixed by the rules (no renaming): at least the best-matching count.
    expect(result.householdsMoved).toBeGreaterThanOrEqual(movedAtBest(households, before, result.assignment));
    expect(result.householdsMoved).toBeLessThan(baseline);
  });

  it('files the change: diffPlans lists exactly the households of moved units', () => {
    const diff = diffPlans(base.plan, result.plan, { households: entities.households });
    const table = entities.households;
    const compoundIndex = new Map(base.city.compounds.map((c, i) => [c.properties.id, i]));
    const movedUnits = new Set(result.moves.map((m) => m.unit));
    const expected: number[] = [];
    for (let r = 0; r < table.length; r++) {
      const unit = compoundIndex.get(
        base.city.buildings[households.columns.building[r]].properties.compound,
      )!;
      if (movedUnits.has(unit)) expected.push(r);
    }
    expect(diff.entityChanges.households.map((c) => c.entity)).toEqual(expected);
    expect(diff.added).toEqual(
      result.changes
        .filter((c) => c.kind === 'split')
        .map((c) => c.other)
        .sort(),
    );
    expect(diff.removed).toEqual(
      result.changes
        .filter((c) => c.kind === 'merge')
        .map((c) => c.other)
        .sort(),
    );
    expect(diff.areaMoved).toBeGreaterThan(0);
  });

  it('crosswalks the old plan to the new one: shares add up, nobody is lost', () => {
    const cw = crosswalk(base.plan, result.plan, { entities: { households: entities.households } });
    expect(cw.onlyInA).toEqual([]);
    expect(cw.onlyInB).toEqual([]);
    expect(cw.pairs.reduce((s, p) => s + p.households, 0)).toBe(entities.households.length);
    const share = new Map<string, number>();
    for (const p of cw.pairs) share.set(p.a, (share.get(p.a) ?? 0) + p.shareOfA);
    for (const s of share.values()) expect(s).toBeCloseTo(1, 6);
    const movedFrom = new Set(result.moves.map((m) => m.from));
    for (const code of cw.splitA) expect(movedFrom.has(code)).toBe(true);
  });
});
