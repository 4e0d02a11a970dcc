/**
 * The exact model of a rebalancing of one group of sibling grids, as mixed-integer linear programs in
 * CPLEX LP text (what HiGHS reads): each unit in exactly one grid, every grid non-empty and connected,
 * locked grids and pinned units fixed. The ranking is lexicographic and solved in phases, each a
 * small, tight model: first "every grid in range, the most households kept" (ranges as hard bounds, no
 * big-M); only when that is proven infeasible, "the most grids in range" (a 0/1 indicator per grid with
 * tight bounds, at most one grid fewer), then "that many in range, the most households kept".
 * Contiguity is enforced by minimal vertex-separator cuts, added while a solution has a grid in pieces:
 * for a piece C of a grid, a unit j of another piece and S the part of C's neighbours that also touch
 * j's side, `x[i,g] + x[j,g] − Σ_{v∈S} x[v,g] ≤ 1` for every unit i of C and every grid g (the
 * separator is a property of the unit graph, so the cut holds for all grids). Each loop ends with
 * connected grids, optimal for the full model. Limits are counts (branch-and-bound nodes per solve,
 * rounds of cuts), never time, so a result does not depend on the machine.
 */

/** One group of sibling grids and the units they share, numbered from 0. */
export interface ExactInstance {
  /** Load of each unit. */
  load: ArrayLike<number>;
  /** Households of each unit (what moving it costs). */
  households: ArrayLike<number>;
  /** Grid of each unit now, 0 … grids − 1. */
  grid: ArrayLike<number>;
  /** Adjacent unit pairs, each once. */
  edges: ReadonlyArray<readonly [number, number]>;
  /** Range of each grid. */
  ranges: ReadonlyArray<{ min: number; max: number }>;
  /** Units that may not change grid (1), per unit. @default none */
  fixed?: ArrayLike<number>;
  /** Grids that may take no unit they do not hold (1), per grid. @default none */
  closed?: ArrayLike<number>;
  /** Leave contiguity out (to tell which constraint binds). @default false */
  noContiguity?: boolean;
  /**
   * Stop once the most grids in range is proven, when the current assignment (`grid`) already reaches
   * that many: it is returned as it is, without the search for fewer households moved. @default false
   */
  countOnly?: boolean;
}

/** The optimum of an {@link ExactInstance}. */
export interface ExactSolution {
  /**
   * `optimal` when every phase was solved to optimality; `limit` when a node or round limit stopped
   * one (then `inRangeProven` says whether the count is still proven); `infeasible` when no assignment
   * keeps every grid non-empty and connected.
   */
  status: 'optimal' | 'limit' | 'infeasible';
  /** Grids in range at the optimum (an upper bound on any rebalancing of the group when proven). */
  inRange: number;
  /** Whether `inRange` is proven the most possible (true whenever `status` is `optimal`). */
  inRangeProven: boolean;
  /** Fewest households moved with that many grids in range (the best found, under `limit`). */
  householdsMoved: number;
  /** Grid of each unit at the optimum (the instance's own grids when nothing better was found). */
  grid: Int32Array;
  /** Solves of HiGHS it took (rounds of cuts over all phases). */
  solves: number;
}

/** What one solve of LP text returns: a status and the column values of the best solution found. */
export interface LpResult {
  /** `limit`: a node limit stopped the search; `values` then hold the incumbent, if any. */
  status: 'optimal' | 'limit' | 'infeasible';
  /** Column values; empty when no solution was found. */
  values: Map<string, number>;
}

/** What the model needs from a solver: LP text in, an {@link LpResult} out. */
export type SolveLp = (lp: string) => LpResult;

/** Limits of {@link solveInstance}. */
export interface ExactLimits {
  /** Most rounds of cuts in one phase before giving up (reported as `limit`). */
  maxRounds: number;
}

/** A separator cut: units `i` and `j` may share a grid only with one of `separator` in it too. */
interface Cut {
  i: number;
  j: number;
  separator: number[];
}

/** The objective and side constraints of one phase. */
type Phase = { kind: 'all' } | { kind: 'count'; atMost: number } | { kind: 'keep'; atLeast: number };

const x = (i: number, g: number) => `x${i}_${g}`;

/** Writes the LP text of one phase of the model with the cuts found so far. */
export function instanceToLp(instance: ExactInstance, phase: Phase, cuts: readonly Cut[] = []): string {
  const n = instance.load.length;
  const k = instance.ranges.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += instance.load[i];
  const rows: string[] = [];
  const gridTerms = (g: number, coefficient: (i: number) => number) =>
    Array.from({ length: n }, (_, i) => `+ ${coefficient(i)} ${x(i, g)}`).join(' ');
  for (let i = 0; i < n; i++) {
    rows.push(` a${i}: ${Array.from({ length: k }, (_, g) => `+ ${x(i, g)}`).join(' ')} = 1`);
  }
  const withIndicators = phase.kind !== 'all';
  for (let g = 0; g < k; g++) {
    const { min, max } = instance.ranges[g];
    const loads = gridTerms(g, (i) => instance.load[i]);
    rows.push(` ne${g}: ${gridTerms(g, () => 1)} >= 1`);
    if (withIndicators) {
      // y = 1 only in range: load ≥ min·y, load ≤ max + (total − max)(1 − y).
      rows.push(` lo${g}: ${loads} - ${min} y${g} >= 0`);
      if (total > max) rows.push(` hi${g}: ${loads} + ${total - max} y${g} <= ${total}`);
    } else {
      rows.push(` lo${g}: ${loads} >= ${min}`);
      rows.push(` hi${g}: ${loads} <= ${max}`);
    }
    if (instance.closed?.[g]) {
      for (let i = 0; i < n; i++) if (instance.grid[i] !== g) rows.push(` cl${i}_${g}: ${x(i, g)} = 0`);
    }
  }
  const indicators = Array.from({ length: k }, (_, g) => `+ y${g}`).join(' ');
  if (phase.kind === 'count') rows.push(` cnt: ${indicators} <= ${phase.atMost}`);
  if (phase.kind === 'keep') rows.push(` cnt: ${indicators} >= ${phase.atLeast}`);
  let m = 0;
  for (const c of cuts) {
    for (let g = 0; g < k; g++) {
      const sep = c.separator.map((v) => `- ${x(v, g)}`).join(' ');
      rows.push(` cut${m++}: ${x(c.i, g)} + ${x(c.j, g)} ${sep} <= 1`);
    }
  }
  const fixed = instance.fixed;
  if (fixed !== undefined) {
    for (let i = 0; i < n; i++) if (fixed[i]) rows.push(` fx${i}: ${x(i, instance.grid[i])} = 1`);
  }
  const kept = Array.from({ length: n }, (_, i) => `+ ${instance.households[i]} ${x(i, instance.grid[i])}`);
  const objective = phase.kind === 'count' ? indicators : kept.join(' ');
  const binaries: string[] = [];
  for (let g = 0; g < k; g++) {
    if (withIndicators) binaries.push(`y${g}`);
    for (let i = 0; i < n; i++) binaries.push(x(i, g));
  }
  return [
    `Maximize\n obj: ${objective}`,
    'Subject To',
    ...rows,
    'Binary',
    ` ${binaries.join(' ')}`,
    'End',
    '',
  ].join('\n');
}

/** Grid of each unit in a solution's values, or null when the values hold no full assignment. */
function gridsOf(values: Map<string, number>, n: number, k: number): Int32Array | null {
  const grid = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) for (let g = 0; g < k; g++) if ((values.get(x(i, g)) ?? 0) > 0.5) grid[i] = g;
  return grid.includes(-1) ? null : grid;
}

/**
 * The minimal separator of piece `c` from unit `j`: the neighbours of `c` that also border the part of
 * the graph j reaches without crossing them.
 */
function separatorOf(adjacent: number[][], c: Set<number>, j: number): number[] {
  const around = new Set<number>();
  for (const v of c) for (const w of adjacent[v]) if (!c.has(w)) around.add(w);
  const side = new Set([j]);
  const stack = [j];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of adjacent[v]) {
      if (!side.has(w) && !around.has(w) && !c.has(w)) {
        side.add(w);
        stack.push(w);
      }
    }
  }
  return [...around].filter((s) => adjacent[s].some((w) => side.has(w))).sort((a, b) => a - b);
}

/** Separator cuts for every grid in pieces, new ones only (none when every grid is connected). */
function cutsOf(grid: Int32Array, adjacent: number[][], seen: Set<string>): Cut[] {
  const n = grid.length;
  const piece = new Int32Array(n).fill(-1);
  const pieces: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (piece[s] >= 0) continue;
    const list = [s];
    piece[s] = pieces.length;
    for (let q = 0; q < list.length; q++) {
      for (const w of adjacent[list[q]]) {
        if (piece[w] < 0 && grid[w] === grid[s]) {
          piece[w] = pieces.length;
          list.push(w);
        }
      }
    }
    pieces.push(list);
  }
  const byGrid = new Map<number, number[][]>();
  for (const p of pieces) byGrid.set(grid[p[0]], [...(byGrid.get(grid[p[0]]) ?? []), p]);
  const cuts: Cut[] = [];
  let split = false;
  for (const list of byGrid.values()) {
    if (list.length < 2) continue;
    split = true;
    for (const c of list) {
      const inC = new Set(c);
      for (const d of list) {
        if (d === c) continue;
        for (const j of d) {
          const separator = separatorOf(adjacent, inC, j);
          for (const i of c) {
            const key = `${Math.min(i, j)},${Math.max(i, j)}:${separator.join(',')}`;
            if (seen.has(key)) continue;
            seen.add(key);
            cuts.push({ i, j, separator });
          }
        }
      }
    }
  }
  // A grid in pieces always yields a cut no earlier round had: its solution violates every one of them.
  if (split && cuts.length === 0) throw new Error('separator cuts repeat: the cut loop would not end');
  return cuts;
}

/** The result of one phase solved with cuts until its grids are connected. */
interface PhaseResult {
  status: 'optimal' | 'limit' | 'infeasible';
  /** The best connected assignment found, or null. */
  grid: Int32Array | null;
}

/**
 * Solves an instance phase by phase with `solve`, adding cuts until every grid is connected; cuts are
 * kept across phases (they hold for every connected assignment).
 */
export function solveInstance(instance: ExactInstance, solve: SolveLp, limits: ExactLimits): ExactSolution {
  const n = instance.load.length;
  const k = instance.ranges.length;
  const adjacent: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of instance.edges) {
    adjacent[a].push(b);
    adjacent[b].push(a);
  }
  const cuts: Cut[] = [];
  const seen = new Set<string>();
  let solves = 0;
  const runPhase = (phase: Phase): PhaseResult => {
    for (let round = 0; round < limits.maxRounds; round++) {
      solves++;
      const result = solve(instanceToLp(instance, phase, cuts));
      const grid = gridsOf(result.values, n, k);
      if (result.status === 'infeasible' || grid === null) {
        return { status: result.status === 'infeasible' ? 'infeasible' : 'limit', grid: null };
      }
      const found = instance.noContiguity ? [] : cutsOf(grid, adjacent, seen);
      if (found.length === 0) return { status: result.status, grid };
      cuts.push(...found);
    }
    return { status: 'limit', grid: null };
  };
  const inRangeOf = (grid: Int32Array) => {
    const load = new Float64Array(k);
    for (let i = 0; i < n; i++) load[grid[i]] += instance.load[i];
    let inRange = 0;
    for (let g = 0; g < k; g++) {
      const r = instance.ranges[g];
      if (load[g] >= r.min - 1e-9 && load[g] <= r.max + 1e-9) inRange++;
    }
    return inRange;
  };
  const finish = (
    grid: Int32Array | null,
    status: ExactSolution['status'],
    inRangeProven: boolean,
  ): ExactSolution => {
    const chosen = grid ?? Int32Array.from(instance.grid);
    let householdsMoved = 0;
    for (let i = 0; i < n; i++) if (chosen[i] !== instance.grid[i]) householdsMoved += instance.households[i];
    return { status, inRange: inRangeOf(chosen), inRangeProven, householdsMoved, grid: chosen, solves };
  };
  const all = runPhase({ kind: 'all' });
  if (all.grid !== null) return finish(all.grid, all.status, true);
  if (all.status === 'limit') return finish(null, 'limit', false);
  // No assignment puts every grid in range: find the most that can be, then keep the most households.
  const now = inRangeOf(Int32Array.from(instance.grid));
  if (instance.countOnly && now === k - 1) return finish(null, 'optimal', true);
  const count = runPhase({ kind: 'count', atMost: k - 1 });
  if (count.grid === null) return finish(null, count.status, false);
  const best = inRangeOf(count.grid);
  if (count.status !== 'optimal') return finish(count.grid, 'limit', best === k - 1);
  if (instance.countOnly && now === best) return finish(null, 'optimal', true);
  const keep = runPhase({ kind: 'keep', atLeast: best });
  if (keep.grid === null) return finish(count.grid, 'limit', true);
  return finish(keep.grid, keep.status, true);
}
