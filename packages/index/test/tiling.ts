import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Polygon, Position } from 'geojson';

/** A seeded random tiling of jittered quads, some split along a diagonal, in dyadic coordinates. */
export interface Tiling {
  features: Feature<Polygon>[];
  /** Every vertex, and the exact midpoint of every edge (dyadic, so exactly on the edge). */
  boundaryPoints: Position[];
  box: [number, number, number, number];
}

/**
 * Jitter steps are sixteenths, so every coordinate and every edge midpoint is exact in binary. Keep jitter
 * within ±3 (±0.1875): the quads stay convex, so their diagonal splits tile them.
 */
export function jitteredTiling(cols: number, rows: number, jitter: number[], split: boolean[]): Tiling {
  const x0 = 100;
  const y0 = 20;
  const vertex = (i: number, j: number): Position => {
    const k = (j * (cols + 1) + i) * 2;
    const inner = i > 0 && i < cols && j > 0 && j < rows;
    return [
      x0 + i + (inner ? jitter[k % jitter.length] / 16 : 0),
      y0 + j + (inner ? jitter[(k + 1) % jitter.length] / 16 : 0),
    ];
  };
  const features: Feature<Polygon>[] = [];
  const boundaryPoints: Position[] = [];
  let q = 0;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const a = vertex(i, j);
      const b = vertex(i + 1, j);
      const c = vertex(i + 1, j + 1);
      const d = vertex(i, j + 1);
      const rings = split[q++ % split.length]
        ? [
            [a, b, c, a],
            [a, c, d, a],
          ]
        : [[a, b, c, d, a]];
      for (const ring of rings) {
        features.push({
          type: 'Feature',
          properties: {},
          geometry: { type: 'Polygon', coordinates: [ring] },
        });
        for (let k = 0; k + 1 < ring.length; k++) {
          boundaryPoints.push(ring[k], [
            (ring[k][0] + ring[k + 1][0]) / 2,
            (ring[k][1] + ring[k + 1][1]) / 2,
          ]);
        }
      }
    }
  }
  return { features, boundaryPoints, box: [x0, y0, x0 + cols, y0 + rows] };
}

/**
 * Brute-force owner, independent of the index: the first feature containing the point nudged by a small
 * concrete (1e-7, 1e-12), by turf; else the first whose closed polygon holds the point. Valid for tilings
 * in coordinates near 100 whose edges are either horizontal or steeper than 1e-4.
 */
export function referenceOwner(features: Feature<Polygon>[], p: Position): number {
  const nudged = [p[0] + 1e-7, p[1] + 1e-12];
  const inside = features.findIndex((f) => booleanPointInPolygon(nudged, f));
  if (inside >= 0) return inside;
  return features.findIndex((f) => booleanPointInPolygon(p, f));
}

/** How many features contain the nudged point. */
export function nudgedOwners(features: Feature<Polygon>[], p: Position): number {
  const nudged = [p[0] + 1e-7, p[1] + 1e-12];
  return features.filter((f) => booleanPointInPolygon(nudged, f)).length;
}
