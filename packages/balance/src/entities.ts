import {
  ErrorCode,
  isPointTable,
  type PointTable,
  pointTable,
  positionProblem,
  WanggeError,
} from '@wangge/core';
import type { Feature, FeatureCollection, Point } from 'geojson';

/**
 * Point tables by name, e.g. `{ households, keyUnits, shops }` (core's {@link PointTable}); category
 * rules name their table. A household table's `residents` column is summed, its `flags` column holds
 * the key-group bits the categories select by.
 */
export type EntityTables = Readonly<Record<string, PointTable>>;

/** Options of {@link pointsToTable}. */
export interface PointsToTableOptions {
  /** Category bit flags of a point from its properties, stored in the `flags` column. @default () => 0 */
  flags?: (properties: Record<string, unknown>) => number;
}

/**
 * A {@link PointTable} from GeoJSON points (shops, key units), with a `flags` column. Throws
 * `INVALID_GEOJSON` for input that is not a FeatureCollection or an array of Point features, and
 * `INVALID_COORDINATE`/`COORDINATE_OUT_OF_RANGE` for a bad position.
 */
export function pointsToTable(
  points: FeatureCollection<Point> | readonly Feature<Point>[],
  options: PointsToTableOptions = {},
): PointTable {
  const features = Array.isArray(points) ? points : (points as FeatureCollection<Point> | null)?.features;
  if (!Array.isArray(features)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      `expected a FeatureCollection or an array of Point features, got ${points === null ? 'null' : typeof points}`,
    );
  }
  const xy = new Float64Array(2 * features.length);
  const flags = new Uint32Array(features.length);
  features.forEach((f: Feature<Point>, i: number) => {
    if (f?.geometry?.type !== 'Point' || !Array.isArray(f.geometry.coordinates)) {
      throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'expected a Point feature', { featureIndex: i });
    }
    const [lon, lat] = f.geometry.coordinates;
    const problem = positionProblem(lon, lat);
    if (problem !== null) {
      throw new WanggeError(problem, `bad position ${JSON.stringify(f.geometry.coordinates)}`, {
        featureIndex: i,
        path: 'geometry.coordinates',
      });
    }
    xy[2 * i] = lon;
    xy[2 * i + 1] = lat;
    flags[i] = options.flags?.((f.properties ?? {}) as Record<string, unknown>) ?? 0;
  });
  return pointTable(xy, { flags });
}

/** Checks a table's shape and positions; throws naming the table and the row. */
export function checkTable(name: string, table: PointTable): void {
  const bad = (message: string, featureIndex?: number, code: ErrorCode = ErrorCode.INVALID_OPTION): never => {
    throw new WanggeError(code, `entity table ${name}: ${message}`, {
      featureIndex,
      path: `entities.${name}`,
    });
  };
  if (!isPointTable(table)) {
    bad('must be a PointTable { length, xy: Float64Array, columns } (see pointTable in @wangge/core)');
  }
  for (const [column, values] of Object.entries(table.columns)) {
    if (values?.length !== table.length) bad(`column ${column} must hold ${table.length} values`);
  }
  for (let i = 0; i < table.length; i++) {
    const problem = positionProblem(table.xy[2 * i], table.xy[2 * i + 1]);
    if (problem !== null) bad(`row ${i} has position ${table.xy[2 * i]}, ${table.xy[2 * i + 1]}`, i, problem);
  }
}
