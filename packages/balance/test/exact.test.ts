import { beforeAll, describe, expect, it } from 'vitest';
import { type ExactSolver, loadExactSolver, rebalance, type UnresolvedGrid } from '../src';
import { randomInstance } from './instances';
import { latticePlan } from './lattice';

let solver: ExactSolver;
beforeAll(async () => {
  solver = await loadExactSolver();
});

const model = (min: number, max: number) => ({
  categories: { household: { weight: 1 } },
  targets: { 3: { min, max } },
});

describe('the exact reference', () => {
  it('finds the known optimum of a 2 × 2 lattice: one unit of 30 households moves', () => {
    const r = solver.solve({
      load: [5, 3, 1, 1],
      households: [50, 30, 10, 10],
      grid: [0, 0, 1, 1],
      edges: [
        [0, 1],
        [2, 3],
        [0, 2],
        [1, 3],
      ],
      ranges: [
        { min: 4, max: 6 },
        { min: 4, max: 6 },
      ],
    });
    expect(r).toMatchObject({ status: 'optimal', inRange: 2, householdsMoved: 30 });
    expect(Array.from(r.grid)).toEqual([0, 1, 1, 1]);
  });

  it('keeps grids connected: a diagonal pair cannot be one grid', () => {
    // Units 0 and 3 are diagonal in a 2 × 2 lattice (no shared edge); only {0, 3} would fit 9..10.
    const r = solver.solve({
      load: [5, 1, 1, 5],
      households: [1, 1, 1, 1],
      grid: [0, 0, 1, 1],
      edges: [
        [0, 1],
        [2, 3],
        [0, 2],
        [1, 3],
      ],
      ranges: [
        { min: 9, max: 10 },
        { min: 2, max: 2 },
      ],
    });
    expect(r.inRange).toBe(0);
    const loose = solver.solve({
      ...r,
      ...{ load: [5, 1, 1, 5], households: [1, 1, 1, 1] },
      grid: [0, 0, 1, 1],
      edges: [
        [0, 1],
        [2, 3],
        [0, 2],
        [1, 3],
      ],
      ranges: [
        { min: 9, max: 10 },
        { min: 2, max: 2 },
      ],
      noContiguity: true,
    } as never);
    expect(loose.inRange).toBe(2);
  });

  it('bounds the heuristic from above on random lattices, and rebalance with it reaches the bound', () => {
    for (const seed of [3, 6, 7, 8]) {
      const { plan, units, model: m, exact } = randomInstance(seed);
      const optimum = solver.solve(exact);
      expect(optimum.status).toBe('optimal');
      const heuristic = rebalance(plan, units, m, { split: false, merge: false });
      const inRange = (r: typeof heuristic) => r.after.count - r.after.over - r.after.under;
      expect(inRange(heuristic)).toBeLessThanOrEqual(optimum.inRange);
      const proven = rebalance(plan, units, m, { split: false, merge: false, exact: solver });
      expect(inRange(proven)).toBe(optimum.inRange);
      for (const f of proven.findings) {
        if (f.kind !== 'out-of-range') continue;
        expect((f as UnresolvedGrid).proof).toMatchObject({ proven: true, bestInRange: optimum.inRange });
      }
    }
  });

  it('names the lock as the binding constraint when unlocking would put more grids in range', () => {
    const { plan, units } = latticePlan(4, 1, 2, [6, 6, 1, 1]);
    const r = rebalance(plan, units, model(5, 10), {
      split: false,
      merge: false,
      locked: { grids: ['A2'] },
      exact: solver,
    });
    const a1 = r.findings.find((f) => f.grids[0] === 'A1') as UnresolvedGrid;
    expect(a1.proof).toMatchObject({ proven: true, bestInRange: 0, binding: 'lock' });
    expect(a1.message).toMatch(/proven/);
  });
});
