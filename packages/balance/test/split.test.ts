import { geodesicArea, pointTable } from '@wangge/core';
import { validatePlan } from '@wangge/coverage';
import { createRandom } from '@wangge/example-city';
import { describe, expect, it } from 'vitest';
import { rebalance, splitHeavyUnits, type UnitFeature } from '../src';
import { cutRing, VertexInsertions } from '../src/internal/cut';
import { latticePlan } from './lattice';

const D = 0.001;
const MODEL = { categories: { household: { weight: 1 } }, targets: { 3: { min: 8, max: 16 } } };

/**
 * Households: `perUnit[i]` points over square i of a 3 × 1 lattice, building `buildingOf(row, unit)`;
 * with `clustered`, the k-th ten households of a unit stand in the k-th third of its square.
 */
function city(
  perUnit: number[],
  buildingOf: (row: number, unit: number) => number = (row) => row,
  clustered = false,
) {
  const { plan, units } = latticePlan(3, 1, 3, perUnit);
  const random = createRandom(7);
  const xy: number[] = [];
  const building: number[] = [];
  perUnit.forEach((count, i) => {
    for (let k = 0; k < count; k++) {
      const third = Math.floor(k / 10) % 3;
      const dx = clustered
        ? random.range(third / 3 + 0.02, (third + 1) / 3 - 0.02)
        : random.range(0.05, 0.95);
      xy.push(120 + (i + dx) * D, 30 + random.range(0.05, 0.95) * D);
      building.push(buildingOf(building.length, i));
    }
  });
  const households = pointTable(Float64Array.from(xy), { building: Int32Array.from(building) });
  return { plan, units, entities: { households } };
}

describe('splitHeavyUnits', () => {
  it('cuts a unit above the maximum into parts under it that tile it, shared vertices and all', () => {
    const { plan, units, entities } = city([5, 30, 5]);
    const r = splitHeavyUnits(units, entities, MODEL, { max: 8, plan });
    const parts = r.units.filter((u) => u.properties.splitOf === 1);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const p of parts) expect(p.properties.load).toBeLessThanOrEqual(8);
    expect(parts.reduce((s, p) => s + p.properties.households, 0)).toBe(30);
    const area = parts.reduce((s, p) => s + geodesicArea(p.geometry), 0);
    expect(area).toBeCloseTo(geodesicArea(units[1].geometry), 2);
    expect(r.findings).toMatchObject([{ kind: 'unit-split', unit: 1, unitId: 'u1-0', parts: parts.length }]);
    // The plan takes the cut vertices: grids, parents and units still tile with shared vertices.
    expect(validatePlan(r.plan!).errors).toBe(0);
    // Rebalancing the parts brings every grid into range.
    const balanced = rebalance(r.plan!, r.units as UnitFeature[], MODEL);
    expect(balanced.after).toMatchObject({ under: 0, over: 0 });
    expect(validatePlan(balanced.plan).errors).toBe(0);
    expect(balanced.findings).toEqual([]);
  });

  it('never cuts through a building, and reports one building above the maximum as the true unit-above-max', () => {
    const { units, entities } = city(
      [5, 30, 5],
      (row, unit) => (unit === 1 ? 1000 + Math.floor((row - 5) / 10) : row),
      true,
    );
    // Buildings of 10 households: parts of 10, none above a maximum of 12.
    const ok = splitHeavyUnits(units, entities, MODEL, { max: 12, buildingColumn: 'building' });
    const parts = ok.units.filter((u) => u.properties.splitOf === 1);
    expect(parts.map((p) => p.properties.households).sort()).toEqual([10, 10, 10]);
    const one = city([5, 30, 5], (row, unit) => (unit === 1 ? 1000 : row));
    const stuck = splitHeavyUnits(one.units, one.entities, MODEL, { max: 12, buildingColumn: 'building' });
    expect(stuck.findings).toMatchObject([{ kind: 'unit-above-max', unit: 1, parts: 1, severity: 'error' }]);
    expect(stuck.units).toHaveLength(3);
  });

  it('leaves units under the maximum alone and rejects a bad maximum', () => {
    const { units, entities } = city([5, 6, 5]);
    const r = splitHeavyUnits(units, entities, MODEL);
    expect(r.findings).toEqual([]);
    expect(r.units.map((u) => u.geometry)).toEqual(units.map((u) => u.geometry));
    expect(() => splitHeavyUnits(units, entities, MODEL, { max: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});

describe('cutRing', () => {
  const area = (ring: number[][]) => {
    let a = 0;
    for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    return a / 2;
  };
  it('cuts a U across both arms into three rings that add up to it, sharing the cut vertices', () => {
    // A U: 3 wide, 3 high, with a 1 × 2 notch from the top; the line y = 2 crosses both arms.
    const u = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    const insertions = new VertexInsertions();
    const [below, above] = cutRing(u, 0, 1, 2, insertions)!;
    expect(below).toHaveLength(1);
    expect(above).toHaveLength(2);
    const total = [...below, ...above].reduce((s, r) => s + area(r), 0);
    expect(total).toBeCloseTo(area(u), 12);
    for (const r of [...below, ...above]) expect(area(r)).toBeGreaterThan(0);
    // Every crossing is a vertex of the ring below and of one ring above.
    const at = (rings: number[][][]) => new Set(rings.flat().map((p) => p.join(',')));
    for (const p of ['3,2', '2,2', '1,2', '0,2']) {
      expect(at(below).has(p)).toBe(true);
      expect(at(above).has(p)).toBe(true);
    }
    // A neighbour using the edge (3, 0)–(3, 3) gets the same vertex.
    expect(
      insertions.apply([
        [3, 3],
        [3, 0],
        [4, 0],
        [3, 3],
      ]),
    ).toEqual([
      [3, 3],
      [3, 2],
      [3, 0],
      [4, 0],
      [3, 3],
    ]);
  });
});
