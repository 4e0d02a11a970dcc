/**
 * `wangge assign -o out.csv` for a streamed CSV: every row written as it was read (its columns in their
 * order, its text unchanged, the file's delimiter) with its `grid` code and `path` of codes after it,
 * chunk by chunk, as UTF-8. A file that already has `grid` / `path` columns gets them filled in where
 * they stand. Nothing of the input is reformatted or lost: a row the reader split directly is copied
 * byte for byte (no string per row), any other row is written from its fields, quoted where needed.
 */
import type { CsvBatch } from '../io/csv';

/** The bytes of an assigned CSV, built a chunk of rows at a time. */
export class AssignedCsv {
  private readonly pieces: Uint8Array[];
  /** Positions of the input's own `grid` / `path` columns, -1 when they are appended. */
  private readonly gridAt: number;
  private readonly pathAt: number;
  /** The code and the path of each grid id as cells, made once. */
  private readonly codeCells: string[] = [];
  private readonly pathCells: string[] = [];
  /** `<delimiter><code><delimiter><path>\n` of each grid id (and of no grid, at -1 + 1), as bytes. */
  private readonly tails: Buffer[] = [];

  /**
   * `header` as read (untrimmed), `delimiter` the file's; `codeOf` and `pathOf` give the code and the
   * `/`-joined path of a plan grid id.
   */
  constructor(
    header: readonly string[],
    private readonly delimiter: string,
    private readonly codeOf: (gridId: number) => string,
    private readonly pathOf: (gridId: number) => string,
  ) {
    const names = header.map((h) => h.trim());
    this.gridAt = names.indexOf('grid');
    this.pathAt = names.indexOf('path');
    const cells = header.map((h) => this.cell(h));
    if (this.gridAt < 0) cells.push('grid');
    if (this.pathAt < 0) cells.push('path');
    this.pieces = [Buffer.from(`${cells.join(delimiter)}\n`)];
  }

  /** Adds a batch's rows with their plan grid ids (-1 when unassigned). */
  add(batch: CsvBatch, gridIds: Int32Array): void {
    const appended = this.gridAt < 0 && this.pathAt < 0;
    if (appended && batch.plain !== undefined) this.copy(batch.plain, gridIds);
    else this.rebuild(batch, gridIds, appended);
  }

  /** The whole file. */
  bytes(): Buffer {
    return Buffer.concat(this.pieces);
  }

  /** Rows split directly, each copied as read with its tail after it. */
  private copy(plain: NonNullable<CsvBatch['plain']>, gridIds: Int32Array): void {
    const { bytes, starts, ends } = plain;
    const n = starts.length;
    let size = 0;
    for (let r = 0; r < n; r++) size += ends[r] - starts[r] + this.tail(gridIds[r]).length;
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (let r = 0; r < n; r++) {
      const end = ends[r];
      for (let k = starts[r]; k < end; k++) out[at++] = bytes[k];
      const tail = this.tails[gridIds[r] + 1];
      for (let k = 0; k < tail.length; k++) out[at++] = tail[k];
    }
    this.pieces.push(out);
  }

  /** Rows written from their fields (or their text), the code and path set or appended. */
  private rebuild(batch: CsvBatch, gridIds: Int32Array, appended: boolean): void {
    const d = this.delimiter;
    const { rows } = batch;
    const lines: string[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const g = gridIds[r];
      const code = g >= 0 ? (this.codeCells[g] ??= this.cell(this.codeOf(g))) : '';
      const path = g >= 0 ? (this.pathCells[g] ??= this.cell(this.pathOf(g))) : '';
      if (appended && row.text !== undefined) {
        lines[r] = `${row.text}${d}${code}${d}${path}`;
        continue;
      }
      const cells = row.fields.map((f) => this.cell(f));
      if (this.gridAt >= 0) cells[this.gridAt] = code;
      else cells.push(code);
      if (this.pathAt >= 0) cells[this.pathAt] = path;
      else cells.push(path);
      lines[r] = cells.join(d);
    }
    if (lines.length > 0) this.pieces.push(Buffer.from(`${lines.join('\n')}\n`));
  }

  /** The bytes written after a copied row of grid `g` (-1: none). */
  private tail(g: number): Buffer {
    let tail = this.tails[g + 1];
    if (tail === undefined) {
      const d = this.delimiter;
      const text = g >= 0 ? `${d}${this.cell(this.codeOf(g))}${d}${this.cell(this.pathOf(g))}` : `${d}${d}`;
      tail = Buffer.from(`${text}\n`);
      this.tails[g + 1] = tail;
    }
    return tail;
  }

  /** A cell, quoted when it holds the delimiter, a quote or a line break. */
  private cell(value: string): string {
    const needsQuotes =
      value.includes(this.delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r');
    return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
  }
}
