import { ErrorCode, type GridPlan, WanggeError } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import { type Batch, type EntityInput, inputToBatch, recordsToBatch } from './internal/batch';
import { boundsOf, type FootprintCandidate, footprintToShares } from './internal/footprint';
import { type AssignRule, type CompiledRule, compileRules } from './internal/rules';
import { type EntityStream, streamToChunks } from './internal/stream';
import { REASONS, type Straddler, Tally, type UnassignedEntity } from './internal/tally';
import { addValues, checkEntityValue, describe, type EntityValue } from './internal/values';

/** Options of an {@link Assigner}: what holds for every batch assigned with it. */
export interface AssignerOptions {
  /** Attribute rules for non-spatial grids, evaluated before location, first match wins. @default [] */
  rules?: readonly AssignRule[];
  /**
   * Codes of non-spatial grids (行业网格): they and their descendants are never found by location and
   * receive entities only through rules. @default the grids the rules name
   */
  nonSpatial?: readonly string[];
}

/** Options of one assignment: how to read the entities and what to count. */
export interface AssignOptions {
  /** Name of the count every placed entity adds 1 to. @default 'entities' */
  countAs?: string;
  /**
   * Further per-grid counts, by name: what each entity adds (see {@link EntityValue}), e.g.
   * `{ residents: 'residents', elderlyAlone: { column: 'flags', bit: 1 } }`. @default {}
   */
  counts?: Readonly<Record<string, EntityValue>>;
  /**
   * A column whose value names a category: each entity also adds 1 to the count `<column>=<value>`
   * (e.g. `kind` → `kind=school`, `kind=market`). Entities with an empty value add to no category.
   * @default undefined (no category counts)
   */
  category?: string;
  /** Workload weight of each entity, summed per grid into `load`. @default 1 */
  weight?: EntityValue;
  /** Longitude column of rows. @default 'lon' */
  lon?: string;
  /** Latitude column of rows. @default 'lat' */
  lat?: string;
  /**
   * A footprint whose assigned grid holds less than `1 - straddleTolerance` of its area is reported
   * as a straddler. @default 0.01
   */
  straddleTolerance?: number;
}

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

/** Points per `locateMany` call: bounds scratch memory whatever the input size. */
const LOCATE_CHUNK = 1 << 16;

const UNPLACED = -1;
/** Reason tags: 1-based positions in REASONS (0 = no reason yet). */
const INVALID_COORDINATE = 1;
const INVALID_GEOMETRY = 2;
const OUTSIDE_ROOT = 3;
const IN_GAP = 4;

/**
 * Places entities in the leaf grids of a plan. Build once per plan (it indexes the leaf and top-level
 * grids), then assign any number of batches. {@link assign} is the one-call form.
 */
export class Assigner {
  /** The plan. */
  readonly plan: GridPlan;
  private readonly parentIds: Int32Array;
  /** Grid ids, deepest level first: the order that rolls counts up. */
  private readonly rollUpOrder: Int32Array;
  private readonly rules: CompiledRule[];
  /** Plan grid id of each leaf-index id. */
  private readonly leafGridIds: Int32Array;
  private readonly leafIndex: PolygonIndex | null;
  /** Plan grid id of each root-index id. */
  private readonly rootGridIds: Int32Array;
  /** Index of the top-level grids, for the second look-up of misses; built on the first miss. */
  private rootIndexCache: PolygonIndex | null | undefined;
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
    this.leafGridIds = Int32Array.from(spatialLeaves);
    this.rootGridIds = Int32Array.from(spatialRoots);
    this.leafIndex = indexOf(plan, spatialLeaves);
    const sameGrids =
      spatialRoots.length === spatialLeaves.length && spatialRoots.every((g, k) => spatialLeaves[k] === g);
    this.rootIndexCache = sameGrids ? this.leafIndex : undefined;
    this.paths = new Array(n);
    this.codes = plan.grids.map((g) => g.properties.code);
  }

  /**
   * Assigns one set of entities (see {@link EntityInput}): rules first, then points by location and
   * footprints by largest area share. Counts are rolled up to every ancestor, and the result is checked
   * to account for every entity.
   */
  assign(entities: EntityInput, options: AssignOptions = {}): Assignment {
    const settings = resolveOptions(options);
    const batch = inputToBatch(entities, settings);
    if (batch.columnNames !== undefined) checkColumns(settings, batch.columnNames, false, 'the column table');
    const tally = new Tally(this.plan.size, this.rules.length);
    const { gridIds, ruleIds } = this.placeBatch(batch, 0, settings, tally);
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
    const chunkSize = options.chunkSize ?? LOCATE_CHUNK;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `chunkSize must be a whole number ≥ 1, got ${describe(chunkSize)}`,
      );
    }
    for (const key of ['onProgress', 'onChunk'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'function') {
        throw new WanggeError(ErrorCode.INVALID_OPTION, `${key} must be a function`);
      }
    }
    if (options.columns !== undefined) {
      if (!Array.isArray(options.columns) || !options.columns.every((c) => typeof c === 'string')) {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `columns must be an array of column names, got ${describe(options.columns)}`,
        );
      }
      checkColumns(settings, options.columns, true, 'the columns of the stream');
    }
    const tally = new Tally(this.plan.size, this.rules.length);
    for await (const records of streamToChunks(source, chunkSize)) {
      const offset = tally.total;
      const batch = recordsToBatch(records, settings, offset);
      const { gridIds, ruleIds } = this.placeBatch(batch, offset, settings, tally);
      options.onChunk?.({ offset, gridIds, ruleIds });
      options.onProgress?.({
        entities: tally.total,
        assigned: tally.assigned,
        unassigned: tally.unassigned.length,
      });
    }
    tally.rollUp(this.rollUpOrder, this.parentIds, settings.countAs);
    return summaryOf(tally, this.rules);
  }

  /**
   * Places one batch whose first entity has input index `offset`, adding to `tally`; returns the
   * batch's grid ids and rule ids.
   */
  private placeBatch(
    batch: Batch,
    offset: number,
    settings: ResolvedOptions,
    tally: Tally,
  ): { gridIds: Int32Array; ruleIds: Int32Array } {
    const n = batch.length;
    const gridIds = new Int32Array(n).fill(UNPLACED);
    const ruleIds = new Int32Array(n).fill(-1);
    const reasons = new Uint8Array(n);
    if (this.rules.length > 0) this.applyRules(batch, offset, gridIds, ruleIds, tally);
    this.locatePoints(batch, gridIds, reasons);
    this.placeFootprints(batch, offset, settings.straddleTolerance, gridIds, reasons, tally);

    let placed = 0;
    for (let i = 0; i < n; i++) {
      if (gridIds[i] >= 0) placed++;
      else tally.unassigned.push({ index: offset + i, reason: REASONS[reasons[i] - 1] });
    }
    tally.total += n;
    tally.assigned += placed;
    addAll(batch, offset, gridIds, settings, tally);
    return { gridIds, ruleIds };
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

  /**
   * Points in chunks through the leaf index: each chunk's valid, not yet placed points are packed into
   * scratch buffers (so memory stays bounded), and each miss gets its reason from a second look-up.
   */
  private locatePoints(batch: Batch, gridIds: Int32Array, reasons: Uint8Array): void {
    const { xy, length: n, footprints } = batch;
    const size = Math.min(n, LOCATE_CHUNK);
    const packedXy = new Float64Array(2 * size);
    const packedAt = new Int32Array(size);
    const found = new Int32Array(size);
    for (let start = 0; start < n; start += LOCATE_CHUNK) {
      const end = Math.min(n, start + LOCATE_CHUNK);
      let k = 0;
      for (let i = start; i < end; i++) {
        if (gridIds[i] !== UNPLACED) continue;
        const x = xy[2 * i];
        const y = xy[2 * i + 1];
        // Same test as core positionProblem, inlined: false for NaN and for out-of-range values.
        if (x >= -180 && x <= 180 && y >= -90 && y <= 90) {
          packedXy[2 * k] = x;
          packedXy[2 * k + 1] = y;
          packedAt[k++] = i;
        } else if (footprints.size === 0 || !footprints.has(i)) {
          reasons[i] = INVALID_COORDINATE;
        }
      }
      if (k === 0) continue;
      if (this.leafIndex === null) found.fill(-1);
      else this.leafIndex.locateMany(packedXy.subarray(0, 2 * k), found.subarray(0, k));
      for (let j = 0; j < k; j++) {
        const i = packedAt[j];
        if (found[j] >= 0) gridIds[i] = this.leafGridIds[found[j]];
        else
          reasons[i] =
            (this.rootIndex()?.locate(xy[2 * i], xy[2 * i + 1]) ?? -1) >= 0 ? IN_GAP : OUTSIDE_ROOT;
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

  private rootIndex(): PolygonIndex | null {
    if (this.rootIndexCache === undefined) {
      this.rootIndexCache = indexOf(this.plan, Array.from(this.rootGridIds));
    }
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
  entities: EntityInput,
  options: AssignerOptions & AssignOptions = {},
): Assignment {
  return new Assigner(plan, options).assign(entities, options);
}

/**
 * Assigns a stream of records in bounded memory: the one-call form of
 * `new Assigner(plan, options).assignStream(source, options)`.
 */
export function assignStream(
  plan: GridPlan,
  source: EntityStream,
  options: AssignerOptions & StreamOptions = {},
): Promise<AssignmentSummary> {
  return new Assigner(plan, options).assignStream(source, options);
}

/** Options of a streamed assignment. */
export interface StreamOptions extends AssignOptions {
  /** Entities placed at a time; memory grows with it, not with the stream. @default 65536 */
  chunkSize?: number;
  /**
   * The column names every record has (a CSV header): an option naming a column not among them (the
   * coordinates included) throws `INVALID_OPTION` before any record is placed, instead of counting 0.
   * @default undefined (not checked)
   */
  columns?: readonly string[];
  /** Called after every chunk. @default undefined */
  onProgress?: (progress: StreamProgress) => void;
  /** Receives each chunk's per-entity results, which the summary does not keep. @default undefined */
  onChunk?: (chunk: AssignedChunk) => void;
}

/** How far a streamed assignment has come. */
export interface StreamProgress {
  /** Entities read so far. */
  entities: number;
  /** Entities placed so far. */
  assigned: number;
  /** Entities with no grid so far. */
  unassigned: number;
}

/** The per-entity results of one chunk of a stream. */
export interface AssignedChunk {
  /** Input index of the chunk's first entity. */
  offset: number;
  /** Plan grid id per entity of the chunk, -1 when unassigned. */
  gridIds: Int32Array;
  /** Rule index per entity of the chunk, -1 when not placed by a rule. */
  ruleIds: Int32Array;
}

/** {@link AssignOptions} checked, with defaults filled in. */
interface ResolvedOptions {
  countAs: string;
  counts: Array<[string, EntityValue]>;
  category: string | undefined;
  weight: EntityValue;
  lon: string;
  lat: string;
  straddleTolerance: number;
}

/** Checks {@link AssignOptions} and fills in defaults. */
function resolveOptions(options: AssignOptions): ResolvedOptions {
  const bad = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_OPTION, why);
  };
  const name = (value: unknown, what: string, fallback: string): string => {
    if (value === undefined) return fallback;
    return typeof value === 'string' && value !== '' ? value : bad(`${what} must be a non-empty string`);
  };
  const countAs = name(options.countAs, 'countAs', 'entities');
  const rawCounts = options.counts ?? {};
  if (typeof rawCounts !== 'object' || rawCounts === null) bad('counts must be an object of name → value');
  const counts = Object.entries(rawCounts).map(([key, value]): [string, EntityValue] => {
    if (key === countAs) bad(`counts.${key} has the name of countAs`);
    return [key, checkEntityValue(value, `counts.${key}`)];
  });
  const category = options.category === undefined ? undefined : name(options.category, 'category', '');
  const tolerance = options.straddleTolerance ?? 0.01;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1)) {
    bad(`straddleTolerance must be a number in [0, 1), got ${describe(tolerance)}`);
  }
  return {
    countAs,
    counts,
    category,
    weight: checkEntityValue(options.weight ?? 1, 'weight'),
    lon: name(options.lon, 'lon', 'lon'),
    lat: name(options.lat, 'lat', 'lat'),
    straddleTolerance: tolerance,
  };
}

/**
 * Throws `INVALID_OPTION` when an option names a column the input does not have (which would otherwise
 * count zero, or leave every row without coordinates, silently). `withCoordinates` for rows that must hold the lon/lat columns.
 */
function checkColumns(
  settings: ResolvedOptions,
  columns: readonly string[],
  withCoordinates: boolean,
  where: string,
): void {
  const wanted: Array<[string, string]> = [];
  if (withCoordinates) wanted.push(['lon', settings.lon], ['lat', settings.lat]);
  const columnOf = (value: EntityValue) =>
    typeof value === 'string' ? value : typeof value === 'object' ? value.column : undefined;
  for (const [name, value] of settings.counts) {
    const column = columnOf(value);
    if (column !== undefined) wanted.push([`counts.${name}`, column]);
  }
  const weight = columnOf(settings.weight);
  if (weight !== undefined) wanted.push(['weight', weight]);
  if (settings.category !== undefined) wanted.push(['category', settings.category]);
  for (const [option, column] of wanted) {
    if (!columns.includes(column)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `${option}: no column ${JSON.stringify(column)} in ${where} (${columns.map((c) => JSON.stringify(c)).join(', ')})`,
      );
    }
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
  };
}

function indexOf(plan: GridPlan, gridIds: number[]): PolygonIndex | null {
  return gridIds.length === 0 ? null : PolygonIndex.from(gridIds.map((g) => plan.grids[g]));
}
