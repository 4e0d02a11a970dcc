import { checkOptions, ErrorCode, geodesicDistance, type InputProblem, WanggeError } from '@wangge/core';
import { orientSign } from '@wangge/geometry/internal';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { ringsFromFeatures } from './internal/rings';

/** Options of {@link neighbours}. */
export interface NeighboursOptions {
  /**
   * Pairs sharing less boundary than this, in metres, are not neighbours (a sliver of shared edge from
   * digitising noise). Pairs touching only at a point never are. @default 0
   */
  minSharedLength?: number;
}

/**
 * The adjacency graph of a set of grids in compressed sparse rows: the neighbours of grid `i` are
 * `targets[offsets[i] .. offsets[i + 1]]`, ascending, and `sharedLength` holds, at the same positions, the
 * length of boundary they share in metres. Symmetric: `j` is a neighbour of `i` exactly when `i` is one of
 * `j`, with the same length.
 */
export class AdjacencyGraph {
  /** Number of grids (input features); ids are input positions. */
  readonly size: number;
  /** Start of each grid's row in `targets`; length `size + 1`. */
  readonly offsets: Uint32Array;
  /** Neighbour ids, ascending within each row. */
  readonly targets: Int32Array;
  /** Shared boundary in metres (WGS84 geodesic), parallel to `targets`. */
  readonly sharedLength: Float64Array;
  /** Rings, parts or features dropped from the input while building, with their reason. */
  readonly problems: InputProblem[];

  /** Use {@link neighbours} to build one. */
  constructor(
    size: number,
    offsets: Uint32Array,
    targets: Int32Array,
    sharedLength: Float64Array,
    problems: InputProblem[],
  ) {
    this.size = size;
    this.offsets = offsets;
    this.targets = targets;
    this.sharedLength = sharedLength;
    this.problems = problems;
  }

  /** The neighbours of grid `id`, ascending (a view, not a copy). */
  neighboursOf(id: number): Int32Array {
    this.check(id);
    return this.targets.subarray(this.offsets[id], this.offsets[id + 1]);
  }

  /** Boundary shared by grids `a` and `b` in metres, 0 when they are not neighbours. */
  sharedLengthOf(a: number, b: number): number {
    this.check(a);
    this.check(b);
    let lo = this.offsets[a];
    let hi = this.offsets[a + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.targets[mid] < b) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.offsets[a + 1] && this.targets[lo] === b ? this.sharedLength[lo] : 0;
  }

  private check(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.size) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `grid id ${id} is not in 0..${this.size - 1}`);
    }
  }
}

/**
 * Which grids share an edge (a stretch of boundary of positive length, not just a point), and how much,
 * in metres. Edges are compared exactly: two boundary segments are shared where they lie on one line (exact
 * orientation predicates) and overlap, so vertices need not match (a long edge against two short ones
 * counts). Boundaries that merely come close are not shared; check a plan with a coverage validator first.
 * Dirty parts are dropped and reported in `problems`, as for {@link PolygonIndex.from}.
 */
export function neighbours(
  features: FeatureCollection<Geometry | null> | readonly Feature<Geometry | null>[],
  options?: NeighboursOptions,
): AdjacencyGraph {
  options = checkOptions(options, 'neighbours');
  const minShared = options.minSharedLength ?? 0;
  if (typeof minShared !== 'number' || !(minShared >= 0) || !Number.isFinite(minShared)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `minSharedLength must be a finite number >= 0, got ${String(options.minSharedLength)}`,
    );
  }
  const { rings, problems } = ringsFromFeatures(features);
  const { xy, ringStart, partRingStart, partFeature, parts } = rings;
  const edgeStart: number[] = [];
  const edgeFeature: number[] = [];
  for (let p = 0; p < parts; p++) {
    for (let r = partRingStart[p]; r < partRingStart[p + 1]; r++) {
      for (let v = ringStart[r]; v < ringStart[r + 1] - 1; v++) {
        edgeStart.push(v);
        edgeFeature.push(partFeature[p]);
      }
    }
  }
  const shared = new Map<number, number>();
  const n = rings.features;
  if (edgeStart.length > 0) {
    const tree = new Flatbush(edgeStart.length);
    for (const v of edgeStart) {
      const ax = xy[2 * v];
      const ay = xy[2 * v + 1];
      const bx = xy[2 * v + 2];
      const by = xy[2 * v + 3];
      tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    tree.finish();
    for (let e = 0; e < edgeStart.length; e++) {
      const f = edgeFeature[e];
      const v = edgeStart[e];
      const ax = xy[2 * v];
      const ay = xy[2 * v + 1];
      const bx = xy[2 * v + 2];
      const by = xy[2 * v + 3];
      const found = tree.search(
        Math.min(ax, bx),
        Math.min(ay, by),
        Math.max(ax, bx),
        Math.max(ay, by),
        (g) => edgeFeature[g] > f,
      );
      for (const g of found) {
        const w = edgeStart[g];
        const length = overlapLength(ax, ay, bx, by, xy[2 * w], xy[2 * w + 1], xy[2 * w + 2], xy[2 * w + 3]);
        if (length > 0) {
          const key = f * n + edgeFeature[g];
          shared.set(key, (shared.get(key) ?? 0) + length);
        }
      }
    }
  }
  const pairs = [...shared].filter(([, length]) => length > 0 && length >= minShared);
  const offsets = new Uint32Array(n + 1);
  for (const [key] of pairs) {
    offsets[Math.floor(key / n) + 1]++;
    offsets[(key % n) + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const targets = new Int32Array(offsets[n]);
  const lengths = new Float64Array(offsets[n]);
  const cursor = offsets.slice(0, n);
  // Ascending keys give every row its targets in ascending order: rows of `a` are filled by pairs (a, b)
  // with b > a after the pairs (c, a) with c < a, each group ascending.
  const byTarget = [...pairs].sort((x, y) => (x[0] % n) - (y[0] % n) || x[0] - y[0]);
  for (const [key, length] of byTarget) {
    const a = Math.floor(key / n);
    const b = key % n;
    targets[cursor[b]] = a;
    lengths[cursor[b]++] = length;
  }
  pairs.sort((x, y) => x[0] - y[0]);
  for (const [key, length] of pairs) {
    const a = Math.floor(key / n);
    const b = key % n;
    targets[cursor[a]] = b;
    lengths[cursor[a]++] = length;
  }
  return new AdjacencyGraph(n, offsets, targets, lengths, problems);
}

/** Length in metres of the stretch where two collinear segments overlap, 0 when they do not. */
function overlapLength(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  if (orientSign(ax, ay, bx, by, cx, cy) !== 0 || orientSign(ax, ay, bx, by, dx, dy) !== 0) return 0;
  // Collinear: order the four points along the dominant axis of a → b.
  const alongX = Math.abs(bx - ax) >= Math.abs(by - ay);
  const key = (x: number, y: number) => (alongX ? x : y);
  const [s0x, s0y, s1x, s1y] = key(ax, ay) <= key(bx, by) ? [ax, ay, bx, by] : [bx, by, ax, ay];
  const [t0x, t0y, t1x, t1y] = key(cx, cy) <= key(dx, dy) ? [cx, cy, dx, dy] : [dx, dy, cx, cy];
  const [lox, loy] = key(s0x, s0y) >= key(t0x, t0y) ? [s0x, s0y] : [t0x, t0y];
  const [hix, hiy] = key(s1x, s1y) <= key(t1x, t1y) ? [s1x, s1y] : [t1x, t1y];
  if (key(lox, loy) >= key(hix, hiy)) return 0;
  return geodesicDistance([lox, loy], [hix, hiy]);
}
