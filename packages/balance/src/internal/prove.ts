import type { ExactSolver } from '../exact';
import type { ExactInstance } from './milp';
import type { Slots } from './slots';

/** What the exact reference says about a group of sibling grids left out of range. */
export interface GroupProof {
  /** Most grids of the group that any assignment of its units can put in range (contiguous grids). */
  bestInRange: number;
  /** Grids of the group with a range. */
  grids: number;
  /** Whether the solver proved it (no time limit was hit). */
  proven: boolean;
  /**
   * The constraint that binds: `lock` (unlocking would allow more in range), `contiguity` (allowing
   * grids in several parts would), `grid-count` (the group's load cannot fill that many grids in range),
   * `unit-sizes` (the units are too coarse for the range whatever the shapes).
   */
  binding: 'lock' | 'contiguity' | 'grid-count' | 'unit-sizes';
}

/** Limits on the groups the exact reference is asked about (it grows with units × grids). */
export const EXACT_LIMITS = { units: 300, unitsTimesGrids: 3000 };

/**
 * For every group of live sibling slots (same parent) with a slot out of range and within
 * {@link EXACT_LIMITS}: the exact optimum from the current state. When it puts more grids in range than
 * the heuristic did, its assignment is applied (its grids are connected, locked grids and pinned units
 * unchanged). Returns the proof of every slot still out of range afterwards.
 */
export function proveGroups(slots: Slots, exact: ExactSolver): Map<number, GroupProof> {
  const proofs = new Map<number, GroupProof>();
  const groups = new Map<number, number[]>();
  slots.code.forEach((_, s) => {
    if (!slots.alive[s] || slots.range[s] === null) return;
    const list = groups.get(slots.parent[s]) ?? [];
    list.push(s);
    groups.set(slots.parent[s], list);
  });
  for (const members of groups.values()) {
    if (!members.some((s) => slots.violation(s) > 0)) continue;
    const units = members.flatMap((s) => [...slots.members[s]]).sort((a, b) => a - b);
    if (units.length > EXACT_LIMITS.units || units.length * members.length > EXACT_LIMITS.unitsTimesGrids)
      continue;
    const instance = instanceOf(slots, members, units);
    const solution = exact.solve(instance);
    if (solution.status === 'infeasible') continue;
    const inRangeNow = members.filter((s) => slots.violation(s) === 0).length;
    if (solution.inRange > inRangeNow) {
      units.forEach((u, i) => {
        const to = members[solution.grid[i]];
        if (slots.owner[u] !== to) slots.moveUnit(u, slots.owner[u], to);
      });
      slots.commit();
    }
    const out = members.filter((s) => slots.violation(s) > 0);
    if (out.length === 0) continue;
    const relaxed = (change: Partial<ExactInstance>) => exact.solve({ ...instance, ...change }).inRange;
    const locked = instance.fixed !== undefined && Array.from(instance.fixed).some((f) => f === 1);
    let total = 0;
    for (const u of units) total += slots.unitLoad[u];
    const r = slots.range[members[0]]!;
    const binding: GroupProof['binding'] =
      locked && relaxed({ fixed: undefined, closed: undefined }) > solution.inRange
        ? 'lock'
        : total < members.length * r.min || total > members.length * r.max
          ? 'grid-count'
          : relaxed({ noContiguity: true }) > solution.inRange
            ? 'contiguity'
            : 'unit-sizes';
    const proof: GroupProof = {
      bestInRange: Math.max(solution.inRange, inRangeNow),
      grids: members.length,
      proven: solution.status === 'optimal',
      binding,
    };
    for (const s of out) proofs.set(s, proof);
  }
  return proofs;
}

/** The exact model of one group in its current state. */
function instanceOf(slots: Slots, members: number[], units: number[]): ExactInstance {
  const local = new Map(units.map((u, i) => [u, i]));
  const gridOf = new Map(members.map((s, g) => [s, g]));
  const edges: Array<[number, number]> = [];
  const { adjStart, adjUnit } = slots.graph;
  units.forEach((u, i) => {
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const j = local.get(adjUnit[k]);
      if (j !== undefined && j > i) edges.push([i, j]);
    }
  });
  const fixed = Uint8Array.from(units, (u) => (slots.isMovable(u) ? 0 : 1));
  const closed = Uint8Array.from(members, (s) => (slots.lockedSlot[s] ? 1 : 0));
  return {
    load: Float64Array.from(units, (u) => slots.unitLoad[u]),
    households: Float64Array.from(units, (u) => slots.unitHouseholds[u]),
    grid: Int32Array.from(units, (u) => gridOf.get(slots.owner[u])!),
    edges,
    ranges: members.map((s) => slots.range[s]!),
    fixed: fixed.some((f) => f === 1) ? fixed : undefined,
    closed: closed.some((c) => c === 1) ? closed : undefined,
  };
}
