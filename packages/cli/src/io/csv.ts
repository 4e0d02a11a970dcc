/**
 * The CLI's one CSV reader, for whole files and streams alike: the delimiter is detected from the header
 * line (`,` `;` tab `|`; tab for `.tsv`), every record keeps the line it starts on, a row with the wrong
 * number of fields is handed back as a bad row rather than stopping the read, and an unclosed quote is
 * reported at the line where it opens. Bytes are decoded before (see `text.ts`).
 */
import { Readable } from 'node:stream';
import { ErrorCode, WanggeError } from '@wangge/core';
import { type Options, parse as parseStream } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { type PlainRows, splitPlain } from './csvPlain';

/** One data row of a CSV file. */
export interface CsvRow {
  fields: string[];
  /** Line of the file the row starts on, from 1 (the header is line 1). */
  line: number;
  /** The row's text as read (without its line break), when the stream reader split it directly. */
  text?: string;
}

/** Rows of a CSV stream handed on together. */
export interface CsvBatch {
  header: string[];
  delimiter: string;
  /** The rows (for a batch split directly, made as objects on first use). */
  readonly rows: CsvRow[];
  /** The rows of a batch split directly, as byte spans (no object per row), else `undefined`. */
  readonly plain?: PlainRows;
}

/** A whole CSV file. */
export interface CsvTable {
  header: string[];
  delimiter: string;
  rows: CsvRow[];
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter of a CSV file from its header line: tab for a `.tsv` file, else the one of `,` `;` tab
 * `|` found most often outside quotes (`,` when none is).
 */
export function detectDelimiter(file: string, headerLine: string): string {
  if (file.toLowerCase().endsWith('.tsv')) return '\t';
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

function optionsFor(delimiter: string): Options {
  return {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  };
}

interface Parsed {
  record: string[];
  info: { lines: number; bytes: number };
}

function newlines(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

/** The line a record starts on: the line it ends on, less the line breaks inside its quoted fields. */
function startLine(parsed: Parsed): number {
  return parsed.info.lines - newlines(parsed.record);
}

/**
 * A csv-parse error as `UNREADABLE_INPUT` naming the file and the line; an unclosed quote is placed at
 * the line where it opens (the first line with a quote after the last record read), not at the end.
 */
function csvError(file: string, error: unknown, text: string | undefined, lastLine: number): WanggeError {
  const e = error as { code?: string; message: string; lines?: number };
  let line = e.lines;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    const lines = text?.split('\n');
    const opening = lines?.findIndex((l, i) => i >= lastLine && l.includes('"')) ?? -1;
    line = opening >= 0 ? opening + 1 : lastLine + 1;
    return new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      'a quote (") opens here and is never closed, so the rest of the file would be one field; close or remove it',
      { file, line },
    );
  }
  return new WanggeError(
    ErrorCode.UNREADABLE_INPUT,
    `not valid CSV (${e.message.replace(/\s+at line \d+$/, '')}); fix the row`,
    line === undefined ? { file } : { file, line },
  );
}

/** Parses a whole CSV text (already decoded). Throws `UNREADABLE_INPUT` naming the file and line. */
export function parseCsvText(file: string, text: string): CsvTable {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = detectDelimiter(file, firstLine);
  let lastLine = 0;
  let records: Parsed[];
  try {
    records = parseSync(text, {
      ...optionsFor(delimiter),
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        return record;
      },
    }) as unknown as Parsed[];
  } catch (error) {
    throw csvError(file, error, text, lastLine);
  }
  if (records.length === 0) {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      'empty CSV: expected a header row and one row per point',
      { file },
    );
  }
  const [head, ...rest] = records;
  return {
    header: head.record,
    delimiter,
    rows: rest.map((r) => ({ fields: r.record, line: startLine(r) })),
  };
}

/**
 * {@link parseCsvText} for the start of a file about to be streamed: text without quotes and with one
 * kind of line break is split directly, as {@link csvBatches} splits it (the same fields and lines).
 */
export function parseCsvStart(file: string, text: string): CsvTable {
  const delimiter = detectDelimiter(file, text.slice(0, text.search(/\r?\n|$/)));
  const crlf = /^[^\n]*\r\n/.test(text);
  if (!isPlain(text, crlf)) return parseCsvText(file, text);
  const rows: CsvRow[] = [];
  const { header } = splitPlain(text, delimiter, crlf, 0, undefined, Number.POSITIVE_INFINITY, (_, plain) => {
    for (const { fields, line } of plain.rows()) rows.push({ fields, line });
  });
  if (header === undefined) return parseCsvText(file, text);
  return { header, delimiter, rows };
}

/**
 * Parses a CSV stream (decoded text chunks) into batches of rows of at most `batchSize`, the first batch
 * after the header is known. Throws `UNREADABLE_INPUT` naming the file and line.
 *
 * Text without quotes and with one kind of line break (the usual household file) is split on line
 * breaks and delimiters directly, which gives exactly what csv-parse gives (same fields, same lines,
 * empty lines skipped) several times faster; from the first block of lines with a quote or a stray `\r`
 * on, the rest of the stream goes through csv-parse, its lines counted on from there.
 */
export async function* csvBatches(
  file: string,
  text: AsyncIterable<string>,
  batchSize = 65_536,
): AsyncGenerator<CsvBatch> {
  const iterator = text[Symbol.asyncIterator]();
  let first = '';
  let head: IteratorResult<string> | undefined;
  while (!/\r?\n/.test(first)) {
    head = await iterator.next();
    if (head.done) break;
    first += head.value;
  }
  const delimiter = detectDelimiter(file, first.slice(0, first.search(/\r?\n|$/)));
  const crlf = /^[^\n]*\r\n/.test(first);
  let header: string[] | undefined;
  let rows: CsvRow[] = [];
  /** Lines read so far by the direct split (the csv-parse part counts on from here). */
  let line = 0;
  /** Text not yet split: the start of an unfinished line, or all that csv-parse takes over. */
  let rest = first;
  let direct = true;
  let done = head?.done === true;
  const ready: CsvBatch[] = [];
  for (;;) {
    // Blocks of a few MiB, so that a batch of rows is one block's bytes.
    while (!done && rest.length < BLOCK_CHARS) {
      const next = await iterator.next();
      if (next.done) done = true;
      else rest += next.value;
    }
    const cut = rest.lastIndexOf('\n') + 1;
    const block = done ? rest : rest.slice(0, cut);
    if (block.length > 0 && !isPlain(block, crlf)) {
      direct = false;
      break;
    }
    ({ header, line } = splitPlain(block, delimiter, crlf, line, header, batchSize, (h, plain) =>
      ready.push(plainBatch(h, delimiter, plain)),
    ));
    yield* ready.splice(0);
    if (done) {
      rest = '';
      break;
    }
    rest = rest.slice(cut);
  }
  if (!direct) {
    async function* remaining() {
      yield rest;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
    const offset = line;
    // Once a line break was read, csv-parse must keep the file's kind rather than discover one anew.
    const breaks = offset > 0 ? { record_delimiter: crlf ? '\r\n' : '\n' } : {};
    const parser = Readable.from(remaining()).pipe(parseStream({ ...optionsFor(delimiter), ...breaks }));
    let lastLine = offset;
    try {
      for await (const parsed of parser as AsyncIterable<Parsed>) {
        lastLine = offset + parsed.info.lines;
        if (header === undefined) {
          header = parsed.record;
          continue;
        }
        rows.push({ fields: parsed.record, line: offset + startLine(parsed) });
        if (rows.length >= batchSize) {
          yield { header, delimiter, rows };
          rows = [];
        }
      }
    } catch (error) {
      if (error instanceof WanggeError) throw error;
      const e = error as { lines?: unknown };
      if (typeof e.lines === 'number') e.lines += offset;
      throw csvError(file, error, undefined, lastLine);
    }
  }
  if (header === undefined) {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      'empty CSV: expected a header row and one row per point',
      { file },
    );
  }
  yield { header, delimiter, rows };
}

/** Characters of text gathered before a block is split directly. */
const BLOCK_CHARS = 1 << 22;

/** A batch of rows split directly: its rows made as objects only when asked for. */
function plainBatch(header: string[], delimiter: string, plain: PlainRows): CsvBatch {
  return {
    header,
    delimiter,
    plain,
    get rows() {
      return plain.rows();
    },
  };
}

/**
 * True when lines of `block` split on their line breaks read as csv-parse reads them: no quote, and
 * every line break the file's own (`\r\n` in a CRLF file, with no other `\r`; `\n` and no `\r` else).
 */
function isPlain(block: string, crlf: boolean): boolean {
  if (block.includes('"')) return false;
  if (!crlf) return !block.includes('\r');
  let at = block.indexOf('\r');
  let crs = 0;
  while (at >= 0) {
    if (block.charCodeAt(at + 1) !== 10) return false;
    crs++;
    at = block.indexOf('\r', at + 1);
  }
  let lfs = 0;
  for (let i = block.indexOf('\n'); i >= 0; i = block.indexOf('\n', i + 1)) lfs++;
  return crs === lfs;
}
