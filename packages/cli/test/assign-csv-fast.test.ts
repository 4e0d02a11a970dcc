import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coordinateAt, smallIdAt } from '../src/io/csvPlain';
import { runInProcess, tempDir, tinyPlan, writeGeoJson } from './helpers';

/** A cell as the general writer writes it: quoted when it holds the delimiter `,`, a quote or a line break. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * What `wangge assign -o` must write for `text`: every row csv-parse reads, its fields written again
 * (quoted where needed), then the grid and path the whole-file path (`--points-crs wgs84`, another
 * reader and writer) found for it.
 */
async function expectedOutput(dir: string, plan: string, input: string, text: string): Promise<string> {
  const whole = join(dir, 'whole.csv');
  await runInProcess(['assign', plan, input, '-o', whole, '--points-crs', 'wgs84']);
  const placed = parse(readFileSync(whole, 'utf8'), { columns: true }) as Record<string, string>[];
  const [header, ...rows] = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  expect(rows.length).toBe(placed.length);
  const line = (cells: string[]) => cells.map(cell).join(',');
  return [
    `${line([...header, 'grid', 'path'])}\n`,
    ...rows.map((r, i) => `${line(r)},${placed[i].grid ?? ''},${placed[i].path ?? ''}\n`),
  ].join('');
}

/** Rows in A1, B2, on the A/B edge, in the gap, outside, with an empty position, with empty cells. */
function rows(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = 120.1 + ((i * 7919) % 2000) / 100_000;
    const y = 30.2 + ((i * 104_729) % 2000) / 100_000;
    const lon = i % 97 === 5 ? '' : i % 89 === 3 ? '121' : String(x);
    out.push(`${i},户${i % 13 === 0 ? '' : i},${lon},${y},${i % 11 === 0 ? '' : i % 5}`);
  }
  return out;
}

describe('wangge assign -o: the CSV fast path writes what the general path writes', () => {
  it('byte for byte, on a file with a BOM, CRLF, empty fields and empty lines', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', tinyPlan({ gap: true }));
    const lines = ['id,name,lon,lat,residents', ...rows(3000)];
    lines.splice(40, 0, '');
    lines.splice(700, 0, '');
    const text = `${lines.join('\r\n')}\r\n`;
    const input = join(dir, 'households.csv');
    writeFileSync(input, `\uFEFF${text}`);
    const out = join(dir, 'fast.csv');
    const run = await runInProcess(['assign', plan, input, '-o', out]);
    expect(run.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(await expectedOutput(dir, plan, input, text));
  });

  it('byte for byte when quoted cells come after megabytes of plain rows (both readers in one file)', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', tinyPlan({ gap: true }));
    const plain = rows(150_000);
    const quoted = [
      '1,"a,b",120.105,30.205,3',
      '2,"say ""hi""",120.115,30.215,',
      '3,"two\nlines",120.105,30.205,1',
    ];
    const text = `${['id,name,lon,lat,residents', ...plain, ...quoted, ...rows(50)].join('\n')}\n`;
    expect(text.indexOf('"')).toBeGreaterThan(1 << 22);
    const input = join(dir, 'households.csv');
    writeFileSync(input, text);
    const out = join(dir, 'fast.csv');
    const run = await runInProcess(['assign', plan, input, '-o', out]);
    expect(run.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(await expectedOutput(dir, plan, input, text));
  }, 60_000);
});

describe('csvPlain', () => {
  const bytesOf = (s: string) => Buffer.from(s);
  const asNumber = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

  it('reads a coordinate cell from its bytes exactly as Number reads its text (fast-check)', () => {
    const decimal = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^[0-9]{0,17}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,17}$/), { nil: undefined }),
      )
      .map(
        ([minus, whole, fraction]) =>
          `${minus ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
      );
    const odd = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(' 1', '1e5', '+2', '0x1F', 'Infinity', '-'),
    );
    const double = fc.double({ noNaN: true }).map(String);
    fc.assert(
      fc.property(fc.oneof(decimal, odd, double), (s) => {
        const b = bytesOf(s);
        expect(Object.is(coordinateAt(b, 0, b.length), asNumber(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads an id as a whole number only when its text is that number', () => {
    for (const [text, id] of [
      ['0', 0],
      ['7', 7],
      ['16777215', 16_777_215],
      ['16777216', -1],
      ['07', -1],
      [' 7', -1],
      ['7.0', -1],
      ['', -1],
      ['户7', -1],
    ] as const) {
      const b = bytesOf(text);
      expect(smallIdAt(b, 0, b.length)).toBe(id);
    }
  });
});
