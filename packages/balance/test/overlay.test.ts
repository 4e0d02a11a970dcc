import { type GridFeature, GridPlan, geodesicArea, type PointTable, pointTable } from '@wangge/core';
import { dissolve } from '@wangge/geometry';
import { describe, expect, it } from 'vitest';
import { crosswalk, diffPlans, rebalance } from '../src';
import { latticePlan, square } from './lattice';

const D = 0.001;
const points = (cells: Array<[number, number]>): PointTable =>
  pointTable(Float64Array.from(cells.flatMap(([c, r]) => [120 + (c + 0.5) * D, 30 + (r + 0.5) * D])));

describe('diffPlans', () => {
  // 6 × 2 squares in strips A1–A3; A1 too heavy, one square moves to A2.
  const { plan, units } = latticePlan(6, 2, 3, [4, 4, 1.5, 1.5, 1.5, 1.5, 4, 4, 1.5, 1.5, 1.5, 1.5]);
  const r = rebalance(plan, units, { categories: { h: { weight: 1 } }, targets: { 3: { min: 5, max: 12 } } });
  const moved = r.moves[0];
  const [col, row] = String(moved.id).slice(1).split('-').map(Number);
  const households = points([
    [0, 0],
    [col, row],
    [5, 1],
  ]);
  const diff = diffPlans(plan, r.plan, { households });

  it('names the reshaped grids and nothing else', () => {
    expect(diff).toMatchObject({ added: [], removed: [], changed: ['A1', 'A2'], unchanged: 3 });
  });

  it('measures the area moved as exactly the moved square', () => {
    expect(diff.areaMoved).toBeCloseTo(geodesicArea(square(col, row)), 0);
    expect(diff.flows).toHaveLength(1);
    expect(diff.flows[0]).toMatchObject({ from: 'A1', to: 'A2', entities: { households: 1 } });
  });

  it('lists the household in the moved square with its old and new code', () => {
    expect(diff.entityChanges.households).toEqual([{ entity: 1, from: 'A1', to: 'A2' }]);
  });

  it('finds nothing between a plan and itself', () => {
    const same = diffPlans(plan, plan, { households });
    expect(same).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      unchanged: 5,
      flows: [],
      areaMoved: 0,
    });
    expect(same.entityChanges.households).toEqual([]);
  });

  it('reports households in neither plan, and throws a typed error for a missing plan', () => {
    const outside = diffPlans(plan, r.plan, {
      households: points([
        [0, 0],
        [9, 9],
      ]),
    });
    expect(outside.inNeither).toEqual({ households: [1] });
    for (const bad of [null, undefined, {}, 'plan']) {
      expect(() => diffPlans(plan, bad as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
      expect(() => diffPlans(bad as never, plan)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
  });
});

describe('crosswalk', () => {
  // A: three vertical strips of 2 × 2 squares; B: two horizontal bands of 6 × 1 squares.
  const { plan: planA } = latticePlan(6, 2, 3, new Array(12).fill(1));
  const band = (j: number): GridFeature => ({
    type: 'Feature',
    properties: { code: `B${j + 1}`, parent: 'B', level: 3 },
    geometry: dissolve(Array.from({ length: 6 }, (_, i) => square(i, j))),
  });
  const all = dissolve(Array.from({ length: 12 }, (_, k) => square(k % 6, Math.floor(k / 6))));
  const planB = GridPlan.from([
    { type: 'Feature', properties: { code: 'S', parent: null, level: 1 }, geometry: all },
    { type: 'Feature', properties: { code: 'B', parent: 'S', level: 2 }, geometry: all },
    band(0),
    band(1),
  ]);
  const households = points([
    [0, 0],
    [0, 1],
    [1, 1],
    [7, 0], // outside both
  ]);
  const cw = crosswalk(planA, planB, { entities: { households } });

  it('gives each strip half in each band, by area and by households', () => {
    expect(cw.pairs.map((p) => `${p.a}/${p.b}`)).toEqual([
      'A1/B1',
      'A1/B2',
      'A2/B1',
      'A2/B2',
      'A3/B1',
      'A3/B2',
    ]);
    for (const p of cw.pairs) {
      expect(p.shareOfA).toBeCloseTo(0.5, 3);
      expect(p.shareOfB).toBeCloseTo(1 / 3, 3);
    }
    const a1 = cw.pairs.filter((p) => p.a === 'A1');
    expect(a1.map((p) => p.households)).toEqual([1, 2]);
    expect(a1.map((p) => p.householdShareOfA)).toEqual([1 / 3, 2 / 3]);
  });

  it('lists every grid split across the other system, and nobody covered by only one', () => {
    expect(cw.splitA).toEqual(['A1', 'A2', 'A3']);
    expect(cw.splitB).toEqual(['B1', 'B2']);
    expect(cw.onlyInA).toEqual([]);
    expect(cw.onlyInB).toEqual([]);
  });

  it('reports households in neither system instead of dropping them', () => {
    expect(cw.inNeither).toEqual([3]);
  });

  it('finds households one system covers and the other does not', () => {
    const half = GridPlan.from([
      { type: 'Feature', properties: { code: 'S', parent: null, level: 1 }, geometry: band(0).geometry },
      { type: 'Feature', properties: { code: 'B', parent: 'S', level: 2 }, geometry: band(0).geometry },
      band(0),
    ]);
    const partial = crosswalk(planA, half, { entities: { households } });
    expect(partial.onlyInA).toEqual([1, 2]);
    expect(partial.splitA).toEqual([]);
    for (const minShare of [2, 5, -0.1, Number.NaN]) {
      expect(() => crosswalk(planA, half, { minShare })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
    expect(() => crosswalk(planA, null as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});
