/** The findings of `rebalance`: grids left out of range, units no grid can hold, and what a planner can do. */
import type { Finding, Range } from '@wangge/core';
import type { GroupProof } from './internal/prove';
import type { UnitMove } from './rebalance';

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
 * several parts moves to no grid, and a grid holding one gives no unit, so no grid gains parts),
 * `no-neighbour` (no sibling grid borders it).
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
  | {
      kind: 'split-unit';
      unit: number;
      id: string | number;
      /** The load the moving part must carry; absent for a unit alone above the maximum. */
      part?: Range;
    }
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
