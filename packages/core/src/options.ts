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
      `${fn}: options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`,
    );
  }
  return options;
}
