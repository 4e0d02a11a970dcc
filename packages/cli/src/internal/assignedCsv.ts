/**
 * `wangge assign -o out.csv` for a streamed CSV: every row written as it was read (its columns in their
 * order, its text unchanged, the file's delimiter) with its `grid` code and `path` of codes after it,
 * chunk by chunk. A file that already has `grid` / `path` columns gets them filled in where they stand.
 * Nothing of the input is reformatted or lost, and a row is copied, not rebuilt, when the reader kept
 * its text.
 */
import type { CsvRow } from '../io/csv';

/** The text of an assigned CSV, built a chunk of rows at a time. */
export class AssignedCsv {
  private readonly pieces: string[];
  /** Positions of the input's own `grid` / `path` columns, -1 when they are appended. */
  private readonly gridAt: number;
  private readonly pathAt: number;
  /** The code and the path of each grid id as cells, made once. */
  private readonly codeCells: string[] = [];
  private readonly pathCells: string[] = [];

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
    this.pieces = [`${cells.join(delimiter)}\n`];
  }

  /** Adds rows with their plan grid ids (-1 when unassigned). */
  add(rows: readonly CsvRow[], gridIds: Int32Array): void {
    const d = this.delimiter;
    const copy = this.gridAt < 0 && this.pathAt < 0;
    const lines: string[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const g = gridIds[r];
      const code = g >= 0 ? (this.codeCells[g] ??= this.cell(this.codeOf(g))) : '';
      const path = g >= 0 ? (this.pathCells[g] ??= this.cell(this.pathOf(g))) : '';
      if (copy && row.text !== undefined) {
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
    if (lines.length > 0) this.pieces.push(`${lines.join('\n')}\n`);
  }

  /** The whole text. */
  text(): string {
    return this.pieces.join('');
  }

  /** A cell, quoted when it holds the delimiter, a quote or a line break. */
  private cell(value: string): string {
    const needsQuotes =
      value.includes(this.delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r');
    return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
  }
}
