import { checkOptions, ErrorCode, type InputProblem, positionProblem, WanggeError } from '@wangge/core';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { decodeIndex, encodeIndex, type Stored } from './internal/buffer';
import { defaultCellCount } from './internal/grid/build';
import { GridQuery } from './internal/grid/query';
import { type Rings, ringsFromFeatures } from './internal/rings';
import { type Slabs, slabBoundaryHas, slabContains, slabsFromRings } from './internal/slabs';

/** Options of {@link PolygonIndex.from}. */
export interface PolygonIndexOptions {
  /**
   * Cells of the uniform acceleration grid laid over the data's bounding box, laid out on the first query
   * and built row by row where points land. A cell that no edge touches answers without any edge test; a
   * cell with edges tests only its own few edges, and a crowded one is split into a finer sub-grid once
   * enough points have landed in it. `0` turns
   * the grid off: every query tests whole parts found through the bounding-box tree (slower, least memory).
   * Top cells are stored in blocks of 8 × 8; a block no edge touches is one word, so the empty space
   * between far-apart parts costs little.
   * @default about 4 over the box of a typical (median) part, over the whole bounding box; at least one
   * per 4 edges; at most two per edge over the parts' boxes, and at most 4,194,304
   */
  cells?: number;
}

/**
 * A static index of Polygon/MultiPolygon features (holes allowed) for exact point location.
 *
 * **Boundary rule.** A point is located as if nudged infinitesimally east, and on a tie north: the point
 * `p + (ε, ε²)`, `ε → 0+`, decided with exact orientation predicates (simulation of simplicity). The nudged
 * point is never on an edge, so on a tiling every point, including points exactly on shared edges and
 * shared vertices, belongs to exactly one feature: the one east of it (north of it on a horizontal edge).
 * Where the nudged point is in no feature but the point itself lies on a feature's boundary (the outer
 * boundary of the set, or the rim of an unfilled hole), the lowest such feature id owns it, so boundary
 * points are never lost. Where features overlap, the lowest id wins. `locate`, `locateMany` and the
 * unaccelerated path (`cells: 0`) give the same answer bit for bit.
 *
 * Feature ids are input positions. Dirty input (rings of fewer than 3 distinct positions, zero-area rings,
 * empty parts, bad coordinates, non-polygon geometries) is dropped part by part and listed in
 * {@link PolygonIndex.problems}; a feature with nothing left is never returned.
 */
export class PolygonIndex {
  /** Number of input features; ids run from 0 to `size - 1`. */
  readonly size: number;
  /** Every ring, part or feature dropped while building, with its feature index and reason. */
  readonly problems: InputProblem[];
  private readonly rings: Rings;
  /** Top cells asked for: 0 = no grid, `undefined` = the default (sized when the grid is made). */
  private readonly cellCount: number | undefined;
  /** The grid once built (on the first query), `null` without one. */
  private gridQuery: GridQuery | null | undefined;
  private slabCache: Slabs | undefined;
  private partTreeCache: Flatbush | null | undefined;
  private featureTreeCache: { tree: Flatbush | null; ids: Int32Array } | undefined;

  private constructor(
    rings: Rings,
    problems: InputProblem[],
    cellCount: number | undefined,
    stored?: Stored,
  ) {
    if (typeof (rings as Partial<Rings> | null)?.features !== 'number' || !Array.isArray(problems)) {
      throw new WanggeError(ErrorCode.INVALID_STATE, 'a PolygonIndex is made by PolygonIndex.from(features)');
    }
    this.size = rings.features;
    this.problems = problems;
    this.rings = rings;
    this.cellCount = cellCount;
    if (stored !== undefined) {
      this.gridQuery = stored.grid === null ? null : GridQuery.open(stored.grid, rings.xy);
      this.slabCache = stored.slabs ?? undefined;
      this.partTreeCache = stored.partTree;
      this.featureTreeCache = { tree: stored.featureTree, ids: stored.treeFeature };
    }
  }

  /**
   * Builds the index: the input is cleaned and laid out in typed arrays; the cell grid follows on the
   * first query, row by row where points land. Throws a {@link WanggeError} `INVALID_GEOJSON` when `features` is not a collection or
   * array, `INVALID_OPTION` for a bad option; dirty features are cleaned and reported, not thrown.
   */
  static from(
    features: FeatureCollection<Geometry | null> | readonly Feature<Geometry | null>[],
    options?: PolygonIndexOptions,
  ): PolygonIndex {
    options = checkOptions(options, 'PolygonIndex.from');
    const cells = options.cells;
    if (cells !== undefined && (!Number.isInteger(cells) || cells < 0 || cells > 2 ** 26)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `cells must be a whole number from 0 to ${2 ** 26}, got ${String(options.cells)}`,
      );
    }
    const { rings, problems } = ringsFromFeatures(features);
    return new PolygonIndex(rings, problems, rings.parts === 0 ? 0 : cells);
  }

  /**
   * An index from a buffer written by {@link PolygonIndex.toBuffer}, without rebuilding anything: its
   * typed arrays are views on `buffer` and its trees are opened with `Flatbush.from`. Throws
   * `UNREADABLE_INPUT` for a buffer that is not one.
   */
  static fromBuffer(buffer: ArrayBuffer | SharedArrayBuffer): PolygonIndex {
    const stored = decodeIndex(buffer);
    const cellCount = stored.grid === null ? 0 : stored.grid.cols * stored.grid.rows;
    return new PolygonIndex(stored.rings, stored.problems, cellCount, stored);
  }

  /**
   * The whole index in one ArrayBuffer (a small header, then typed arrays and both trees, all built now
   * if they were not yet): post it to a worker thread or cache it, and open it with
   * {@link PolygonIndex.fromBuffer}, which answers bit for bit like this index.
   */
  toBuffer(): ArrayBuffer {
    return encodeIndex(this.stored(), false) as ArrayBuffer;
  }

  /** What {@link toBuffer} writes, everything built. */
  private stored(): Stored {
    const grid = this.grid();
    const featureTree = this.featureTree();
    return {
      rings: this.rings,
      grid: grid === null ? null : grid.snapshot(),
      slabs: grid === null && this.rings.parts > 0 ? this.slabs() : null,
      partTree: this.partTree(),
      featureTree: featureTree.tree,
      treeFeature: featureTree.ids,
      problems: this.problems,
    };
  }

  /**
   * The id of the feature owning `(lon, lat)` under the boundary rule, or -1 when none does. Throws
   * `INVALID_COORDINATE` for a non-finite coordinate, `COORDINATE_OUT_OF_RANGE` outside lon [-180, 180],
   * lat [-90, 90] (often swapped lat, lon).
   */
  locate(lon: number, lat: number): number {
    if (positionProblem(lon, lat) !== null) throw badPoint(lon, lat, -1);
    const grid = this.grid();
    return grid === null ? this.locateByTree(lon, lat) : grid.locate(lon, lat);
  }

  /**
   * Locates many points at once: `xy` holds `lon, lat` interleaved; the result holds one id (or -1) per
   * point. Pass `out` (length `xy.length / 2`) to reuse a buffer; nothing is allocated per point. Throws
   * `INVALID_OPTION` for an odd `xy` length or a wrong `out` length, and `INVALID_COORDINATE` or
   * `COORDINATE_OUT_OF_RANGE` naming the first bad point.
   */
  locateMany(xy: Float64Array, out?: Int32Array): Int32Array {
    if (!(xy instanceof Float64Array) || xy.length % 2 !== 0) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, 'xy must be a Float64Array of lon, lat pairs');
    }
    const n = xy.length / 2;
    const result = out ?? new Int32Array(n);
    if (!(result instanceof Int32Array) || result.length !== n) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `out must be an Int32Array of length ${n}`);
    }
    const grid = this.grid();
    if (grid !== null) {
      const bad = grid.locateMany(xy, result, 0, n);
      if (bad >= 0) throw badPoint(xy[2 * bad], xy[2 * bad + 1], bad);
      return result;
    }
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i];
      const y = xy[2 * i + 1];
      if (positionProblem(x, y) !== null) throw badPoint(x, y, i);
      result[i] = this.locateByTree(x, y);
    }
    return result;
  }

  /** Ids of the features whose bounding box intersects the box (edges included), ascending. */
  search(minX: number, minY: number, maxX: number, maxY: number): number[] {
    if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `search box must be finite with min <= max, got ${JSON.stringify([minX, minY, maxX, maxY])}`,
      );
    }
    const { tree, ids } = this.featureTree();
    if (tree === null) return [];
    return tree
      .search(minX, minY, maxX, maxY)
      .map((k) => ids[k])
      .sort((a, b) => a - b);
  }

  /** The cell grid, built on first use; `null` for an index without one. */
  private grid(): GridQuery | null {
    if (this.gridQuery === undefined) {
      const cells = this.cellCount ?? Math.min(defaultCellCount(this.rings), 2 ** 26);
      this.gridQuery = cells === 0 ? null : GridQuery.build(this.rings, cells);
    }
    return this.gridQuery;
  }

  private slabs(): Slabs {
    this.slabCache ??= slabsFromRings(this.rings);
    return this.slabCache;
  }

  private partTree(): Flatbush | null {
    if (this.partTreeCache === undefined) {
      const { partBox, parts } = this.rings;
      this.partTreeCache = parts === 0 ? null : boxTree(partBox, parts);
    }
    return this.partTreeCache;
  }

  /** One box per feature with parts (the union of its part boxes), on first use. */
  private featureTree(): { tree: Flatbush | null; ids: Int32Array } {
    if (this.featureTreeCache === undefined) {
      const { parts, partBox, partFeature } = this.rings;
      const featureBox: number[] = [];
      const treeFeature: number[] = [];
      for (let p = 0; p < parts; p++) {
        const f = partFeature[p];
        const k = treeFeature.length - 1;
        if (k >= 0 && treeFeature[k] === f) {
          featureBox[4 * k] = Math.min(featureBox[4 * k], partBox[4 * p]);
          featureBox[4 * k + 1] = Math.min(featureBox[4 * k + 1], partBox[4 * p + 1]);
          featureBox[4 * k + 2] = Math.max(featureBox[4 * k + 2], partBox[4 * p + 2]);
          featureBox[4 * k + 3] = Math.max(featureBox[4 * k + 3], partBox[4 * p + 3]);
        } else {
          treeFeature.push(f);
          for (let i = 0; i < 4; i++) featureBox.push(partBox[4 * p + i]);
        }
      }
      this.featureTreeCache = {
        tree: treeFeature.length === 0 ? null : boxTree(featureBox, treeFeature.length),
        ids: Int32Array.from(treeFeature),
      };
    }
    return this.featureTreeCache;
  }

  /** The unaccelerated path: candidate parts from the box tree, each tested on one slab of its edges. */
  private locateByTree(x: number, y: number): number {
    const tree = this.partTree();
    if (tree === null) return -1;
    const parts = tree.search(x, y, x, y).sort((a, b) => a - b);
    const { rings } = this;
    const slabs = this.slabs();
    for (const p of parts) if (slabContains(rings, slabs, p, x, y)) return rings.partFeature[p];
    for (const p of parts) if (slabBoundaryHas(rings, slabs, p, x, y)) return rings.partFeature[p];
    return -1;
  }
}
function boxTree(boxes: ArrayLike<number>, count: number): Flatbush {
  const tree = new Flatbush(count);
  for (let i = 0; i < count; i++)
    tree.add(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
  tree.finish();
  return tree;
}

function badPoint(x: number, y: number, index: number): WanggeError {
  const which = index < 0 ? 'point' : `point #${index}`;
  return new WanggeError(
    positionProblem(x, y) ?? ErrorCode.INVALID_COORDINATE,
    `${which} [${x}, ${y}] is not a lon, lat (finite, lon in [-180, 180], lat in [-90, 90])`,
    index < 0 ? {} : { path: `xy[${2 * index}]` },
  );
}
