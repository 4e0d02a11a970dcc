import { type CodeStyle, ErrorCode, type GridPlan, type LoadStats, WanggeError } from '@wangge/core';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ExactSolver } from './exact';
import type { RebalanceFinding } from './findings';
import { drive } from './internal/drive';
import { type RebalanceInput, readInput, slotsOf } from './internal/input';
import { Namer } from './internal/naming';
import { proveGroups } from './internal/prove';
import type { ResizeContext } from './internal/resize';
import { buildResult, slotsToStats } from './internal/result';
import { EPSILON, isBetter, type Slots } from './internal/slots';
import type { Strategy } from './internal/transfer';
import type { WorkloadModel } from './model';

export type * from './findings';

/** Properties every atomic unit (building, compound) carries for {@link rebalance}; see {@link measureUnits}. */
export interface UnitProperties {
  /** Code of the leaf grid the unit belongs to now. */
  grid: string;
  /** Households in the unit. */
  households: number;
  /** Load of the unit under the workload model. */
  load: number;
  [key: string]: unknown;
}

/** An atomic unit: a polygon that is never cut, moved between grids whole. */
export type UnitFeature = Feature<Polygon | MultiPolygon, UnitProperties>;

/** Grids and units that must not change (原则上1年内不得调整). */
export interface Locks {
  /** Codes of leaf grids never reshaped, never given or taken units. @default [] */
  grids?: readonly string[];
  /** Ids of units (as in {@link UnitMove.id}) that never change grid. @default [] */
  units?: readonly (string | number)[];
}

/** Options of {@link rebalance}. */
export interface RebalanceOptions {
  /**
   * Code style for the codes of new grids made by a split.
   * @default numeric when every leaf code is a numeric code, else letter
   */
  codeStyle?: CodeStyle;
  /** Most grids a transfer may pass load through (1 = only between direct neighbours). @default 3 */
  maxPath?: number;
  /** Split an overloaded grid when moves cannot bring it into range. @default true */
  split?: boolean;
  /** Merge an underloaded grid into a neighbour (以大吸收小) when moves cannot help. @default true */
  merge?: boolean;
  /** Most accepted steps (moves, splits, merges, re-splits) before giving up. @default 20 × number of units */
  maxSteps?: number;
  /** Locked grids and units. @default {} (nothing locked) */
  locked?: Locks;
  /**
   * The exact reference ({@link loadExactSolver}): after the heuristic, every grid still out of range is
   * solved exactly with its sibling grids (up to 60 units, units × grids up to 300), else with the
   * siblings bordering it, the rest held as it is; a better optimum is applied, and the findings of the
   * grids left out say what is proven, over which grids, and which constraint binds.
   * @default undefined (heuristic only)
   */
  exact?: ExactSolver;
}

/** One unit whose grid changed, net of the whole run: the line a plan change is filed with. */
export interface UnitMove {
  /** Index of the unit in the input. */
  unit: number;
  /** The unit's `id` (feature id, `properties.id`, or its index). */
  id: string | number;
  /** Leaf code before. */
  from: string;
  /** Leaf code after. */
  to: string;
  /** Households in the unit. */
  households: number;
  /** Load of the unit. */
  load: number;
}

/** A split (`code` keeps the larger part, `other` is the new grid) or a merge (`code` absorbed `other`). */
export interface PlanChange {
  /** What happened. */
  kind: 'split' | 'merge';
  /** The grid that keeps its code. */
  code: string;
  /** The new grid (split) or the grid absorbed (merge). */
  other: string;
}

/** Evenness of the rebalanced grids with their range counts. */
export interface RebalanceStats extends LoadStats {
  /** Grids below their range. */
  under: number;
  /** Grids above their range. */
  over: number;
}

/** What {@link rebalance} returns. */
export interface RebalanceResult {
  /** The new plan: untouched grids are the very same features, changed leaves are the exact union of their units. */
  plan: GridPlan;
  /** The leaf code of every unit afterwards, in input order. */
  assignment: string[];
  /** Units whose grid changed, in input order. */
  moves: UnitMove[];
  /** Splits and merges, in the order they happened. */
  changes: PlanChange[];
  /** Households whose grid code changed. */
  householdsMoved: number;
  /** Leaf grids before. */
  before: RebalanceStats;
  /** Leaf grids after. */
  after: RebalanceStats;
  /** Grids still out of range (in plan order, new grids last), then units that no grid can hold. */
  findings: RebalanceFinding[];
  /** Steps taken (moves along one transfer path count as one). */
  steps: number;
}

/**
 * Rebalances the leaf grids of a plan by moving atomic units between neighbouring grids of the same
 * parent until every grid is within its level's target range where that is feasible (动态调整). Plans
 * are ranked lexicographically: grids out of range, then the total distance from range, then households
 * moved; every step must improve the rank, so the number of grids out of range never rises and the run
 * ends. The worst grid goes first: a unit handed to a neighbour, or a chain of units passed through up to
 * `maxPath` grids; when no move helps, the grid is split (overloaded; the new grid cut from it, or
 * carved from it and its overloaded neighbours, a unit from each), merged into a neighbour
 * (underloaded, 以大吸收小), or its border with a neighbour is drawn afresh (a re-split of the pair),
 * each followed by the moves it makes possible and kept only as a whole. A polish then lowers the
 * households moved (the third key) without giving up rank: moved units go back where that costs
 * nothing, the borders of changed pairs and triples of small grids are redrawn exactly where a better
 * cut exists (bounded by counts, never time), and changed sibling grids take the codes that keep the
 * most households (an optimal matching). A unit leaves together with any
 * piece of its grid that hangs on it alone and a unit in several parts never moves, so no grid ever
 * gains connected parts; no grid leaves its parent; locked grids and units never change. Codes stay
 * stable: unchanged grids keep their code and geometry, a split's new part gets the next code after the
 * parent's last (never one the plan holds), a merge keeps the code of the grid with more households.
 */
export function rebalance(
  plan: GridPlan,
  units: readonly UnitFeature[],
  model: WorkloadModel,
  options: RebalanceOptions = {},
): RebalanceResult {
  return new Rebalancer(plan, units, model, options).run();
}

/** The state machine behind {@link rebalance}; one instance runs once. */
export class Rebalancer {
  private readonly input: RebalanceInput;
  private used = false;

  /** Validates the input; throws a {@link WanggeError} naming the offending unit or option. */
  constructor(
    plan: GridPlan,
    units: readonly UnitFeature[],
    model: WorkloadModel,
    options: RebalanceOptions = {},
  ) {
    this.input = readInput(plan, units, model, options);
  }

  /**
   * Runs the rebalancing once; a second call throws `INVALID_STATE`. The step loop runs twice, once
   * taking the best-ranked step each time and once the cheapest step per household (see `Strategy`),
   * and the better end state by the plan's rank (out of range, distance, households moved) is kept.
   */
  run(): RebalanceResult {
    if (this.used) throw new WanggeError(ErrorCode.INVALID_STATE, 'a Rebalancer runs once; make a new one');
    this.used = true;
    const input = this.input;
    let best: { slots: Slots; ctx: ResizeContext; steps: number; moved: number } | null = null;
    let before: RebalanceStats | null = null;
    let initialOwner = new Int32Array(0);
    for (const strategy of STRATEGIES) {
      const slots = slotsOf(input);
      before ??= slotsToStats(slots);
      initialOwner = slots.owner.slice();
      const ctx: ResizeContext = {
        slots,
        maxPath: input.maxPath,
        allowSplit: input.allowSplit,
        allowMerge: input.allowMerge,
        strategy,
        changes: [],
      };
      const namer = new Namer(
        input.plan,
        input.leaves.map((l) => l.code),
        input.codeStyle,
      );
      const steps = drive(ctx, namer, input.maxSteps, initialOwner);
      let moved = 0;
      for (let u = 0; u < slots.owner.length; u++) {
        if (slots.owner[u] !== initialOwner[u]) moved += slots.unitHouseholds[u];
      }
      const score = slots.snapshot();
      if (
        best === null ||
        isBetter(score, best.slots.snapshot()) ||
        (!isBetter(best.slots.snapshot(), score) && moved < best.moved - EPSILON)
      ) {
        best = { slots, ctx, steps, moved };
      }
    }
    const { slots, ctx, steps } = best!;
    const proofs = input.exact === undefined ? null : proveGroups(slots, input.exact);
    return buildResult({
      proofs,
      plan: input.plan,
      slots,
      geometries: input.geometries,
      unitIds: input.unitIds,
      initialOwner,
      changes: ctx.changes,
      before: before!,
      steps,
    });
  }
}

/** The step loop's strategies, in the order they run (ties keep the first). */
const STRATEGIES: readonly Strategy[] = ['rank', 'thrift'];
