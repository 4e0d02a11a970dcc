/**
 * Small random rebalancing instances with an exact answer: a lattice of squares in vertical strips, with
 * heavy-tailed unit loads, and the same instance as the exact model reads it, built independently of
 * the rebalancer (adjacency from `@wangge/index`'s `neighbours`).
 */
import type { GridPlan } from '@wangge/core';
import { createRandom } from '@wangge/example-city';
import { neighbours } from '@wangge/index';
import type { ExactInstance, UnitFeature, WorkloadModel } from '../src';
import { latticePlan } from './lattice';

/** One random instance: the plan, its units, the model with its level-3 range, and the exact model. */
export interface RandomInstance {
  plan: GridPlan;
  units: UnitFeature[];
  model: WorkloadModel;
  exact: ExactInstance;
}

/** A seeded instance of 12 to 24 units in 3 grids, target ±15% of the mean grid load. */
export function randomInstance(seed: number): RandomInstance {
  const random = createRandom(seed);
  const cols = 4 + random.int(3);
  const rows = 3 + random.int(2);
  const strips = 3;
  // Heavy-tailed loads: most units light, a few several times the median.
  const loads = Array.from({ length: cols * rows }, () => 1 + Math.floor(12 * random.next() ** 3));
  const { plan, units } = latticePlan(cols, rows, strips, loads);
  const mean = loads.reduce((a, b) => a + b, 0) / strips;
  const range = { min: Math.round(mean * 0.85), max: Math.round(mean * 1.15) };
  const model: WorkloadModel = { categories: { household: { weight: 1 } }, targets: { 3: range } };
  const codes = [...new Set(units.map((u) => u.properties.grid))].sort();
  const graph = neighbours(units);
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < units.length; i++) for (const j of graph.neighboursOf(i)) if (j > i) edges.push([i, j]);
  const exact: ExactInstance = {
    load: units.map((u) => u.properties.load),
    households: units.map((u) => u.properties.households),
    grid: units.map((u) => codes.indexOf(u.properties.grid)),
    edges,
    ranges: codes.map(() => range),
  };
  return { plan, units, model, exact };
}
