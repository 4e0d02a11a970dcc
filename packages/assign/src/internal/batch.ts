import {
  cleanGeometry,
  ErrorCode,
  type GridGeometry,
  isGeometryType,
  isPointTable,
  type PointTable,
  WanggeError,
} from '@wangge/core';
import { featureLocation } from '@wangge/core/internal';

/** A row of attributes as rules and value functions see it: feature properties, a row, or a table row. */
export type EntityRow = Readonly<Record<string, unknown>>;

/**
 * What `assign` reads: the core {@link PointTable} (`pointTable(xy, columns)` of `@wangge/core`: positions
 * in a Float64Array, NaN for a row without one, plus named columns), GeoJSON (a FeatureCollection or an
 * array of Features with Point, Polygon or MultiPolygon geometries), or an array of rows with lon/lat
 * columns. Streams of records go to `assignStream` instead.
 */
export type AssignInput =
  | PointTable
  | { readonly type: 'FeatureCollection'; readonly features: readonly unknown[] }
  | readonly unknown[];

/** One batch of entities normalised for the hot loop: points in a typed array, footprints aside. */
export interface Batch {
  readonly length: number;
  /** Positions, interleaved lon, lat; NaN for entities without a usable point (footprints included). */
  readonly xy: Float64Array;
  /** Cleaned footprint of each footprint entity by batch index; `null` when nothing of it is usable. */
  readonly footprints: Map<number, GridGeometry | null>;
  /** Names of the columns when the input declares them (a column table), else `undefined`. */
  readonly columnNames: readonly string[] | undefined;
  /** The column as an array, when the input holds columns (fast path), else `undefined`. */
  column(name: string): ArrayLike<unknown> | undefined;
  /** One attribute of entity `i`. */
  value(name: string, i: number): unknown;
  /** All attributes of entity `i`. */
  row(i: number): EntityRow;
}

/** Names of the coordinate columns of rows. */
export interface CoordinateColumns {
  lon: string;
  lat: string;
}

/** Reads any {@link AssignInput} into a batch. `offset` is the global index of its first entity. */
export function inputToBatch(input: AssignInput, coordinates: CoordinateColumns, offset = 0): Batch {
  if (Array.isArray(input)) return recordsToBatch(input, coordinates, offset);
  if (typeof input !== 'object' || input === null) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      `expected a point table (pointTable of @wangge/core), a FeatureCollection, or an array of Features or rows; got ${String(input)}`,
    );
  }
  const record = input as Record<string, unknown>;
  if (record.type === 'FeatureCollection') {
    if (!Array.isArray(record.features)) {
      throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'a FeatureCollection without a features array');
    }
    return recordsToBatch(record.features, coordinates, offset);
  }
  if (isPointTable(input)) return tableToBatch(input);
  throw new WanggeError(
    ErrorCode.INVALID_GEOJSON,
    record.xy !== undefined
      ? 'expected a point table { length, xy, columns } (make one with pointTable(xy, columns) of @wangge/core)'
      : 'expected a point table (pointTable of @wangge/core), a FeatureCollection, or an array of Features or rows',
  );
}

/**
 * Reads records one by one: a GeoJSON Feature (Point → point; Polygon/MultiPolygon → footprint; no
 * geometry → unusable) or a plain row with lon/lat columns. Mixed arrays are fine (NDJSON lines are).
 */
export function recordsToBatch(
  records: readonly unknown[],
  { lon, lat }: CoordinateColumns,
  offset = 0,
): Batch {
  const length = records.length;
  const xy = new Float64Array(2 * length).fill(Number.NaN);
  const footprints = new Map<number, GridGeometry | null>();
  const rows: EntityRow[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const record = records[i];
    const at = { featureIndex: offset + i };
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new WanggeError(
        ErrorCode.INVALID_PROPERTIES,
        `expected a Feature or a row object, got ${JSON.stringify(record)}`,
        at,
      );
    }
    const r = record as Record<string, unknown>;
    if (r.type === 'Feature') {
      const props = r.properties;
      rows[i] = typeof props === 'object' && props !== null ? (props as EntityRow) : {};
      readFeatureGeometry(r.geometry, i, xy, footprints, featureLocation(r, offset + i));
    } else if (isGeometryType(r.type)) {
      throw new WanggeError(ErrorCode.INVALID_GEOJSON, `a bare ${r.type} geometry: wrap it in a Feature`, at);
    } else {
      rows[i] = r;
      xy[2 * i] = toCoordinate(r[lon]);
      xy[2 * i + 1] = toCoordinate(r[lat]);
    }
  }
  return {
    length,
    xy,
    footprints,
    columnNames: undefined,
    column: () => undefined,
    value: (name, i) => rows[i][name],
    row: (i) => rows[i],
  };
}

function readFeatureGeometry(
  geometry: unknown,
  i: number,
  xy: Float64Array,
  footprints: Map<number, GridGeometry | null>,
  location: ReturnType<typeof featureLocation>,
): void {
  if (geometry === null || geometry === undefined) {
    footprints.set(i, null);
    return;
  }
  const type = (geometry as { type?: unknown }).type;
  if (type === 'Point') {
    const c = (geometry as { coordinates?: unknown }).coordinates;
    if (Array.isArray(c)) {
      xy[2 * i] = toCoordinate(c[0]);
      xy[2 * i + 1] = toCoordinate(c[1]);
    }
    return;
  }
  if (type === 'Polygon' || type === 'MultiPolygon') {
    footprints.set(i, cleanGeometry(geometry, location).geometry);
    return;
  }
  throw new WanggeError(
    ErrorCode.UNSUPPORTED_GEOMETRY,
    `entities are Points or Polygon/MultiPolygon footprints, got ${String(type)}`,
    { ...location, path: 'geometry' },
  );
}

/** A core point table as a batch: its columns are read in place. */
export function tableToBatch(table: PointTable): Batch {
  const { columns, length } = table;
  const names = Object.keys(columns);
  for (const name of names) {
    const col = columns[name] as { length?: unknown } | undefined;
    if (typeof col !== 'object' || col === null || col.length !== length) {
      throw new WanggeError(
        ErrorCode.INVALID_PROPERTIES,
        `column ${JSON.stringify(name)} must be an array with a value per row (${length})`,
        { path: `columns.${name}` },
      );
    }
  }
  const column = (name: string): ArrayLike<unknown> | undefined =>
    Object.hasOwn(columns, name) ? columns[name] : undefined;
  return {
    length,
    xy: table.xy,
    footprints: new Map(),
    columnNames: names,
    column,
    value: (name, i) => column(name)?.[i],
    row: (i) => Object.fromEntries(names.map((n) => [n, columns[n][i]])),
  };
}

/**
 * Entities `from … to` of a batch as a batch of their own (views: typed columns and positions are not
 * copied, text columns are).
 */
export function sliceBatch(batch: Batch, from: number, to: number): Batch {
  if (from === 0 && to === batch.length) return batch;
  const footprints = new Map<number, GridGeometry | null>();
  for (const [i, footprint] of batch.footprints) if (i >= from && i < to) footprints.set(i - from, footprint);
  const columns = new Map<string, ArrayLike<unknown> | undefined>();
  return {
    length: to - from,
    xy: batch.xy.subarray(2 * from, 2 * to),
    footprints,
    columnNames: batch.columnNames,
    column(name) {
      if (!columns.has(name)) {
        const whole = batch.column(name) as (ArrayLike<unknown> & { subarray?: unknown }) | undefined;
        columns.set(
          name,
          whole === undefined
            ? undefined
            : ArrayBuffer.isView(whole)
              ? (whole as unknown as Float64Array).subarray(from, to)
              : Array.prototype.slice.call(whole, from, to),
        );
      }
      return columns.get(name);
    },
    value: (name, i) => batch.value(name, from + i),
    row: (i) => batch.row(from + i),
  };
}

/** A coordinate from a number or a numeric string; NaN for anything else (an empty cell included). */
function toCoordinate(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}
