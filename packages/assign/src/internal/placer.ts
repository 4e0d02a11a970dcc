import type { GridPlan } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import { type Batch, sliceBatch } from './batch';
import { boundsOf, type FootprintCandidate, footprintToShares } from './footprint';
import type { CompiledRule } from './rules';
import type { ResolvedOptions } from './settings';
import { REASONS, type Tally } from './tally';
import { JOB_POINTS, LocatePool } from './threads';
import { addValues } from './values';

/** Records a stream places at a time by default. */
export const LOCATE_CHUNK = 1 << 16;

const UNPLACED = -1;
/** Reason tags: 1-based positions in REASONS (0 = no reason yet). */
const INVALID_COORDINATE = 1;
const INVALID_GEOMETRY = 2;
const OUTSIDE_ROOT = 3;
const IN_GAP = 4;

/** Up to {@link JOB_POINTS} entities of a batch, on their way through {@link Placer.placeBatch}. */
interface Part {
  batch: Batch;
  /** Input index of the part's first entity. */
  offset: number;
  /** The batch's result arrays over the part. */
  gridIds: Int32Array;
  ruleIds: Int32Array;
  reasons: Uint8Array;
  /** Points packed for locating, and the part index of each. */
  packed: number;
  packedAt: Int32Array;
  /** The pool's array pair the part's points are packed in (when `pool` is set). */
  buffer: 0 | 1;
  /** The pool the part is located on, `null` when located on this thread. */
  pool?: LocatePool | null;
}

/** How a Placer spreads point location over threads. */
export interface Parallelism {
  /** Threads in all, the calling one included; 1 = no workers. */
  threads: number;
  /** Points located on the calling thread before the workers start. */
  from: number;
}

/**
 * The hot loop of an `Assigner`: places one batch at a time in the leaf grids of one plan (rules first,
 * then points through the leaf index, then footprints by area share) and adds it to a tally.
 */
export class Placer {
  private readonly leafIndex: PolygonIndex | null;
  /** Index of the top-level grids, for the second look-up of misses; built on the first miss. */
  private rootIndexCache: PolygonIndex | null | undefined;
  /** Points located so far (until the workers start). */
  private located = 0;
  /** The worker pool, once started. */
  private pool: LocatePool | null = null;
  /** Points and answers of a part located on this thread. */
  private scratchArrays: { xy: Float64Array; found: Int32Array } | null = null;

  /**
   * `leafGridIds` / `rootGridIds`: plan grid ids of the spatial leaves and top-level grids, ascending;
   * their positions are the ids of the two indexes.
   */
  constructor(
    private readonly plan: GridPlan,
    private readonly rules: readonly CompiledRule[],
    private readonly leafGridIds: Int32Array,
    private readonly rootGridIds: Int32Array,
    private readonly parallelism: Parallelism = { threads: 1, from: 0 },
  ) {
    this.leafIndex = indexOf(plan, leafGridIds);
    const sameGrids =
      rootGridIds.length === leafGridIds.length && rootGridIds.every((g, k) => leafGridIds[k] === g);
    this.rootIndexCache = sameGrids ? this.leafIndex : undefined;
  }

  /**
   * Places one batch whose first entity has input index `offset`, adding to `tally`; returns the
   * batch's grid ids and rule ids. The batch is placed in parts of {@link JOB_POINTS}, in order; once
   * the worker pool runs, the workers locate one part while this thread counts the part before and
   * packs the part after, then joins in (so counting overlaps locating; the sums are added in input
   * order all the same, so the result does not depend on the threads).
   */
  placeBatch(
    batch: Batch,
    offset: number,
    settings: ResolvedOptions,
    tally: Tally,
  ): { gridIds: Int32Array; ruleIds: Int32Array } {
    const n = batch.length;
    const gridIds = new Int32Array(n).fill(UNPLACED);
    const ruleIds = new Int32Array(n).fill(-1);
    const reasons = new Uint8Array(n);
    const partOf = (from: number): Part => {
      const to = Math.min(n, from + JOB_POINTS);
      return {
        batch: sliceBatch(batch, from, to),
        offset: offset + from,
        gridIds: gridIds.subarray(from, to),
        ruleIds: ruleIds.subarray(from, to),
        reasons: reasons.subarray(from, to),
        packed: 0,
        packedAt: new Int32Array(0),
        buffer: 0,
      };
    };
    let previous: Part | null = null;
    // An empty batch is one empty part, so its finish still opens every count column.
    let current: Part | null = this.prepare(partOf(0), 0, tally);
    this.begin(current);
    for (let from = JOB_POINTS; current !== null; from += JOB_POINTS) {
      if (previous !== null) this.finishPart(previous, settings, tally);
      const next: Part | null =
        from < n ? this.prepare(partOf(from), current.buffer === 0 ? 1 : 0, tally) : null;
      this.end(current);
      if (next !== null) this.begin(next);
      previous = current;
      current = next;
    }
    if (previous !== null) this.finishPart(previous, settings, tally);
    return { gridIds, ruleIds };
  }

  /** Rules first, then the part's valid, not yet placed points packed for locating. */
  private prepare(part: Part, buffer: 0 | 1, tally: Tally): Part {
    if (this.rules.length > 0) this.applyRules(part.batch, part.offset, part.gridIds, part.ruleIds, tally);
    const pool = this.startPool();
    const { xy, length, footprints } = part.batch;
    const packedXy = pool !== null ? pool.xy[buffer] : this.scratch(length).xy;
    const packedAt = new Int32Array(length);
    let k = 0;
    for (let i = 0; i < length; i++) {
      if (part.gridIds[i] !== UNPLACED) continue;
      const x = xy[2 * i];
      const y = xy[2 * i + 1];
      // Same test as core positionProblem, inlined: false for NaN and for out-of-range values.
      if (x >= -180 && x <= 180 && y >= -90 && y <= 90) {
        packedXy[2 * k] = x;
        packedXy[2 * k + 1] = y;
        packedAt[k++] = i;
      } else if (footprints.size === 0 || !footprints.has(i)) {
        part.reasons[i] = INVALID_COORDINATE;
      }
    }
    part.packed = k;
    part.packedAt = packedAt;
    part.buffer = buffer;
    part.pool = pool;
    return part;
  }

  /** Starts locating a part's packed points: on the pool (returns at once), or here. */
  private begin(part: Part): void {
    const k = part.packed;
    if (k === 0 || this.leafIndex === null) return;
    if (part.pool != null) {
      part.pool.begin(part.buffer, k);
      return;
    }
    const scratch = this.scratch(k);
    this.leafIndex.locateMany(scratch.xy.subarray(0, 2 * k), scratch.found.subarray(0, k));
    this.located += k;
  }

  /**
   * Waits for a part's points (answering on this thread too). A part located here is placed at once
   * (the next part reuses the scratch arrays); one located on the pool is placed by {@link finishPart},
   * while the pool locates the next part into the other arrays.
   */
  private end(part: Part): void {
    if (part.packed === 0) return;
    if (this.leafIndex === null) this.placeFound(part, this.scratch(part.packed).found.fill(-1));
    else if (part.pool != null) part.pool.finish();
    else this.placeFound(part, this.scratch(part.packed).found);
  }

  /** Each packed point's leaf grid from `found`, or the reason it has none. */
  private placeFound(part: Part, found: Int32Array): void {
    const { xy } = part.batch;
    for (let j = 0; j < part.packed; j++) {
      const i = part.packedAt[j];
      if (found[j] >= 0) part.gridIds[i] = this.leafGridIds[found[j]];
      else
        part.reasons[i] =
          (this.rootIndex()?.locate(xy[2 * i], xy[2 * i + 1]) ?? -1) >= 0 ? IN_GAP : OUTSIDE_ROOT;
    }
  }

  /** Footprints, then the part's totals, counts and ids into the tally. */
  private finishPart(part: Part, settings: ResolvedOptions, tally: Tally): void {
    const { batch, offset, gridIds, reasons } = part;
    if (part.pool != null && part.packed > 0) this.placeFound(part, part.pool.out[part.buffer]);
    this.placeFootprints(batch, offset, settings.straddleTolerance, gridIds, reasons, tally);
    let placed = 0;
    for (let i = 0; i < batch.length; i++) {
      if (gridIds[i] >= 0) placed++;
      else tally.unassigned.push({ index: offset + i, reason: REASONS[reasons[i] - 1] });
    }
    tally.total += batch.length;
    tally.assigned += placed;
    addAll(batch, offset, gridIds, settings, tally);
    tally.checkIds(batch, offset, settings.idColumn);
  }

  /** Scratch arrays for locating on this thread, grown as needed. */
  private scratch(length: number): { xy: Float64Array; found: Int32Array } {
    if (this.scratchArrays === null || this.scratchArrays.found.length < length) {
      const size = Math.max(length, 1024);
      this.scratchArrays = { xy: new Float64Array(2 * size), found: new Int32Array(size) };
    }
    return this.scratchArrays;
  }

  private applyRules(
    batch: Batch,
    offset: number,
    gridIds: Int32Array,
    ruleIds: Int32Array,
    tally: Tally,
  ): void {
    for (let i = 0; i < batch.length; i++) {
      for (let r = 0; r < this.rules.length; r++) {
        if (this.rules[r].matches(batch, i, offset + i)) {
          gridIds[i] = this.rules[r].gridId;
          ruleIds[i] = r;
          tally.byRule[r]++;
          break;
        }
      }
    }
  }

  /** Footprints go whole to the leaf holding most of their area; split ones are reported. */
  private placeFootprints(
    batch: Batch,
    offset: number,
    tolerance: number,
    gridIds: Int32Array,
    reasons: Uint8Array,
    tally: Tally,
  ): void {
    for (const [i, footprint] of batch.footprints) {
      if (gridIds[i] !== UNPLACED) continue;
      if (footprint === null) {
        reasons[i] = INVALID_GEOMETRY;
        continue;
      }
      const shares = footprintToShares(
        footprint,
        this.candidates(this.leafIndex, footprint, this.leafGridIds),
      );
      if (shares.length === 0) {
        const roots = this.candidates(this.rootIndex(), footprint, this.rootGridIds);
        reasons[i] = footprintToShares(footprint, roots).length > 0 ? IN_GAP : OUTSIDE_ROOT;
        continue;
      }
      gridIds[i] = shares[0].gridId;
      if (shares[0].share < 1 - tolerance) {
        const inside = shares.reduce((s, x) => s + x.share, 0);
        tally.straddlers.push({
          index: offset + i,
          gridId: shares[0].gridId,
          shares,
          outside: Math.max(0, 1 - inside),
        });
      }
    }
  }

  /** The worker pool's {@link LocatePool.stats}, `null` before it starts. */
  poolStats(): ReturnType<LocatePool['stats']> | null {
    return this.pool?.stats() ?? null;
  }

  /** Stops the workers, if any; a later batch starts them again. */
  close(): void {
    this.pool?.close();
    this.pool = null;
    this.located = 0;
  }

  /** The worker pool: started once enough points were located here to be worth its start. */
  private startPool(): LocatePool | null {
    const { threads, from } = this.parallelism;
    if (this.pool === null && threads > 1 && this.leafIndex !== null && this.located >= from) {
      this.pool = new LocatePool(this.leafIndex, threads - 1);
    }
    return this.pool;
  }

  private rootIndex(): PolygonIndex | null {
    if (this.rootIndexCache === undefined) this.rootIndexCache = indexOf(this.plan, this.rootGridIds);
    return this.rootIndexCache;
  }

  private candidates(
    index: PolygonIndex | null,
    footprint: FootprintCandidate['geometry'],
    gridIdOf: Int32Array,
  ): FootprintCandidate[] {
    if (index === null) return [];
    const [minX, minY, maxX, maxY] = boundsOf(footprint);
    return index.search(minX, minY, maxX, maxY).map((id) => {
      const gridId = gridIdOf[id];
      return { gridId, geometry: this.plan.grids[gridId].geometry };
    });
  }
}

/** Adds every placed entity of a batch to the counts and the load. */
function addAll(
  batch: Batch,
  offset: number,
  gridIds: Int32Array,
  settings: ResolvedOptions,
  tally: Tally,
): void {
  addValues(1, batch, gridIds, tally.count(settings.countAs), offset);
  for (const [name, value] of settings.counts) addValues(value, batch, gridIds, tally.count(name), offset);
  addValues(settings.weight, batch, gridIds, tally.load, offset);
  if (settings.category !== undefined) {
    const column = settings.category;
    for (let i = 0; i < batch.length; i++) {
      if (gridIds[i] < 0) continue;
      const value = batch.value(column, i);
      if (value === undefined || value === null || value === '') continue;
      tally.count(`${column}=${String(value)}`)[gridIds[i]] += 1;
    }
  }
}

function indexOf(plan: GridPlan, gridIds: Int32Array): PolygonIndex | null {
  return gridIds.length === 0 ? null : PolygonIndex.from(Array.from(gridIds, (g) => plan.grids[g]));
}
