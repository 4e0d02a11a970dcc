import { checkOptions, ErrorCode, WanggeError } from '@wangge/core';
import { type ExactInstance, type ExactSolution, type LpResult, solveInstance } from './internal/milp';

export type { ExactInstance, ExactSolution } from './internal/milp';

/** Options of {@link loadExactSolver}. Every limit is a count, so results never depend on machine speed. */
export interface ExactSolverOptions {
  /**
   * Most branch-and-bound nodes of one HiGHS solve; past it the solve returns its best solution
   * unproven (`limit`). @default 20000
   */
  nodeLimit?: number;
  /** Most rounds of contiguity cuts in one phase; past it the result is `limit`. @default 100 */
  maxRounds?: number;
}

/**
 * The exact reference for small groups of grids: HiGHS (the `highs` package, in WebAssembly) solving
 * the mixed-integer model of a group (contiguity by separator cuts; see {@link ExactInstance}). Load once
 * with {@link loadExactSolver}, then solve synchronously, or pass it to `rebalance` as `exact`. Same
 * instance and options, same solution: HiGHS runs single-threaded and is stopped by counts, not time.
 */
export interface ExactSolver {
  /** Solves one instance: the most grids in range, then the fewest households moved. */
  solve(instance: ExactInstance): ExactSolution;
}

/** Loads HiGHS (asynchronously, once per call) and returns the {@link ExactSolver} over it. */
export async function loadExactSolver(options: ExactSolverOptions = {}): Promise<ExactSolver> {
  options = checkOptions(options, 'loadExactSolver');
  const nodeLimit = options.nodeLimit ?? 20_000;
  const maxRounds = options.maxRounds ?? 100;
  for (const [name, value] of [
    ['nodeLimit', nodeLimit],
    ['maxRounds', maxRounds],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `${name} must be a whole number ≥ 1, got ${value}`);
    }
  }
  const { default: load } = await import('highs');
  const highs = await load();
  const settings = {
    output_flag: false,
    mip_max_nodes: nodeLimit,
    // Feasibility jump costs more than it finds on these small, tight models.
    mip_heuristic_run_feasibility_jump: false,
  };
  const solveLp = (lp: string): LpResult => {
    const result = highs.solve(lp, settings as never);
    const status =
      result.Status === 'Optimal' ? 'optimal' : result.Status === 'Infeasible' ? 'infeasible' : 'limit';
    const values = new Map<string, number>();
    if (status !== 'infeasible') {
      for (const [name, column] of Object.entries(result.Columns)) {
        const primal = (column as { Primal?: number }).Primal;
        if (primal !== undefined) values.set(name, primal);
      }
    }
    return { status, values };
  };
  return { solve: (instance) => solveInstance(instance, solveLp, { maxRounds }) };
}
