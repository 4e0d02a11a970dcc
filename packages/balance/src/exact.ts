import { checkOptions, ErrorCode, WanggeError } from '@wangge/core';
import { type ExactInstance, type ExactSolution, type SolveLp, solveInstance } from './internal/milp';

export type { ExactInstance, ExactSolution } from './internal/milp';

/** Options of {@link loadExactSolver}. */
export interface ExactSolverOptions {
  /** Seconds one instance may take in all; past it the result is `limit` (not proven). @default 20 */
  timeLimit?: number;
}

/**
 * The exact reference for small groups of grids: HiGHS (the `highs` package, in WebAssembly) solving
 * the mixed-integer model of a group (contiguity by flows; see {@link ExactInstance}). Load once with
 * {@link loadExactSolver}, then solve synchronously, or pass it to `rebalance` as `exact`.
 */
export interface ExactSolver {
  /** Solves one instance: the most grids in range, then the fewest households moved. */
  solve(instance: ExactInstance): ExactSolution;
}

/** Loads HiGHS (asynchronously, once per call) and returns the {@link ExactSolver} over it. */
export async function loadExactSolver(options: ExactSolverOptions = {}): Promise<ExactSolver> {
  options = checkOptions(options, 'loadExactSolver');
  const timeLimit = options.timeLimit ?? 20;
  if (!(timeLimit > 0)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `timeLimit must be a number of seconds > 0, got ${timeLimit}`,
    );
  }
  const { default: load } = await import('highs');
  const highs = await load();
  const solveLp: SolveLp = (lp, seconds) => {
    const result = highs.solve(lp, { time_limit: seconds, output_flag: false } as never);
    const status =
      result.Status === 'Optimal' ? 'optimal' : result.Status === 'Infeasible' ? 'infeasible' : 'limit';
    const values = new Map<string, number>();
    for (const [name, column] of Object.entries(result.Columns)) {
      values.set(name, (column as { Primal?: number }).Primal ?? 0);
    }
    return { status, values };
  };
  return { solve: (instance) => solveInstance(instance, solveLp, timeLimit) };
}
