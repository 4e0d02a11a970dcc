import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRow, csvBatches, parseCsvText } from '../src/io/csv';

/** Every batch of a CSV stream cut into the given pieces, rows joined. */
async function streamed(text: string, cuts: number[], batchSize: number) {
  const pieces: string[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(text.length, Math.max(at, cut));
    pieces.push(text.slice(at, end));
    at = end;
  }
  pieces.push(text.slice(at));
  async function* chunks() {
    for (const p of pieces) if (p !== '') yield p;
  }
  let header: string[] | undefined;
  const rows: CsvRow[] = [];
  for await (const batch of csvBatches('test.csv', chunks(), batchSize)) {
    header = batch.header;
    expect(batch.rows.length).toBeLessThanOrEqual(batchSize);
    for (const { fields, line, text: raw } of batch.rows) {
      // A row split directly keeps its text: its fields joined again.
      if (raw !== undefined) expect(raw).toBe(fields.join(batch.delimiter));
      rows.push({ fields, line });
    }
  }
  return { header, rows };
}

// Cells from a small alphabet that makes every case likely: empty cells, spaces, the delimiters, and
// (sometimes) quotes and stray carriage returns, which hand the rest of the stream to csv-parse.
const cell = fc.stringMatching(/^[a1 .;|\t-]{0,4}$/);
const awkward = fc.constantFrom('"q"', '"a,b"', '"two\nlines"', 'x\ry', '');

const csvText = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
    crlf: fc.boolean(),
    trailingBreak: fc.boolean(),
    emptyLines: fc.array(fc.nat(30), { maxLength: 3 }),
    awkwardAt: fc.option(fc.tuple(fc.nat(30), awkward), { nil: undefined }),
  })
  .map(({ rows, crlf, trailingBreak, emptyLines, awkwardAt }) => {
    const lines = rows.map((r) => r.join(','));
    lines[0] = lines[0].replace(/^\s*$/, 'h');
    for (const k of emptyLines) lines.splice(1 + (k % lines.length), 0, '');
    if (awkwardAt !== undefined) {
      const [k, text] = awkwardAt;
      lines.splice(1 + (k % lines.length), 0, `${text},z`);
    }
    const br = crlf ? '\r\n' : '\n';
    return lines.join(br) + (trailingBreak ? br : '');
  });

describe('csvBatches', () => {
  it('reads every stream, however cut, as csv-parse reads the whole text (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvText,
        fc.array(fc.nat(400), { maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        async (text, cuts, batchSize) => {
          let whole: ReturnType<typeof parseCsvText> | undefined;
          try {
            whole = parseCsvText('test.csv', text);
          } catch {
            return; // a text csv-parse refuses is the error tests' business
          }
          const { header, rows } = await streamed(text, cuts, batchSize);
          expect(header).toEqual(whole.header);
          expect(rows).toEqual(whole.rows);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('counts lines on after csv-parse takes over at a quote', async () => {
    const text = 'id,lon,lat\n1,120,30\n\n2,"120.5",30\n3,"a\nb",30\n4,120,30\n';
    const { rows } = await streamed(text, [5, 17], 2);
    expect(rows.map((r) => [r.fields[0], r.line])).toEqual([
      ['1', 2],
      ['2', 4],
      ['3', 5],
      ['4', 7],
    ]);
  });
});
