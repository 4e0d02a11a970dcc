import { ErrorCode, type GridPlan, WanggeError } from '@wangge/core';
import { type AssignInput, inputToBatch } from './internal/batch';
import { driveStream } from './internal/drive';
import { type Parallelism, Placer } from './internal/placer';
import { type CompiledRule, compileRules } from './internal/rules';
import { checkColumns, resolveOptions } from './internal/settings';
import type { EntityStream } from './internal/stream';
import { type AssignFinding, type Straddler, Tally, type UnassignedEntity } from './internal/tally';
import { threadCount } from './internal/threads';
import { describe } from './internal/values';

// The option types live in ./options; re-exported here for modules that import them with the Assigner.
export type { AssignerOptions, AssignOptions, StreamOptions } from './options';

import type { AssignerOptions, AssignOptions, StreamOptions } from './options';

/** What an assignment found, without per-entity results (all a streamed assignment keeps). */
export interface AssignmentSummary {
  /** Entities read. */
  readonly total: number;
  /** Entities placed in a grid (by location or by a rule); `assigned + unassigned.length === total`. */
  readonly assigned: number;
  /** Entities placed by each rule, in rule order (reported apart from location). */
  readonly byRule: readonly number[];
  /** Rule names, in rule order. */
  readonly ruleNames: readonly string[];
  /**
   * Per-grid counts by name, each indexed by plan grid id: leaves hold their own entities, every other
   * grid the sum over its children (so a street holds all of its communities).
   */
  readonly counts: Readonly<Record<string, Float64Array>>;
  /** Weighted load per plan grid id, rolled up like {@link counts}. */
  readonly load: Float64Array;
  /** Every entity that got no grid, in input order, with its reason. */
  readonly unassigned: readonly UnassignedEntity[];
  /** Footprints split over grids (or partly outside), in input order. */
  readonly straddlers: readonly Straddler[];
  /** What was found about the entities themselves (repeated ids), in input order. */
  readonly findings: readonly AssignFinding[];
}

/** Where every entity went: per-entity grid ids and codes, and the summary. */
export interface Assignment extends AssignmentSummary {
  /** The plan assigned to. */
  readonly plan: GridPlan;
  /** Plan grid id of each entity's leaf grid, -1 when unassigned. */
  readonly gridIds: Int32Array;
  /** Index of the rule that placed each entity, -1 when placed by location or unassigned. */
  readonly ruleIds: Int32Array;
  /** Code of the entity's leaf grid, `null` when unassigned. Throws `INVALID_OPTION` for an index out of range. */
  codeOf(index: number): string | null;
  /**
   * Codes from the top-level grid down to the entity's leaf grid (责任链), `[]` when unassigned. Throws
   * `INVALID_OPTION` for an index out of range.
   */
  pathOf(index: number): readonly string[];
}

/** Closes the workers of an Assigner nobody holds any more. */
const collected = new FinalizationRegistry<Placer>((placer) => placer.close());

/**
 * Places entities in the leaf grids of a plan. Build once per plan (it indexes the leaf and top-level
 * grids), then assign any number of batches. {@link assign} is the one-call form. Large jobs locate
 * points on worker threads too (see `threads`); {@link close} stops them.
 */
export class Assigner {
  /** The plan. */
  readonly plan: GridPlan;
  private readonly parentIds: Int32Array;
  /** Grid ids, deepest level first: the order that rolls counts up. */
  private readonly rollUpOrder: Int32Array;
  private readonly rules: CompiledRule[];
  private readonly placer: Placer;
  private readonly paths: (readonly string[])[];
  /** Code of each grid, by grid id. */
  private readonly codes: string[];

  constructor(plan: GridPlan, options: AssignerOptions = {}) {
    if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.grids)) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `expected a GridPlan, got ${describe(plan)}`);
    }
    this.plan = plan;
    const n = plan.size;
    this.parentIds = plan.parentIds();
    const isLeaf = new Uint8Array(n).fill(1);
    for (let g = 0; g < n; g++) if (this.parentIds[g] >= 0) isLeaf[this.parentIds[g]] = 0;
    this.rules = compileRules(options.rules ?? [], plan, isLeaf);
    const nonSpatial = new Uint8Array(n);
    if (options.nonSpatial !== undefined && !Array.isArray(options.nonSpatial)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `nonSpatial must be an array of grid codes, got ${describe(options.nonSpatial)}`,
      );
    }
    for (const code of options.nonSpatial ?? this.rules.map((r) => plan.grids[r.gridId].properties.code)) {
      const id = plan.idOfCode(code);
      if (id < 0) {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `nonSpatial: grid ${describe(code)} is not in the plan`,
        );
      }
      nonSpatial[id] = 1;
    }
    const level = (g: number) => plan.grids[g].properties.level;
    const byDepth = Array.from({ length: n }, (_, g) => g).sort((a, b) => level(b) - level(a) || a - b);
    this.rollUpOrder = Int32Array.from(byDepth);
    // Ancestors come later in rollUpOrder, so walking it backwards passes the flag down to descendants.
    for (let k = n - 1; k >= 0; k--) {
      const g = byDepth[k];
      if (this.parentIds[g] >= 0 && nonSpatial[this.parentIds[g]] === 1) nonSpatial[g] = 1;
    }
    const spatialLeaves: number[] = [];
    const spatialRoots: number[] = [];
    for (let g = 0; g < n; g++) {
      if (nonSpatial[g] === 1) continue;
      if (isLeaf[g] === 1) spatialLeaves.push(g);
      if (this.parentIds[g] < 0) spatialRoots.push(g);
    }
    this.placer = new Placer(
      plan,
      this.rules,
      Int32Array.from(spatialLeaves),
      Int32Array.from(spatialRoots),
      parallelismOf(options),
    );
    collected.register(this, this.placer, this);
    this.paths = new Array(n);
    this.codes = plan.grids.map((g) => g.properties.code);
  }

  /**
   * Assigns one set of entities (see {@link AssignInput}): rules first, then points by location and
   * footprints by largest area share. Counts are rolled up to every ancestor, and the result is checked
   * to account for every entity.
   */
  assign(entities: AssignInput, options: AssignOptions = {}): Assignment {
    const settings = resolveOptions(options);
    const batch = inputToBatch(entities, settings);
    if (batch.columnNames !== undefined) checkColumns(settings, batch.columnNames, false, 'the column table');
    const tally = new Tally(this.plan.size, this.rules.length);
    const { gridIds, ruleIds } = this.placer.placeBatch(batch, 0, settings, tally);
    tally.rollUp(this.rollUpOrder, this.parentIds, settings.countAs);
    const summary = summaryOf(tally, this.rules);
    const { codes } = this;
    const gridOf = (index: number): number => {
      if (!Number.isInteger(index) || index < 0 || index >= gridIds.length) {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `entity index ${describe(index)} is not in 0..${gridIds.length - 1}`,
        );
      }
      return gridIds[index];
    };
    return {
      plan: this.plan,
      ...summary,
      gridIds,
      ruleIds,
      codeOf: (index) => {
        const g = gridOf(index);
        return g >= 0 ? codes[g] : null;
      },
      pathOf: (index) => {
        const g = gridOf(index);
        return g >= 0 ? this.pathOfGrid(g) : [];
      },
    };
  }

  /**
   * Assigns a stream of records (rows or GeoJSON Features, one at a time or in arrays) in chunks, with
   * memory bounded by the chunk size whatever the length of the stream: counts and findings are kept,
   * per-entity results go to `onChunk`. The same records give the same summary as {@link assign}.
   */
  async assignStream(source: EntityStream, options: StreamOptions = {}): Promise<AssignmentSummary> {
    const settings = resolveOptions(options);
    const tally = new Tally(this.plan.size, this.rules.length);
    await driveStream(this.placer, source, settings, options, tally);
    tally.rollUp(this.rollUpOrder, this.parentIds, settings.countAs);
    return summaryOf(tally, this.rules);
  }

  /**
   * Stops the worker threads, if any were started (they never keep the process alive, and a collected
   * Assigner stops them too). The Assigner stays usable: a later large job starts them again.
   */
  close(): void {
    this.placer.close();
  }

  private pathOfGrid(gridId: number): readonly string[] {
    let path = this.paths[gridId];
    if (path === undefined) {
      path = Object.freeze(this.plan.pathOf(this.plan.grids[gridId].properties.code));
      this.paths[gridId] = path;
    }
    return path;
  }
}

/**
 * Places entities in the leaf grids of `plan` and counts them per grid: the one-call form of
 * `new Assigner(plan, options).assign(entities, options)`.
 */
export function assign(
  plan: GridPlan,
  entities: AssignInput,
  options: AssignerOptions & AssignOptions = {},
): Assignment {
  const assigner = new Assigner(plan, options);
  try {
    return assigner.assign(entities, options);
  } finally {
    assigner.close();
  }
}

/**
 * Assigns a stream of records in bounded memory: the one-call form of
 * `new Assigner(plan, options).assignStream(source, options)`.
 */
export async function assignStream(
  plan: GridPlan,
  source: EntityStream,
  options: AssignerOptions & StreamOptions = {},
): Promise<AssignmentSummary> {
  const assigner = new Assigner(plan, options);
  try {
    return await assigner.assignStream(source, options);
  } finally {
    assigner.close();
  }
}

/** The `threads` and `parallelFrom` options, checked. */
function parallelismOf(options: AssignerOptions): Parallelism {
  const { threads = 'auto', parallelFrom = 1_000_000 } = options;
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `threads must be 'auto' or a whole number ≥ 1, got ${describe(threads)}`,
    );
  }
  if (!(Number.isInteger(parallelFrom) && parallelFrom >= 0)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `parallelFrom must be a whole number ≥ 0, got ${describe(parallelFrom)}`,
    );
  }
  return { threads: threadCount(threads), from: parallelFrom };
}

function summaryOf(tally: Tally, rules: CompiledRule[]): AssignmentSummary {
  return {
    total: tally.total,
    assigned: tally.assigned,
    byRule: tally.byRule,
    ruleNames: rules.map((r) => r.name),
    counts: Object.fromEntries(tally.counts),
    load: tally.load,
    unassigned: tally.unassigned,
    straddlers: tally.straddlers,
    findings: tally.findings,
  };
}
