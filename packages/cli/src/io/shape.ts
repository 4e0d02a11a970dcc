import { ErrorCode, isGeometryType } from '@wangge/core';
import { describeValue } from './formats';

/** What is wrong with a geometry's structure, and where. */
export interface ShapeProblem {
  code: ErrorCode;
  /** Path inside the feature, e.g. `geometry.coordinates[0][3]`. */
  path: string;
  message: string;
}

/** How deep `coordinates` nest for each geometry type (a position is depth 1). */
const DEPTH: Record<string, number> = {
  Point: 1,
  MultiPoint: 2,
  LineString: 2,
  MultiLineString: 3,
  Polygon: 3,
  MultiPolygon: 4,
};

/** GeometryCollections nested deeper than this are refused (GeoJSON discourages nesting them at all). */
const MAX_COLLECTION_DEPTH = 8;

/**
 * The first structural problem of a GeoJSON geometry (`null` is fine), or `undefined`: an unknown type,
 * coordinates that are not arrays nested exactly as deep as the type says, a position that is not at
 * least two numbers. Walks without recursion, so coordinates nested 200,000 deep are a clean answer, not
 * a stack overflow. Non-finite numbers (`1e999`) pass here; the coordinate checks name them.
 */
export function shapeProblem(geometry: unknown, base = 'geometry'): ShapeProblem | undefined {
  const stack: Array<{ value: unknown; path: string; level: number }> = [
    { value: geometry, path: base, level: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, level } = stack.pop()!;
    if (value === null && level === 0) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        code: ErrorCode.INVALID_GEOJSON,
        path,
        message: `expected a geometry object, got ${describeValue(value)}`,
      };
    }
    const { type, coordinates, geometries } = value as {
      type?: unknown;
      coordinates?: unknown;
      geometries?: unknown;
    };
    if (!isGeometryType(type)) {
      return {
        code: ErrorCode.INVALID_GEOJSON,
        path: `${path}.type`,
        message: `${describeValue(type)} is not a GeoJSON geometry type`,
      };
    }
    if (type === 'GeometryCollection') {
      if (!Array.isArray(geometries)) {
        return {
          code: ErrorCode.INVALID_GEOJSON,
          path: `${path}.geometries`,
          message: 'a GeometryCollection needs a geometries array',
        };
      }
      if (level >= MAX_COLLECTION_DEPTH) {
        return {
          code: ErrorCode.INVALID_GEOJSON,
          path,
          message: `GeometryCollections nested more than ${MAX_COLLECTION_DEPTH} deep`,
        };
      }
      geometries.forEach((g, i) => {
        stack.push({ value: g, path: `${path}.geometries[${i}]`, level: level + 1 });
      });
      continue;
    }
    const problem = coordinatesProblem(type, coordinates, `${path}.coordinates`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function coordinatesProblem(type: string, coordinates: unknown, base: string): ShapeProblem | undefined {
  // Recursion is bounded by the type's depth (at most 4), never by the data.
  const walk = (value: unknown, depth: number, at: number[]): ShapeProblem | undefined => {
    const fail = (code: ErrorCode, message: string): ShapeProblem => ({
      code,
      path: `${base}${at.map((i) => `[${i}]`).join('')}`,
      message,
    });
    if (!Array.isArray(value)) {
      return fail(
        ErrorCode.INVALID_COORDINATE,
        `expected ${depth === 1 ? 'a position [lon, lat]' : 'an array'} in a ${type}, got ${describeValue(value)}`,
      );
    }
    if (depth === 1) {
      if (value.length < 2 || Array.isArray(value[0]) || Array.isArray(value[1])) {
        return fail(
          ErrorCode.INVALID_COORDINATE,
          value.length >= 2
            ? `coordinates nested deeper than a ${type}'s: expected [lon, lat] here`
            : `a position needs [lon, lat], got ${describeValue(value)}`,
        );
      }
      if (typeof value[0] !== 'number' || typeof value[1] !== 'number') {
        return fail(
          ErrorCode.INVALID_COORDINATE,
          `position ${describeValue(value)} is not a pair of numbers`,
        );
      }
      return undefined;
    }
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      const problem = walk(value[i], depth - 1, at);
      if (problem !== undefined) return problem;
      at.pop();
    }
    return undefined;
  };
  return walk(coordinates, DEPTH[type], []);
}
