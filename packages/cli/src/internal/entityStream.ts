/**
 * A CSV or NDJSON file as a stream of records for `@wangge/assign`'s `assignStream`, in bounded memory,
 * read by the CLI's one reader: bytes decoded as `decodeStream` decides (BOM, `--encoding`, UTF-8 else
 * GB18030), CSV rows parsed by `csvBatches` (delimiter detected, each row's line kept). The line of any
 * record can be asked afterwards, so that a row left out is named by its line.
 */
import { createReadStream, statSync } from 'node:fs';
import { ErrorCode, WanggeError } from '@wangge/core';
import { csvBatches } from '../io/csv';
import { decodeStream } from '../io/text';

/** Starts each record of a JSON text sequence (RFC 7464). */
const RECORD_SEPARATOR = '\u001e';

/** Records streamed from a file, in arrays, with how far into the file the reader is. */
export interface FileRecords {
  /** CSV rows keyed by the header, or NDJSON lines parsed (Features or flat rows), in arrays. */
  records: AsyncIterable<Record<string, unknown>[]>;
  /** Bytes of the file read so far (the reader runs somewhat ahead of the records handed out). */
  bytesRead(): number;
  /** Size of the file. */
  totalBytes: number;
  /** The line of the file record `index` (from 0) starts on. */
  lineOf(index: number): number;
}

/** Records handed on at a time: large enough that the per-array overhead vanishes. */
const BATCH = 4096;

/**
 * Streams a CSV file (with a header row) or an NDJSON file as records. A malformed file throws
 * `UNREADABLE_INPUT` naming the file and the line; `onNote` hears when the encoding was guessed.
 */
export function fileRecords(
  file: string,
  format: 'csv' | 'ndjson',
  options: { encoding?: string; onNote?: (note: string) => void } = {},
): FileRecords {
  const totalBytes = statSync(file).size;
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(file)) {
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const text = decodeStream(file, counted(), options);
  // Lines of records that do not start where counting would put them (blank lines, quoted line breaks).
  const offLines = new Map<number, number>();
  const first = format === 'csv' ? 2 : 1;
  let lastShift = first;
  const noteLine = (index: number, line: number) => {
    if (line - index !== lastShift) {
      offLines.set(index, line);
      lastShift = line - index;
    }
  };
  let index = 0;
  async function* csv(): AsyncGenerator<Record<string, unknown>[]> {
    for await (const { header, rows } of csvBatches(file, text, BATCH)) {
      const names = header.map((h) => h.trim());
      yield rows.map(({ fields, line }) => {
        noteLine(index++, line);
        const record: Record<string, unknown> = {};
        for (let c = 0; c < names.length; c++) record[names[c]] = fields[c];
        return record;
      });
    }
  }
  async function* ndjson(): AsyncGenerator<Record<string, unknown>[]> {
    let rest = '';
    let line = 0;
    let batch: Record<string, unknown>[] = [];
    const take = (raw: string) => {
      line++;
      // A JSON text sequence (RFC 7464) starts each record with a record separator.
      const trimmed = raw.trim();
      const record = (trimmed.startsWith(RECORD_SEPARATOR) ? trimmed.slice(1) : trimmed).trim();
      if (record === '') return;
      let value: unknown;
      try {
        value = JSON.parse(record);
      } catch (error) {
        throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `not JSON (${(error as Error).message})`, {
          file,
          line,
        });
      }
      noteLine(index++, line);
      batch.push(value as Record<string, unknown>);
    };
    for await (const piece of text) {
      const lines = (rest + piece).split('\n');
      rest = lines.pop()!;
      for (const raw of lines) take(raw);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    take(rest);
    if (batch.length > 0) yield batch;
  }
  return {
    records: format === 'csv' ? csv() : ndjson(),
    bytesRead: () => bytes,
    totalBytes,
    lineOf(i) {
      let shift = first;
      let best = -1;
      for (const [at, line] of offLines) {
        if (at <= i && at > best) {
          best = at;
          shift = line - at;
        }
      }
      return i + shift;
    },
  };
}
