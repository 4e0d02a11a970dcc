/**
 * CSV rows split directly, without an object or a string per row: a block of lines without quotes and
 * with one kind of line break (the usual household file) is kept as its UTF-8 bytes with where each
 * row starts and ends. Fields are found by scanning for the delimiter's byte (every delimiter is ASCII,
 * so it never occurs inside a multi-byte character), and a row's text, when asked for, decodes back to
 * exactly the text read.
 */
import type { CsvRow } from './csv';

/** Rows of one block of a CSV file, as byte spans. */
export class PlainRows {
  /** The rows as objects, made on first use. */
  private objects: CsvRow[] | undefined;

  /**
   * `bytes` the UTF-8 of the block; row `r` is `bytes[starts[r] .. ends[r])` (its line break left
   * out) and starts on line `lines[r]` of the file.
   */
  constructor(
    readonly bytes: Buffer,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly lines: Int32Array,
    readonly delimiter: string,
  ) {}

  /** Rows in the block. */
  get length(): number {
    return this.starts.length;
  }

  /** The text of row `r`, as read. */
  text(r: number): string {
    return this.bytes.toString('utf8', this.starts[r], this.ends[r]);
  }

  /** Every row as a {@link CsvRow} (fields, line, text). */
  rows(): CsvRow[] {
    if (this.objects === undefined) {
      this.objects = new Array(this.length);
      for (let r = 0; r < this.length; r++) {
        const text = this.text(r);
        this.objects[r] = { fields: text.split(this.delimiter), line: this.lines[r], text };
      }
    }
    return this.objects;
  }
}

/**
 * Splits a block of whole lines (`\r\n` breaks when `crlf`, else `\n`; the last line may lack its
 * break when `atEnd`) into its header, when `header` is not known yet, and rows of at most `batchSize`,
 * skipping empty lines as csv-parse does. `line` is the number of lines before the block; returns the
 * header found and the line count after the block.
 */
export function splitPlain(
  block: string,
  delimiter: string,
  crlf: boolean,
  line: number,
  header: string[] | undefined,
  batchSize: number,
  emit: (header: string[], rows: PlainRows) => void,
): { header: string[] | undefined; line: number } {
  const bytes = Buffer.from(block, 'utf8');
  const n = bytes.length;
  // Spans of the batch being gathered, in arrays of its full size (a row takes at least two bytes).
  const size = Math.max(1, Math.min(batchSize, (n >> 1) + 1));
  let starts = new Int32Array(size);
  let ends = new Int32Array(size);
  let lines = new Int32Array(size);
  let count = 0;
  const flush = () => {
    if (count === 0 || header === undefined) return;
    const rows = new PlainRows(
      bytes,
      starts.subarray(0, count),
      ends.subarray(0, count),
      lines.subarray(0, count),
      delimiter,
    );
    emit(header, rows);
    starts = new Int32Array(size);
    ends = new Int32Array(size);
    lines = new Int32Array(size);
    count = 0;
  };
  let from = 0;
  while (from < n) {
    const at = bytes.indexOf(10, from);
    const broken = at >= 0;
    const stop = broken ? at : n;
    const end = broken && crlf ? stop - 1 : stop;
    line++;
    if (end > from) {
      if (header === undefined) {
        header = bytes.toString('utf8', from, end).split(delimiter);
      } else {
        starts[count] = from;
        ends[count] = end;
        lines[count++] = line;
        if (count >= size) flush();
      }
    }
    from = stop + 1;
  }
  // A block that ends with a line break has one more (empty) piece after it, as `split('\n')` counts.
  flush();
  return { header, line };
}

/** Powers of ten a double holds exactly (10^0 … 10^22). */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The coordinate cell `[from, to)`: its number, NaN when empty or not numeric, as `Number` reads the
 * cell's text. A plain decimal (`-?digits[.digits]`) of at most 15 digits is read from the bytes: its
 * digits as a whole number and one division by an exact power of ten give the correctly rounded
 * double, which is what `Number` gives; every other cell goes through `Number`.
 */
export function coordinateAt(bytes: Buffer, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let k = from;
  const negative = bytes[k] === 45;
  if (negative) k++;
  let digits = 0;
  let whole = 0;
  let fraction = -1;
  for (; k < to; k++) {
    const c = bytes[k];
    if (c === 46 && fraction < 0) fraction = 0;
    else if (c >= 48 && c <= 57) {
      whole = 10 * whole + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else break;
  }
  if (k === to && digits > 0 && digits <= 15 && fraction !== 0 && !(fraction > 0 && digits === fraction)) {
    const value = fraction > 0 ? whole / EXACT_POWERS[fraction] : whole;
    return negative ? -value : value;
  }
  const cell = bytes.toString('utf8', from, to);
  return cell.trim() === '' ? Number.NaN : Number(cell);
}

/**
 * The id cell `[from, to)` as a whole number when it is a plain decimal below 2^24 written as that
 * number is (`7`, not `07` or ` 7`), else -1: `assign` reads such an id the same as its text.
 */
export function smallIdAt(bytes: Buffer, from: number, to: number): number {
  const length = to - from;
  if (length <= 0 || length > 8 || (length > 1 && bytes[from] === 48)) return -1;
  let value = 0;
  for (let k = from; k < to; k++) {
    const digit = bytes[k] - 48;
    if (digit < 0 || digit > 9) return -1;
    value = 10 * value + digit;
  }
  return value < 1 << 24 ? value : -1;
}
