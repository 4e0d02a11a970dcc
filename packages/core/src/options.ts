import { ErrorCode, WanggeError } from './errors';

/**
 * An options argument checked at a public entry: `undefined` becomes `{}`, an object is returned as it
 * is, anything else (`null`, a number, an array) throws `INVALID_OPTION` naming the function, so that a
 * caller's mistake is never a TypeError from destructuring.
 */
export function checkOptions<T extends object>(options: T | undefined, fn: string): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `${fn}: options must be an object, got ${kindOf(options)}`,
    );
  }
  return options;
}

/**
 * A list argument checked at a public entry (features, records, rows): an array whose every element is a
 * non-null object is returned as it is; anything else throws `INVALID_ARGUMENT` naming the function, the
 * argument and the first bad element, so that a caller's mistake is never a TypeError from deep inside.
 */
export function checkObjects<T extends object>(value: readonly T[], fn: string, name: string): readonly T[] {
  const list: unknown = value;
  if (!Array.isArray(list)) {
    throw new WanggeError(ErrorCode.INVALID_ARGUMENT, `${fn}: ${name} must be an array, got ${kindOf(list)}`);
  }
  const bad = list.findIndex((item) => typeof item !== 'object' || item === null);
  if (bad >= 0) {
    throw new WanggeError(
      ErrorCode.INVALID_ARGUMENT,
      `${fn}: ${name}[${bad}] must be an object, got ${kindOf(list[bad])}`,
    );
  }
  return value;
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
