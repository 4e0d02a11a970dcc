import { extname } from 'node:path';
import { ErrorCode, WanggeError } from '@wangge/core';

/** File formats the CLI reads and writes. */
export type Format = 'geojson' | 'ndjson' | 'csv' | 'topojson' | 'shapefile';

/** Every format, in the order help lists them. */
export const FORMATS: readonly Format[] = ['geojson', 'ndjson', 'csv', 'topojson', 'shapefile'];

const EXTENSIONS: Record<string, Format> = {
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.ndjson': 'ndjson',
  '.geojsonl': 'ndjson',
  '.geojsons': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.topojson': 'topojson',
  '.shp': 'shapefile',
};

/** The format a file name implies, or `undefined` when the extension is not one wangge knows. */
export function formatOfFile(file: string): Format | undefined {
  if (typeof file !== 'string') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `a file name is text, got ${typeof file}`);
  }
  if (/\.topo\.json$/i.test(file)) return 'topojson';
  return EXTENSIONS[extname(file).toLowerCase()];
}

/** A value as people read it in a message: numbers as written (`Infinity`, not JSON's `null`). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (Array.isArray(value)) {
    const shown = value.slice(0, 3).map((v) => (Array.isArray(v) ? '[…]' : describeValue(v)));
    return `[${shown.join(', ')}${value.length > 3 ? ', …' : ''}]`;
  }
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** What a parsed JSON value is, for "expected X, got Y" messages: an array is an array, not "object". */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const type = (value as { type?: unknown }).type;
    return type === undefined ? 'an object without "type"' : `type ${describeValue(type)}`;
  }
  return `${typeof value} ${describeValue(value)}`;
}
