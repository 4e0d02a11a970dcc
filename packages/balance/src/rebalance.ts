import {
  type CodeStyle,
  codeToChild,
  dissolveTiles,
  ErrorCode,
  type GridFeature,
  type GridGeometry,
  GridPlan,
  isValidCode,
  type LoadStats,
  letterCodes,
  loadsToStats,
  normalizeGeometry,
  numericCodes,
  parseCode,
  WanggeError,
} from '@wangge/core';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { buildUnitGraph, type UnitGraph } from './internal/units';
import { type LoadRange, resolveModel, type WorkloadModel } from './model';

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
  /** Most accepted steps (moves, splits, merges) before giving up. @default 20 × number of units */
  maxSteps?: number;
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

/** A grid still out of range when no allowed step helps any more. */
export interface UnresolvedGrid {
  /** The grid's code. */
  code: string;
  /** Its load after rebalancing. */
  load: number;
  /** Which side of the range it is on. */
  status: 'under' | 'over';
  /**
   * `unit-too-heavy`: one of its units alone carries more than the maximum (split the unit, e.g. a
   * compound into buildings, or widen the range); `no-step`: no move, chain, split or merge lowers the
   * total distance from range (units too coarse for the range here, or the neighbours are full).
   */
  reason: 'unit-too-heavy' | 'no-step';
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
  /** Grids still out of range, in plan order. */
  unresolved: UnresolvedGrid[];
  /** Steps taken (moves along one transfer path count as one). */
  steps: number;
}

/**
 * Rebalances the leaf grids of a plan by moving atomic units between neighbouring grids of the same
 * parent until every grid is within its level's target range where that is feasible (动态调整). The worst
 * grid goes first; each step must strictly lower the total distance from range: a unit handed to a
 * neighbour, or a chain of units passed through up to `maxPath` grids (grids in range are touched only as
 * a link of such a chain). A unit is handed over together with any piece of its grid that hangs on it
 * alone, so no grid ever gains connected parts, and no grid leaves its parent. When moves cannot fix an
 * overloaded grid it is split (the new grid takes the least load that lets both parts be in range); an
 * underloaded one is merged into a neighbour (以大吸收小). A split needs the sibling grids to keep load
 * enough for the minimum, a merge room enough under the maximum, and a parent only ever splits or only
 * ever merges, so no change undoes another and the run ends. Codes stay stable:
 * unchanged grids keep their code and geometry, a split's new part gets the next code after the parent's
 * last, a merge keeps the code of the grid with more households.
 */
export function rebalance(
  plan: GridPlan,
  units: readonly UnitFeature[],
  model: WorkloadModel,
  options: RebalanceOptions = {},
): RebalanceResult {
  return new Rebalancer(plan, units, model, options).run();
}

const EPSILON = 1e-9;
/** Chunks tried at each link of a transfer chain. */
const CHOICES_PER_LINK = 3;

/** The state machine behind {@link rebalance}; one instance runs once. */
export class Rebalancer {
  private readonly plan: GridPlan;
  private readonly graph: UnitGraph;
  private readonly geometries: GridGeometry[] = [];
  private readonly unitLoad: Float64Array;
  private readonly unitHouseholds: Float64Array;
  private readonly unitIds: Array<string | number>;
  private readonly initialOwner: Int32Array;
  private readonly owner: Int32Array;
  private readonly maxPath: number;
  private readonly allowSplit: boolean;
  private readonly allowMerge: boolean;
  private readonly maxSteps: number;
  private readonly explicitStyle: CodeStyle | undefined;
  // Slots: one per leaf grid, plus one per grid made by a split.
  private readonly code: string[] = [];
  private readonly parent: number[] = [];
  private readonly range: Array<LoadRange | null> = [];
  private readonly load: number[] = [];
  private readonly households: number[] = [];
  private readonly members: Array<Set<number>> = [];
  private readonly alive: boolean[] = [];
  private readonly planId: number[] = [];
  private readonly changes: PlanChange[] = [];
  private readonly nextOrdinal = new Map<number, number>();
  /** The sibling group of each slot, until the next split or merge. */
  private readonly groups = new Map<number, { count: number; total: number }>();
  /** Parents that had a split or a merge: each goes one way only. */
  private readonly resized = new Map<number, 'split' | 'merge'>();
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
    const resolved = resolveModel(model);
    this.maxPath = options.maxPath ?? 3;
    if (!Number.isInteger(this.maxPath) || this.maxPath < 1) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `maxPath must be a whole number ≥ 1, got ${options.maxPath}`,
      );
    }
    this.allowSplit = options.split ?? true;
    this.allowMerge = options.merge ?? true;
    if (typeof this.allowSplit !== 'boolean' || typeof this.allowMerge !== 'boolean') {
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
    this.explicitStyle = options.codeStyle;
    if (this.explicitStyle !== undefined && !['letter', 'numeric'].includes(this.explicitStyle?.kind)) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'codeStyle must be letterCodes or numericCodes()');
    }
    this.plan = plan;
    const slotOfGrid = new Map<number, number>();
    plan.grids.forEach((g, id) => {
      if (plan.childrenOf(g.properties.code).length > 0) return;
      slotOfGrid.set(id, this.code.length);
      this.addSlot(
        g.properties.code,
        plan.idOfCode(g.properties.parent ?? ''),
        resolved.targets.get(g.properties.level) ?? null,
        id,
      );
    });
    if (this.range.every((r) => r === null)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `model.targets has no range for the leaf levels ${plan.levels().join(', ')}`,
      );
    }
    const geometries = this.geometries;
    this.unitLoad = new Float64Array(units.length);
    this.unitHouseholds = new Float64Array(units.length);
    this.unitIds = [];
    this.owner = new Int32Array(units.length);
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
      const slot = slotOfGrid.get(gridId);
      if (slot === undefined) {
        throw new WanggeError(
          ErrorCode.INVALID_LEVEL,
          `unit lies in grid ${props.grid}, which is not a leaf grid`,
          at,
        );
      }
      geometries.push(normalizeGeometry(f.geometry, at));
      this.unitLoad[i] = props.load as number;
      this.unitHouseholds[i] = props.households as number;
      this.unitIds.push(id);
      this.owner[i] = slot;
      this.members[slot].add(i);
      this.load[slot] += this.unitLoad[i];
      this.households[slot] += this.unitHouseholds[i];
    });
    this.initialOwner = this.owner.slice();
    this.graph = buildUnitGraph(geometries);
  }

  /** Runs the rebalancing once; a second call throws `INVALID_STATE`. */
  run(): RebalanceResult {
    if (this.used) throw new WanggeError(ErrorCode.INVALID_STATE, 'a Rebalancer runs once; make a new one');
    this.used = true;
    const before = this.stats();
    const stuck = new Set<number>();
    let steps = 0;
    while (steps < this.maxSteps) {
      const worst = this.worstSlot(stuck);
      if (worst < 0) break;
      const over = this.load[worst] > this.range[worst]!.max;
      // A group of siblings over (under) capacity needs a grid more (less) before any move can help.
      const { count, total } = this.family(worst);
      const r = this.range[worst]!;
      const needsChange = over ? total > count * r.max : total < count * r.min;
      const change = () => (over ? this.trySplit(worst) : this.tryMerge(worst));
      const done = (needsChange && change()) || this.transfer(worst, over) || (!needsChange && change());
      if (done) {
        stuck.clear();
        steps++;
      } else {
        stuck.add(worst);
      }
    }
    return this.result(before, steps);
  }

  private addSlot(code: string, parent: number, range: LoadRange | null, planId: number): number {
    this.code.push(code);
    this.parent.push(parent);
    this.range.push(range);
    this.load.push(0);
    this.households.push(0);
    this.members.push(new Set());
    this.alive.push(true);
    this.planId.push(planId);
    return this.code.length - 1;
  }

  /** Distance of a load from the slot's range (0 inside, or without a range). */
  private violation(slot: number, load: number): number {
    const r = this.range[slot];
    if (r === null) return 0;
    return load > r.max ? load - r.max : load < r.min ? r.min - load : 0;
  }

  private worstSlot(stuck: Set<number>): number {
    let worst = -1;
    let worstV = EPSILON;
    for (let s = 0; s < this.code.length; s++) {
      if (!this.alive[s] || stuck.has(s)) continue;
      const v = this.violation(s, this.load[s]);
      if (v > worstV) {
        worst = s;
        worstV = v;
      }
    }
    return worst;
  }

  /** Live sibling slots sharing an edge with `slot`, ascending. */
  private adjacentSlots(slot: number): number[] {
    const { adjStart, adjUnit } = this.graph;
    const found = new Set<number>();
    for (const u of this.members[slot]) {
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const t = this.owner[adjUnit[k]];
        if (t !== slot && this.parent[t] === this.parent[slot]) found.add(t);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /**
   * Moves load away from an overloaded slot (or towards an underloaded one) along the shortest chain of
   * sibling grids ending at one with room (or with load to spare); accepted only when the total
   * violation strictly drops.
   */
  private transfer(slot: number, over: boolean): boolean {
    const previous = new Map<number, number>([[slot, -1]]);
    const depth = new Map<number, number>([[slot, 0]]);
    const queue = [slot];
    const ends: number[] = [];
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i];
      if (depth.get(s)! >= this.maxPath) continue;
      for (const t of this.adjacentSlots(s)) {
        if (previous.has(t)) continue;
        previous.set(t, s);
        depth.set(t, depth.get(s)! + 1);
        queue.push(t);
        const r = this.range[t];
        if (r !== null && (over ? this.load[t] < r.max : this.load[t] > r.min)) ends.push(t);
      }
    }
    // Nearest first; among equals a grid itself out of range first, then the most room, then the lowest slot.
    const room = (t: number) =>
      over ? this.range[t]!.max - this.load[t] : this.load[t] - this.range[t]!.min;
    const outOfRange = (t: number) => (this.violation(t, this.load[t]) > 0 ? 0 : 1);
    ends.sort(
      (a, b) => depth.get(a)! - depth.get(b)! || outOfRange(a) - outOfRange(b) || room(b) - room(a) || a - b,
    );
    for (const end of ends) {
      const chain: number[] = [];
      for (let s = end; s >= 0; s = previous.get(s)!) chain.push(s);
      chain.reverse(); // slot … end
      if (!over) chain.reverse(); // end … slot: load flows towards the underloaded slot
      if (this.tryChain(chain)) return true;
    }
    return false;
  }

  /**
   * Passes one unit (or chunk) along each link of `chain` (source first), trying the few best chunks at
   * every link; applies the combination with the lowest total violation, if it is lower than now (ties:
   * fewer households). Returns whether anything was applied.
   */
  private tryChain(chain: number[]): boolean {
    const sink = chain[chain.length - 1];
    const total = () => chain.reduce((sum, s) => sum + this.violation(s, this.load[s]), 0);
    const beforeV = total();
    let best: { v: number; households: number; moves: Array<[number[], number, number]> } | null = null;
    const stack: Array<[number[], number, number]> = [];
    const used = new Set<number>();
    const explore = (link: number, households: number): void => {
      if (link === chain.length - 1) {
        const v = total();
        if (
          v < beforeV - EPSILON &&
          (best === null || v < best.v - EPSILON || (v <= best.v + EPSILON && households < best.households))
        ) {
          best = { v, households, moves: stack.map(([c, f, t]) => [c, f, t]) };
        }
        return;
      }
      const from = chain[link];
      const to = chain[link + 1];
      for (const chunk of this.bestChunks(from, to, sink, used)) {
        let h = 0;
        for (const u of chunk) {
          this.moveUnit(u, from, to);
          used.add(u);
          h += this.unitHouseholds[u];
        }
        stack.push([chunk, from, to]);
        explore(link + 1, households + h);
        stack.pop();
        for (const u of chunk) {
          this.moveUnit(u, to, from);
          used.delete(u);
        }
      }
    };
    explore(0, 0);
    if (best === null) return false;
    for (const [chunk, from, to] of (best as { moves: Array<[number[], number, number]> }).moves) {
      for (const u of chunk) this.moveUnit(u, from, to);
    }
    return true;
  }

  /**
   * The few best things `from` can hand to `to`: a unit touching `to`, together with the pieces of `from`
   * that would hang on that unit alone (so `from` never falls apart; the heaviest piece stays). Chunks
   * without load are skipped (they change shape, not load). Ranked by the violation of `from` after
   * giving plus that of the chain's sink after receiving; then fewer households; then the shorter
   * resulting boundary (compactness); then the lower unit index.
   */
  private bestChunks(from: number, to: number, sink: number, exclude: Set<number>): number[][] {
    if (this.members[from].size < 2) return [];
    const { adjStart, adjUnit, adjLength } = this.graph;
    const ranked: Array<{ chunk: number[]; score: number; households: number; shape: number }> = [];
    for (const u of [...this.members[from]].sort((a, b) => a - b)) {
      if (exclude.has(u)) continue;
      let touchesTo = false;
      let shape = 0; // boundary shared with `to` minus shared with `from`: half the perimeter saved
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const t = this.owner[adjUnit[k]];
        if (t === to) {
          touchesTo = true;
          shape += adjLength[k];
        } else if (t === from) shape -= adjLength[k];
      }
      if (!touchesTo) continue;
      const chunk = this.chunkOf(from, u);
      if (chunk === null || chunk.some((v) => exclude.has(v))) continue;
      let l = 0;
      let households = 0;
      for (const v of chunk) {
        l += this.unitLoad[v];
        households += this.unitHouseholds[v];
      }
      if (l === 0) continue;
      const score =
        this.violation(from, this.load[from] - l) +
        this.violation(sink, this.load[sink] + (sink === from ? 0 : l));
      ranked.push({ chunk, score, households, shape });
    }
    ranked.sort(
      (a, b) =>
        (Math.abs(a.score - b.score) > EPSILON ? a.score - b.score : 0) ||
        a.households - b.households ||
        b.shape - a.shape ||
        a.chunk[0] - b.chunk[0],
    );
    return ranked.slice(0, CHOICES_PER_LINK).map((r) => r.chunk);
  }

  /**
   * Unit `u` with the pieces of its grid that only hang on it: the parts of `slot` without `u` that
   * touch `u`, except the heaviest. `null` when nothing of the grid would be left.
   */
  private chunkOf(slot: number, u: number): number[] | null {
    const { adjStart, adjUnit } = this.graph;
    const pieceOf = new Map<number, number>([[u, -1]]);
    const pieces: number[][] = [];
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const start = adjUnit[k];
      if (this.owner[start] !== slot || pieceOf.has(start)) continue;
      const piece = [start];
      pieceOf.set(start, pieces.length);
      for (let i = 0; i < piece.length; i++) {
        const v = piece[i];
        for (let j = adjStart[v]; j < adjStart[v + 1]; j++) {
          const w = adjUnit[j];
          if (this.owner[w] === slot && !pieceOf.has(w)) {
            pieceOf.set(w, pieces.length);
            piece.push(w);
          }
        }
      }
      pieces.push(piece);
    }
    if (pieces.length <= 1) return pieces.length === 1 || this.members[slot].size > 1 ? [u] : null;
    const weight = (piece: number[]) => piece.reduce((sum, v) => sum + this.unitLoad[v], 0);
    let keep = 0;
    for (let p = 1; p < pieces.length; p++) {
      const d = weight(pieces[p]) - weight(pieces[keep]);
      if (d > EPSILON || (Math.abs(d) <= EPSILON && pieces[p].length > pieces[keep].length)) keep = p;
    }
    return [u, ...pieces.filter((_, p) => p !== keep).flat()].sort((a, b) => a - b);
  }

  private moveUnit(u: number, from: number, to: number): void {
    this.owner[u] = to;
    this.members[from].delete(u);
    this.members[to].add(u);
    this.load[from] -= this.unitLoad[u];
    this.load[to] += this.unitLoad[u];
    this.households[from] -= this.unitHouseholds[u];
    this.households[to] += this.unitHouseholds[u];
  }

  /**
   * The siblings load can flow between with `slot`: the connected group of live grids of the same parent
   * that share edges with it (an exclave's grids form a group of their own), with their total load.
   */
  private family(slot: number): { count: number; total: number } {
    const cached = this.groups.get(slot);
    if (cached !== undefined) return cached;
    const group = [slot];
    const seen = new Set(group);
    for (let i = 0; i < group.length; i++) {
      for (const t of this.adjacentSlots(group[i])) {
        if (!seen.has(t)) {
          seen.add(t);
          group.push(t);
        }
      }
    }
    // Moves stay inside a group, so its total holds until a split or a merge clears the cache.
    const found = { count: group.length, total: group.reduce((sum, t) => sum + this.load[t], 0) };
    for (const t of group) this.groups.set(t, found);
    return found;
  }

  /**
   * Splits an overloaded slot that no transfer can relieve in two parts, the new one as light as lets
   * both be in range.
   */
  private trySplit(slot: number): boolean {
    const r = this.range[slot]!;
    if (!this.allowSplit || this.members[slot].size < 2) return false;
    const { count, total } = this.family(slot);
    // Needed when the grids cannot hold their group's load; otherwise (no move helps this grid) allowed
    // while the grids would still have load enough to reach the minimum. Never in a parent that merged,
    // so no merge undoes a split nor the reverse, and the run ends.
    if (this.resized.get(this.parent[slot]) === 'merge') return false;
    if (total <= count * r.max && (count + 1) * r.min > total) return false;
    // The new grid takes as little as it can while both parts can be in range: fewer households change
    // code than with halves. When no such cut exists, halves.
    const margin = 0.1 * (r.max - r.min);
    const least = Math.max(r.min + margin, this.load[slot] - r.max + margin);
    const part = this.bisect(slot, least <= this.load[slot] - r.min - margin ? least : this.load[slot] / 2);
    if (part === null) return false;
    const parent = this.parent[slot];
    const newCode = this.newCode(slot);
    const fresh = this.addSlot(newCode, this.parent[slot], r, -1);
    const partHouseholds = part.reduce((s, u) => s + this.unitHouseholds[u], 0);
    // The part with more households keeps the code: fewer households change grid.
    const inPart = new Set(part);
    const moving =
      partHouseholds > this.households[slot] - partHouseholds
        ? [...this.members[slot]].filter((u) => !inPart.has(u))
        : part;
    for (const u of moving) this.moveUnit(u, slot, fresh);
    this.changes.push({ kind: 'split', code: this.code[slot], other: newCode });
    this.resized.set(parent, 'split');
    this.groups.clear();
    return true;
  }

  /**
   * A part of a slot grown from the unit furthest along the slot's long axis (and from the other end, and
   * from either end across) until its load is closest to `target`. Of the parts whose rest has no more
   * connected parts than the slot had, and where a part left below the minimum borders another grid,
   * the one with the fewest households changing code, then both parts nearest their range, then the
   * load closest to `target`.
   */
  private bisect(slot: number, target: number): number[] | null {
    const units = [...this.members[slot]].sort((a, b) => a - b);
    const { cx, cy, adjStart, adjUnit } = this.graph;
    let mx = 0;
    let my = 0;
    for (const u of units) {
      mx += cx[u];
      my += cy[u];
    }
    mx /= units.length;
    my /= units.length;
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (const u of units) {
      sxx += (cx[u] - mx) ** 2;
      sxy += (cx[u] - mx) * (cy[u] - my);
      syy += (cy[u] - my) ** 2;
    }
    const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
    const whole = this.components(units);
    let best: number[] | null = null;
    let bestRank: number[] = [];
    for (const [ax, ay] of [
      [Math.cos(angle), Math.sin(angle)],
      [-Math.cos(angle), -Math.sin(angle)],
      [-Math.sin(angle), Math.cos(angle)],
      [Math.sin(angle), -Math.cos(angle)],
    ]) {
      const key = (u: number) => cx[u] * ax + cy[u] * ay;
      const seed = units.reduce((best, u) => (key(u) < key(best) ? u : best), units[0]);
      const part = new Set<number>([seed]);
      let partLoad = this.unitLoad[seed];
      const frontier = new Set<number>();
      const open = (u: number) => {
        for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
          const w = adjUnit[k];
          if (this.owner[w] === slot && !part.has(w)) frontier.add(w);
        }
      };
      open(seed);
      while (frontier.size > 0 && part.size < units.length - 1) {
        const next = [...frontier].reduce((best, u) =>
          key(u) < key(best) || (key(u) === key(best) && u < best) ? u : best,
        );
        const l = this.unitLoad[next];
        if (Math.abs(partLoad + l - target) > Math.abs(partLoad - target) && partLoad > 0) break;
        frontier.delete(next);
        part.add(next);
        partLoad += l;
        open(next);
      }
      const rest = units.filter((u) => !part.has(u));
      if (rest.length === 0 || this.components(rest) > whole) continue;
      // A part left below the minimum must border another grid that can feed it.
      const restLoad = this.load[slot] - partLoad;
      const min = this.range[slot]!.min;
      if (partLoad < min && !this.bordersSibling(slot, [...part])) continue;
      if (restLoad < min && !this.bordersSibling(slot, rest)) continue;
      // Best: fewest households under the new code, then both parts nearest their range, then closest to
      // target (every part was grown to about the target, so they differ little in load).
      const violation = this.violation(slot, partLoad) + this.violation(slot, restLoad);
      const partHouseholds = [...part].reduce((sum, u) => sum + this.unitHouseholds[u], 0);
      const moving = Math.min(partHouseholds, this.households[slot] - partHouseholds);
      const rank = [moving, violation, Math.abs(partLoad - target)];
      if (best === null || isBefore(rank, bestRank)) {
        best = [...part].sort((a, b) => a - b);
        bestRank = rank;
      }
    }
    return best;
  }

  /** Whether any of `units` (of `slot`) shares an edge with another grid of the same parent. */
  private bordersSibling(slot: number, units: number[]): boolean {
    const { adjStart, adjUnit } = this.graph;
    for (const u of units) {
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const t = this.owner[adjUnit[k]];
        if (t !== slot && this.parent[t] === this.parent[slot]) return true;
      }
    }
    return false;
  }

  /** Number of connected parts of a set of units. */
  private components(units: number[]): number {
    const set = new Set(units);
    const seen = new Set<number>();
    const { adjStart, adjUnit } = this.graph;
    let parts = 0;
    for (const start of units) {
      if (seen.has(start)) continue;
      parts++;
      seen.add(start);
      const stack = [start];
      while (stack.length > 0) {
        const v = stack.pop()!;
        for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
          const w = adjUnit[k];
          if (set.has(w) && !seen.has(w)) {
            seen.add(w);
            stack.push(w);
          }
        }
      }
    }
    return parts;
  }

  /**
   * Merges an underloaded slot with the adjacent sibling that gives the lowest violation, when that
   * lowers the total violation or when its parent has more grids than its load can fill. The grid with
   * more households absorbs the other (以大吸收小) and keeps its code.
   */
  private tryMerge(slot: number): boolean {
    if (!this.allowMerge) return false;
    const r = this.range[slot]!;
    const { count, total } = this.family(slot);
    // Forced when the grids cannot all reach the minimum; otherwise only if it helps and the rest can
    // still hold the group's load. Never in a parent that split (see trySplit).
    if (this.resized.get(this.parent[slot]) === 'split') return false;
    const forced = total < count * r.min;
    const allowed = forced || (count - 1) * r.max >= total;
    let best = -1;
    let bestDelta = Number.POSITIVE_INFINITY;
    for (const t of this.adjacentSlots(slot)) {
      if (this.range[t] === null) continue;
      const merged = this.load[slot] + this.load[t];
      const delta =
        this.violation(slot, merged) -
        this.violation(slot, this.load[slot]) -
        this.violation(t, this.load[t]);
      if (delta < bestDelta - EPSILON) {
        best = t;
        bestDelta = delta;
      }
    }
    if (best < 0 || !allowed || (bestDelta >= -EPSILON && !forced)) return false;
    const [keep, gone] = this.households[best] > this.households[slot] ? [best, slot] : [slot, best];
    for (const u of [...this.members[gone]]) this.moveUnit(u, gone, keep);
    this.alive[gone] = false;
    this.changes.push({ kind: 'merge', code: this.code[keep], other: this.code[gone] });
    this.resized.set(this.parent[slot], 'merge');
    this.groups.clear();
    return true;
  }

  /** The code after the last child code of the slot's parent (codes of merged-away grids are not reused). */
  private newCode(slot: number): string {
    const parentId = this.parent[slot];
    const style = this.style();
    const parentGrid = parentId < 0 ? null : this.plan.grids[parentId];
    let next = this.nextOrdinal.get(parentId);
    if (next === undefined) {
      next = 1;
      const siblings =
        parentGrid === null ? this.plan.roots() : this.plan.childrenOf(parentGrid.properties.code);
      for (const g of siblings) {
        const path = parseCode(g.properties.code, style).path;
        next = Math.max(next, path[path.length - 1] + 1);
      }
    }
    this.nextOrdinal.set(parentId, next + 1);
    const parentCode =
      parentGrid === null || (style.kind === 'letter' && parentGrid.properties.level === 1)
        ? null
        : parentGrid.properties.code;
    return codeToChild(parentCode, next, style);
  }

  private style(): CodeStyle {
    if (this.explicitStyle !== undefined) return this.explicitStyle;
    const codes = this.code.slice(0, this.planId.filter((p) => p >= 0).length);
    const numeric = numericCodes();
    if (codes.every((c) => isValidCode(c, numeric))) return numeric;
    if (codes.every((c) => isValidCode(c, letterCodes))) return letterCodes;
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'leaf codes follow no known style: give options.codeStyle to name new grids',
    );
  }

  private stats(): RebalanceStats {
    const live = this.code.map((_, s) => s).filter((s) => this.alive[s]);
    const loads = live.map((s) => this.load[s]);
    const r = (s: number) => this.range[s];
    return {
      ...loadsToStats(loads),
      under: live.filter((s) => r(s) !== null && this.load[s] < r(s)!.min - EPSILON).length,
      over: live.filter((s) => r(s) !== null && this.load[s] > r(s)!.max + EPSILON).length,
    };
  }

  private result(before: RebalanceStats, steps: number): RebalanceResult {
    const changed = new Set<number>();
    const moves: UnitMove[] = [];
    let householdsMoved = 0;
    for (let u = 0; u < this.owner.length; u++) {
      const from = this.initialOwner[u];
      const to = this.owner[u];
      if (from === to) continue;
      changed.add(from);
      changed.add(to);
      householdsMoved += this.unitHouseholds[u];
      moves.push({
        unit: u,
        id: this.unitIds[u],
        from: this.code[from],
        to: this.code[to],
        households: this.unitHouseholds[u],
        load: this.unitLoad[u],
      });
    }
    const slotOfPlan = new Map<number, number>();
    this.planId.forEach((p, s) => {
      if (p >= 0) slotOfPlan.set(p, s);
    });
    const features: GridFeature[] = [];
    this.plan.grids.forEach((g, id) => {
      const s = slotOfPlan.get(id);
      if (s === undefined || (!changed.has(s) && this.alive[s])) {
        features.push(g);
        return;
      }
      if (!this.alive[s]) return;
      features.push({ ...g, geometry: this.unionOf(s) });
    });
    for (let s = 0; s < this.code.length; s++) {
      if (this.planId[s] >= 0 || !this.alive[s]) continue;
      const parentGrid = this.plan.grids[this.parent[s]];
      const { name: _name, ...template } = this.plan.grids[this.planIdOfOrigin(s)].properties;
      features.push({
        type: 'Feature',
        properties: { ...template, code: this.code[s], parent: parentGrid?.properties.code ?? null },
        geometry: this.unionOf(s),
      });
    }
    const unresolved: UnresolvedGrid[] = [];
    for (let s = 0; s < this.code.length; s++) {
      if (!this.alive[s]) continue;
      const v = this.violation(s, this.load[s]);
      if (v <= EPSILON) continue;
      const max = this.range[s]!.max;
      const heavy = [...this.members[s]].some((u) => this.unitLoad[u] > max);
      unresolved.push({
        code: this.code[s],
        load: this.load[s],
        status: this.load[s] > max ? 'over' : 'under',
        reason: heavy ? 'unit-too-heavy' : 'no-step',
      });
    }
    return {
      plan: GridPlan.from(features, { depth: this.plan.depth }),
      assignment: Array.from(this.owner, (s) => this.code[s]),
      moves,
      changes: this.changes,
      householdsMoved,
      before,
      after: this.stats(),
      unresolved,
      steps,
    };
  }

  private unionOf(slot: number): GridGeometry {
    return dissolveTiles([...this.members[slot]].sort((a, b) => a - b).map((u) => this.geometries[u]));
  }

  /** The plan grid a split slot was cut from (following splits of splits back to a plan grid). */
  private planIdOfOrigin(slot: number): number {
    const change = this.changes.find((c) => c.kind === 'split' && c.other === this.code[slot])!;
    const s = this.code.indexOf(change.code);
    return this.planId[s] >= 0 ? this.planId[s] : this.planIdOfOrigin(s);
  }
}

/** Lexicographic order of two equally long rankings, equal within {@link EPSILON}. */
function isBefore(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i] - EPSILON) return true;
    if (a[i] > b[i] + EPSILON) return false;
  }
  return false;
}
