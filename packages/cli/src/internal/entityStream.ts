/**
 * A CSV or NDJSON file as a stream of records for `@wangge/assign`'s `assignStream`, in bounded memory,
 * read by the CLI's one reader: bytes decoded as `decodeStream` decides (BOM, `--encoding`, UTF-8 else
 * GB18030), CSV rows parsed by `csvBatches` (delimiter detected, each row's line kept) straight into
 * core point tables (no object per row). The line of any record can be asked afterwards, so that a row
 * left out is named by its line.
 */
import { createReadStream, statSync } from 'node:fs';
import { type Column, ErrorCode, type PointTable, pointTable, WanggeError } from '@wangge/core';
import { type CsvBatch, type CsvRow, csvBatches } from '../io/csv';
import { coordinateAt, type PlainRows, smallIdAt } from '../io/csvPlain';
import { decodeStream } from '../io/text';

/** Starts each record of a JSON text sequence (RFC 7464). */
const RECORD_SEPARATOR = '\u001e';

/** Records streamed from a file, in arrays, with how far into the file the reader is. */
export interface FileRecords {
  /**
   * CSV rows as point tables (every column as text, positions from the lon/lat columns; a row with
   * another number of fields than the header has no position, as when the file is read whole), or
   * NDJSON lines parsed (Features or flat rows), in arrays.
   */
  records: AsyncIterable<Record<string, unknown>[] | PointTable>;
  /** The CSV batch handed out last (for writing its rows out with their grid). */
  lastRows(): CsvBatch;
  /** Bytes of the file read so far (the reader runs somewhat ahead of the records handed out). */
  bytesRead(): number;
  /** Size of the file. */
  totalBytes: number;
  /** The line of the file record `index` (from 0) starts on. */
  lineOf(index: number): number;
}

/** Records handed on at a time: NDJSON lines in arrays, CSV rows in tables (each placed as one chunk). */
const BATCH = 4096;
const CSV_BATCH = 1 << 16;

/**
 * Streams a CSV file (with a header row) or an NDJSON file as records. A malformed file throws
 * `UNREADABLE_INPUT` naming the file and the line; `onNote` hears when the encoding was guessed.
 */
export function fileRecords(
  file: string,
  format: 'csv' | 'ndjson',
  options: {
    encoding?: string;
    onNote?: (note: string) => void;
    lon?: string;
    lat?: string;
    /**
     * The CSV columns to hand on besides the positions (every column when `undefined`); `idColumn`,
     * when it is among them and read only as an id, is handed on as whole numbers where it holds them.
     */
    columns?: readonly string[];
    idColumn?: string;
  } = {},
): FileRecords {
  const totalBytes = statSync(file).size;
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
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
  let last: CsvBatch = { header: [], delimiter: ',', rows: [] };
  const lon = options.lon ?? 'lon';
  const lat = options.lat ?? 'lat';
  async function* csv(): AsyncGenerator<PointTable> {
    for await (const batch of csvBatches(file, text, CSV_BATCH)) {
      last = batch;
      if (batch.plain !== undefined) {
        const { lines } = batch.plain;
        for (let r = 0; r < lines.length; r++) noteLine(index++, lines[r]);
        yield plainToTable(batch.header, batch.plain, lon, lat, options.columns, options.idColumn);
        continue;
      }
      for (const { line } of batch.rows) noteLine(index++, line);
      yield rowsToTable(batch.header, batch.rows, lon, lat);
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
    lastRows: () => last,
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

/**
 * CSV rows as a point table: every column (header names trimmed; of two columns with one name, the
 * later) as text, `null` where a row is short; positions read from the `lon` / `lat` columns as a
 * number or a numeric text (NaN otherwise, and for a row with another number of fields than the header).
 */
function rowsToTable(
  header: readonly string[],
  rows: readonly CsvRow[],
  lon: string,
  lat: string,
): PointTable {
  const names = header.map((h) => h.trim());
  const n = rows.length;
  const columns: Record<string, (string | null)[]> = {};
  for (const name of names) columns[name] = new Array(n);
  // Of two columns with one name, the later one's cells land last: it wins, as in a row object.
  const cells = names.map((name) => columns[name]);
  const lonAt = names.lastIndexOf(lon);
  const latAt = names.lastIndexOf(lat);
  const xy = new Float64Array(2 * n);
  for (let r = 0; r < n; r++) {
    const { fields } = rows[r];
    for (let c = 0; c < cells.length; c++) cells[c][r] = c < fields.length ? fields[c] : null;
    const whole = fields.length === names.length;
    xy[2 * r] = whole ? toCoordinate(fields[lonAt]) : Number.NaN;
    xy[2 * r + 1] = whole ? toCoordinate(fields[latAt]) : Number.NaN;
  }
  return pointTable(xy, columns);
}

/**
 * Rows split directly as a point table, as {@link rowsToTable} makes it, with only the columns
 * `wanted` (all when `undefined`): their cells as text, except the id column (see `fileRecords`).
 */
function plainToTable(
  header: readonly string[],
  plain: PlainRows,
  lon: string,
  lat: string,
  wanted: readonly string[] | undefined,
  idColumn: string | undefined,
): PointTable {
  const names = header.map((h) => h.trim());
  const n = plain.length;
  const kept = names
    .map((name, c) => ({ name, c }))
    .filter(
      ({ name, c }) => names.lastIndexOf(name) === c && (wanted === undefined || wanted.includes(name)),
    );
  const columns: Record<string, Column> = {};
  const cellsAt: Array<(string | null)[] | undefined> = new Array(names.length);
  for (const { name, c } of kept) cellsAt[c] = (columns[name] = new Array(n)) as (string | null)[];
  // The id column as whole numbers while every id is one (see idAt), as text from the first that is not.
  const idAtColumn = idColumn !== undefined && wanted !== undefined ? names.lastIndexOf(idColumn) : -1;
  let ids: Int32Array | undefined;
  if (idAtColumn >= 0 && cellsAt[idAtColumn] !== undefined) {
    ids = new Int32Array(n);
    columns[names[idAtColumn]] = ids;
    cellsAt[idAtColumn] = undefined;
  }
  const lonAt = names.lastIndexOf(lon);
  const latAt = names.lastIndexOf(lat);
  const width = names.length;
  const { bytes, starts, ends, delimiter } = plain;
  const d = delimiter.charCodeAt(0);
  const xy = new Float64Array(2 * n);
  const from = new Int32Array(width);
  const to = new Int32Array(width);
  for (let r = 0; r < n; r++) {
    const end = ends[r];
    let field = 0;
    from[0] = starts[r];
    for (let k = starts[r]; k < end; k++) {
      if (bytes[k] !== d) continue;
      if (field < width) to[field] = k;
      field++;
      if (field < width) from[field] = k + 1;
    }
    if (field < width) to[field] = end;
    const count = field + 1;
    if (ids !== undefined) {
      const id = idAtColumn < count ? smallIdAt(bytes, from[idAtColumn], to[idAtColumn]) : -1;
      if (id >= 0) ids[r] = id;
      else {
        const cells: (string | null)[] = Array.from(ids.subarray(0, r), String);
        cells.length = n;
        columns[names[idAtColumn]] = cells;
        cellsAt[idAtColumn] = cells;
        ids = undefined;
      }
    }
    for (let c = 0; c < width; c++) {
      const cells = cellsAt[c];
      if (cells !== undefined) cells[r] = c < count ? bytes.toString('utf8', from[c], to[c]) : null;
    }
    const whole = count === width && lonAt >= 0 && latAt >= 0;
    xy[2 * r] = whole ? coordinateAt(bytes, from[lonAt], to[lonAt]) : Number.NaN;
    xy[2 * r + 1] = whole ? coordinateAt(bytes, from[latAt], to[latAt]) : Number.NaN;
  }
  return pointTable(xy, columns);
}

/** A cell as a coordinate: its number, NaN when empty or not numeric (as assign reads a row's cell). */
function toCoordinate(cell: string | undefined): number {
  return cell === undefined || cell.trim() === '' ? Number.NaN : Number(cell);
}
