import { ErrorCode, WanggeError } from './errors';

/** One attribute column of a {@link PointTable}: one value per row, numbers in a typed array or text. */
export type Column =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | readonly (string | null)[];

/**
 * The one table of points every package reads: households, shops, key units, incidents. Positions sit
 * in one Float64Array (lon, lat interleaved); attributes are named columns of one value per row
 * (numbers, bit flags, text codes). A row's id is its position unless an `id` column is given.
 */
export interface PointTable {
  /** Number of rows. */
  readonly length: number;
  /** Positions, lon and lat interleaved (`2 × length` values); NaN marks a row without a position. */
  readonly xy: Float64Array;
  /** Attribute columns by name, each with `length` values, e.g. `{ residents, flags, building }`. */
  readonly columns: Readonly<Record<string, Column>>;
}

/**
 * Picks rows of a table: `{ column, flag }` where the column's integer value has any bit of `flag` set
 * (key-group flags), `{ column, equals }` where it equals one of the given values (an industry code), or
 * `{ column, min, max }` where a number lies in the inclusive range.
 */
export type RowSelector =
  | { readonly column: string; readonly flag: number }
  | { readonly column: string; readonly equals: string | number | readonly (string | number)[] }
  | { readonly column: string; readonly min?: number; readonly max?: number };

/**
 * A checked {@link PointTable} from positions and columns. Throws `INVALID_OPTION` when `xy` is not a
 * Float64Array of even length or a column's length differs from the row count.
 */
export function pointTable(xy: Float64Array, columns: Readonly<Record<string, Column>> = {}): PointTable {
  if (!(xy instanceof Float64Array) || xy.length % 2 !== 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `xy must be a Float64Array of lon, lat pairs (even length), got ${describeArray(xy)}`,
    );
  }
  const length = xy.length / 2;
  for (const [name, column] of Object.entries(columns ?? {})) {
    if (!isColumn(column)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `column ${JSON.stringify(name)} is not a typed array or an array of text`,
      );
    }
    if (column.length !== length) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `column ${JSON.stringify(name)} has ${column.length} values for ${length} rows`,
      );
    }
  }
  return { length, xy, columns: { ...columns } };
}

/** True when `value` has the shape of a {@link PointTable} (positions and columns of matching length). */
export function isPointTable(value: unknown): value is PointTable {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<PointTable>;
  return (
    t.xy instanceof Float64Array &&
    typeof t.length === 'number' &&
    t.xy.length === 2 * t.length &&
    typeof t.columns === 'object' &&
    t.columns !== null
  );
}

/**
 * The rows a selector picks, as a mask of 0/1 per row. Throws `INVALID_OPTION` for a column the table
 * does not have or a selector of the wrong shape.
 */
export function selectRows(table: PointTable, selector: RowSelector): Uint8Array {
  if (!isPointTable(table)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'selectRows: expected a point table (see pointTable)');
  }
  if (typeof selector !== 'object' || selector === null) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'selectRows: a selector is { column, flag }, { column, equals } or { column, min, max }',
    );
  }
  const column = table.columns[selector?.column];
  if (column === undefined) {
    const names = Object.keys(table.columns);
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `no column ${JSON.stringify(selector?.column)} in the table (columns: ${names.length > 0 ? names.join(', ') : 'none'})`,
    );
  }
  const out = new Uint8Array(table.length);
  if ('flag' in selector) {
    const { flag } = selector;
    if (!Number.isInteger(flag) || flag <= 0 || flag > 2 ** 31 - 1) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `flag must be a positive whole bit mask, got ${flag}`);
    }
    for (let i = 0; i < table.length; i++) out[i] = (Number(column[i]) & flag) !== 0 ? 1 : 0;
  } else if ('equals' in selector) {
    const wanted = new Set<unknown>(Array.isArray(selector.equals) ? selector.equals : [selector.equals]);
    for (let i = 0; i < table.length; i++) out[i] = wanted.has(column[i]) ? 1 : 0;
  } else {
    const min = selector.min ?? Number.NEGATIVE_INFINITY;
    const max = selector.max ?? Number.POSITIVE_INFINITY;
    if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `selector range needs min ≤ max, got ${min}..${max}`);
    }
    for (let i = 0; i < table.length; i++) {
      const v = column[i];
      out[i] = typeof v === 'number' && v >= min && v <= max ? 1 : 0;
    }
  }
  return out;
}

function isColumn(value: unknown): value is Column {
  return (ArrayBuffer.isView(value) && !(value instanceof DataView)) || Array.isArray(value);
}

function describeArray(value: unknown): string {
  if (value instanceof Float64Array) return `a Float64Array of length ${value.length}`;
  if (Array.isArray(value)) return 'a plain array (use Float64Array.from(...))';
  return value === null ? 'null' : typeof value;
}
