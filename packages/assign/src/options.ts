import type { AssignRule } from './internal/rules';
import type { EntityValue } from './internal/values';

/** Options of an {@link Assigner}: what holds for every batch assigned with it. */
export interface AssignerOptions {
  /** Attribute rules for non-spatial grids, evaluated before location, first match wins. @default [] */
  rules?: readonly AssignRule[];
  /**
   * Codes of non-spatial grids (行业网格): they and their descendants are never found by location and
   * receive entities only through rules. @default the grids the rules name
   */
  nonSpatial?: readonly string[];
  /**
   * Threads that locate points: `1` keeps all work on the calling thread; `n > 1` adds `n − 1` worker
   * threads that open one copy of the leaf index in shared memory (a SharedArrayBuffer) and take blocks
   * of points beside the calling thread. `'auto'` is every core the process may use (at most 8). Results
   * are the same byte for byte whatever the count; the workers never keep the process alive, and
   * {@link Assigner.close} stops them.
   * @default 'auto'
   */
  threads?: number | 'auto';
  /**
   * Points this Assigner locates on the calling thread before it starts its workers, so that small jobs
   * never pay for starting threads (a stream or a series of batches counts as one job).
   * @default 1,000,000
   */
  parallelFrom?: number;
}

/** Options of one assignment: how to read the entities and what to count. */
export interface AssignOptions {
  /** Name of the count every placed entity adds 1 to. @default 'entities' */
  countAs?: string;
  /**
   * Further per-grid counts, by name: what each entity adds (see {@link EntityValue}), e.g.
   * `{ residents: 'residents', elderlyAlone: { column: 'flags', flag: 1 } }`. @default {}
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
   * The column (or property) holding each entity's id: a value seen before is reported as a
   * `duplicate-id` finding (the entity is still placed and counted). Entities without a value are not
   * checked. A stream keeps the ids seen so far, so its memory grows with the number of distinct ids.
   * @default 'id'
   */
  idColumn?: string;
  /**
   * A footprint whose assigned grid holds less than `1 - straddleTolerance` of its area is reported
   * as a straddler. @default 0.01
   */
  straddleTolerance?: number;
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
