import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carveParts } from '../src/internal/carve';
import { readInput, slotsOf } from '../src/internal/input';
import { latticePlan } from './lattice';

describe('carving a new grid from an overloaded grid and its neighbours', () => {
  it('offers only connected sets in range, each unit taken alone from a grid left no further from range, and applies nothing', () => {
    let offered = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 7 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 28, maxLength: 28 }),
        (cols, rows, raw) => {
          const loads = raw.slice(0, cols * rows);
          const { plan, units } = latticePlan(cols, rows, 3, loads);
          const mean = loads.reduce((a, b) => a + b, 0) / 4;
          const range = { min: Math.floor(mean * 0.8), max: Math.ceil(mean * 1.2) };
          const input = readInput(
            plan,
            units,
            { categories: { household: { weight: 1 } }, targets: { 3: range } },
            {},
          );
          const slots = slotsOf(input);
          const leaves = slots.code.map((_, s) => s).filter((s) => slots.range[s] !== null);
          const worst = leaves.reduce((a, b) => (slots.load[b] > slots.load[a] ? b : a));
          const owners = slots.owner.slice();
          const score = slots.snapshot();
          const fresh = slots.addSlot('', slots.parent[worst], slots.range[worst], -1);
          for (const part of carveParts(slots, worst, fresh)) {
            offered++;
            const load = part.reduce((s, u) => s + slots.unitLoad[u], 0);
            expect(load).toBeGreaterThanOrEqual(range.min);
            expect(load).toBeLessThanOrEqual(range.max);
            expect(slots.components(part)).toBe(1);
            expect(part.some((u) => slots.owner[u] === worst)).toBe(true);
            // Every donor stays in one piece and no further from range.
            for (const donor of new Set(part.map((u) => slots.owner[u]))) {
              const rest = [...slots.members[donor]].filter((u) => !part.includes(u));
              expect(rest.length).toBeGreaterThan(0);
              expect(slots.components(rest)).toBe(1);
              const left = rest.reduce((s, u) => s + slots.unitLoad[u], 0);
              expect(slots.violation(donor, left)).toBeLessThanOrEqual(slots.violation(donor) + 1e-9);
            }
          }
          expect(Array.from(slots.owner)).toEqual(Array.from(owners));
          expect(slots.members[fresh].size).toBe(0);
          expect(slots.snapshot().out).toBe(score.out + (slots.violation(fresh) > 0 ? 1 : 0));
        },
      ),
      { numRuns: 80 },
    );
    // The property is not vacuous: sets were offered.
    expect(offered).toBeGreaterThan(20);
  });
});
