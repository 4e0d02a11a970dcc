/**
 * The start of a CSV or NDJSON file about to be streamed: read once (its first MiB, complete lines only)
 * and decoded as the whole file will be, it gives the columns to check the options against before any
 * record is placed, the coordinate columns, and a sample of positions for the datum check.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { parseCsvStart } from './csv';
import { lonLatColumns } from './csvPoints';
import type { ReadOptions } from './read';
import { decodeBytes } from './text';
import { unreadable } from './where';

/** Starts each record of a JSON text sequence (RFC 7464). */
const RECORD_SEPARATOR = String.fromCharCode(0x1e);

/** What the start of a stream says. */
export interface StreamHead {
  /** CSV header (trimmed), or every property name in the first NDJSON records. */
  columns: string[];
  /** The longitude and latitude columns of a CSV, `undefined` for NDJSON (its records are Features). */
  lon?: string;
  lat?: string;
  /** Positions of the first records, interleaved lon, lat. */
  sample: number[];
  /** The encoding the file is read in. */
  encoding: string;
}

function headText(file: string, options: Pick<ReadOptions, 'encoding' | 'onWarning'>) {
  if (!existsSync(file)) throw unreadable(file, 'no such file: check the path');
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let n: number;
  try {
    n = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  const cut = n < buffer.length ? n : buffer.lastIndexOf(0x0a, n - 1) + 1 || n;
  const decoded = decodeBytes(file, buffer.subarray(0, cut), options.encoding);
  if (decoded.note !== undefined) options.onWarning?.(decoded.note);
  return decoded;
}

/** The start of a CSV (with a header) or NDJSON stream; throws `UNREADABLE_INPUT` naming the file and line. */
export function streamHeadOf(
  file: string,
  format: 'csv' | 'ndjson',
  options: Pick<ReadOptions, 'encoding' | 'onWarning' | 'lon' | 'lat'> = {},
): StreamHead {
  const { text, encoding } = headText(file, options);
  if (format === 'csv') {
    const { header, rows } = parseCsvStart(file, text);
    const columns = header.map((h) => h.trim());
    const { lonAt, latAt } = lonLatColumns(file, columns, options);
    const sample = rows.flatMap((r) => [Number(r.fields[lonAt] ?? NaN), Number(r.fields[latAt] ?? NaN)]);
    return { columns, lon: columns[lonAt], lat: columns[latAt], sample, encoding };
  }
  const columns = new Set<string>();
  const sample: number[] = [];
  text.split('\n').forEach((line) => {
    let value: unknown;
    try {
      const trimmed = line.trim();
      value = JSON.parse(trimmed.startsWith(RECORD_SEPARATOR) ? trimmed.slice(1) : trimmed);
    } catch {
      return; // the stream names the line when it gets there
    }
    const record = value as {
      type?: unknown;
      properties?: unknown;
      geometry?: { type?: unknown; coordinates?: unknown };
    };
    const row = record?.type === 'Feature' ? record.properties : record;
    if (typeof row === 'object' && row !== null) for (const key of Object.keys(row)) columns.add(key);
    const p = record?.geometry?.type === 'Point' ? record.geometry.coordinates : undefined;
    if (Array.isArray(p)) sample.push(Number(p[0]), Number(p[1]));
  });
  return { columns: [...columns], sample, encoding };
}
