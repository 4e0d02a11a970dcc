import { ErrorCode, isPointTable, type PointTable, WanggeError } from '@wangge/core';
import type { EntityRow } from './batch';
import { describe } from './values';

/**
 * Entities arriving over time: an async (or plain) iterable of records, each a row with lon/lat columns
 * or a GeoJSON Feature, delivered one at a time or in arrays of any length (a parser's chunks), or of
 * core point tables (each placed as one chunk of its own, whatever `chunkSize`: a reader that parses
 * straight into columns makes no object per row). Parsing files is the caller's job (the `wangge`
 * command line reads CSV and NDJSON into this).
 */
export type EntityStream =
  | AsyncIterable<EntityRow | readonly EntityRow[] | PointTable>
  | Iterable<EntityRow | readonly EntityRow[] | PointTable>;

/**
 * The records of a stream in chunks of exactly `chunkSize` (the last one shorter), whatever the sizes the
 * source delivers; a point table is a chunk of its own (records gathered before it go first). Throws
 * `INVALID_OPTION` when the source is not iterable; errors of the source itself pass through unchanged.
 */
export async function* streamToChunks(
  source: EntityStream,
  chunkSize: number,
): AsyncGenerator<unknown[] | PointTable> {
  if (!isIterable(source)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `a stream of entities is an async iterable of records or of arrays of records, got ${describe(source)}`,
    );
  }
  let chunk: unknown[] = [];
  for await (const item of source as AsyncIterable<unknown>) {
    if (isPointTable(item)) {
      if (chunk.length > 0) yield chunk;
      chunk = [];
      yield item;
      continue;
    }
    if (!Array.isArray(item)) {
      chunk.push(item);
      if (chunk.length === chunkSize) {
        yield chunk;
        chunk = [];
      }
      continue;
    }
    // An array delivered whole is handed on as it is when it is exactly one chunk (no copy).
    if (chunk.length === 0 && item.length === chunkSize) {
      yield item;
      continue;
    }
    for (const record of item) {
      chunk.push(record);
      if (chunk.length === chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

function isIterable(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (Symbol.asyncIterator in value || Symbol.iterator in value) &&
    typeof value !== 'string'
  );
}
