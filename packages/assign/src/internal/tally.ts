import type { Finding } from '@wangge/core';
import type { Batch } from './batch';
import type { AreaShare } from './footprint';

/** Why an entity got no grid. */
export type UnassignedReason =
  /** Its point is missing, not a number, or outside lon [-180, 180] / lat [-90, 90]. */
  | 'invalid-coordinate'
  /** Its footprint has no geometry, or none of its rings is a valid polygon ring. */
  | 'invalid-geometry'
  /** It lies outside every top-level grid of the plan. */
  | 'outside-root'
  /** It lies inside a top-level grid but in none of its leaf grids: a blind spot (盲区) of the plan. */
  | 'in-gap';

/** Reasons in the order of their numeric tags in the hot loop (0 = placed). */
export const REASONS: readonly UnassignedReason[] = [
  'invalid-coordinate',
  'invalid-geometry',
  'outside-root',
  'in-gap',
];

/** An entity that got no grid, and why. */
export interface UnassignedEntity {
  /** Position of the entity in the input (data row number for streams, from 0). */
  index: number;
  reason: UnassignedReason;
}

/** A footprint whose area is split over several grids, or lies partly in no grid: a case for planners to fix. */
export interface Straddler {
  /** Position of the entity in the input. */
  index: number;
  /** The grid it was assigned to: the one holding most of its area. */
  gridId: number;
  /** Every grid holding part of it, largest share first. */
  shares: AreaShare[];
  /** Share of its area in no leaf grid (in a gap or outside the plan). */
  outside: number;
}

/**
 * Something an assignment found about the entities, in the core finding shape. `duplicate-id`: an
 * entity whose id (the `idColumn` value) an earlier entity already has; both are still placed and
 * counted, so the totals may count one household twice.
 */
export interface AssignFinding extends Finding<'duplicate-id'> {
  /** Input position of the entity with the repeated id. */
  index: number;
  /** Input position of the first entity with that id. */
  firstIndex: number;
  /** The repeated id, as text. */
  entityId: string;
}

/** Ids below this (as whole numbers) are kept in an array, not a map: 16 M ids, 64 MiB at most. */
const DENSE_IDS = 1 << 24;

/**
 * `value` as a whole number below {@link DENSE_IDS} when it is one and its text is the number's own
 * (`7` or `'7'`, not `'07'`, `'7.0'` or `' 7'`: those stay distinct ids, as texts), else -1.
 */
function smallId(value: unknown): number {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 && value < DENSE_IDS ? value : -1;
  if (typeof value !== 'string' || value.length === 0 || value.length > 8) return -1;
  let n = 0;
  for (let k = 0; k < value.length; k++) {
    const d = value.charCodeAt(k) - 48;
    if (d < 0 || d > 9 || (k === 0 && d === 0 && value.length > 1)) return -1;
    n = 10 * n + d;
  }
  return n < DENSE_IDS ? n : -1;
}

/** Running totals of one assignment, per grid at leaf level until {@link Tally.rollUp}. */
export class Tally {
  total = 0;
  assigned = 0;
  readonly counts = new Map<string, Float64Array>();
  readonly load: Float64Array;
  readonly byRule: number[];
  readonly unassigned: UnassignedEntity[] = [];
  readonly straddlers: Straddler[] = [];
  readonly findings: AssignFinding[] = [];
  /** First input position of every id seen, as text (ids that are not small whole numbers). */
  private readonly firstOfId = new Map<string, number>();
  /**
   * First input position + 1 of every id that is a whole number below {@link DENSE_IDS} in its plain
   * decimal form (household numbers, row numbers): an array indexed by the id, grown as needed, instead
   * of a map of texts.
   */
  private firstOfSmallId = new Int32Array(0);

  constructor(
    readonly gridCount: number,
    ruleCount: number,
  ) {
    this.load = new Float64Array(gridCount);
    this.byRule = new Array(ruleCount).fill(0);
  }

  /** The per-grid array of a count, created on first use (so counts keep their first-use order). */
  count(name: string): Float64Array {
    let out = this.counts.get(name);
    if (out === undefined) {
      out = new Float64Array(this.gridCount);
      this.counts.set(name, out);
    }
    return out;
  }

  /**
   * Reports every entity of the batch whose `idColumn` value was seen before (in this batch or an
   * earlier one). Entities without a value are skipped; so is a table without the column.
   */
  checkIds(batch: Batch, offset: number, idColumn: string): void {
    if (batch.columnNames !== undefined && !batch.columnNames.includes(idColumn)) return;
    const column = batch.column(idColumn);
    for (let i = 0; i < batch.length; i++) {
      const value = column === undefined ? batch.value(idColumn, i) : column[i];
      if (value === undefined || value === null || value === '') continue;
      const small = smallId(value);
      let first: number | undefined;
      if (small >= 0) {
        if (small >= this.firstOfSmallId.length) this.growSmallIds(small);
        const seen = this.firstOfSmallId[small];
        if (seen === 0) {
          this.firstOfSmallId[small] = offset + i + 1;
          continue;
        }
        first = seen - 1;
      } else {
        first = this.firstOfId.get(String(value));
        if (first === undefined) {
          this.firstOfId.set(String(value), offset + i);
          continue;
        }
      }
      const id = String(value);
      this.findings.push({
        id: `duplicate-id:${offset + i}`,
        kind: 'duplicate-id',
        severity: 'warning',
        grids: [],
        message: `entity #${offset + i} has the id ${JSON.stringify(id)} of entity #${first}: give every entity its own id, or drop the copy (both are counted)`,
        index: offset + i,
        firstIndex: first,
        entityId: id,
      });
    }
  }

  private growSmallIds(id: number): void {
    const grown = new Int32Array(Math.min(DENSE_IDS, Math.max(1024, 2 * id + 1)));
    grown.set(this.firstOfSmallId);
    this.firstOfSmallId = grown;
  }

  /**
   * Adds every leaf's totals into its ancestors (children before parents, by `order`) and checks that
   * nothing was lost: placed + unassigned = input, and the per-grid count of `countAs` summed over the
   * top-level grids equals the number placed.
   */
  rollUp(order: Int32Array, parentIds: Int32Array, countAs: string): void {
    for (const values of [...this.counts.values(), this.load]) {
      for (const g of order) if (parentIds[g] >= 0) values[parentIds[g]] += values[g];
    }
    if (this.assigned + this.unassigned.length !== this.total) {
      throw new Error(
        `assign invariant broken: ${this.assigned} placed + ${this.unassigned.length} unassigned != ${this.total} input`,
      );
    }
    const entities = this.count(countAs);
    let atRoots = 0;
    for (let g = 0; g < this.gridCount; g++) if (parentIds[g] < 0) atRoots += entities[g];
    if (atRoots !== this.assigned) {
      throw new Error(`assign invariant broken: top-level grids count ${atRoots}, ${this.assigned} placed`);
    }
  }
}
