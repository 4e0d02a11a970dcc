import type { Feature } from 'geojson';
import type { EchartsMap } from './echarts';
import { ErrorCode, WanggeError } from './errors';
import { featuresOf } from './features';
import { type GridCollection, type GridFeature, type GridProperties, MAX_LEVEL } from './model';
import { normalizeGeometry } from './normalize';
import { checkOptions } from './options';
import { findPlanDefects, type PlanOptions } from './planDefects';
import { type ResolvedSystem, resolveGridSystems, resolveSystemDeclarations } from './systems';

/**
 * A multi-level grid plan: every grid with its code, parent and level, and lookups along the hierarchy.
 * Build one with {@link GridPlan.from}; it is immutable afterwards.
 */
export class GridPlan {
  /** Every grid, normalised, in input order. Grid ids used by other packages are indexes into this array. */
  readonly grids: readonly GridFeature[];
  /** Deepest level this plan allows. */
  readonly depth: number;
  /** Names of the levels, top down, as given in {@link PlanOptions.levelNames}; may be empty. */
  readonly levelNames: readonly string[];
  /**
   * The grid systems of the plan (see {@link GridSystem}): one territorial tiling system
   * (`territorial`) when no grid names a system.
   */
  readonly systems: readonly ResolvedSystem[];
  private readonly systemNames: readonly string[];
  private readonly idOf: Map<string, number>;
  private readonly parentId: Int32Array;
  private readonly childIds: number[][];

  private constructor(
    grids: GridFeature[],
    depth: number,
    levelNames: readonly string[],
    systems: readonly ResolvedSystem[],
    systemNames: readonly string[],
  ) {
    if (!Array.isArray(grids) || typeof depth !== 'number' || !Array.isArray(systemNames)) {
      throw new WanggeError(ErrorCode.INVALID_STATE, 'a GridPlan is made by GridPlan.from(features)');
    }
    this.grids = grids;
    this.depth = depth;
    this.levelNames = levelNames;
    this.systems = systems;
    this.systemNames = systemNames;
    this.idOf = new Map(grids.map((g, i) => [g.properties.code, i]));
    this.parentId = new Int32Array(grids.length).fill(-1);
    this.childIds = grids.map(() => []);
    grids.forEach((g, i) => {
      if (g.properties.parent === null) return;
      const p = this.idOf.get(g.properties.parent)!;
      this.parentId[i] = p;
      this.childIds[p].push(i);
    });
  }

  /**
   * Builds a plan from grid features. Geometries are normalised (see {@link normalizeGeometry}); the
   * first defect in codes, hierarchy or systems (see {@link findPlanDefects}) is thrown as a
   * {@link WanggeError}. A grid of a `membership` system may have no geometry (an empty MultiPolygon
   * stands in). Systems come from `options.systems`, else from a `systems` member of the collection.
   */
  static from(input: GridCollection | readonly Feature[] | EchartsMap, options?: PlanOptions): GridPlan {
    options = checkOptions(options, 'GridPlan.from');
    const depth = options.depth ?? MAX_LEVEL;
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_LEVEL) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `depth must be a whole number from 1 to ${MAX_LEVEL} (the top and up to 6 levels below), got ${depth}`,
      );
    }
    const levelNames = options.levelNames ?? [];
    if (!Array.isArray(levelNames) || levelNames.some((n) => typeof n !== 'string')) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'levelNames must be an array of strings');
    }
    const features = featuresOf(input);
    if (features.length === 0) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'a plan needs at least one grid');
    const declared = resolveSystemDeclarations(
      options.systems ?? (isObject(input) && !Array.isArray(input) ? input.systems : undefined),
    );
    const properties = features.map((f) => (isObject(f) ? (f.properties as Record<string, unknown>) : null));
    const [defect] = findPlanDefects(properties, { ...options, depth, systems: declared });
    if (defect !== undefined) {
      throw new WanggeError(defect.errorCode, defect.message, {
        featureIndex: defect.featureIndex,
        featureId: defect.code,
      });
    }
    const { systems, systemOf } = resolveGridSystems(properties, declared);
    const ruleOf = new Map(systems.map((s) => [s.name, s.coverage]));
    const grids = features.map((f, i): GridFeature => {
      const props = f.properties as GridProperties;
      const location = { featureIndex: i, featureId: props.code };
      const drawn = f.geometry !== null && f.geometry !== undefined;
      return {
        type: 'Feature',
        ...(f.id !== undefined ? { id: f.id } : {}),
        properties: { ...props, parent: props.parent ?? null },
        geometry:
          !drawn && ruleOf.get(systemOf[i]) === 'membership'
            ? { type: 'MultiPolygon', coordinates: [] }
            : normalizeGeometry(f.geometry, location),
      };
    });
    return new GridPlan(
      grids,
      depth,
      Object.freeze([...levelNames]),
      Object.freeze(systems.map((s) => Object.freeze(s))),
      Object.freeze(systemOf),
    );
  }

  /** The system of a grid. Throws `INVALID_CODE` for an unknown code. */
  systemOf(code: string): ResolvedSystem {
    return this.system(this.systemNames[this.requireId(code)]);
  }

  /** The system called `name`. Throws `INVALID_OPTION` naming the systems the plan has. */
  system(name: string): ResolvedSystem {
    const system = this.systems.find((s) => s.name === name);
    if (system === undefined) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `no grid system ${JSON.stringify(name)} in this plan (it has ${this.systems.map((s) => s.name).join(', ')})`,
      );
    }
    return system;
  }

  /** Grid ids of the grids of one system, in input order. */
  systemIds(name: string): number[] {
    this.system(name);
    return this.grids.flatMap((_, i) => (this.systemNames[i] === name ? [i] : []));
  }

  /**
   * One system as a plan of its own, for the libraries that take one tiling (assign, coverage,
   * crosswalk): its grids, and above each of its top grids the grid of another system it sits in (its
   * anchor, e.g. the street an industry grid covers) as a top-level grid. The grids of the system are
   * the leaves and inner grids of the result; an anchor is never a leaf.
   */
  systemToPlan(name: string): GridPlan {
    const ids = new Set(this.systemIds(name));
    const anchors = new Set<number>();
    for (const id of ids) {
      const p = this.parentId[id];
      if (p >= 0 && !ids.has(p)) anchors.add(p);
    }
    const grids = this.grids.flatMap((g, i): GridFeature[] => {
      if (ids.has(i)) return [g];
      if (!anchors.has(i)) return [];
      return [{ ...g, properties: { ...g.properties, parent: null } }];
    });
    const names = this.grids.flatMap((_, i) => (ids.has(i) || anchors.has(i) ? [this.systemNames[i]] : []));
    return new GridPlan(grids, this.depth, this.levelNames, this.systems, Object.freeze(names));
  }

  /**
   * True for an anchor of a plan made by {@link systemToPlan}: a top grid of another system than its
   * children's.
   */
  isAnchor(id: number): boolean {
    const first = this.childIds[id]?.[0];
    return this.parentId[id] < 0 && first !== undefined && this.systemNames[id] !== this.systemNames[first];
  }

  /** Number of grids. */
  get size(): number {
    return this.grids.length;
  }

  /** The grid id (index into {@link grids}) of a code, or -1. */
  idOfCode(code: string): number {
    return this.idOf.get(code) ?? -1;
  }

  /** The grid with this code, or `undefined`. */
  get(code: string): GridFeature | undefined {
    const id = this.idOf.get(code);
    return id === undefined ? undefined : this.grids[id];
  }

  /** True when the plan has a grid with this code. */
  has(code: string): boolean {
    return this.idOf.has(code);
  }

  /** The parent grid of `code`, or `null` for a top-level grid. Throws `INVALID_CODE` for an unknown code. */
  parentOf(code: string): GridFeature | null {
    const p = this.parentId[this.requireId(code)];
    return p < 0 ? null : this.grids[p];
  }

  /** The children of `code`, in input order. */
  childrenOf(code: string): GridFeature[] {
    return this.childIds[this.requireId(code)].map((i) => this.grids[i]);
  }

  /** The ancestors of `code`, nearest first. */
  ancestorsOf(code: string): GridFeature[] {
    const out: GridFeature[] = [];
    for (let p = this.parentId[this.requireId(code)]; p >= 0; p = this.parentId[p]) out.push(this.grids[p]);
    return out;
  }

  /** Codes from the top-level grid down to `code` inclusive, e.g. `['街道', 'A', 'A1']`. */
  pathOf(code: string): string[] {
    return [code, ...this.ancestorsOf(code).map((g) => g.properties.code)].reverse();
  }

  /** Parent grid id of each grid (-1 for top-level grids), indexed by grid id. */
  parentIds(): Int32Array {
    return this.parentId.slice();
  }

  /** The name of a level (from `levelNames`), or `level n`. */
  levelName(level: number): string {
    return this.levelNames[level - 1] ?? `level ${level}`;
  }

  /** The distinct levels present, ascending. */
  levels(): number[] {
    return [...new Set(this.grids.map((g) => g.properties.level))].sort((a, b) => a - b);
  }

  /** Grids of one level, in input order. */
  atLevel(level: number): GridFeature[] {
    return this.grids.filter((g) => g.properties.level === level);
  }

  /** Grids with no parent, in input order. */
  roots(): GridFeature[] {
    return this.grids.filter((_, i) => this.parentId[i] < 0);
  }

  /** Grids with no children (the grids households are assigned to), in input order. */
  leaves(): GridFeature[] {
    return this.grids.filter((_, i) => this.childIds[i].length === 0);
  }

  /** The plan as a GeoJSON FeatureCollection. */
  toFeatureCollection(): GridCollection {
    return { type: 'FeatureCollection', features: [...this.grids] };
  }

  private requireId(code: string): number {
    const id = this.idOf.get(code);
    if (id === undefined) {
      throw new WanggeError(
        ErrorCode.INVALID_CODE,
        `no grid with code ${JSON.stringify(code)} in this plan`,
        {
          featureId: code,
        },
      );
    }
    return id;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
