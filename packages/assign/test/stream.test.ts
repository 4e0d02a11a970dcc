import { ErrorCode, GridPlan, isWanggeError, pointTable } from '@wangge/core';
import { generateCity, householdsToFeatures, KeyGroup } from '@wangge/example-city';
import { describe, expect, it } from 'vitest';
import {
  Assigner,
  type AssignOptions,
  assign,
  assignStream,
  type EntityRow,
  type StreamProgress,
} from '../src';

const city = generateCity({ seed: 5, households: 3000 });
const plan = GridPlan.from([city.district, ...city.communities]);

const { xy } = city.households;
const { residents, flags } = city.households.columns;
const options: AssignOptions = {
  countAs: 'households',
  counts: { residents: 'residents', rental: { column: 'flags', flag: KeyGroup.RENTAL } },
  weight: 'residents',
};
// A few rows the stream must report, not drop: an empty cell, a point far away, a bad number.
const bad = [
  { lon: '', lat: '30.2' },
  { lon: '100', lat: '10' },
  { lon: 'x', lat: '30.2' },
];
// Rows as a CSV reader gives them: every cell text.
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

/** The records in arrays of the given sizes, in turn (a parser's uneven chunks), asynchronously. */
async function* inPieces<T>(records: readonly T[], sizes: readonly number[]): AsyncGenerator<T[]> {
  for (let at = 0, k = 0; at < records.length; k++) {
    const size = sizes[k % sizes.length];
    await Promise.resolve();
    yield records.slice(at, at + size);
    at += size;
  }
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
  it('streams rows in uneven arrays, many chunks long, to the same result as the in-memory assignment', async () => {
    const progress: StreamProgress[] = [];
    const gridIds = new Int32Array(rows.length).fill(-2);
    const summary = await assignStream(plan, inPieces(rows, [1, 333, 1200, 7]), {
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
    expect(progress.at(-1)).toEqual({ entities: rows.length, assigned: inMemory.assigned, unassigned: 3 });
  });

  it('streams point tables with text columns (a CSV reader parsing into columns) to the same result', async () => {
    const tables = [];
    for (let at = 0; at < rows.length; at += 1000) {
      const part = rows.slice(at, at + 1000);
      // Rows and tables mixed: the records before a table are placed before it.
      if (at === 1000) {
        tables.push(part);
        continue;
      }
      const xy = Float64Array.from(
        part.flatMap((r) => [r.lon, r.lat].map((v) => (v === '' ? Number.NaN : Number(v)))),
      );
      tables.push(
        pointTable(xy, { residents: part.map((r) => r.residents), flags: part.map((r) => r.flags) }),
      );
    }
    const offsets: number[] = [];
    const summary = await assignStream(plan, tables, {
      ...options,
      chunkSize: 700,
      onChunk: (c) => {
        offsets.push(c.offset);
        for (let i = 0; i < c.gridIds.length; i++) expect(c.gridIds[i]).toBe(inMemory.gridIds[c.offset + i]);
      },
    });
    expectSameSummary(inMemory, summary);
    expect(offsets.slice(0, 4)).toEqual([0, 1000, 1700, 2000]);
  });

  it('streams single records, and a plain iterable, alike', async () => {
    async function* oneByOne() {
      for (const row of rows) yield row;
    }
    expectSameSummary(inMemory, await assignStream(plan, oneByOne(), { ...options, chunkSize: 999 }));
    expectSameSummary(inMemory, await assignStream(plan, [rows.slice(0, 10), ...rows.slice(10)], options));
  });

  it('streams GeoJSON Features and flat rows mixed (NDJSON lines) to the same counts', async () => {
    const features = householdsToFeatures(city.households).features.map((f, i) => ({
      ...f,
      properties: { residents: residents[i], flags: flags[i] },
    }));
    const mixed: EntityRow[] = [...features, ...bad.map((r) => ({ ...r, residents: 1, flags: 0 }))];
    const summary = await new Assigner(plan).assignStream(inPieces(mixed, [640]), {
      ...options,
      chunkSize: 700,
    });
    expectSameSummary(inMemory, summary);
  });

  it('stops reading (and closes the source) when the consumer throws, with the error of the consumer', async () => {
    const stop = new Error('stop here');
    let chunks = 0;
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (const row of rows) {
          pulled++;
          yield row;
        }
      } finally {
        closed = true;
      }
    }
    const e = await errorOf(() =>
      assignStream(plan, source(), {
        chunkSize: 100,
        onChunk: () => {
          chunks++;
          throw stop;
        },
      }),
    );
    expect(e).toBe(stop);
    expect(chunks).toBe(1);
    expect(pulled).toBe(100);
    expect(closed).toBe(true);
  });

  it('passes an error of the source through unchanged', async () => {
    const broken = new Error('disk gone');
    async function* source() {
      yield rows.slice(0, 10);
      throw broken;
    }
    expect(await errorOf(() => assignStream(plan, source()))).toBe(broken);
  });

  it('applies rules in streams too', async () => {
    const records = [
      { kind: 'mine', lon: '0', lat: '0' },
      { kind: 'shop', lon: '0', lat: '0' },
      { kind: 'shop', lon: String(xy[0]), lat: String(xy[1]) },
    ];
    const community = city.communities[0].properties.code;
    const summary = await assignStream(plan, inPieces(records, [2]), {
      rules: [{ grid: community, when: { kind: 'mine' } }],
      nonSpatial: [],
    });
    expect(summary.byRule).toEqual([1]);
    expect(summary.assigned).toBe(2);
    expect(summary.unassigned).toEqual([{ index: 1, reason: 'outside-root' }]);
  });

  it('throws INVALID_OPTION for a bad option, a source that is not iterable, or a column not in `columns`', async () => {
    const source = () => inPieces(rows.slice(0, 5), [5]);
    for (const bad of [
      { chunkSize: 0 },
      { chunkSize: 1.5 },
      { onProgress: 5 as never },
      { columns: 'lon' as never },
    ]) {
      const e = await errorOf(() => assignStream(plan, source(), bad));
      expect(isWanggeError(e, ErrorCode.INVALID_OPTION)).toBe(true);
    }
    for (const notIterable of [null, 5, 'lon,lat\n120,30', { lon: 120, lat: 30 }]) {
      const e = await errorOf(() => assignStream(plan, notIterable as never));
      expect(isWanggeError(e, ErrorCode.INVALID_OPTION)).toBe(true);
    }
    const columns = ['lng', 'lat'];
    for (const bad of [
      {},
      { lon: 'lng', counts: { residents: 'residents' } },
      { lon: 'lng', category: 'kind' },
      { lon: 'lng', weight: { column: 'flags', flag: 1 } },
    ]) {
      let pulled = 0;
      async function* counted() {
        pulled++;
        yield { lng: '120', lat: '30' };
      }
      const e = await errorOf(() => assignStream(plan, counted(), { ...bad, columns }));
      expect(isWanggeError(e, ErrorCode.INVALID_OPTION)).toBe(true);
      expect(pulled).toBe(0);
    }
    expect((await assignStream(plan, [{ lng: '120', lat: '30' }], { lon: 'lng', columns })).total).toBe(1);
  });

  it('throws INVALID_PROPERTIES naming the entity for a record that is not an object', async () => {
    const e = await errorOf(() => assignStream(plan, inPieces([...rows.slice(0, 3), 7 as never], [2])));
    expect(isWanggeError(e, ErrorCode.INVALID_PROPERTIES)).toBe(true);
    expect((e as { featureIndex?: number }).featureIndex).toBe(3);
  });
});
