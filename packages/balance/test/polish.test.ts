import { neighbours } from '@wangge/index';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebalance, type UnitFeature, type WorkloadModel } from '../src';
import { latticePlan } from './lattice';

/** Rank of an assignment of units to two grids: grids out of range, distance from range, households moved. */
function rankOf(units: UnitFeature[], inA: boolean[], range: { min: number; max: number }) {
  let loadA = 0;
  let loadB = 0;
  let moved = 0;
  units.forEach((u, i) => {
    if (inA[i]) loadA += u.properties.load;
    else loadB += u.properties.load;
    if ((u.properties.grid === 'A1') !== inA[i]) moved += u.properties.households;
  });
  const d = (l: number) => Math.max(0, l - range.max, range.min - l);
  return {
    out: (d(loadA) > 1e-9 ? 1 : 0) + (d(loadB) > 1e-9 ? 1 : 0),
    distance: d(loadA) + d(loadB),
    moved,
  };
}

/** The best rank over every cut of the units into two connected, non-empty grids (brute force). */
function bruteForce(units: UnitFeature[], range: { min: number; max: number }) {
  const graph = neighbours(units);
  const n = units.length;
  const connected = (inSet: (i: number) => boolean) => {
    const members = [...Array(n).keys()].filter(inSet);
    if (members.length === 0) return false;
    const seen = new Set([members[0]]);
    const stack = [members[0]];
    while (stack.length > 0) {
      for (const w of graph.neighboursOf(stack.pop()!)) {
        if (inSet(w) && !seen.has(w)) {
          seen.add(w);
          stack.push(w);
        }
      }
    }
    return seen.size === members.length;
  };
  let best: ReturnType<typeof rankOf> | null = null;
  for (let mask = 1; mask < (1 << n) - 1; mask++) {
    const inA = (i: number) => (mask & (1 << i)) !== 0;
    if (!connected(inA) || !connected((i) => !inA(i))) continue;
    const r = rankOf(units, [...Array(n).keys()].map(inA), range);
    if (
      best === null ||
      r.out < best.out ||
      (r.out === best.out &&
        (r.distance < best.distance - 1e-9 || (r.distance <= best.distance + 1e-9 && r.moved < best.moved)))
    )
      best = r;
  }
  return best!;
}

describe('the polish after the step loop', () => {
  it('redraws two grids to the exact optimum: out of range, then distance, then households moved (brute force over every connected cut)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        (cols, rows, raw, spread) => {
          const loads = raw.slice(0, cols * rows);
          const { plan, units } = latticePlan(cols, rows, 2, loads);
          const mean = loads.reduce((a, b) => a + b, 0) / 2;
          const range = { min: Math.floor(mean * (1 - spread)), max: Math.ceil(mean * (1 + spread)) };
          const model: WorkloadModel = { categories: { household: { weight: 1 } }, targets: { 3: range } };
          const r = rebalance(plan, units, model, { split: false, merge: false });
          const got = rankOf(
            units,
            r.assignment.map((code) => code === 'A1'),
            range,
          );
          const best = bruteForce(units, range);
          expect(got.out).toBe(best.out);
          expect(got.distance).toBeCloseTo(best.distance, 9);
          expect(got.moved).toBe(best.moved);
        },
      ),
      { numRuns: 60 },
    );
  });
});
