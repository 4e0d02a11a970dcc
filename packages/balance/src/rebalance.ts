import {
  type CodeStyle,
  ErrorCode,
  type Finding,
  GridPlan,
  type LoadStats,
  normalizeGeometry,
  type Range,
  WanggeError,
} from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ExactSolver } from './exact';
import { Namer } from './internal/naming';
import { type GroupProof, proveGroups } from './internal/prove';
import { type ResizeContext, tryMerge, tryResplit, trySplit } from './internal/resize';
import { buildResult, slotsToStats } from './internal/result';
import { Slots } from './internal/slots';
import { restore, transfer } from './internal/transfer';
import { buildUnitGraph } from './internal/units';
import { resolveModel, type WorkloadModel } from './model';

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
   * The exact reference ({@link loadExactSolver}): after the heuristic, every group of sibling grids
   * still out of range and small enough (up to 300 units, units × grids up to 3,000) is solved exactly;
   * a better optimum is applied, and the findings of the grids left out say whether that is proven
   * optimal and which constraint binds. @default undefined (heuristic only)
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

/** A leaf grid and its load, as a neighbour of a grid out of range. */
export interface NeighbourLoad {
  /** The neighbour's code. */
  code: string;
  /** Its load after rebalancing. */
  load: number;
  /** Whether it is locked. */
  locked: boolean;
}

/**
 * Why the smallest helpful move was not made: `contiguity` (the unit cannot leave without cutting its
 * grid in two, or taking others with it), `neighbour-over-max` (the receiving grid would go over its
 * maximum), `neighbour-under-min` (the giving grid would drop under its minimum), `overshoots` (the unit
 * is heavier than the room it would fill), `lock` (a locked grid or unit), `multi-part` (a unit in
 * several parts moves to no grid, so no grid gains parts), `no-neighbour` (no sibling grid borders it).
 */
export type Refusal =
  | 'contiguity'
  | 'neighbour-over-max'
  | 'neighbour-under-min'
  | 'overshoots'
  | 'lock'
  | 'multi-part'
  | 'no-neighbour';

/** The smallest move that would help a grid out of range, and why it was refused. */
export interface BlockedMove {
  /** Index of the unit. */
  unit: number;
  /** The unit's id. */
  id: string | number;
  /** Its load. */
  load: number;
  /** Grid it would leave. */
  from: string;
  /** Grid it would join. */
  to: string;
  /** Why it was not made. */
  refused: Refusal;
}

/** Something that would bring a grid into range. */
export type Remedy =
  | { kind: 'widen-range'; min: number; max: number }
  | { kind: 'split-unit'; unit: number; id: string | number }
  | { kind: 'merge'; with: string }
  | { kind: 'split-grid' }
  | { kind: 'unlock'; grids: string[]; units: Array<string | number> };

/**
 * A grid still out of range when no allowed step helps any more, with what a planner can do about it.
 * `cause`: `unit-above-max` (one of its units alone is over the maximum), `lock` (a lock refused the
 * helpful move), `no-step` (no move, chain, split, merge or re-split improves the plan: the units are
 * too coarse for the range here, or the neighbours are full).
 */
export interface UnresolvedGrid extends Finding<'out-of-range'> {
  /** The grid's code. */
  code: string;
  /** Its load after rebalancing. */
  load: number;
  /** Its target range. */
  range: Range;
  /** Which side of the range it is on. */
  status: 'under' | 'over';
  /** What keeps it out. */
  cause: 'unit-above-max' | 'lock' | 'no-step';
  /** Sibling grids sharing an edge with it, by code. */
  neighbours: NeighbourLoad[];
  /** The smallest unit move that would help, and why it was refused; `null` without any. */
  smallestMove: BlockedMove | null;
  /** What would make it feasible, most direct first. */
  remedies: Remedy[];
  /** What the exact reference proved about its group of siblings; `null` when it was not asked. */
  proof: GroupProof | null;
}

/** A unit that no grid can hold in range (`unit-above-max`) or that never moves (`unit-multi-part`). */
export interface UnitFinding extends Finding<'unit-above-max' | 'unit-multi-part'> {
  /** Index of the unit. */
  unit: number;
  /** The unit's id (as in {@link UnitMove.id}; `id` is the finding's). */
  unitId: string | number;
  /** Its load. */
  load: number;
  /** Its households. */
  households: number;
}

/** Every finding of a {@link RebalanceResult}. */
export type RebalanceFinding = UnresolvedGrid | UnitFinding;

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
 * `maxPath` grids; when no move helps, the grid is split (overloaded), merged into a neighbour
 * (underloaded, 以大吸收小), or its border with a neighbour is drawn afresh (a re-split of the pair),
 * each followed by the moves it makes possible and kept only as a whole. A unit leaves together with any
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
  private readonly plan: GridPlan;
  private readonly slots: Slots;
  private readonly geometries: Feature<Polygon | MultiPolygon>['geometry'][] = [];
  private readonly unitIds: Array<string | number> = [];
  private readonly initialOwner: Int32Array;
  private readonly maxSteps: number;
  private readonly context: ResizeContext;
  private readonly namer: Namer;
  private readonly exact: ExactSolver | undefined;
  private used = false;

  /** Validates the input; throws a {@link WanggeError} naming the offending unit or option. */
  constructor(
    plan: GridPlan,
    units: readonly UnitFeature[],
    model: WorkloadModel,
    options: RebalanceOptions = {},
  ) {
    if (!(plan instanceof GridPlan))
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'plan must be a GridPlan');
    if (typeof options !== 'object' || options === null) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'options must be an object');
    }
    const resolved = resolveModel(model);
    const maxPath = options.maxPath ?? 3;
    if (!Number.isInteger(maxPath) || maxPath < 1) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `maxPath must be a whole number ≥ 1, got ${options.maxPath}`,
      );
    }
    const allowSplit = options.split ?? true;
    const allowMerge = options.merge ?? true;
    if (typeof allowSplit !== 'boolean' || typeof allowMerge !== 'boolean') {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'split and merge must be booleans');
    }
    if (!Array.isArray(units) || units.length === 0) {
      throw new WanggeError(ErrorCode.EMPTY_INPUT, 'rebalance needs at least one unit');
    }
    this.maxSteps = options.maxSteps ?? 20 * units.length;
    if (!Number.isInteger(this.maxSteps) || this.maxSteps < 0) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `maxSteps must be a whole number ≥ 0, got ${options.maxSteps}`,
      );
    }
    if (options.codeStyle !== undefined && !['letter', 'numeric'].includes(options.codeStyle?.kind)) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'codeStyle must be letterCodes() or numericCodes()');
    }
    const locks = checkLocks(options.locked, plan);
    if (options.exact !== undefined && typeof options.exact?.solve !== 'function') {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'exact must be a solver from loadExactSolver()');
    }
    this.exact = options.exact;
    this.plan = plan;
    const unitLoad = new Float64Array(units.length);
    const unitHouseholds = new Float64Array(units.length);
    const pinned = new Uint8Array(units.length);
    const lockedUnit = new Uint8Array(units.length);
    const owner = new Int32Array(units.length);
    const slotOfGrid = new Map<number, number>();
    const leaves: Array<{ code: string; id: number; parent: number; range: Range | null }> = [];
    plan.grids.forEach((g, id) => {
      if (plan.childrenOf(g.properties.code).length > 0) return;
      leaves.push({
        code: g.properties.code,
        id,
        parent: plan.idOfCode(g.properties.parent ?? ''),
        range: resolved.targets.get(g.properties.level) ?? null,
      });
    });
    if (leaves.every((l) => l.range === null)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `model.targets has no range for the leaf levels ${plan.levels().join(', ')}`,
      );
    }
    const gridOfUnit: number[] = [];
    units.forEach((f, i) => {
      const props = f?.properties as Partial<UnitProperties> | undefined;
      const id = (f?.id ?? (props?.id as string | number | undefined) ?? i) as string | number;
      const at = { featureIndex: i, featureId: id };
      if (typeof props !== 'object' || props === null) {
        throw new WanggeError(
          ErrorCode.INVALID_PROPERTIES,
          'a unit needs properties { grid, households, load }',
          at,
        );
      }
      for (const key of ['households', 'load'] as const) {
        const v = props[key];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
          throw new WanggeError(
            ErrorCode.INVALID_PROPERTIES,
            `properties.${key} must be a number ≥ 0, got ${JSON.stringify(v)}`,
            at,
          );
        }
      }
      const gridId = typeof props.grid === 'string' ? plan.idOfCode(props.grid) : -1;
      if (gridId < 0) {
        throw new WanggeError(
          ErrorCode.INVALID_CODE,
          `properties.grid ${JSON.stringify(props.grid)} is not a grid of the plan`,
          at,
        );
      }
      if (plan.childrenOf(props.grid as string).length > 0) {
        throw new WanggeError(
          ErrorCode.INVALID_LEVEL,
          `unit lies in grid ${props.grid}, which is not a leaf grid`,
          at,
        );
      }
      const geometry = normalizeGeometry(f.geometry, at);
      this.geometries.push(geometry);
      unitLoad[i] = props.load as number;
      unitHouseholds[i] = props.households as number;
      // A unit in several parts never moves: the grid receiving it would gain a part.
      if (locks.units.has(id)) lockedUnit[i] = 1;
      if (polygonsOf(geometry).length > 1 || lockedUnit[i] === 1) pinned[i] = 1;
      this.unitIds.push(id);
      gridOfUnit.push(gridId);
    });
    const unknown = [...locks.units].filter((id) => !this.unitIds.includes(id));
    if (unknown.length > 0) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `locked.units names ${JSON.stringify(unknown[0])}, which is no unit's id`,
      );
    }
    this.slots = new Slots(
      buildUnitGraph(this.geometries as never),
      unitLoad,
      unitHouseholds,
      owner,
      pinned,
      lockedUnit,
    );
    for (const leaf of leaves) {
      slotOfGrid.set(
        leaf.id,
        this.slots.addSlot(leaf.code, leaf.parent, leaf.range, leaf.id, locks.grids.has(leaf.code)),
      );
    }
    gridOfUnit.forEach((g, u) => {
      this.slots.place(u, slotOfGrid.get(g)!);
    });
    this.slots.commit();
    this.initialOwner = owner.slice();
    this.namer = new Namer(
      plan,
      leaves.map((l) => l.code),
      options.codeStyle,
    );
    this.context = { slots: this.slots, maxPath, allowSplit, allowMerge, changes: [] };
  }

  /** Runs the rebalancing once; a second call throws `INVALID_STATE`. */
  run(): RebalanceResult {
    if (this.used) throw new WanggeError(ErrorCode.INVALID_STATE, 'a Rebalancer runs once; make a new one');
    this.used = true;
    const slots = this.slots;
    const ctx = this.context;
    const before = slotsToStats(slots);
    const stuck = new Set<number>();
    let steps = 0;
    while (steps < this.maxSteps) {
      const worst = this.worstSlot(stuck);
      if (worst < 0) break;
      const r = slots.range[worst]!;
      const over = slots.load[worst] > r.max;
      // A group of siblings over (under) capacity needs a grid more (less) before moves can help.
      const { slots: group, total } = slots.family(worst);
      const needsChange = over ? total > group.length * r.max : total < group.length * r.min;
      const resize = () => (over ? trySplit(ctx, worst) >= 0 : tryMerge(ctx, worst));
      const done =
        (needsChange && resize()) ||
        transfer(slots, worst, over, ctx.maxPath) ||
        (!needsChange && resize()) ||
        tryResplit(ctx, worst);
      if (done) {
        this.nameNewGrids();
        slots.commit();
        stuck.clear();
        steps++;
      } else {
        stuck.add(worst);
      }
    }
    // Households moved is the third key of the rank: hand back what costs nothing to hand back.
    restore(slots, this.initialOwner);
    const proofs = this.exact === undefined ? null : proveGroups(slots, this.exact);
    return buildResult({
      proofs,
      plan: this.plan,
      slots,
      geometries: this.geometries as never,
      unitIds: this.unitIds,
      initialOwner: this.initialOwner,
      changes: ctx.changes,
      before,
      steps,
    });
  }

  /** Gives a code to every grid a split made since the last step. */
  private nameNewGrids(): void {
    for (const change of this.context.changes) {
      if (change.kind !== 'split' || this.slots.code[change.other] !== '') continue;
      this.slots.code[change.other] = this.namer.next(this.slots.parent[change.other]);
    }
  }

  /** The live, unlocked slot furthest out of range, not yet stuck; -1 when none is left. */
  private worstSlot(stuck: Set<number>): number {
    const slots = this.slots;
    let worst = -1;
    let worstV = 0;
    for (let s = 0; s < slots.code.length; s++) {
      if (!slots.alive[s] || slots.lockedSlot[s] || stuck.has(s)) continue;
      const v = slots.violation(s);
      if (v > worstV) {
        worst = s;
        worstV = v;
      }
    }
    return worst;
  }
}

function checkLocks(
  locked: Locks | undefined,
  plan: GridPlan,
): { grids: Set<string>; units: Set<string | number> } {
  if (locked === undefined) return { grids: new Set(), units: new Set() };
  if (typeof locked !== 'object' || locked === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'locked must be { grids?, units? }');
  }
  const grids = locked.grids ?? [];
  const units = locked.units ?? [];
  if (!Array.isArray(grids) || !Array.isArray(units)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'locked.grids and locked.units must be arrays');
  }
  for (const code of grids) {
    if (typeof code !== 'string' || !plan.has(code) || plan.childrenOf(code).length > 0) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `locked.grids names ${JSON.stringify(code)}, which is not a leaf grid of the plan`,
      );
    }
  }
  return { grids: new Set(grids), units: new Set(units) };
}
