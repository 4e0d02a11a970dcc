import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Range } from '@wangge/core';
import { type GridFeature, GridPlan } from '@wangge/core';
import { validatePlan } from '@wangge/coverage';
import { describe, expect, it } from 'vitest';
import { type RebalanceResult, rebalance, type UnitFeature } from '../src';

const dir = new URL('./fixtures/', import.meta.url);
const update = process.env.WANGGE_UPDATE_FIXTURES === '1';
const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7'];

function run(name: string): { plan: GridPlan; units: UnitFeature[]; result: RebalanceResult } {
  const input = JSON.parse(readFileSync(new URL(`${name}/in.geojson`, dir), 'utf8'));
  const grids = input.features.filter((f: { properties: { role: string } }) => f.properties.role === 'grid');
  const units = input.features.filter((f: { properties: { role: string } }) => f.properties.role === 'unit');
  const plan = GridPlan.from(grids as GridFeature[]);
  const targets = input.targets as Record<number, Range>;
  const result = rebalance(plan, units, { categories: { household: { weight: 1 } }, targets });
  return { plan, units, result };
}

/** The result as a map: leaf grids coloured by code with their load, then every moved unit outlined. */
function toGeoJson(units: UnitFeature[], r: RebalanceResult): string {
  const load = new Map<string, number>();
  units.forEach((u, i) => {
    load.set(r.assignment[i], (load.get(r.assignment[i]) ?? 0) + u.properties.load);
  });
  const leaves = r.plan.leaves().map((g, k) => ({
    type: 'Feature',
    properties: {
      code: g.properties.code,
      load: load.get(g.properties.code) ?? 0,
      fill: COLOURS[k % COLOURS.length],
      'fill-opacity': 0.5,
      stroke: '#333333',
    },
    geometry: g.geometry,
  }));
  const moves = r.moves.map((m) => ({
    type: 'Feature',
    properties: {
      unit: m.id,
      from: m.from,
      to: m.to,
      households: m.households,
      stroke: '#d62728',
      'stroke-width': 3,
      'fill-opacity': 0,
    },
    geometry: units[m.unit].geometry,
  }));
  return `${JSON.stringify({ type: 'FeatureCollection', changes: r.changes, features: [...leaves, ...moves] }, null, 1)}\n`;
}

function expectFixture(name: string, units: UnitFeature[], r: RebalanceResult): void {
  const out = new URL(`${name}/out.geojson`, dir);
  const text = toGeoJson(units, r);
  if (update || !existsSync(out)) {
    if (!update) throw new Error(`${name}/out.geojson is missing: run with WANGGE_UPDATE_FIXTURES=1`);
    writeFileSync(out, text);
  }
  expect(text).toBe(readFileSync(out, 'utf8'));
}

describe('fixtures with known answers', () => {
  it('corner-growth: a split in the heavy corner, every grid in range, nothing west of it touched', () => {
    const { plan, units, result } = run('corner-growth');
    // 88 load over 4 grids of at most 20: one more grid is needed.
    expect(result.before).toMatchObject({ total: 88, over: 2 });
    expect(result.changes.map((c) => c.kind)).toEqual(['split']);
    expect(result.changes[0].other).toBe('A5');
    expect(result.after).toMatchObject({ count: 5, over: 0, under: 0 });
    expect(result.plan.get('A1')!.geometry).toEqual(plan.get('A1')!.geometry);
    expect(validatePlan(result.plan).errors).toBe(0);
    expectFixture('corner-growth', units, result);
  });

  it('needs-split: the heavy strip splits and its neighbour stays as it was', () => {
    const { plan, units, result } = run('needs-split');
    expect(result.changes).toEqual([{ kind: 'split', code: 'A2', other: 'A3' }]);
    expect(result.after).toMatchObject({ count: 3, over: 0, under: 0 });
    expect(result.plan.get('A1')!.geometry).toEqual(plan.get('A1')!.geometry);
    expect(validatePlan(result.plan).errors).toBe(0);
    expectFixture('needs-split', units, result);
  });
});
