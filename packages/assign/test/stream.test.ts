import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ErrorCode, GridPlan, isWanggeError } from '@wangge/core';
import { generateCity, householdsToFeatures, KeyGroup } from '@wangge/example-city';
import { afterAll, describe, expect, it } from 'vitest';
import { Assigner, type AssignOptions, assign, assignStream, type StreamProgress } from '../src';

const city = generateCity({ seed: 5, households: 3000 });
const plan = GridPlan.from([city.district, ...city.communities]);
const dir = mkdtempSync(join(tmpdir(), 'wangge-assign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { xy, residents, flags } = city.households;
const options: AssignOptions = {
  countAs: 'households',
  counts: { residents: 'residents', rental: { column: 'flags', bit: KeyGroup.RENTAL } },
  weight: 'residents',
};
// A few rows the stream must report, not drop: an empty cell, a point far away, a bad number.
const bad = [
  { lon: '', lat: '30.2' },
  { lon: '100', lat: '10' },
  { lon: 'x', lat: '30.2' },
];
const rows = [
  ...Array.from({ length: city.households.length }, (_, i) => ({
    lon: String(xy[2 * i]),
    lat: String(xy[2 * i + 1]),
    residents: String(residents[i]),
    flags: String(flags[i]),
  })),
  ...bad.map((r) => ({ ...r, residents: '1', flags: '0' })),
];
const inMemory = assign(plan, rows, options);

function csvOf(records: Array<Record<string, string>>): string {
  const header = Object.keys(records[0]);
  return [header.join(','), ...records.map((r) => header.map((h) => r[h]).join(','))].join('\n');
}

function expectSameSummary(a: typeof inMemory, b: Awaited<ReturnType<typeof assignStream>>): void {
  expect(b.total).toBe(a.total);
  expect(b.assigned).toBe(a.assigned);
  expect(b.unassigned).toEqual(a.unassigned);
  expect(Object.keys(b.counts)).toEqual(Object.keys(a.counts));
  for (const name of Object.keys(a.counts)) expect(b.counts[name]).toEqual(a.counts[name]);
  expect(b.load).toEqual(a.load);
}

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('assignStream', () => {
  it('streams a CSV file many chunks long to the same counts as the in-memory assignment', async () => {
    const path = join(dir, 'households.csv');
    writeFileSync(path, csvOf(rows));
    const progress: StreamProgress[] = [];
    const gridIds = new Int32Array(rows.length).fill(-2);
    const summary = await assignStream(plan, path, {
      ...options,
      chunkSize: 500,
      onProgress: (p) => progress.push(p),
      onChunk: (chunk) => gridIds.set(chunk.gridIds, chunk.offset),
    });
    expectSameSummary(inMemory, summary);
    expect(inMemory.unassigned.map((u) => u.reason)).toEqual([
      'invalid-coordinate',
      'outside-root',
      'invalid-coordinate',
    ]);
    expect(gridIds).toEqual(inMemory.gridIds);
    expect(progress.map((p) => p.entities)).toEqual(
      Array.from({ length: Math.ceil(rows.length / 500) }, (_, k) => Math.min(rows.length, (k + 1) * 500)),
    );
    expect(progress.at(-1)).toMatchObject({
      assigned: inMemory.assigned,
      unassigned: 3,
      bytesRead: statSync(path).size,
      totalBytes: statSync(path).size,
    });
  });

  it('streams NDJSON of GeoJSON features and flat rows alike, skipping blank lines', async () => {
    const features = householdsToFeatures(city.households).features.map((f, i) => ({
      ...f,
      properties: { residents: residents[i], flags: flags[i] },
    }));
    const lines = [
      ...features.map((f) => JSON.stringify(f)),
      '',
      ...bad.map((r) => JSON.stringify({ ...r, residents: 1, flags: 0 })),
    ];
    const path = join(dir, 'households.ndjson');
    writeFileSync(path, `${lines.join('\r\n')}\n`);
    const summary = await new Assigner(plan).assignStream(path, { ...options, chunkSize: 700 });
    expectSameSummary(inMemory, summary);
  });

  it('reads any async iterable of text, split anywhere, given its format', async () => {
    const text = csvOf(rows.slice(0, 200));
    const pieces = Array.from({ length: Math.ceil(text.length / 37) }, (_, k) =>
      text.slice(37 * k, 37 * k + 37),
    );
    const summary = await assignStream(plan, Readable.from(pieces), {
      ...options,
      format: 'csv',
      chunkSize: 64,
    });
    expectSameSummary(assign(plan, rows.slice(0, 200), options), summary);
  });

  it('reads a semicolon-separated CSV with a byte order mark', async () => {
    const text = `\uFEFF${csvOf(rows.slice(0, 50)).replaceAll(',', ';')}`;
    const ok = await assignStream(plan, Readable.from([text]), { ...options, format: 'csv', delimiter: ';' });
    expect(ok.assigned).toBe(50);
  });

  it('keeps characters whole when a byte chunk splits them (Chinese categories)', async () => {
    const kinds = ['商铺', '菜市场', '学校'];
    const lines = ['kind,lon,lat'];
    for (let i = 0; i < 300; i++) lines.push(`${kinds[i % 3]},${xy[2 * i]},${xy[2 * i + 1]}`);
    const bytes = Buffer.from(lines.join('\n'));
    // 7-byte pieces cut the 3-byte characters at every possible offset.
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, k) =>
      bytes.subarray(7 * k, 7 * k + 7),
    );
    const summary = await assignStream(plan, Readable.from(pieces), {
      format: 'csv',
      category: 'kind',
      chunkSize: 50,
    });
    const street = plan.idOfCode(city.district.properties.code);
    expect(kinds.map((k) => summary.counts[`kind=${k}`][street])).toEqual([100, 100, 100]);
  });

  it('stops reading when the consumer throws, with the error of the consumer', async () => {
    const path = join(dir, 'stop.csv');
    writeFileSync(path, csvOf(rows));
    const stop = new Error('stop here');
    let chunks = 0;
    const e = await errorOf(() =>
      assignStream(plan, path, {
        chunkSize: 100,
        onChunk: () => {
          chunks++;
          throw stop;
        },
      }),
    );
    expect(e).toBe(stop);
    expect(chunks).toBe(1);
  });

  it('applies rules in streams too', async () => {
    const text = ['kind,lon,lat', 'mine,0,0', 'shop,0,0', `shop,${xy[0]},${xy[1]}`].join('\n');
    const community = city.communities[0].properties.code;
    const summary = await assignStream(plan, Readable.from([text]), {
      format: 'csv',
      rules: [{ grid: community, when: { kind: 'mine' } }],
      nonSpatial: [],
    });
    expect(summary.byRule).toEqual([1]);
    expect(summary.assigned).toBe(2);
    expect(summary.unassigned).toEqual([{ index: 1, reason: 'outside-root' }]);
  });

  it('throws UNREADABLE_INPUT for a malformed file, and INVALID_OPTION for a bad option', async () => {
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, '{"lon": 120, "lat": 30}\n{"lon": 120,\n');
    expect(isWanggeError(await errorOf(() => assignStream(plan, broken)), ErrorCode.UNREADABLE_INPUT)).toBe(
      true,
    );
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'lon,lat\n120,30\n120,30,7\n');
    expect(isWanggeError(await errorOf(() => assignStream(plan, ragged)), ErrorCode.UNREADABLE_INPUT)).toBe(
      true,
    );
    const missing = join(dir, 'missing.csv');
    expect(isWanggeError(await errorOf(() => assignStream(plan, missing)), ErrorCode.UNREADABLE_INPUT)).toBe(
      true,
    );
    const path = join(dir, 'households.txt');
    writeFileSync(path, 'lon,lat\n');
    expect(isWanggeError(await errorOf(() => assignStream(plan, path)), ErrorCode.INVALID_OPTION)).toBe(true);
    const wrongColumns = join(dir, 'wrong.csv');
    writeFileSync(wrongColumns, 'lng,lat\n120,30\n');
    for (const bad of [
      {},
      { lon: 'lng', counts: { residents: 'residents' } },
      { lon: 'lng', category: 'kind' },
    ]) {
      const e = await errorOf(() => assignStream(plan, wrongColumns, bad));
      expect(isWanggeError(e, ErrorCode.INVALID_OPTION)).toBe(true);
    }
    expect((await assignStream(plan, wrongColumns, { lon: 'lng' })).total).toBe(1);
    const notAsync = await errorOf(() => assignStream(plan, ['lon,lat'] as never, { format: 'csv' }));
    expect(isWanggeError(notAsync, ErrorCode.INVALID_OPTION)).toBe(true);
    for (const bad of [{ chunkSize: 0 }, { delimiter: '' }, { onProgress: 5 as never }]) {
      const e = await errorOf(() => assignStream(plan, path, { format: 'csv', ...bad }));
      expect(isWanggeError(e, ErrorCode.INVALID_OPTION)).toBe(true);
    }
  });
});
