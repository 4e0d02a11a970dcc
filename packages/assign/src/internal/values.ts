import { ErrorCode, WanggeError } from '@wangge/core';
import type { Batch, EntityRow } from './batch';

/**
 * How much one entity adds to a per-grid count or to the load:
 * - a number: the same for every entity (`1` counts entities);
 * - a column or property name: its numeric value (`'residents'`); empty cells count 0;
 * - `{ column, bit }`: 1 when the column's integer value has the bit set (key-group flags);
 * - a function of the entity's attributes and its input index.
 */
export type EntityValue =
  | number
  | string
  | { readonly column: string; readonly bit: number }
  | ((entity: EntityRow, index: number) => number);

/** Checks an {@link EntityValue} given as an option; `what` names the option in the message. */
export function checkEntityValue(value: unknown, what: string): EntityValue {
  const bad = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `${what}: ${why}, got ${describe(value)}`);
  };
  if (typeof value === 'number') return Number.isFinite(value) ? value : bad('a number must be finite');
  if (typeof value === 'string') return value !== '' ? value : bad('a column name must not be empty');
  if (typeof value === 'function') return value as EntityValue;
  if (typeof value === 'object' && value !== null) {
    const { column, bit } = value as { column?: unknown; bit?: unknown };
    if (typeof column !== 'string' || column === '') bad('{ column, bit } needs a column name');
    if (typeof bit !== 'number' || !Number.isInteger(bit) || bit <= 0 || bit > 2 ** 30) {
      bad('{ column, bit } needs a positive whole bit value');
    }
    return value as EntityValue;
  }
  return bad('expected a number, a column name, { column, bit } or a function');
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
  const name = typeof value === 'string' ? value : value.column;
  const column = numericColumn(batch, name, offset);
  if (typeof value === 'object') {
    addBits(column, value.bit, n, gridIds, out);
    return;
  }
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

function addBits(
  column: NumericTypedArray,
  bit: number,
  n: number,
  gridIds: Int32Array,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const g = gridIds[i];
    if (g >= 0 && (column[i] & bit) !== 0) out[g] += 1;
  }
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
