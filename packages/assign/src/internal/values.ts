import { type Column, ErrorCode, type RowSelector, selectRows, WanggeError } from '@wangge/core';
import type { Batch, EntityRow } from './batch';

/**
 * How much one entity adds to a per-grid count or to the load:
 * - a number: the same for every entity (`1` counts entities);
 * - a column or property name: its numeric value (`'residents'`); empty cells count 0;
 * - a core {@link RowSelector}: 1 for each entity it picks, `{ column, flag }` when the column's integer
 *   value has any bit of `flag` set (key-group flags), `{ column, equals }`, `{ column, min, max }`
 *   (read with `selectRows` of `@wangge/core`, as every package reads them);
 * - a function of the entity's attributes and its input index.
 */
export type EntityValue = number | string | RowSelector | ((entity: EntityRow, index: number) => number);

/** Checks an {@link EntityValue} given as an option; `what` names the option in the message. */
export function checkEntityValue(value: unknown, what: string): EntityValue {
  const bad = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `${what}: ${why}, got ${describe(value)}`);
  };
  if (typeof value === 'number') return Number.isFinite(value) ? value : bad('a number must be finite');
  if (typeof value === 'string') return value !== '' ? value : bad('a column name must not be empty');
  if (typeof value === 'function') return value as EntityValue;
  if (typeof value === 'object' && value !== null) {
    const v = value as { column?: unknown; flag?: unknown; equals?: unknown; min?: unknown; max?: unknown };
    if (typeof v.column !== 'string' || v.column === '') bad('a selector needs a column name');
    const kinds = ['flag', 'equals', 'min', 'max'].filter((k) => k in v);
    if ('flag' in v) {
      if (kinds.length > 1) bad('{ column, flag } takes no equals, min or max');
      const flag = v.flag;
      if (typeof flag !== 'number' || !Number.isInteger(flag) || flag <= 0 || flag > 2 ** 31 - 1) {
        bad('{ column, flag } needs a positive whole bit mask');
      }
    } else if ('equals' in v) {
      if (kinds.length > 1) bad('{ column, equals } takes no min or max');
      const ok = (x: unknown) => typeof x === 'string' || typeof x === 'number';
      if (!(ok(v.equals) || (Array.isArray(v.equals) && v.equals.every(ok)))) {
        bad('{ column, equals } needs a string, a number or an array of them');
      }
    } else if (kinds.length > 0) {
      for (const k of ['min', 'max'] as const) {
        if (v[k] !== undefined && (typeof v[k] !== 'number' || Number.isNaN(v[k])))
          bad(`${k} must be a number`);
      }
      if (typeof v.min === 'number' && typeof v.max === 'number' && v.min > v.max) bad('min must be ≤ max');
    } else {
      bad('a selector is { column, flag }, { column, equals } or { column, min, max }');
    }
    return value as EntityValue;
  }
  return bad(
    'expected a number, a column name, a selector ({ column, flag }, { column, equals }, { column, min, max }) or a function',
  );
}

/**
 * Adds each placed entity's value into `out` at its grid: `out[gridIds[i]] += value(i)` for every `i`
 * with `gridIds[i] >= 0`. Typed columns take a tight loop; `offset` turns batch indexes into input indexes.
 */
export function addValues(
  value: EntityValue,
  batch: Batch,
  gridIds: Int32Array,
  out: Float64Array,
  offset: number,
): void {
  const n = batch.length;
  if (typeof value === 'number') {
    addConstant(value, n, gridIds, out);
    return;
  }
  if (typeof value === 'function') {
    for (let i = 0; i < n; i++) {
      if (gridIds[i] < 0) continue;
      const v = value(batch.row(i), offset + i);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new WanggeError(
          ErrorCode.INVALID_PROPERTIES,
          `a value function returned ${describe(v)}, expected a finite number`,
          { featureIndex: offset + i },
        );
      }
      out[gridIds[i]] += v;
    }
    return;
  }
  if (typeof value === 'object') {
    addSelected(selectedRows(batch, value), n, gridIds, out);
    return;
  }
  const name = value;
  const column = numericColumn(batch, name, offset);
  const bad = addColumn(column, n, gridIds, out);
  if (bad !== n) {
    throw new WanggeError(ErrorCode.INVALID_PROPERTIES, `${column[bad]} is not a finite number`, {
      featureIndex: offset + bad,
      path: name,
    });
  }
}

const numericColumns = new WeakMap<Batch, Map<string, NumericTypedArray>>();

/**
 * A column as numbers: a typed column as it is; any other column (rows, CSV text) converted once per
 * batch, so a column read by several counts (key-group flags) is parsed once. A cell that is not a
 * number throws `INVALID_PROPERTIES` naming the entity.
 */
function numericColumn(batch: Batch, name: string, offset: number): NumericTypedArray {
  const column = batch.column(name);
  if (isNumericTypedArray(column)) return column;
  let cache = numericColumns.get(batch);
  if (cache === undefined) {
    cache = new Map();
    numericColumns.set(batch, cache);
  }
  let numbers = cache.get(name);
  if (numbers === undefined) {
    numbers = new Float64Array(batch.length);
    for (let i = 0; i < batch.length; i++) numbers[i] = toNumber(batch.value(name, i), name, offset + i);
    cache.set(name, numbers);
  }
  return numbers;
}

// The loops below are small separate functions so each stays monomorphic and tight in the optimiser.

function addConstant(value: number, n: number, gridIds: Int32Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const g = gridIds[i];
    if (g >= 0) out[g] += value;
  }
}

/** Adds a typed column; returns `n`, or the index of the first placed entity with a non-finite value. */
function addColumn(column: NumericTypedArray, n: number, gridIds: Int32Array, out: Float64Array): number {
  for (let i = 0; i < n; i++) {
    const g = gridIds[i];
    if (g < 0) continue;
    const v = column[i];
    if (v - v !== 0) return i;
    out[g] += v;
  }
  return n;
}

function addSelected(mask: Uint8Array, n: number, gridIds: Int32Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const g = gridIds[i];
    if (g >= 0 && mask[i] === 1) out[g] += 1;
  }
}

/**
 * The batch's rows a selector picks, through core `selectRows` on a one-column view of the batch: a
 * table's column as it is; a column of rows (CSV text, properties) as its values, numeric text read as
 * numbers for `flag` and `min`/`max`.
 */
function selectedRows(batch: Batch, selector: RowSelector): Uint8Array {
  const name = selector.column;
  let column = batch.column(name) as Column | undefined;
  if (column === undefined) {
    const values: unknown[] = new Array(batch.length);
    const numeric = !('equals' in selector);
    for (let i = 0; i < batch.length; i++) {
      const v = batch.value(name, i);
      values[i] = numeric && typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    }
    column = values as unknown as Column;
  }
  const view = {
    length: batch.length,
    xy: batch.xy.subarray(0, 2 * batch.length),
    columns: { [name]: column },
  };
  return selectRows(view, selector);
}

/** A cell as a number: numbers and numeric strings as they are, booleans as 1/0, empty cells as 0. */
function toNumber(v: unknown, column: string, index: number): number {
  if (v === undefined || v === null || v === '') return 0;
  const n = typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new WanggeError(ErrorCode.INVALID_PROPERTIES, `${describe(v)} is not a number`, {
      featureIndex: index,
      path: column,
    });
  }
  return n;
}

type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

function isNumericTypedArray(value: unknown): value is NumericTypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !isBigIntArray(value);
}

function isBigIntArray(value: unknown): boolean {
  return value instanceof BigInt64Array || value instanceof BigUint64Array;
}

/** A short printable form of any value, for messages. */
export function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
