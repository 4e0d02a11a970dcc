import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline, Readable } from 'node:stream';
import { ErrorCode, WanggeError } from '@wangge/core';
import { parse } from 'csv-parse';
import { describe } from './values';

/** Text formats a stream of entities can come in. */
export type StreamFormat = 'csv' | 'ndjson';

/** A file path, or any stream or async iterable of text or bytes (a Node Readable is one). */
export type StreamSource = string | AsyncIterable<string | Uint8Array>;

/** A chunk of parsed records, and how far into the source it reaches. */
export interface RecordChunk {
  records: unknown[];
  /** Bytes of the source consumed so far (the parser may read ahead of the records handed out). */
  bytesRead: number;
}

/** The source's byte counter and, for files, its size. */
interface Counted {
  chunks: AsyncIterable<string | Uint8Array>;
  bytesRead(): number;
  totalBytes: number | undefined;
}

/** Format from a file name, or `undefined`. */
export function formatOfPath(path: string): StreamFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl') || lower.endsWith('.geojsonl')) return 'ndjson';
  return undefined;
}

/** Opens a source and counts the bytes passing through. */
export function openSource(source: StreamSource): Counted {
  let bytes = 0;
  let totalBytes: number | undefined;
  let input: AsyncIterable<string | Uint8Array>;
  if (typeof source === 'string') {
    try {
      totalBytes = statSync(source).size;
    } catch (e) {
      throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `cannot read ${source}: ${(e as Error).message}`);
    }
    input = createReadStream(source);
  } else if (typeof source === 'object' && source !== null && Symbol.asyncIterator in source) {
    input = source;
  } else {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `a stream source is a file path or an async iterable of text, got ${describe(source)}`,
    );
  }
  async function* counted() {
    for await (const chunk of input) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      yield chunk;
    }
  }
  return { chunks: counted(), bytesRead: () => bytes, totalBytes };
}

/**
 * Parsed records in chunks of at most `chunkSize`: CSV rows as objects keyed by the header (csv-parse,
 * streaming), NDJSON lines as parsed JSON (blank lines skipped). A malformed file throws
 * `UNREADABLE_INPUT` naming the line.
 */
export async function* recordChunks(
  counted: Counted,
  format: StreamFormat,
  chunkSize: number,
  delimiter: string,
): AsyncGenerator<RecordChunk> {
  const records = format === 'csv' ? csvRecords(counted, delimiter) : ndjsonRecords(counted);
  let chunk: unknown[] = [];
  for await (const record of records) {
    chunk.push(record);
    if (chunk.length === chunkSize) {
      yield { records: chunk, bytesRead: counted.bytesRead() };
      chunk = [];
    }
  }
  if (chunk.length > 0) yield { records: chunk, bytesRead: counted.bytesRead() };
}

async function* csvRecords(counted: Counted, delimiter: string): AsyncGenerator<unknown> {
  const parser = parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, delimiter });
  pipeline(Readable.from(counted.chunks), parser, () => {});
  try {
    for await (const record of parser) yield record;
  } catch (e) {
    if (e instanceof WanggeError) throw e;
    const line = (e as { lines?: number }).lines;
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      `CSV ${line === undefined ? '' : `line ${line}: `}${(e as Error).message}`,
    );
  }
}

async function* ndjsonRecords(counted: Counted): AsyncGenerator<unknown> {
  const lines = createInterface({
    input: Readable.from(counted.chunks),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (e) {
        throw new WanggeError(
          ErrorCode.UNREADABLE_INPUT,
          `NDJSON line ${lineNumber} is not JSON: ${(e as Error).message}`,
        );
      }
      yield record;
    }
  } catch (e) {
    if (e instanceof WanggeError) throw e;
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `NDJSON: ${(e as Error).message}`);
  } finally {
    lines.close();
  }
}
