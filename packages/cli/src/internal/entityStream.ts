import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ErrorCode, WanggeError } from '@wangge/core';
import { parse } from 'csv-parse';

/** Records streamed from a file, in arrays, with how far into the file the reader is. */
export interface FileRecords {
  /** CSV rows keyed by the header, or NDJSON lines parsed (Features or flat rows), in arrays. */
  records: AsyncIterable<Record<string, unknown>[]>;
  /** Bytes of the file read so far (the reader runs somewhat ahead of the records handed out). */
  bytesRead(): number;
  /** Size of the file. */
  totalBytes: number;
}

/** Records handed on at a time: large enough that the per-array overhead vanishes. */
const BATCH = 4096;

/**
 * Streams a CSV file (header row; `delimiter` one or several candidates) or an NDJSON file as records for
 * `@wangge/assign`'s `assignStream`, in bounded memory. A malformed file throws `UNREADABLE_INPUT` naming
 * the file and the line.
 */
export function fileRecords(
  file: string,
  format: 'csv' | 'ndjson',
  delimiter: string | string[],
): FileRecords {
  const totalBytes = statSync(file).size;
  let bytes = 0;
  const input = createReadStream(file);
  input.on('data', (chunk) => {
    bytes += chunk.length;
  });
  return {
    records: format === 'csv' ? csvRecords(file, input, delimiter) : ndjsonRecords(file, input),
    bytesRead: () => bytes,
    totalBytes,
  };
}

async function* csvRecords(
  file: string,
  input: NodeJS.ReadableStream,
  delimiter: string | string[],
): AsyncGenerator<Record<string, unknown>[]> {
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      delimiter,
      skip_empty_lines: true,
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  let batch: Record<string, unknown>[] = [];
  try {
    for await (const record of parser) {
      batch.push(record);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof WanggeError) throw error;
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `${file}: not valid CSV (${(error as Error).message})`);
  } finally {
    parser.destroy();
  }
  if (batch.length > 0) yield batch;
}

async function* ndjsonRecords(
  file: string,
  input: NodeJS.ReadableStream,
): AsyncGenerator<Record<string, unknown>[]> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let batch: Record<string, unknown>[] = [];
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      lineNumber++;
      const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      try {
        batch.push(JSON.parse(line));
      } catch (error) {
        throw new WanggeError(
          ErrorCode.UNREADABLE_INPUT,
          `${file}: line ${lineNumber} is not JSON (${(error as Error).message})`,
        );
      }
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  } finally {
    lines.close();
  }
  if (batch.length > 0) yield batch;
}
