/**
 * The exact model of a rebalancing of one group of sibling grids, as a mixed-integer linear program in
 * CPLEX LP text (what HiGHS reads): each unit in exactly one grid, every grid non-empty and connected,
 * locked grids and pinned units fixed. The objective is lexicographic in one sum: the most grids in
 * range (each worth more than all households together), then the fewest households changing grid.
 * Contiguity is enforced by separator cuts added while a solution has a grid in pieces (for pieces C
 * and D of grid g, units i ∈ C and j ∈ D: x[i,g] + x[j,g] − Σ x[v,g] over the neighbours v of C ≤ 1),
 * so the loop ends with connected grids, and the solution is then optimal for the full model.
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
}

/** The optimum of an {@link ExactInstance}. */
export interface ExactSolution {
  /** `optimal` when both phases were solved to optimality; `limit` when a time limit stopped one. */
  status: 'optimal' | 'limit' | 'infeasible';
  /** Grids in range at the optimum (an upper bound on any rebalancing of the group). */
  inRange: number;
  /** Fewest households moved with that many grids in range. */
  householdsMoved: number;
  /** Grid of each unit at the optimum. */
  grid: Int32Array;
}

/**
 * What the model needs from a solver: LP text and the seconds left in, column values and a status out
 * (`limit` when the time ran out first).
 */
export type SolveLp = (
  lp: string,
  seconds: number,
) => { status: 'optimal' | 'limit' | 'infeasible'; values: Map<string, number> };

/** A separator cut: units `i` and `j` may share grid `grid` only with one of `separator` in it too. */
interface Cut {
  grid: number;
  i: number;
  j: number;
  separator: number[];
}

/** Most rounds of cuts per phase before giving up (reported as `limit`). */
const MAX_ROUNDS = 200;

/** Writes the LP text of the model with the cuts found so far. */
export function instanceToLp(instance: ExactInstance, cuts: readonly Cut[] = []): string {
  const n = instance.load.length;
  const k = instance.ranges.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += instance.load[i];
  const big = total + 1;
  const x = (i: number, g: number) => `x${i}_${g}`;
  const rows: string[] = [];
  const term = (c: number, v: string) => `${c >= 0 ? '+' : '-'} ${Math.abs(c)} ${v}`;
  for (let i = 0; i < n; i++) {
    rows.push(` a${i}: ${Array.from({ length: k }, (_, g) => `+ ${x(i, g)}`).join(' ')} = 1`);
  }
  for (let g = 0; g < k; g++) {
    const { min, max } = instance.ranges[g];
    const loadTerms = Array.from({ length: n }, (_, i) => term(instance.load[i], x(i, g))).join(' ');
    rows.push(` ne${g}: ${Array.from({ length: n }, (_, i) => `+ ${x(i, g)}`).join(' ')} >= 1`);
    rows.push(` lo${g}: ${loadTerms} - ${big} y${g} >= ${min - big}`);
    rows.push(` hi${g}: ${loadTerms} + ${big} y${g} <= ${max + big}`);
    if (instance.closed?.[g]) {
      for (let i = 0; i < n; i++) if (instance.grid[i] !== g) rows.push(` cl${i}_${g}: ${x(i, g)} = 0`);
    }
  }
  cuts.forEach((c, m) => {
    const sep = c.separator.map((v) => `- ${x(v, c.grid)}`).join(' ');
    rows.push(` cut${m}: ${x(c.i, c.grid)} + ${x(c.j, c.grid)} ${sep} <= 1`);
  });
  const fixed = instance.fixed;
  if (fixed !== undefined) {
    for (let i = 0; i < n; i++) if (fixed[i]) rows.push(` fx${i}: ${x(i, instance.grid[i])} = 1`);
  }
  let households = 0;
  for (let i = 0; i < n; i++) households += instance.households[i];
  const inRangeTerms = Array.from({ length: k }, (_, g) => `+ ${households + 1} y${g}`);
  const kept = Array.from({ length: n }, (_, i) => term(instance.households[i], x(i, instance.grid[i])));
  const objective = `Maximize\n obj: ${[...inRangeTerms, ...kept].join(' ')}`;
  const binaries: string[] = [];
  for (let g = 0; g < k; g++) {
    binaries.push(`y${g}`);
    for (let i = 0; i < n; i++) binaries.push(x(i, g));
  }
  return [objective, 'Subject To', ...rows, 'Binary', ` ${binaries.join(' ')}`, 'End', ''].join('\n');
}

/** Grid of each unit in a solution's values. */
function gridsOf(values: Map<string, number>, n: number, k: number, fallback: ArrayLike<number>): Int32Array {
  const grid = Int32Array.from(fallback);
  for (let i = 0; i < n; i++)
    for (let g = 0; g < k; g++) if ((values.get(`x${i}_${g}`) ?? 0) > 0.5) grid[i] = g;
  return grid;
}

/** Separator cuts for every grid in pieces (none when every grid is connected). */
function cutsOf(grid: Int32Array, adjacent: number[][]): Cut[] {
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
  for (const p of pieces) {
    const g = grid[p[0]];
    byGrid.set(g, [...(byGrid.get(g) ?? []), p]);
  }
  const cuts: Cut[] = [];
  for (const [g, list] of byGrid) {
    if (list.length < 2) continue;
    for (const c of list) {
      const inC = new Set(c);
      const separator = [...new Set(c.flatMap((v) => adjacent[v]).filter((w) => !inC.has(w)))].sort(
        (a, b) => a - b,
      );
      for (const d of list) {
        if (d === c) continue;
        for (const i of c) cuts.push({ grid: g, i, j: d[0], separator });
      }
    }
  }
  return cuts;
}

/** Solves an instance with `solve` in at most `seconds`, adding cuts until every grid is connected. */
export function solveInstance(instance: ExactInstance, solve: SolveLp, seconds: number): ExactSolution {
  const deadline = performance.now() + 1000 * seconds;
  const n = instance.load.length;
  const k = instance.ranges.length;
  const adjacent: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of instance.edges) {
    adjacent[a].push(b);
    adjacent[b].push(a);
  }
  const cuts: Cut[] = [];
  let limited = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const left = (deadline - performance.now()) / 1000;
    if (left <= 0) {
      limited = true;
      break;
    }
    const result = solve(instanceToLp(instance, cuts), left);
    if (result.status === 'infeasible') break;
    if (result.status === 'limit') limited = true;
    const grid = gridsOf(result.values, n, k, instance.grid);
    const found = instance.noContiguity ? [] : cutsOf(grid, adjacent);
    if (found.length > 0) {
      cuts.push(...found);
      continue;
    }
    let inRange = 0;
    let householdsMoved = 0;
    const load = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      load[grid[i]] += instance.load[i];
      if (grid[i] !== instance.grid[i]) householdsMoved += instance.households[i];
    }
    for (let g = 0; g < k; g++) {
      const r = instance.ranges[g];
      if (load[g] >= r.min - 1e-9 && load[g] <= r.max + 1e-9) inRange++;
    }
    return { status: limited ? 'limit' : 'optimal', inRange, householdsMoved, grid };
  }
  const status = limited || cuts.length > 0 ? 'limit' : 'infeasible';
  return { status, inRange: 0, householdsMoved: 0, grid: Int32Array.from(instance.grid) };
}
