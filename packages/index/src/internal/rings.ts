import {
  cleanGeometry,
  ErrorCode,
  featureLocation,
  featuresOf,
  type GridGeometry,
  type InputProblem,
  polygonsOf,
} from '@wangge/core';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/**
 * Polygon parts in flat typed arrays. Vertices of every ring are stored closed (the first vertex repeated
 * at the end), so vertex `v` and `v + 1` of a ring form an edge and an edge is named by its first vertex.
 */
export interface Rings {
  /** Interleaved lon, lat of every vertex. */
  xy: Float64Array;
  /** First vertex of ring `r`; `ringStart[r + 1]` is one past its closing vertex. */
  ringStart: Uint32Array;
  /** First ring of part `p` (its exterior); holes follow. */
  partRingStart: Uint32Array;
  /** Feature id of part `p`; parts are ordered by feature id. */
  partFeature: Int32Array;
  /** `minX, minY, maxX, maxY` of part `p` at `4p`. */
  partBox: Float64Array;
  /** Number of parts. */
  parts: number;
  /** Number of features (input positions). */
  features: number;
}

/** The features of a collection or array, or a WanggeError naming what was passed instead. */
export function featureArray(input: unknown): readonly unknown[] {
  return featuresOf<unknown>(input);
}

/** Cleans one input feature: its geometry, or `null`, with every problem reported. */
export function cleanFeature(
  feature: unknown,
  featureIndex: number,
  problems: InputProblem[],
): GridGeometry | null {
  const location = featureLocation(feature, featureIndex);
  if (typeof feature !== 'object' || feature === null || (feature as Feature).type !== 'Feature') {
    problems.push({ ...location, code: ErrorCode.INVALID_GEOJSON, message: 'not a GeoJSON Feature' });
    return null;
  }
  const result = cleanGeometry((feature as Feature).geometry, location);
  for (const p of result.problems) problems.push(p);
  return result.geometry;
}

/** Cleans every feature and lays out the surviving parts; `problems` lists everything dropped. */
export function ringsFromFeatures(
  input: FeatureCollection<Geometry | null> | readonly Feature<Geometry | null>[],
): { rings: Rings; problems: InputProblem[] } {
  const features = featureArray(input);
  const problems: InputProblem[] = [];
  const geometries = features.map((f, i) => cleanFeature(f, i, problems));
  return { rings: ringsFromGeometries(geometries), problems };
}

/** Lays out cleaned geometries (`null` = nothing to index) in flat arrays; ids are array positions. */
export function ringsFromGeometries(geometries: readonly (GridGeometry | null)[]): Rings {
  let vertexCount = 0;
  let ringCount = 0;
  let partCount = 0;
  for (const g of geometries) {
    if (g === null) continue;
    for (const part of polygonsOf(g)) {
      partCount++;
      for (const ring of part) {
        ringCount++;
        vertexCount += ring.length;
      }
    }
  }
  const xy = new Float64Array(vertexCount * 2);
  const ringStart = new Uint32Array(ringCount + 1);
  const partRingStart = new Uint32Array(partCount + 1);
  const partFeature = new Int32Array(partCount);
  const partBox = new Float64Array(partCount * 4);
  let v = 0;
  let r = 0;
  let p = 0;
  geometries.forEach((g, id) => {
    if (g === null) return;
    for (const part of polygonsOf(g)) {
      partRingStart[p] = r;
      partFeature[p] = id;
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const ring of part) {
        ringStart[r++] = v;
        for (const position of ring) {
          const x = position[0];
          const y = position[1];
          xy[2 * v] = x;
          xy[2 * v + 1] = y;
          v++;
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
      }
      partBox[4 * p] = minX;
      partBox[4 * p + 1] = minY;
      partBox[4 * p + 2] = maxX;
      partBox[4 * p + 3] = maxY;
      p++;
    }
  });
  ringStart[ringCount] = v;
  partRingStart[partCount] = ringCount;
  return {
    xy,
    ringStart,
    partRingStart,
    partFeature,
    partBox,
    parts: partCount,
    features: geometries.length,
  };
}
