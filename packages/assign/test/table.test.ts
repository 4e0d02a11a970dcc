import { ErrorCode, GridPlan, pointTable } from '@wangge/core';
import { generateCity, KeyGroup } from '@wangge/example-city';
import { describe, expect, it } from 'vitest';
import { Assigner, assign, assignStream } from '../src';
import { box, errorCode, grid } from './helpers';

// Root R split into west A and east B.
const plan = GridPlan.from([
  grid('R', null, 1, box(120, 30, 0.02)),
  grid('A', 'R', 2, {
    type: 'Polygon',
    coordinates: [
      [
        [120, 30],
        [120.01, 30],
        [120.01, 30.02],
        [120, 30.02],
        [120, 30],
      ],
    ],
  }),
  grid('B', 'R', 2, {
    type: 'Polygon',
    coordinates: [
      [
        [120.01, 30],
        [120.02, 30],
        [120.02, 30.02],
        [120.01, 30.02],
        [120.01, 30],
      ],
    ],
  }),
]);
const A = plan.idOfCode('A');
const B = plan.idOfCode('B');

describe('assign reads the core PointTable', () => {
  const table = pointTable(
    Float64Array.of(120.005, 30.01, 120.015, 30.01, 120.015, 30.01, Number.NaN, Number.NaN),
    {
      flags: Uint8Array.of(1, 3, 2, 1),
      kind: ['school', 'market', 'school', null],
      residents: Float64Array.of(2, 3, 4, 5),
    },
  );

  it('counts with { column, flag }, { column, equals } and { column, min, max }, as selectRows picks rows', () => {
    const result = assign(plan, table, {
      counts: {
        flag1: { column: 'flags', flag: 1 },
        schools: { column: 'kind', equals: 'school' },
        big: { column: 'residents', min: 3 },
        people: 'residents',
      },
    });
    expect([result.counts.flag1[A], result.counts.flag1[B]]).toEqual([1, 1]);
    expect([result.counts.schools[A], result.counts.schools[B]]).toEqual([1, 1]);
    expect([result.counts.big[A], result.counts.big[B]]).toEqual([0, 2]);
    expect(result.counts.people[B]).toBe(7);
  });

  it('reports a row without a position (NaN) as unassigned, never drops it', () => {
    const result = assign(plan, table);
    expect(result.total).toBe(4);
    expect(result.assigned).toBe(3);
    expect(result.unassigned).toEqual([{ index: 3, reason: 'invalid-coordinate' }]);
  });

  it('gives rows the same counts as the same table (CSV text columns read as numbers)', () => {
    const rows = [
      { lon: '120.005', lat: '30.01', flags: '1', kind: 'school' },
      { lon: '120.015', lat: '30.01', flags: '3', kind: 'market' },
      { lon: '120.015', lat: '30.01', flags: '2', kind: 'school' },
    ];
    const counts = { flag2: { column: 'flags', flag: 2 }, schools: { column: 'kind', equals: 'school' } };
    const fromRows = assign(plan, rows, { counts });
    const fromTable = assign(plan, table, { counts });
    expect(Array.from(fromRows.counts.flag2)).toEqual(Array.from(fromTable.counts.flag2));
    expect(Array.from(fromRows.counts.schools)).toEqual(Array.from(fromTable.counts.schools));
  });

  it("counts the example city's key groups from its table as before", () => {
    const city = generateCity({ households: 2000 });
    const cityPlan = GridPlan.from([city.district, ...city.communities]);
    const { length, xy } = city.households;
    const { flags, residents } = city.households.columns;
    const asTable = assign(cityPlan, pointTable(xy.subarray(0, 2 * length), { flags, residents }), {
      counts: { rental: { column: 'flags', flag: KeyGroup.RENTAL } },
    });
    let rental = 0;
    for (let i = 0; i < length; i++) if ((flags[i] & KeyGroup.RENTAL) !== 0) rental++;
    const district = cityPlan.idOfCode(city.district.properties.code);
    expect(asTable.counts.rental[district] + 0).toBe(
      rental - asTable.unassigned.filter((u) => (flags[u.index] & KeyGroup.RENTAL) !== 0).length,
    );
  });

  it('refuses bad selectors and odd-length positions with typed errors', () => {
    for (const bad of [
      { column: 'flags', flag: 0 },
      { column: 'flags', flag: 1.5 },
      { column: 'flags', flag: 1, equals: 1 },
      { column: 'residents', min: 4, max: 2 },
      { column: 'kind', equals: {} },
      { column: 'kind' },
      { column: '', flag: 1 },
    ]) {
      expect(errorCode(() => assign(plan, table, { counts: { x: bad as never } }))).toBe(
        ErrorCode.INVALID_OPTION,
      );
    }
    expect(errorCode(() => assign(plan, table, { counts: { x: { column: 'nope', flag: 1 } } }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    // A 3-number xy used to count one entity and drop the odd number silently.
    expect(
      errorCode(() => assign(plan, { length: 1, xy: Float64Array.of(120.005, 30.01, 120.015), columns: {} })),
    ).toBe(ErrorCode.INVALID_GEOJSON);
  });
});

describe('duplicate entity ids', () => {
  const rows = [
    { id: 'h1', lon: 120.005, lat: 30.01 },
    { id: 'h2', lon: 120.015, lat: 30.01 },
    { id: 'h1', lon: 120.015, lat: 30.01 },
    { lon: 120.015, lat: 30.01 },
    { id: 'h2', lon: 120.005, lat: 30.01 },
  ];

  it('are findings naming both entities; every entity is still placed and counted', () => {
    const result = assign(plan, rows);
    expect(result.assigned).toBe(5);
    expect(result.findings.map((f) => [f.kind, f.index, f.firstIndex, f.entityId, f.severity])).toEqual([
      ['duplicate-id', 2, 0, 'h1', 'warning'],
      ['duplicate-id', 4, 1, 'h2', 'warning'],
    ]);
  });

  it('are found across the chunks of a stream, and in a table id column', async () => {
    const streamed = await assignStream(plan, rows, { chunkSize: 2 });
    expect(streamed.findings.map((f) => f.index)).toEqual([2, 4]);
    const table = pointTable(Float64Array.of(120.005, 30.01, 120.015, 30.01), { code: ['x', 'x'] });
    expect(new Assigner(plan).assign(table, { idColumn: 'code' }).findings.map((f) => f.index)).toEqual([1]);
    expect(new Assigner(plan).assign(table).findings).toEqual([]);
  });

  it('compare by text whether numbers or numeric texts, small or large (07 is not 7)', async () => {
    const ids: unknown[] = [
      7,
      '7',
      '07',
      7.5,
      '7.5',
      2 ** 24,
      String(2 ** 24),
      '16777215',
      16777215,
      '0',
      0,
      -1,
      '-1',
      ' 7',
    ];
    const idRows = ids.map((id) => ({ id, lon: 120.005, lat: 30.01 }));
    const found = assign(plan, idRows).findings.map((f) => [f.index, f.firstIndex]);
    expect(found).toEqual([
      [1, 0],
      [4, 3],
      [6, 5],
      [8, 7],
      [10, 9],
      [12, 11],
    ]);
    expect(
      (await assignStream(plan, idRows, { chunkSize: 3 })).findings.map((f) => [f.index, f.firstIndex]),
    ).toEqual(found);
  });
});
