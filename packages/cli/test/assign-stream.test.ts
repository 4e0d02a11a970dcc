import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempDir, tinyPlan, writeGeoJson } from './helpers';

/** Rows of a household CSV: in A1, B2, on the A/B edge, in the gap, far away, without a position. */
const HEADER = ['id', 'name', 'lon', 'lat', 'residents'];
const ROWS = [
  ['1', '户1', '120.105', '30.205', '3'],
  ['2', '户2', '120.115', '30.215', '2'],
  ['3', '户3', '120.11', '30.212', '1'],
  ['4', '户4', '120.1095', '30.205', '4'],
  ['5', '户5', '121', '31', '1'],
  ['6', '户6', '', '30.2', '1'],
];
const CODES = ['A1', 'B2', 'B2', '', '', ''];
const PATHS = ['S/A/A1', 'S/B/B2', 'S/B/B2', '', '', ''];

/** `wangge assign -o` of a CSV streamed (no --points-crs) and read whole (--points-crs wgs84). */
async function assignBoth(name: string, bytes: string | Uint8Array, extra: string[] = []) {
  const dir = tempDir();
  const plan = writeGeoJson(dir, 'plan.geojson', tinyPlan({ gap: true }));
  const input = join(dir, name);
  writeFileSync(input, bytes);
  const streamed = join(dir, 'streamed.csv');
  const whole = join(dir, 'whole.csv');
  const run = await runInProcess(['assign', plan, input, '-o', streamed, ...extra]);
  const wholeRun = await runInProcess([
    'assign',
    plan,
    input,
    '-o',
    whole,
    '--points-crs',
    'wgs84',
    ...extra,
  ]);
  return { run, wholeRun, streamed: readFileSync(streamed, 'utf8'), whole: readFileSync(whole, 'utf8') };
}

/** The grid column of a written CSV, by the header. */
function column(text: string, name: string, delimiter = ','): string[] {
  const [head, ...lines] = text.trimEnd().split('\n');
  const at = head.split(delimiter).indexOf(name);
  return lines.map((l) => l.split(delimiter)[at]);
}

describe('wangge assign -o of a streamed CSV', () => {
  it('writes every row as read with its grid and path, the same grids as the whole-file path', async () => {
    const text = `${[HEADER, ...ROWS].map((r) => r.join(',')).join('\n')}\n`;
    const { run, wholeRun, streamed, whole } = await assignBoth('households.csv', text);
    expect(run.status).toBe(1);
    expect(wholeRun.status).toBe(1);
    expect(run.stdout).toContain('3 of 6 placed');
    const lines = streamed.trimEnd().split('\n');
    expect(lines[0]).toBe('id,name,lon,lat,residents,grid,path');
    ROWS.forEach((r, i) => {
      expect(lines[i + 1]).toBe(`${r.join(',')},${CODES[i]},${PATHS[i]}`);
    });
    expect(column(streamed, 'grid')).toEqual(column(whole, 'grid'));
    expect(column(streamed, 'path')).toEqual(column(whole, 'path'));
  });

  it('keeps a `;` file in its delimiter, quotes what needs it, and fills an existing grid column', async () => {
    const text = `id;name;lon;lat;grid\n1;"a;b";120.105;30.205;old\n2;"say ""hi""";120.115;30.215;\n`;
    const { run, streamed, whole } = await assignBoth('households.csv', text);
    expect(run.status).toBe(0);
    expect(streamed).toBe(
      'id;name;lon;lat;grid;path\n1;"a;b";120.105;30.205;A1;S/A/A1\n2;"say ""hi""";120.115;30.215;B2;S/B/B2\n',
    );
    expect(column(whole, 'grid')).toEqual(['A1', 'B2']);
  });

  it('reads a BOM-prefixed and a GBK file alike', async () => {
    const text = `${[HEADER, ...ROWS].map((r) => r.join(',')).join('\r\n')}\r\n`;
    for (const [name, bytes] of [
      ['bom.csv', `\uFEFF${text}`],
      ['gbk.csv', iconv.encode(text, 'gbk')],
    ] as const) {
      const { run, streamed, whole } = await assignBoth(name, bytes);
      expect(run.status).toBe(1);
      expect(column(streamed, 'grid')).toEqual(CODES);
      expect(column(streamed, 'name')).toEqual(ROWS.map((r) => r[1]));
      expect(column(whole, 'grid')).toEqual(CODES);
    }
  });
});
