/**
 * Every mistake a caller can make gets one stable code. Tests and programs match on `code`, never on the
 * message text, which is for people and may improve over time.
 */
export const ErrorCode = {
  /** The value is not GeoJSON of the expected shape (not an object, no `type`, no `geometry`, ...). */
  INVALID_GEOJSON: 'INVALID_GEOJSON',
  /** The geometry type is not allowed here (e.g. a LineString where a grid polygon is expected). */
  UNSUPPORTED_GEOMETRY: 'UNSUPPORTED_GEOMETRY',
  /** A geometry with no coordinates, or a polygon whose every part was dropped. */
  EMPTY_GEOMETRY: 'EMPTY_GEOMETRY',
  /** A coordinate that is not a finite number (NaN, Infinity, a string, missing). */
  INVALID_COORDINATE: 'INVALID_COORDINATE',
  /** A longitude outside [-180, 180] or a latitude outside [-90, 90]. */
  COORDINATE_OUT_OF_RANGE: 'COORDINATE_OUT_OF_RANGE',
  /** A ring with fewer than 4 positions once closed and cleaned of repeated vertices. */
  RING_TOO_SHORT: 'RING_TOO_SHORT',
  /** A ring of zero area (all vertices on one line). */
  RING_DEGENERATE: 'RING_DEGENERATE',
  /** A grid code that does not parse in its code style. */
  INVALID_CODE: 'INVALID_CODE',
  /** Two grids in one plan carry the same code. */
  DUPLICATE_CODE: 'DUPLICATE_CODE',
  /** A grid names a parent code that is not in the plan. */
  MISSING_PARENT: 'MISSING_PARENT',
  /** A level outside the plan's depth, or a child whose level is not its parent's level + 1. */
  INVALID_LEVEL: 'INVALID_LEVEL',
  /** A grid's properties lack a required field (`code`, `level`) or hold the wrong type. */
  INVALID_PROPERTIES: 'INVALID_PROPERTIES',
  /** An option is missing, out of range, or conflicts with another option. */
  INVALID_OPTION: 'INVALID_OPTION',
  /** An argument of a public function has the wrong type: not an array, an element that is not an object. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** An input collection that must not be empty is empty. */
  EMPTY_INPUT: 'EMPTY_INPUT',
  /** A method was called out of lifecycle order (e.g. a query before the index was finished). */
  INVALID_STATE: 'INVALID_STATE',
  /** A file or stream could not be read or parsed. */
  UNREADABLE_INPUT: 'UNREADABLE_INPUT',
  /** An output cannot be written: its folder is missing or read-only, or it names an input file. */
  UNWRITABLE_OUTPUT: 'UNWRITABLE_OUTPUT',
  /**
   * A polygon wangge cannot place on a map of longitudes and latitudes: one that encloses or touches a
   * pole, or crosses the antimeridian in a way that cannot be split at ±180°.
   */
  UNSUPPORTED_EXTENT: 'UNSUPPORTED_EXTENT',
} as const;

/** One of the stable error codes in {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where in the caller's input a mistake was found. */
export interface ErrorLocation {
  /** The file the input came from, when a reader (such as the `wangge` command) knows it. */
  file?: string;
  /** The line of the file, from 1, for line-based files (CSV, NDJSON). */
  line?: number;
  /** Position of the offending feature in the input collection. */
  featureIndex?: number;
  /** The feature's `id`, or its `code` property when it has no id. */
  featureId?: string | number;
  /** Path to the offending value inside the feature, e.g. `geometry.coordinates[0][3]`. */
  path?: string;
}

/**
 * The one error type wangge throws for a caller's mistake. Findings about the data (gaps, overlaps,
 * overloaded grids) are returned as data instead, never thrown.
 */
export class WanggeError extends Error {
  /** Stable machine-readable code, one of {@link ErrorCode}. */
  readonly code: ErrorCode;
  /** The file the input came from, when known. */
  readonly file?: string;
  /** The line of the file, from 1, when known. */
  readonly line?: number;
  /** Position of the offending feature in the input, when the mistake belongs to one feature. */
  readonly featureIndex?: number;
  /** Id (or grid code) of the offending feature, when it has one. */
  readonly featureId?: string | number;
  /** Path to the offending value inside the feature. */
  readonly path?: string;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}) {
    super(`${code}: ${describeLocation(location)}${message}`);
    this.name = 'WanggeError';
    this.code = code;
    this.file = location.file;
    this.line = location.line;
    this.featureIndex = location.featureIndex;
    this.featureId = location.featureId;
    this.path = location.path;
  }
}

/** True when `value` is a {@link WanggeError}, optionally with the given code. */
export function isWanggeError(value: unknown, code?: ErrorCode): value is WanggeError {
  return value instanceof WanggeError && (code === undefined || value.code === code);
}

function describeLocation({ file, line, featureIndex, featureId, path }: ErrorLocation): string {
  const where = line === undefined ? file : file === undefined ? `line ${line}` : `${file}, line ${line}`;
  const parts: string[] = [];
  if (featureIndex !== undefined && line === undefined) parts.push(`feature #${featureIndex}`);
  if (featureId !== undefined) parts.push(`(${JSON.stringify(featureId)})`);
  if (path !== undefined) parts.push(`at ${path}`);
  const what = parts.join(' ');
  if (where === undefined) return what === '' ? '' : `${what}: `;
  return what === '' ? `${where}: ` : `${where}: ${what}: `;
}
