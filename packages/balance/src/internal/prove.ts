import type { ExactSolver } from '../exact';
import type { ExactInstance } from './milp';
import type { Slots } from './slots';

/** What the exact reference says about a grid left out of range and the grids around it. */
export interface GroupProof {
  /**
   * What was solved: `siblings` (every grid of the parent, so the bound holds for any rebalancing of
   * them) or `neighbourhood` (the grid and the siblings bordering it, everything else held as it is:
   * no exchange of units among them does better; too many units for the whole parent).
   */
  scope: 'siblings' | 'neighbourhood';
  /** Codes of the grids solved, ascending. */
  codes: string[];
  /** Most of those grids that any assignment of their units puts in range (contiguous grids). */
  bestInRange: number;
  /** Grids solved (with a range). */
  grids: number;
  /** Whether the solver proved `bestInRange` (no node or round limit stopped it first). */
  proven: boolean;
  /**
   * The constraint that binds: `lock` (unlocking would allow more in range), `contiguity` (allowing
   * grids in several parts would), `grid-count` (the load cannot fill that many grids in range),
   * `unit-sizes` (the units are too coarse for the range whatever the shapes).
   */
  binding: 'lock' | 'contiguity' | 'grid-count' | 'unit-sizes';
}

/**
 * Limits on one exact instance (it grows with units × grids): a parent's grids are solved whole
 * within them, else each grid left out with its bordering siblings.
 */
export const EXACT_LIMITS = { units: 60, unitsTimesGrids: 300 };

/**
 * For every live slot out of range, an exact instance from the current state: all its siblings when
 * they fit {@link EXACT_LIMITS}, else the slot with the siblings bordering it. When the optimum puts
 * more of them in range than now, its assignment is applied (its grids are connected, locked grids and
 * pinned units unchanged) and the plan's score cannot get worse (the grids outside keep their units).
 * Returns the proof of every slot still out of range afterwards.
 */
export function proveGroups(slots: Slots, exact: ExactSolver): Map<number, GroupProof> {
  const proofs = new Map<number, GroupProof>();
  const siblings = new Map<number, number[]>();
  slots.code.forEach((_, s) => {
    if (!slots.alive[s] || slots.range[s] === null) return;
    const list = siblings.get(slots.parent[s]) ?? [];
    list.push(s);
    siblings.set(slots.parent[s], list);
  });
  const fits = (members: number[]) => {
    let units = 0;
    for (const s of members) units += slots.members[s].size;
    return units <= EXACT_LIMITS.units && units * members.length <= EXACT_LIMITS.unitsTimesGrids;
  };
  for (let s = 0; s < slots.code.length; s++) {
    if (!slots.alive[s] || slots.violation(s) === 0 || proofs.has(s)) continue;
    const all = siblings.get(slots.parent[s])!;
    let scope: GroupProof['scope'] = 'siblings';
    let members = all;
    if (!fits(all)) {
      scope = 'neighbourhood';
      members = [s, ...slots.adjacentSlots(s, true).filter((t) => slots.range[t] !== null)].sort(
        (a, b) => a - b,
      );
      if (!fits(members)) continue;
    }
    const proof = proveGroup(slots, exact, members, scope);
    if (proof === null) continue;
    for (const t of members)
      if (slots.violation(t) > 0 && (scope === 'siblings' || t === s)) proofs.set(t, proof);
  }
  return proofs;
}

/** Solves one group exactly, applies a better optimum, and says what binds; null when infeasible. */
function proveGroup(
  slots: Slots,
  exact: ExactSolver,
  members: number[],
  scope: GroupProof['scope'],
): GroupProof | null {
  const units = members.flatMap((s) => [...slots.members[s]]).sort((a, b) => a - b);
  const instance = instanceOf(slots, members, units);
  const solution = exact.solve({ ...instance, countOnly: true });
  if (solution.status === 'infeasible') return null;
  const inRangeNow = members.filter((s) => slots.violation(s) === 0).length;
  if (solution.inRange > inRangeNow) {
    units.forEach((u, i) => {
      const to = members[solution.grid[i]];
      if (slots.owner[u] !== to) slots.moveUnit(u, slots.owner[u], to);
    });
    slots.commit();
  }
  const best = Math.max(solution.inRange, inRangeNow);
  const relaxed = (change: Partial<ExactInstance>) =>
    exact.solve({ ...instance, ...change, countOnly: true }).inRange;
  const locked = instance.fixed !== undefined || instance.closed !== undefined;
  let total = 0;
  for (const u of units) total += slots.unitLoad[u];
  const r = slots.range[members[0]]!;
  const binding: GroupProof['binding'] =
    best < members.length && locked && relaxed({ fixed: undefined, closed: undefined }) > best
      ? 'lock'
      : total < members.length * r.min || total > members.length * r.max
        ? 'grid-count'
        : best < members.length && relaxed({ noContiguity: true }) > best
          ? 'contiguity'
          : 'unit-sizes';
  return {
    scope,
    codes: members.map((s) => slots.code[s]).sort(),
    bestInRange: best,
    grids: members.length,
    proven: solution.inRangeProven,
    binding,
  };
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
