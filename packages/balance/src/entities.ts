import { ErrorCode, positionProblem, WanggeError } from '@wangge/core';
import type { Feature, FeatureCollection, Point } from 'geojson';

/**
 * Entities (households, shops, key units) in columns; an entity's id is its row. The example city's
 * `HouseholdTable` is one as it stands.
 */
export interface EntityTable {
  /** Number of entities. */
  length: number;
  /** Positions, interleaved lon, lat. */
  xy: ArrayLike<number>;
  /** Category bit flags per entity (see {@link CategoryRule.flag}). @default all 0 */
  flags?: ArrayLike<number>;
  /** Residents per entity, for workers per 10,000 residents. @default all 0 */
  residents?: ArrayLike<number>;
}

/** Entity tables by name, e.g. `{ households, keyUnits, shops }`; category rules name their table. */
export type EntityTables = Readonly<Record<string, EntityTable>>;

/** Options of {@link pointsToTable}. */
export interface PointsToTableOptions {
  /** Category bit flags of a point from its properties. @default () => 0 */
  flags?: (properties: Record<string, unknown>) => number;
}

/**
 * An {@link EntityTable} from GeoJSON points, e.g. shops or key units. Throws `INVALID_GEOJSON` for a
 * feature that is not a Point and `INVALID_COORDINATE`/`COORDINATE_OUT_OF_RANGE` for a bad position.
 */
export function pointsToTable(
  points: FeatureCollection<Point> | readonly Feature<Point>[],
  options: PointsToTableOptions = {},
): EntityTable {
  const features = Array.isArray(points) ? points : (points as FeatureCollection<Point>).features;
  if (!Array.isArray(features)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      'expected a FeatureCollection or an array of Point features',
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
  return { length: features.length, xy, flags };
}

/** Checks a table's shape and positions; throws naming the table and the row. */
export function checkTable(name: string, table: EntityTable): void {
  const bad = (message: string, featureIndex?: number, code: ErrorCode = ErrorCode.INVALID_OPTION): never => {
    throw new WanggeError(code, `entity table ${name}: ${message}`, {
      featureIndex,
      path: `entities.${name}`,
    });
  };
  if (typeof table !== 'object' || table === null) bad('must be { length, xy }');
  if (!Number.isInteger(table.length) || table.length < 0)
    bad(`length must be a whole number, got ${table.length}`);
  if (table.xy === undefined || table.xy.length < 2 * table.length) bad('xy must hold 2 × length numbers');
  if (table.flags !== undefined && table.flags.length < table.length) bad('flags must hold length numbers');
  if (table.residents !== undefined && table.residents.length < table.length)
    bad('residents must hold length numbers');
  for (let i = 0; i < table.length; i++) {
    const problem = positionProblem(table.xy[2 * i], table.xy[2 * i + 1]);
    if (problem !== null) bad(`row ${i} has position ${table.xy[2 * i]}, ${table.xy[2 * i + 1]}`, i, problem);
  }
}
