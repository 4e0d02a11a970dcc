import { type GridFeature, GridPlan, geodesicArea, letterCodes, numericCodes, parseCode } from '@wangge/core';
import { validatePlan } from '@wangge/coverage';
import { neighbours } from '@wangge/index';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  type RebalanceResult,
  Rebalancer,
  rebalance,
  type UnitFeature,
  type UnresolvedGrid,
  type WorkloadModel,
} from '../src';
import { latticePlan } from './lattice';

let range = { min: 0, max: 0 };
const model = (min: number, max: number): WorkloadModel => {
  range = { min, max };
  return { categories: { household: { weight: 1 } }, targets: { 3: { min, max } } };
};

/** Connected parts of each grid of an assignment, through the units' exact adjacency. */
function partsPerGrid(units: UnitFeature[], assignment: string[]): Map<string, number> {
  const graph = neighbours(units);
  const seen = new Set<number>();
  const parts = new Map<string, number>();
  for (let start = 0; start < units.length; start++) {
    if (seen.has(start)) continue;
    const code = assignment[start];
    parts.set(code, (parts.get(code) ?? 0) + 1);
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (const w of graph.neighboursOf(v)) {
        if (!seen.has(w) && assignment[w] === code) {
          seen.add(w);
          stack.push(w);
        }
      }
    }
  }
  return parts;
}

/** The invariants every rebalance result keeps, checked against the input. */
function expectInvariants(plan: GridPlan, units: UnitFeature[], before: string[], r: RebalanceResult): void {
  const leaves = new Set(r.plan.leaves().map((g) => g.properties.code));
  // Every unit in exactly one existing leaf grid; loads and households conserved.
  expect(r.assignment).toHaveLength(units.length);
  for (const code of r.assignment) expect(leaves.has(code)).toBe(true);
  const sum = (key: 'load' | 'households') => units.reduce((s, u) => s + u.properties[key], 0);
  expect(r.after.total).toBeCloseTo(sum('load'), 6);
  // Moves are exactly the units whose code changed.
  const moved = units.map((_, i) => i).filter((i) => before[i] !== r.assignment[i]);
  expect(r.moves.map((m) => m.unit)).toEqual(moved);
  expect(r.householdsMoved).toBe(moved.reduce((s, i) => s + units[i].properties.households, 0));
  // No grid has more connected parts than the grid it kept the code of (new grids are one part).
  const partsBefore = partsPerGrid(units, before);
  for (const [code, parts] of partsPerGrid(units, r.assignment)) {
    expect(parts).toBeLessThanOrEqual(Math.max(1, partsBefore.get(code) ?? 1));
  }
  // The same, on the geometry: no leaf polygon of the result has more parts than its grid had (a new
  // grid, one), so a unit in two pieces never gives its grid a second part.
  const polygonCount = (g: GridFeature['geometry']) => (g.type === 'Polygon' ? 1 : g.coordinates.length);
  for (const g of r.plan.leaves()) {
    const old = plan.get(g.properties.code);
    expect(polygonCount(g.geometry)).toBeLessThanOrEqual(old === undefined ? 1 : polygonCount(old.geometry));
  }
  // Grids whose units did not change keep their code and their exact geometry.
  const touched = new Set(r.moves.flatMap((m) => [m.from, m.to]));
  for (const g of r.plan.grids) {
    if (touched.has(g.properties.code) || g.properties.level < 3) continue;
    expect(plan.get(g.properties.code)!.geometry).toEqual(g.geometry);
  }
  // A split's new code comes after every code the parent had; a merge keeps one code and drops the other.
  const lastOrdinal = Math.max(
    ...plan.childrenOf('A').map((g) => parseCode(g.properties.code, letterCodes()).path[1]),
  );
  for (const c of r.changes) {
    if (c.kind === 'split') {
      expect(plan.has(c.other)).toBe(false);
      expect(parseCode(c.other, letterCodes()).path[1]).toBeGreaterThan(lastOrdinal);
    } else {
      expect(r.plan.has(c.other)).toBe(false);
    }
  }
  // Plans rank lexicographically: grids out of range never rise, and at the same count the distance
  // from range never grows.
  const [outBefore, distanceBefore] = violation(units, before, plan);
  const [outAfter, distanceAfter] = violation(units, r.assignment, r.plan);
  expect(outAfter).toBeLessThanOrEqual(outBefore);
  expect(r.after.over + r.after.under).toBe(outAfter);
  if (outAfter === outBefore) expect(distanceAfter).toBeLessThanOrEqual(distanceBefore + 1e-9);
  // Codes are unique, and no new code is one the plan held before (an ancestor's included).
  const codes = r.plan.grids.map((g) => g.properties.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const c of r.changes) if (c.kind === 'split') expect(plan.has(c.other)).toBe(false);
  // No exchange of codes between two changed sibling grids in one part each would change the code of
  // fewer households: each code went to the unit set holding the most of its households.
  const keptBy = (code: string, other: string) =>
    units.reduce(
      (h, u, i) => h + (r.assignment[i] === code && before[i] === other ? u.properties.households : 0),
      0,
    );
  const parts = partsPerGrid(units, r.assignment);
  const changed = [...touched].filter((c) => r.plan.has(c) && parts.get(c) === 1).sort();
  for (const a of changed) {
    for (const b of changed) {
      if (a >= b || r.plan.get(a)!.properties.parent !== r.plan.get(b)!.properties.parent) continue;
      expect(keptBy(a, b) + keptBy(b, a)).toBeLessThanOrEqual(keptBy(a, a) + keptBy(b, b));
    }
  }
}

/** Leaf grids out of the level-3 range of {@link model}'s last call, and their total distance from it. */
function violation(units: UnitFeature[], assignment: string[], plan: GridPlan): [number, number] {
  const load = new Map(plan.leaves().map((g) => [g.properties.code, 0]));
  units.forEach((u, i) => {
    load.set(assignment[i], load.get(assignment[i])! + u.properties.load);
  });
  let out = 0;
  let v = 0;
  for (const l of load.values()) {
    const d = Math.max(0, l - range.max, range.min - l);
    if (d > 1e-9) out++;
    v += d;
  }
  return [out, v];
}

describe('rebalance on a lattice', () => {
  it('moves the fewest units from an overloaded strip to its neighbour and keeps the rest untouched', () => {
    // 6 × 2 squares in 3 strips of 2 columns; strip A1 carries 4 per unit, the others 1.5.
    const loads = [4, 4, 1.5, 1.5, 1.5, 1.5, 4, 4, 1.5, 1.5, 1.5, 1.5];
    const { plan, units } = latticePlan(6, 2, 3, loads);
    const r = rebalance(plan, units, model(5, 12));
    expect(r.before.over).toBe(1);
    expect(r.after).toMatchObject({ over: 0, under: 0 });
    expect(r.findings).toEqual([]);
    expect(r.moves).toHaveLength(1);
    expect(r.moves[0]).toMatchObject({ from: 'A1', to: 'A2', load: 4 });
    expect(r.plan.get('A3')!.geometry).toEqual(plan.get('A3')!.geometry);
    expectInvariants(
      plan,
      units,
      units.map((u) => u.properties.grid),
      r,
    );
    const report = validatePlan(r.plan);
    expect(report.errors).toBe(0);
  });

  it('splits a grid no move can relieve, naming the new grid after the last code', () => {
    // One strip holding everything: the community needs two grids.
    const { plan, units } = latticePlan(4, 2, 1, [3, 3, 3, 3, 3, 3, 3, 3]);
    const r = rebalance(plan, units, model(8, 14));
    expect(r.changes).toEqual([{ kind: 'split', code: 'A1', other: 'A2' }]);
    expect(r.after).toMatchObject({ count: 2, over: 0, under: 0 });
    expect(r.plan.get('A2')!.properties).toMatchObject({ parent: 'A', level: 3 });
    expect(validatePlan(r.plan).errors).toBe(0);
    expect(geodesicArea(r.plan.get('A1')!.geometry) + geodesicArea(r.plan.get('A2')!.geometry)).toBeCloseTo(
      geodesicArea(plan.get('A1')!.geometry),
      3,
    );
  });

  it('merges an underloaded grid into its neighbour, keeping the code of the grid with more households', () => {
    const { plan, units } = latticePlan(4, 1, 2, [1, 1, 4, 4]);
    const r = rebalance(plan, units, model(8, 12));
    expect(r.changes).toEqual([{ kind: 'merge', code: 'A2', other: 'A1' }]);
    expect(r.plan.has('A1')).toBe(false);
    expect(r.assignment).toEqual(['A2', 'A2', 'A2', 'A2']);
    expect(validatePlan(r.plan).errors).toBe(0);
  });

  it('reports a grid it cannot fix instead of forcing it', () => {
    const { plan, units } = latticePlan(2, 1, 2, [20, 1]);
    const r = rebalance(plan, units, model(5, 12), { split: false, merge: false });
    expect(r.findings.map((f) => [f.kind, f.grids[0], 'cause' in f ? f.cause : f.unitId])).toEqual([
      ['out-of-range', 'A1', 'unit-above-max'],
      ['out-of-range', 'A2', 'no-step'],
      ['unit-above-max', 'A1', 'u0-0'],
    ]);
    const [a1, a2] = r.findings as UnresolvedGrid[];
    expect(a1.neighbours).toEqual([{ code: 'A2', load: 1, locked: false }]);
    expect(a1.remedies).toContainEqual({ kind: 'split-unit', unit: 0, id: 'u0-0' });
    expect(a1.remedies).toContainEqual({ kind: 'widen-range', min: 5, max: 20 });
    expect(a2.smallestMove).toMatchObject({ unit: 0, from: 'A1', to: 'A2', refused: 'contiguity' });
    // A merge with A1 would carry 21, above the maximum 12: not offered as a remedy.
    expect(a2.remedies.some((m) => m.kind === 'merge')).toBe(false);
    expect(a2.remedies).toContainEqual({ kind: 'widen-range', min: 1, max: 12 });
    expect(r.moves).toEqual([]);
  });

  it('never raises the grids out of range, keeps its invariants and is deterministic on random lattices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 7 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 35, maxLength: 35 }),
        fc.boolean(),
        (cols, rows, strips, raw, structural) => {
          const loads = raw.slice(0, cols * rows);
          const { plan, units } = latticePlan(cols, rows, Math.min(strips, cols), loads);
          const mean = loads.reduce((a, b) => a + b, 0) / Math.min(strips, cols);
          const m = model(mean * 0.8, mean * 1.2 + 1);
          const options = { split: structural, merge: structural };
          const r = rebalance(plan, units, m, options);
          expectInvariants(
            plan,
            units,
            units.map((u) => u.properties.grid),
            r,
          );
          expect(rebalance(plan, units, m, options)).toEqual(r);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never raises the grids out of range, never adds a part to a grid and keeps codes unique on tight ranges with multi-part units (regression: a grid holding a unit in two parts gave away the unit between them and fell in two)', () => {
    // Tight ranges (±8% of the mean) leave most lattices with grids out of range, and one unit of each
    // instance is given a second, distant square (a unit in two parts), the case that once gave a grid
    // a second part.
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 7 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 28, maxLength: 28 }),
        fc.nat(),
        fc.boolean(),
        (cols, rows, raw, pick, structural) => {
          const loads = raw.slice(0, cols * rows);
          const lattice = latticePlan(cols, rows, 3, loads);
          const a = pick % lattice.units.length;
          const b = (a + Math.floor(lattice.units.length / 2)) % lattice.units.length;
          const shared = lattice.units[a].geometry as Polygon;
          const far = lattice.units[b].geometry as Polygon;
          const adjacent = neighbours([lattice.units[a], lattice.units[b]]).neighboursOf(0).length > 0;
          const units = lattice.units
            .map(
              (u, i): UnitFeature =>
                i === a && !adjacent && u.properties.grid === lattice.units[b].properties.grid
                  ? {
                      ...u,
                      geometry: { type: 'MultiPolygon', coordinates: [shared.coordinates, far.coordinates] },
                    }
                  : u,
            )
            .filter(
              (_, i) =>
                adjacent || lattice.units[a].properties.grid !== lattice.units[b].properties.grid || i !== b,
            );
          const mean = loads.reduce((x, y) => x + y, 0) / 3;
          const m = model(Math.floor(mean * 0.92), Math.ceil(mean * 1.08));
          const before = units.map((u) => u.properties.grid);
          const r = rebalance(lattice.plan, units, m, { split: structural, merge: structural });
          expectInvariants(lattice.plan, units, before, r);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('leaves a locked grid byte-identical and never moves a locked unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 24, maxLength: 24 }),
        fc.nat(),
        (cols, rows, raw, pick) => {
          const loads = raw.slice(0, cols * rows);
          const { plan, units } = latticePlan(cols, rows, 3, loads);
          const mean = loads.reduce((a, b) => a + b, 0) / 3;
          const lockedGrid = `A${(pick % 3) + 1}`;
          const lockedUnit = units[pick % units.length];
          const r = rebalance(plan, units, model(mean * 0.8, mean * 1.2 + 1), {
            locked: { grids: [lockedGrid], units: [lockedUnit.id!] },
          });
          expect(JSON.stringify(r.plan.get(lockedGrid))).toBe(JSON.stringify(plan.get(lockedGrid)));
          units.forEach((u, i) => {
            if (u.properties.grid === lockedGrid) expect(r.assignment[i]).toBe(lockedGrid);
            if (r.assignment[i] === lockedGrid) expect(u.properties.grid).toBe(lockedGrid);
          });
          expect(r.assignment[units.indexOf(lockedUnit)]).toBe(lockedUnit.properties.grid);
          expect(r.changes.every((c) => c.code !== lockedGrid && c.other !== lockedGrid)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('names a lock as the cause when it keeps a grid out of range', () => {
    // A1 is overloaded; its only neighbour A2 is locked, so nothing can leave A1.
    const { plan, units } = latticePlan(4, 1, 2, [6, 6, 1, 1]);
    const r = rebalance(plan, units, model(5, 10), { split: false, locked: { grids: ['A2'] } });
    const a1 = r.findings.find((f) => f.grids[0] === 'A1') as UnresolvedGrid;
    expect(a1).toMatchObject({ kind: 'out-of-range', cause: 'lock', status: 'over' });
    expect(a1.smallestMove).toMatchObject({ from: 'A1', to: 'A2', refused: 'lock' });
    expect(a1.remedies).toContainEqual({ kind: 'unlock', grids: ['A2'], units: [] });
    expect(JSON.stringify(r.plan.get('A2'))).toBe(JSON.stringify(plan.get('A2')));
  });

  it('never moves a unit in several parts, so no grid gains a part (regression: a grid went from 1 to 2 parts)', () => {
    // Unit 1 of A1 is in two parts, squares (1, 0) and (3, 1); A1 is over, and handing that unit to A2
    // would be the lightest fix, but A2 would gain a part.
    const { plan, units } = latticePlan(4, 2, 2, [1, 3, 1, 1, 1, 1, 1, 1]);
    const far = units[7].geometry as Polygon;
    const split: UnitFeature = {
      ...units[1],
      geometry: {
        type: 'MultiPolygon',
        coordinates: [(units[1].geometry as Polygon).coordinates, far.coordinates],
      },
    };
    const rest = units.filter((_, i) => i !== 1 && i !== 7);
    const all = [split, ...rest];
    const r = rebalance(plan, all, model(2, 5));
    expect(r.before.over).toBe(1);
    expect(r.assignment[0]).toBe(split.properties.grid);
    const parts = partsPerGrid(all, r.assignment);
    const partsBefore = partsPerGrid(
      all,
      all.map((u) => u.properties.grid),
    );
    for (const [code, n] of parts) expect(n).toBeLessThanOrEqual(Math.max(1, partsBefore.get(code) ?? 1));
  });
});

describe('rebalance input errors', () => {
  const { plan, units } = latticePlan(2, 1, 2, [1, 1]);
  const withProps = (i: number, props: object) =>
    units.map((u, k) => (k === i ? { ...u, properties: { ...u.properties, ...props } } : u)) as UnitFeature[];

  it('names the unit with an unknown grid, a non-leaf grid or a bad load', () => {
    expect(() => rebalance(plan, withProps(1, { grid: 'Z9' }), model(1, 2))).toThrow(
      expect.objectContaining({ code: 'INVALID_CODE', featureIndex: 1 }),
    );
    expect(() => rebalance(plan, withProps(0, { grid: 'A' }), model(1, 2))).toThrow(
      expect.objectContaining({ code: 'INVALID_LEVEL', featureIndex: 0 }),
    );
    expect(() => rebalance(plan, withProps(1, { load: -1 }), model(1, 2))).toThrow(
      expect.objectContaining({ code: 'INVALID_PROPERTIES', featureIndex: 1 }),
    );
    expect(() => rebalance(plan, withProps(0, { households: 'many' }), model(1, 2))).toThrow(
      expect.objectContaining({ code: 'INVALID_PROPERTIES', featureIndex: 0 }),
    );
  });

  it('rejects missing targets, bad options, no units and a second run', () => {
    expect(() => rebalance(plan, units, { categories: { h: { weight: 1 } } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => rebalance(plan, units, model(1, 2), { maxPath: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => rebalance(plan, [], model(1, 2))).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    const rebalancer = new Rebalancer(plan, units, model(1, 2));
    rebalancer.run();
    expect(() => rebalancer.run()).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });
});

describe('rebalance codes in the numeric style', () => {
  it('names a split grid with the next zero-padded number under the community', () => {
    const { plan, units } = latticePlan(4, 2, 1, [3, 3, 3, 3, 3, 3, 3, 3]);
    const renamed = (code: string) =>
      code === 'S'
        ? '330106001000'
        : code === 'A'
          ? '330106001001'
          : `330106001001${code.slice(1).padStart(3, '0')}`;
    const numeric = GridPlan.from(
      plan.grids.map((g) => ({
        ...g,
        properties: {
          ...g.properties,
          code: renamed(g.properties.code),
          parent: g.properties.parent === null ? null : renamed(g.properties.parent),
        },
      })),
      { codeStyle: numericCodes() },
    );
    const numericUnits = units.map((u) => ({
      ...u,
      properties: { ...u.properties, grid: renamed(u.properties.grid) },
    }));
    const r = rebalance(numeric, numericUnits, model(8, 14));
    expect(r.changes).toEqual([{ kind: 'split', code: '330106001001001', other: '330106001001002' }]);
    expect(r.plan.get('330106001001002')!.properties.parent).toBe('330106001001');
  });
});
