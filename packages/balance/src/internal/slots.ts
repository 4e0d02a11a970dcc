import type { Range } from '@wangge/core';
import type { UnitGraph } from './units';

/** Loads closer than this are equal. */
export const EPSILON = 1e-9;

/** The rank of a plan, compared lexicographically: grids out of range, then total distance from range. */
export interface Score {
  out: number;
  distance: number;
}

/** Whether score `a` is strictly better than `b` (fewer grids out of range, or as many and nearer). */
export function isBetter(a: Score, b: Score): boolean {
  return a.out < b.out || (a.out === b.out && a.distance < b.distance - EPSILON);
}

type JournalEntry = { kind: 'move'; unit: number; from: number; to: number } | { kind: 'kill'; slot: number };

/**
 * The state of a rebalancing: one slot per leaf grid (plus one per grid a split makes), the units'
 * owners, loads and households per slot, and the plan's score kept up to date on every change. Every
 * change is journalled, so a tried step can be undone exactly ({@link mark} / {@link undo}).
 */
export class Slots {
  readonly code: string[] = [];
  readonly parent: number[] = [];
  readonly range: Array<Range | null> = [];
  readonly load: number[] = [];
  readonly households: number[] = [];
  readonly members: Array<Set<number>> = [];
  readonly alive: boolean[] = [];
  /** Plan grid id of each slot, -1 for a grid made by a split. */
  readonly planId: number[] = [];
  /** Locked slots: never reshaped, never given or taken units. */
  readonly lockedSlot: boolean[] = [];
  /**
   * Slots holding a unit in several parts: they give no unit (their units' adjacency cannot tell
   * whether the unit's parts stay joined to the rest), so no grid ever gains a part; they may receive.
   */
  readonly holdsMultiPart: boolean[] = [];
  /** The score of the live slots, kept current. */
  readonly score: Score = { out: 0, distance: 0 };
  private readonly journal: JournalEntry[] = [];

  /**
   * @param graph the unit adjacency
   * @param unitLoad load of each unit
   * @param unitHouseholds households of each unit
   * @param owner slot of each unit, filled by the caller through {@link place}
   * @param pinned units that never move (locked, or in several parts)
   * @param lockedUnit units the caller locked (a subset of `pinned`)
   */
  constructor(
    readonly graph: UnitGraph,
    readonly unitLoad: Float64Array,
    readonly unitHouseholds: Float64Array,
    readonly owner: Int32Array,
    readonly pinned: Uint8Array,
    readonly lockedUnit: Uint8Array,
  ) {}

  /** Adds a slot (not journalled: slots are added only while the input is read, or through {@link split}). */
  addSlot(code: string, parent: number, range: Range | null, planId: number, locked = false): number {
    this.code.push(code);
    this.parent.push(parent);
    this.range.push(range);
    this.load.push(0);
    this.households.push(0);
    this.members.push(new Set());
    this.alive.push(true);
    this.planId.push(planId);
    this.lockedSlot.push(locked);
    this.holdsMultiPart.push(false);
    const s = this.code.length - 1;
    this.scoreAdd(s, 1);
    return s;
  }

  /** Puts unit `u` in slot `s` while the input is read. */
  place(u: number, s: number): void {
    if (this.pinned[u] === 1 && this.lockedUnit[u] === 0) this.holdsMultiPart[s] = true;
    this.scoreAdd(s, -1);
    this.owner[u] = s;
    this.members[s].add(u);
    this.load[s] += this.unitLoad[u];
    this.households[s] += this.unitHouseholds[u];
    this.scoreAdd(s, 1);
  }

  /** Distance of a load from the slot's range (0 inside, or without a range). */
  violation(slot: number, load = this.load[slot]): number {
    const r = this.range[slot];
    if (r === null) return 0;
    return load > r.max + EPSILON ? load - r.max : load < r.min - EPSILON ? r.min - load : 0;
  }

  private scoreAdd(slot: number, sign: 1 | -1): void {
    if (!this.alive[slot]) return;
    const v = this.violation(slot);
    if (v > 0) {
      this.score.out += sign;
      this.score.distance += sign * v;
    }
  }

  /** The current score, copied. */
  snapshot(): Score {
    return { out: this.score.out, distance: this.score.distance };
  }

  /** Moves unit `u` from slot `from` to slot `to`, journalled. */
  moveUnit(u: number, from: number, to: number): void {
    this.scoreAdd(from, -1);
    this.scoreAdd(to, -1);
    this.owner[u] = to;
    this.members[from].delete(u);
    this.members[to].add(u);
    this.load[from] -= this.unitLoad[u];
    this.load[to] += this.unitLoad[u];
    this.households[from] -= this.unitHouseholds[u];
    this.households[to] += this.unitHouseholds[u];
    this.scoreAdd(from, 1);
    this.scoreAdd(to, 1);
    this.journal.push({ kind: 'move', unit: u, from, to });
  }

  /** Takes an empty slot out of the plan, journalled unless `forGood` (a tried split's unused slot). */
  kill(slot: number, forGood = false): void {
    this.scoreAdd(slot, -1);
    this.alive[slot] = false;
    if (!forGood) this.journal.push({ kind: 'kill', slot });
  }

  /** A point to come back to with {@link undo}. */
  mark(): number {
    return this.journal.length;
  }

  /** Undoes every change since `mark`, newest first. */
  undo(mark: number): void {
    while (this.journal.length > mark) {
      const entry = this.journal.pop()!;
      if (entry.kind === 'kill') {
        this.alive[entry.slot] = true;
        this.scoreAdd(entry.slot, 1);
      } else {
        this.moveUnit(entry.unit, entry.to, entry.from);
        this.journal.pop();
      }
    }
  }

  /** Forgets the journal (after a step is accepted for good). */
  commit(): void {
    this.journal.length = 0;
  }

  /** Whether unit `u` may change grid: not pinned, and its slot neither locked nor holding a multi-part unit. */
  isMovable(u: number): boolean {
    const s = this.owner[u];
    return this.pinned[u] === 0 && !this.lockedSlot[s] && !this.holdsMultiPart[s];
  }

  /** Whether two live slots are siblings that may exchange units (same parent, neither locked). */
  canExchange(a: number, b: number): boolean {
    return (
      a !== b &&
      this.parent[a] === this.parent[b] &&
      this.alive[a] &&
      this.alive[b] &&
      !this.lockedSlot[a] &&
      !this.lockedSlot[b]
    );
  }

  /** Live sibling slots sharing an edge with `slot`, ascending; locked ones only when `withLocked`. */
  adjacentSlots(slot: number, withLocked = false): number[] {
    const { adjStart, adjUnit } = this.graph;
    const found = new Set<number>();
    for (const u of this.members[slot]) {
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const t = this.owner[adjUnit[k]];
        if (t === slot || this.parent[t] !== this.parent[slot]) continue;
        if (withLocked || this.canExchange(slot, t)) found.add(t);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** Whether any of `units` shares an edge with another grid of the slot's parent that may exchange. */
  bordersSibling(slot: number, units: Iterable<number>): boolean {
    const { adjStart, adjUnit } = this.graph;
    for (const u of units) {
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        if (this.canExchange(slot, this.owner[adjUnit[k]])) return true;
      }
    }
    return false;
  }

  /** Connected pieces of a set of units through the unit adjacency, each in discovery order. */
  pieces(units: Iterable<number>): number[][] {
    const { adjStart, adjUnit } = this.graph;
    const set = new Set(units);
    const seen = new Set<number>();
    const out: number[][] = [];
    for (const start of set) {
      if (seen.has(start)) continue;
      seen.add(start);
      const piece = [start];
      for (let i = 0; i < piece.length; i++) {
        for (let k = adjStart[piece[i]]; k < adjStart[piece[i] + 1]; k++) {
          const w = adjUnit[k];
          if (set.has(w) && !seen.has(w)) {
            seen.add(w);
            piece.push(w);
          }
        }
      }
      out.push(piece);
    }
    return out;
  }

  /** Number of connected parts of a set of units. */
  components(units: Iterable<number>): number {
    return this.pieces(units).length;
  }

  /**
   * The siblings load can flow between with `slot`: the connected group of live, unlocked grids of the
   * same parent that share edges with it, with their count and total load.
   */
  family(slot: number): { slots: number[]; total: number } {
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
    return { slots: group, total: group.reduce((sum, t) => sum + this.load[t], 0) };
  }
}
