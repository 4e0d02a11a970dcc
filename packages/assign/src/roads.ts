import {
  ErrorCode,
  featuresOf,
  type GridPlan,
  geodesicDistance,
  positionProblem,
  WanggeError,
} from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import type { Feature, FeatureCollection, Position } from 'geojson';

/** The length of a road inside one grid. */
export interface RoadShare {
  /** Plan grid id of the leaf grid. */
  gridId: number;
  /** Metres of the road inside it. */
  length: number;
}

/** One road segment (部门包路段) split over the leaf grids it crosses. */
export interface RoadAssignment {
  /** Position of the road in the input. */
  index: number;
  /** Its whole length in metres (geodesic, vertex to vertex). */
  length: number;
  /** Every leaf grid it runs through, by grid id; the lengths and `outside` add up to `length`. */
  shares: RoadShare[];
  /** Metres in no leaf grid (outside the plan or in a gap). */
  outside: number;
}

/**
 * Splits road segments (LineString or MultiLineString features) over the leaf grids of a plan, for
 * 部门包路段: each road gets the length inside every grid it crosses. Each segment is cut where it
 * crosses a grid edge and every piece goes, by its midpoint and the one point rule of `@wangge/index`,
 * to exactly one grid (or outside), so a road along a shared edge is counted once and the pieces add
 * up to the road's length. Piece lengths are the segment's geodesic length times the fraction of the
 * segment they span. For a plan of several systems, pass `plan.systemToPlan(name)`.
 */
export function roadsToGrids(
  plan: GridPlan,
  roads: FeatureCollection | readonly Feature[],
): RoadAssignment[] {
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.grids)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'roadsToGrids: expected a GridPlan');
  }
  const features = featuresOf(roads as FeatureCollection);
  const leaves = plan
    .leaves()
    .map((g) => plan.idOfCode(g.properties.code))
    .filter((id) => plan.grids[id].geometry.coordinates.length > 0);
  const index = leaves.length === 0 ? null : PolygonIndex.from(leaves.map((id) => plan.grids[id]));
  return features.map((feature, i) => {
    const lines = linesOf(feature, i);
    const byLeaf = new Map<number, number>();
    let length = 0;
    let outside = 0;
    for (const line of lines) {
      for (let k = 1; k < line.length; k++) {
        const a = line[k - 1];
        const b = line[k];
        const segment = geodesicDistance(a, b);
        if (segment === 0) continue;
        length += segment;
        const ts = index === null ? [] : crossings(plan, leaves, index, a, b);
        ts.push(1);
        let t0 = 0;
        for (const t1 of ts) {
          if (t1 <= t0) continue;
          const mid = (t0 + t1) / 2;
          const owner =
            index === null ? -1 : index.locate(a[0] + mid * (b[0] - a[0]), a[1] + mid * (b[1] - a[1]));
          const piece = (t1 - t0) * segment;
          if (owner < 0) outside += piece;
          else byLeaf.set(leaves[owner], (byLeaf.get(leaves[owner]) ?? 0) + piece);
          t0 = t1;
        }
      }
    }
    const shares = [...byLeaf].sort((x, y) => x[0] - y[0]).map(([gridId, len]) => ({ gridId, length: len }));
    return { index: i, length, shares, outside };
  });
}

/** The parameters in (0, 1) where segment a→b crosses an edge of a grid near it, ascending. */
function crossings(
  plan: GridPlan,
  leaves: number[],
  index: PolygonIndex,
  a: Position,
  b: Position,
): number[] {
  const [ax, ay] = a;
  const dx = b[0] - ax;
  const dy = b[1] - ay;
  const ts: number[] = [];
  const near = index.search(Math.min(ax, b[0]), Math.min(ay, b[1]), Math.max(ax, b[0]), Math.max(ay, b[1]));
  for (const k of near) {
    const geometry = plan.grids[leaves[k]].geometry;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (let e = 1; e < ring.length; e++) {
        const [cx, cy] = ring[e - 1];
        const ex = ring[e][0] - cx;
        const ey = ring[e][1] - cy;
        const denom = dx * ey - dy * ex;
        if (denom === 0) continue; // parallel: a piece along an edge is owned by its midpoint
        const qx = cx - ax;
        const qy = cy - ay;
        const t = (qx * ey - qy * ex) / denom;
        const u = (qx * dy - qy * dx) / denom;
        if (t > 0 && t < 1 && u >= 0 && u <= 1) ts.push(t);
      }
    }
  }
  return ts.sort((x, y) => x - y);
}

/** The lines of a road feature, checked; anything else is refused naming the feature. */
function linesOf(feature: Feature, i: number): Position[][] {
  const g = feature?.geometry;
  const location = { featureIndex: i, featureId: feature?.id };
  const lines =
    g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : undefined;
  if (lines === undefined || !Array.isArray(lines)) {
    throw new WanggeError(
      ErrorCode.UNSUPPORTED_GEOMETRY,
      `road #${i} is a ${g?.type ?? 'feature without geometry'}, not a LineString or MultiLineString`,
      location,
    );
  }
  for (const line of lines) {
    if (!Array.isArray(line)) {
      throw new WanggeError(
        ErrorCode.INVALID_GEOJSON,
        `road #${i}: a line is an array of positions`,
        location,
      );
    }
    for (const p of line) {
      const problem = Array.isArray(p) ? positionProblem(p[0], p[1]) : ErrorCode.INVALID_COORDINATE;
      if (problem !== null) {
        throw new WanggeError(
          problem,
          `road #${i}: ${JSON.stringify(p)} is not a longitude/latitude`,
          location,
        );
      }
    }
  }
  return lines;
}
