import { type GridFeature, type GridGeometry, GridPlan, loadsToStats } from '@wangge/core';
import { dissolve } from '@wangge/geometry';
import type { PlanChange, RebalanceResult, RebalanceStats, UnitMove } from '../rebalance';
import { explainSlots } from './explain';
import type { GroupProof } from './prove';
import type { Slots } from './slots';

/** Everything a finished run hands to {@link buildResult}. */
export interface FinishedRun {
  plan: GridPlan;
  slots: Slots;
  geometries: readonly GridGeometry[];
  unitIds: ReadonlyArray<string | number>;
  initialOwner: Int32Array;
  changes: ReadonlyArray<{ kind: 'split' | 'merge'; code: number; other: number }>;
  before: RebalanceStats;
  steps: number;
  /** Proofs of the exact reference by slot; `null` when it was not asked. */
  proofs: Map<number, GroupProof> | null;
}

/** Evenness and range counts of the live slots. */
export function slotsToStats(slots: Slots): RebalanceStats {
  const live = slots.code.map((_, s) => s).filter((s) => slots.alive[s]);
  const out = (s: number, side: 'under' | 'over') =>
    slots.violation(s) > 0 && (side === 'over') === slots.load[s] > slots.range[s]!.max;
  return {
    ...loadsToStats(live.map((s) => slots.load[s])),
    under: live.filter((s) => out(s, 'under')).length,
    over: live.filter((s) => out(s, 'over')).length,
  };
}

/**
 * The result of a run: moves net of the whole run, the new plan (untouched grids are the very same
 * features; changed leaves the exact union of their units; new grids after the plan's), and findings.
 */
export function buildResult(run: FinishedRun): RebalanceResult {
  const { plan, slots, geometries, initialOwner } = run;
  const changed = new Set<number>();
  const moves: UnitMove[] = [];
  let householdsMoved = 0;
  for (let u = 0; u < slots.owner.length; u++) {
    const from = initialOwner[u];
    const to = slots.owner[u];
    if (from === to) continue;
    changed.add(from);
    changed.add(to);
    householdsMoved += slots.unitHouseholds[u];
    moves.push({
      unit: u,
      id: run.unitIds[u],
      from: slots.code[from],
      to: slots.code[to],
      households: slots.unitHouseholds[u],
      load: slots.unitLoad[u],
    });
  }
  const unionOf = (slot: number): GridGeometry =>
    dissolve([...slots.members[slot]].sort((a, b) => a - b).map((u) => geometries[u]));
  const slotOfPlan = new Map<number, number>();
  slots.planId.forEach((p, s) => {
    if (p >= 0) slotOfPlan.set(p, s);
  });
  const features: GridFeature[] = [];
  plan.grids.forEach((g, id) => {
    const s = slotOfPlan.get(id);
    if (s === undefined || (!changed.has(s) && slots.alive[s])) {
      features.push(g);
      return;
    }
    if (!slots.alive[s]) return;
    features.push({ ...g, geometry: unionOf(s) });
  });
  const changes: PlanChange[] = run.changes.map((c) => ({
    kind: c.kind,
    code: slots.code[c.code],
    other: slots.code[c.other],
  }));
  // The plan grid a split slot was cut from, following splits of splits back to a plan grid.
  const originOf = (slot: number): number => {
    const change = run.changes.find((c) => c.kind === 'split' && c.other === slot)!;
    return slots.planId[change.code] >= 0 ? slots.planId[change.code] : originOf(change.code);
  };
  for (let s = 0; s < slots.code.length; s++) {
    if (slots.planId[s] >= 0 || !slots.alive[s]) continue;
    const parentGrid = plan.grids[slots.parent[s]];
    const { name: _name, ...template } = plan.grids[originOf(s)].properties;
    features.push({
      type: 'Feature',
      properties: { ...template, code: slots.code[s], parent: parentGrid?.properties.code ?? null },
      geometry: unionOf(s),
    });
  }
  return {
    plan: GridPlan.from(features, { depth: plan.depth }),
    assignment: Array.from(slots.owner, (s) => slots.code[s]),
    moves,
    changes,
    householdsMoved,
    before: run.before,
    after: slotsToStats(slots),
    findings: explainSlots(slots, run.unitIds, run.proofs),
    steps: run.steps,
  };
}
