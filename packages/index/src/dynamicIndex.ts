import { ErrorCode, type InputProblem, positionProblem, WanggeError } from '@wangge/core';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import RBush from 'rbush';
import { cleanFeature, featureArray, type Rings, ringsFromGeometries } from './internal/rings';
import { type Slabs, slabBoundaryHas, slabContains, slabsFromRings } from './internal/slabs';

/** One part of one feature in the R-tree. */
interface PartBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Feature id. */
  id: number;
  /** Part number within the feature. */
  part: number;
}

/**
 * A polygon index for plans being edited: insert, remove or replace a grid without a rebuild (an `rbush`
 * R-tree over polygon parts, and per part horizontal slabs of its edges). Same boundary rule and same
 * answers as {@link PolygonIndex} built from the current features (see there); slower per query, since
 * every candidate part is tested on a slab of its edges rather than a cell of them.
 */
export class DynamicPolygonIndex {
  private readonly tree = new RBush<PartBox>();
  private readonly shapes: ({ rings: Rings; slabs: Slabs } | null)[] = [];
  private readonly boxes: (PartBox[] | undefined)[] = [];
  private readonly alive: boolean[] = [];
  private problemList: InputProblem[] = [];

  /** An index of `features` (ids are their positions), ready for edits. */
  static from(
    features: FeatureCollection<Geometry | null> | readonly Feature<Geometry | null>[],
  ): DynamicPolygonIndex {
    const index = new DynamicPolygonIndex();
    for (const f of featureArray(features)) index.insert(f as Feature<Geometry | null>);
    return index;
  }

  /** Ids handed out so far, removed ones included; the next {@link insert} returns this id. */
  get size(): number {
    return this.shapes.length;
  }

  /** What was dropped from the current features, with `featureIndex` = feature id. */
  get problems(): InputProblem[] {
    return this.problemList;
  }

  /** Adds a feature and returns its id; dirty parts are dropped and reported as for `PolygonIndex.from`. */
  insert(feature: Feature<Geometry | null>): number {
    const id = this.shapes.length;
    this.shapes.push(null);
    this.boxes.push(undefined);
    this.alive.push(true);
    this.store(id, feature);
    return id;
  }

  /** Removes feature `id`; it is never returned again. Throws `INVALID_OPTION` for an id not in the index. */
  remove(id: number): void {
    this.check(id);
    this.unstore(id);
    this.alive[id] = false;
  }

  /** Replaces the geometry of feature `id`, keeping its id. Throws `INVALID_OPTION` for an id not in the index. */
  replace(id: number, feature: Feature<Geometry | null>): void {
    this.check(id);
    this.unstore(id);
    this.store(id, feature);
  }

  /** Whether `id` is a current feature. */
  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.shapes.length && this.alive[id];
  }

  /**
   * The feature owning `(lon, lat)` under the boundary rule of {@link PolygonIndex}, or -1. Throws
   * `INVALID_COORDINATE` / `COORDINATE_OUT_OF_RANGE` for a point that is not a lon, lat.
   */
  locate(lon: number, lat: number): number {
    const problem = positionProblem(lon, lat);
    if (problem !== null) throw new WanggeError(problem, `point [${lon}, ${lat}] is not a lon, lat`);
    const found = this.tree.search({ minX: lon, minY: lat, maxX: lon, maxY: lat });
    if (found.length === 0) return -1;
    found.sort((a, b) => a.id - b.id || a.part - b.part);
    for (const b of found) {
      const { rings, slabs } = this.shapes[b.id]!;
      if (slabContains(rings, slabs, b.part, lon, lat)) return b.id;
    }
    for (const b of found) {
      const { rings, slabs } = this.shapes[b.id]!;
      if (slabBoundaryHas(rings, slabs, b.part, lon, lat)) return b.id;
    }
    return -1;
  }

  /** {@link locate} for `lon, lat` pairs interleaved in `xy`, into `out` when given. */
  locateMany(xy: Float64Array, out?: Int32Array): Int32Array {
    if (!(xy instanceof Float64Array) || xy.length % 2 !== 0) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'xy must be a Float64Array of lon, lat pairs');
    }
    const result = out ?? new Int32Array(xy.length / 2);
    if (!(result instanceof Int32Array) || result.length !== xy.length / 2) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `out must be an Int32Array of length ${xy.length / 2}`);
    }
    for (let i = 0; i < result.length; i++) result[i] = this.locate(xy[2 * i], xy[2 * i + 1]);
    return result;
  }

  /** Ids of the current features whose bounding box intersects the box (edges included), ascending. */
  search(minX: number, minY: number, maxX: number, maxY: number): number[] {
    if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `search box must be finite with min <= max, got ${JSON.stringify([minX, minY, maxX, maxY])}`,
      );
    }
    const ids = new Set(this.tree.search({ minX, minY, maxX, maxY }).map((b) => b.id));
    return [...ids].sort((a, b) => a - b);
  }

  private store(id: number, feature: unknown): void {
    const problems: InputProblem[] = [];
    const geometry = cleanFeature(feature, id, problems);
    for (const p of problems) this.problemList.push(p);
    if (geometry === null) return;
    const rings = ringsFromGeometries([geometry]);
    const boxes: PartBox[] = [];
    for (let p = 0; p < rings.parts; p++) {
      const [minX, minY, maxX, maxY] = rings.partBox.subarray(4 * p, 4 * p + 4);
      boxes.push({ minX, minY, maxX, maxY, id, part: p });
    }
    this.shapes[id] = { rings, slabs: slabsFromRings(rings) };
    this.boxes[id] = boxes;
    this.tree.load(boxes);
  }

  private unstore(id: number): void {
    for (const b of this.boxes[id] ?? []) this.tree.remove(b);
    this.shapes[id] = null;
    this.boxes[id] = undefined;
    this.problemList = this.problemList.filter((p) => p.featureIndex !== id);
  }

  private check(id: number): void {
    if (!this.has(id)) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `feature id ${id} is not in the index`);
    }
  }
}
