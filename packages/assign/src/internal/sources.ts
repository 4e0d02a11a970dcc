import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { ErrorCode, WanggeError } from '@wangge/core';
import Papa from 'papaparse';
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

/** The source as UTF-8 text, with its byte counter and, for files, its size. */
interface Opened {
  text: AsyncIterable<string>;
  bytesRead(): number;
  totalBytes: number | undefined;
}

/** Format from a file name, or `undefined`. */
export function formatOfPath(path: string): StreamFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl') || lower.endsWith('.geojsonl')) return 'ndjson';
  return undefined;
}

/**
 * Opens a source as text: bytes are decoded as UTF-8 across chunk boundaries (a character split between
 * two chunks is kept whole) and a leading byte order mark is dropped. Counts the bytes passing through.
 */
export function openSource(source: StreamSource): Opened {
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
  async function* text() {
    const decoder = new TextDecoder('utf-8');
    let first = true;
    try {
      for await (const chunk of input) {
        let piece: string;
        if (typeof chunk === 'string') {
          bytes += Buffer.byteLength(chunk);
          piece = chunk;
        } else {
          bytes += chunk.byteLength;
          piece = decoder.decode(chunk, { stream: true });
        }
        if (first && piece.length > 0) {
          first = false;
          if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
        }
        if (piece.length > 0) yield piece;
      }
    } catch (e) {
      throw e instanceof WanggeError ? e : new WanggeError(ErrorCode.UNREADABLE_INPUT, (e as Error).message);
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  }
  return { text: text(), bytesRead: () => bytes, totalBytes };
}

/**
 * Parsed records in chunks of at most `chunkSize`: CSV rows as objects keyed by the header (papaparse,
 * streaming, paused while a chunk is placed), NDJSON lines as parsed JSON (blank lines skipped). A
 * malformed file throws `UNREADABLE_INPUT` naming the row or line.
 */
export async function* recordChunks(
  opened: Opened,
  format: StreamFormat,
  chunkSize: number,
  delimiter: string,
  onHeader: (fields: readonly string[]) => void,
): AsyncGenerator<RecordChunk> {
  const pieces = format === 'csv' ? csvPieces(opened, delimiter, onHeader) : ndjsonPieces(opened);
  let chunk: unknown[] = [];
  for await (const piece of pieces) {
    for (const record of piece) {
      chunk.push(record);
      if (chunk.length === chunkSize) {
        yield { records: chunk, bytesRead: opened.bytesRead() };
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield { records: chunk, bytesRead: opened.bytesRead() };
}

/**
 * CSV rows, a parser chunk at a time; the parser waits while the consumer works. `onHeader` sees the
 * column names before the first rows are handed out (and may throw to stop).
 */
async function* csvPieces(
  opened: Opened,
  delimiter: string,
  onHeader: (fields: readonly string[]) => void,
): AsyncGenerator<unknown[]> {
  const ready: unknown[][] = [];
  let header: string[] | undefined;
  let headerChecked = false;
  let finished = false;
  let failure: WanggeError | null = null;
  let waiting: Papa.Parser | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let rowsSeen = 0;
  const input = Readable.from(opened.text);
  Papa.parse(input, {
    header: true,
    delimiter,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim(),
    chunk: (results, parser) => {
      const [error] = results.errors;
      if (error !== undefined && failure === null) {
        const row = error.row === undefined ? '' : ` data row ${rowsSeen + error.row + 1}:`;
        failure = new WanggeError(ErrorCode.UNREADABLE_INPUT, `CSV${row} ${error.message}`);
        parser.abort();
      } else {
        // Until the header line is complete (the first pieces of text may be tiny) there are no fields yet.
        if (header === undefined && (results.meta.fields?.length ?? 0) > 0) header = results.meta.fields;
        rowsSeen += results.data.length;
        ready.push(results.data);
        waiting = parser;
        parser.pause();
      }
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
    error: (e: Error) => {
      failure ??= new WanggeError(ErrorCode.UNREADABLE_INPUT, `CSV: ${e.message}`);
      finished = true;
      notify();
    },
  });
  try {
    for (;;) {
      if (failure !== null) throw failure;
      const next = ready.shift();
      if (next !== undefined) {
        if (!headerChecked && header !== undefined) {
          headerChecked = true;
          onHeader(header);
        }
        yield next;
        const parser = waiting as Papa.Parser | null;
        if (ready.length === 0 && parser !== null) {
          waiting = null;
          parser.resume();
        }
        continue;
      }
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // Also when the consumer stops early: close the source instead of leaving it paused and open.
    if (!finished) input.destroy();
  }
}

/** NDJSON records, a text chunk at a time: whole lines parsed, the partial last line kept for later. */
async function* ndjsonPieces(opened: Opened): AsyncGenerator<unknown[]> {
  let carry = '';
  let lineNumber = 0;
  const parseLines = (lines: string[]): unknown[] => {
    const records: unknown[] = [];
    for (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line));
      } catch (e) {
        throw new WanggeError(
          ErrorCode.UNREADABLE_INPUT,
          `NDJSON line ${lineNumber} is not JSON: ${(e as Error).message}`,
        );
      }
    }
    return records;
  };
  for await (const text of opened.text) {
    const lines = (carry + text).split('\n');
    carry = lines.pop()!;
    yield parseLines(lines);
  }
  yield parseLines([carry]);
}
