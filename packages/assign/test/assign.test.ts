import { readFileSync, writeFileSync } from 'node:fs';
import { ErrorCode, type GridFeature, GridPlan, letterCodes, pointTable, WanggeError } from '@wangge/core';
import { generateCity, householdsToFeatures, KeyGroup } from '@wangge/example-city';
import type { Feature, FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { Assigner, assign } from '../src';
import { box, errorCode, grid } from './helpers';

const city = generateCity({ seed: 3, households: 4000 });
const plan = GridPlan.from([city.district, ...city.communities], { codeStyle: letterCodes() });
const communityOfCompound = new Map(city.compounds.map((c) => [c.properties.id, c.properties.community]));
const communityOfBuilding = city.buildings.map((b) => communityOfCompound.get(b.properties.compound)!);

describe('assign on the example city', () => {
  const households = assign(plan, city.households, {
    countAs: 'households',
    counts: {
      residents: 'residents',
      elderlyAlone: { column: 'flags', flag: KeyGroup.ELDERLY_ALONE },
      floating: { column: 'flags', flag: KeyGroup.FLOATING },
    },
  });

  it('puts every household in the community of its compound (known answer)', () => {
    expect(households.total).toBe(city.households.length);
    expect(households.assigned).toBe(city.households.length);
    expect(households.unassigned).toEqual([]);
    for (let i = 0; i < city.households.length; i++) {
      expect(households.codeOf(i)).toBe(communityOfBuilding[city.households.columns.building[i]]);
    }
    expect(households.pathOf(0)).toEqual([city.district.properties.code, households.codeOf(0)]);
  });

  it('counts per community and rolls up to the street', () => {
    const street = plan.idOfCode(city.district.properties.code);
    const { counts, load } = households;
    expect(counts.households[street]).toBe(city.households.length);
    expect(counts.residents[street]).toBe(city.households.columns.residents.reduce((s, r) => s + r, 0));
    let elderly = 0;
    for (const f of city.households.columns.flags) if (f & KeyGroup.ELDERLY_ALONE) elderly++;
    expect(counts.elderlyAlone[street]).toBe(elderly);
    expect(load[street]).toBe(city.households.length);
    for (const community of city.communities) {
      const id = plan.idOfCode(community.properties.code);
      const expected = city.compounds
        .filter((c) => c.properties.community === community.properties.code)
        .reduce((s, c) => s + c.properties.households, 0);
      expect(counts.households[id]).toBe(expected);
    }
  });

  it('reads the same households as GeoJSON features, with a function for the key groups', () => {
    const features = householdsToFeatures(city.households);
    const viaFeatures = assign(plan, features, {
      countAs: 'households',
      counts: {
        residents: 'residents',
        elderlyAlone: (p) => ((p.keyGroups as string[]).includes('elderly_alone') ? 1 : 0),
      },
    });
    expect(viaFeatures.gridIds).toEqual(households.gridIds);
    expect(viaFeatures.counts.residents).toEqual(households.counts.residents);
    expect(viaFeatures.counts.elderlyAlone).toEqual(households.counts.elderlyAlone);
  });

  it('counts shops and key units by kind', () => {
    const pois = assign(plan, [...city.shops, ...city.keyUnits], { category: 'kind' });
    const street = plan.idOfCode(city.district.properties.code);
    expect(pois.counts.entities[street]).toBe(city.shops.length + city.keyUnits.length);
    expect(pois.counts['kind=shop'][street]).toBe(city.shops.length);
    expect(pois.counts['kind=school'][street]).toBe(
      city.keyUnits.filter((k) => k.properties.kind === 'school').length,
    );
    [...city.shops, ...city.keyUnits].forEach((poi, i) => {
      expect(pois.codeOf(i)).toBe(communityOfCompound.get(poi.properties.compound));
    });
  });

  it('assigns building footprints whole to their community, none straddling', () => {
    const buildings = assign(plan, city.buildings, {
      countAs: 'buildings',
      counts: { households: 'households' },
    });
    expect(buildings.unassigned).toEqual([]);
    expect(buildings.straddlers).toEqual([]);
    city.buildings.forEach((_, i) => {
      expect(buildings.codeOf(i)).toBe(communityOfBuilding[i]);
    });
    expect(buildings.counts.households).toEqual(households.counts.households);
  });

  it('assigns compound footprints, which share their edges with the communities, without straddlers', () => {
    const compounds = assign(plan, city.compounds.slice(0, 60), { countAs: 'compounds' });
    expect(compounds.straddlers).toEqual([]);
    city.compounds.slice(0, 60).forEach((c, i) => {
      expect(compounds.codeOf(i)).toBe(c.properties.community);
    });
  });
});

describe('unassigned entities', () => {
  const twoGrids = GridPlan.from([
    grid('S', null, 1, box(120, 30, 0.03, 0.01)),
    grid('A', 'S', 2, box(120, 30, 0.01)),
    grid('C', 'S', 2, box(120.02, 30, 0.01)),
  ]);

  it('reports each with its reason, in input order, and conserves the total', () => {
    const rows = [
      { lon: 120.005, lat: 30.005 }, // A
      { lon: 120.015, lat: 30.005 }, // in S between A and C: a gap
      { lon: 121, lat: 30.005 }, // outside S
      { lon: '', lat: 30 }, // empty cell
      { lon: 'abc', lat: 30 },
      { lat: 30 }, // no lon column
      { lon: 190, lat: 30 }, // out of range
      { lon: 120.025, lat: 30.005 }, // C
      { lon: 120.01, lat: 30.005 }, // on the edge between A and the gap: A owns it
    ];
    const result = assign(twoGrids, rows);
    expect(result.unassigned).toEqual([
      { index: 1, reason: 'in-gap' },
      { index: 2, reason: 'outside-root' },
      { index: 3, reason: 'invalid-coordinate' },
      { index: 4, reason: 'invalid-coordinate' },
      { index: 5, reason: 'invalid-coordinate' },
      { index: 6, reason: 'invalid-coordinate' },
    ]);
    expect(Array.from(result.gridIds)).toEqual([1, -1, -1, -1, -1, -1, -1, 2, 1]);
    expect(result.assigned + result.unassigned.length).toBe(rows.length);
    expect(result.codeOf(1)).toBeNull();
    expect(result.pathOf(1)).toEqual([]);
    expect(result.pathOf(8)).toEqual(['S', 'A']);
    for (const index of [-1, 9, 1.5, Number.NaN]) {
      expect(errorCode(() => result.codeOf(index))).toBe(ErrorCode.INVALID_OPTION);
      expect(errorCode(() => result.pathOf(index))).toBe(ErrorCode.INVALID_OPTION);
    }
  });

  it('reports footprints with no usable geometry, in a gap, or outside', () => {
    const result = assign(twoGrids, [
      { type: 'Feature', properties: {}, geometry: null },
      { type: 'Feature', properties: {}, geometry: box(120.012, 30.002, 0.002) }, // gap
      { type: 'Feature', properties: {}, geometry: box(121, 30, 0.002) }, // outside
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [120, 30],
              [120.001, 30],
              [120, 30],
            ],
          ],
        },
      },
      { type: 'Feature', properties: {}, geometry: box(120.002, 30.002, 0.002) }, // A
    ]);
    expect(result.unassigned).toEqual([
      { index: 0, reason: 'invalid-geometry' },
      { index: 1, reason: 'in-gap' },
      { index: 2, reason: 'outside-root' },
      { index: 3, reason: 'invalid-geometry' },
    ]);
    expect(result.codeOf(4)).toBe('A');
  });

  it('handles an empty input', () => {
    const result = assign(twoGrids, []);
    expect(result.total).toBe(0);
    expect(Array.from(result.counts.entities)).toEqual([0, 0, 0]);
  });

  // Regression (balance's loadReport on no points): an empty table lost its count and weight columns
  // once batches were placed in parts, as no part was ever finished.
  it('keeps every count column on an empty point table', () => {
    const empty = pointTable(new Float64Array(0), { elderly: new Uint8Array(0), load: new Float64Array(0) });
    const result = assign(twoGrids, empty, { counts: { elderly: 'elderly' }, weight: 'load' });
    expect(Array.from(result.counts.elderly)).toEqual([0, 0, 0]);
    expect(Array.from(result.load)).toEqual([0, 0, 0]);
  });
});

describe('attribute rules and non-spatial grids', () => {
  // 54 area grids + 4 industry grids in miniature: two area grids and an industry grid over the whole street.
  const taxPlan = GridPlan.from([
    grid('S', null, 1, box(120, 30, 0.02, 0.01)),
    grid('A', 'S', 2, box(120, 30, 0.01)),
    grid('B', 'S', 2, box(120.01, 30, 0.01)),
    grid('Z', 'S', 2, box(120, 30, 0.02, 0.01)),
  ]);
  const entities = [
    { kind: 'shop', lon: 120.005, lat: 30.005 },
    { kind: 'mine', lon: 120.005, lat: 30.005 },
    { kind: 'market', lon: 125, lat: 30 }, // far outside: the rule places it anyway
    { kind: 'shop', lon: 120.015, lat: 30.005 },
    { kind: 'taxi', lon: Number.NaN, lat: 30 },
    { kind: 'shop', lon: 125, lat: 30 },
  ];

  it('places matches first and reports them apart; the industry grid is never found by location', () => {
    const result = assign(taxPlan, entities, {
      rules: [
        { grid: 'Z', when: { kind: ['mine', 'market'] }, name: 'industry' },
        { grid: 'Z', when: (e) => e.kind === 'taxi' },
      ],
    });
    expect(result.ruleNames).toEqual(['industry', 'Z']);
    expect(result.byRule).toEqual([2, 1]);
    expect(Array.from(result.ruleIds)).toEqual([-1, 0, 0, -1, 1, -1]);
    expect([0, 1, 2, 3, 4, 5].map((i) => result.codeOf(i))).toEqual(['A', 'Z', 'Z', 'B', 'Z', null]);
    expect(result.unassigned).toEqual([{ index: 5, reason: 'outside-root' }]);
    expect(result.counts.entities[taxPlan.idOfCode('S')]).toBe(5);
  });

  it('without rules the overlapping grid is spatial, and nonSpatial keeps it out', () => {
    const z = taxPlan.idOfCode('Z');
    const spatial = assign(taxPlan, entities.slice(0, 1));
    expect(spatial.gridIds[0]).toBe(taxPlan.idOfCode('A')); // overlap: the lowest id wins
    const apart = new Assigner(taxPlan, { nonSpatial: ['Z'] }).assign([{ lon: 120.015, lat: 30.005 }]);
    expect(apart.gridIds[0]).not.toBe(z);
  });

  it('rejects rules that cannot work', () => {
    expect(errorCode(() => assign(taxPlan, [], { rules: [{ grid: 'Q', when: { kind: 'mine' } }] }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(errorCode(() => assign(taxPlan, [], { rules: [{ grid: 'S', when: { kind: 'mine' } }] }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(errorCode(() => assign(taxPlan, [], { rules: [{ grid: 'Z', when: {} }] }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(errorCode(() => assign(taxPlan, [], { nonSpatial: ['Q'] }))).toBe(ErrorCode.INVALID_OPTION);
    expect(errorCode(() => assign(taxPlan, [], { nonSpatial: 'Z' as never }))).toBe(ErrorCode.INVALID_OPTION);
    const notBoolean = { grid: 'Z', when: () => 1 as unknown as boolean };
    expect(errorCode(() => assign(taxPlan, entities, { rules: [notBoolean] }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
  });
});

describe('caller mistakes throw WanggeError with a stable code', () => {
  const small = GridPlan.from([grid('S', null, 1, box(120, 30, 0.01))]);
  const point = (coordinates: unknown) => ({
    type: 'Feature',
    properties: {},
    geometry: { type: 'Point', coordinates },
  });

  it('for input that is not entities', () => {
    expect(errorCode(() => assign(small, 42 as never))).toBe(ErrorCode.INVALID_GEOJSON);
    expect(errorCode(() => assign(small, { type: 'FeatureCollection' } as never))).toBe(
      ErrorCode.INVALID_GEOJSON,
    );
    expect(errorCode(() => assign(small, [{ type: 'Point', coordinates: [120, 30] }]))).toBe(
      ErrorCode.INVALID_GEOJSON,
    );
    expect(errorCode(() => assign(small, [point([120, 30]), 7]))).toBe(ErrorCode.INVALID_PROPERTIES);
    // The loose { xy, ...columns } shape is gone (issue 14): one point table, core's.
    expect(errorCode(() => assign(small, { xy: new Float64Array(4) } as never))).toBe(
      ErrorCode.INVALID_GEOJSON,
    );
    expect(
      errorCode(() =>
        assign(small, { length: 2, xy: new Float64Array(4), columns: { flags: new Uint8Array(1) } }),
      ),
    ).toBe(ErrorCode.INVALID_PROPERTIES);
  });

  it('for a geometry that is neither a point nor a footprint, naming the feature', () => {
    let error: unknown;
    try {
      assign(small, [
        point([120, 30]),
        { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [] } },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WanggeError);
    expect((error as WanggeError).code).toBe(ErrorCode.UNSUPPORTED_GEOMETRY);
    expect((error as WanggeError).featureIndex).toBe(1);
  });

  it('for bad options and bad count values', () => {
    const rows = [{ lon: 120.005, lat: 30.005, residents: 'three' }];
    expect(errorCode(() => assign(small, rows, { straddleTolerance: 1 }))).toBe(ErrorCode.INVALID_OPTION);
    expect(errorCode(() => assign(small, rows, { countAs: '' }))).toBe(ErrorCode.INVALID_OPTION);
    expect(errorCode(() => assign(small, rows, { counts: { entities: 1 } }))).toBe(ErrorCode.INVALID_OPTION);
    expect(errorCode(() => assign(small, rows, { counts: { x: Number.NaN } }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(errorCode(() => assign(small, rows, { counts: { x: { column: 'f', flag: 0 } } }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(errorCode(() => assign(small, rows, { weight: {} as never }))).toBe(ErrorCode.INVALID_OPTION);
    const table = pointTable(Float64Array.of(120.005, 30.005), { residents: Uint8Array.of(2) });
    expect(errorCode(() => assign(small, table, { counts: { people: 'people' } }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(errorCode(() => assign(small, table, { weight: { column: 'flags', flag: 1 } }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(assign(small, table, { counts: { people: 'residents' } }).counts.people[0]).toBe(2);
    const nan = pointTable(Float64Array.of(120.005, 30.005, 120.005, 30.005), {
      weight: Float64Array.of(1, Number.NaN),
    });
    let error: unknown;
    try {
      assign(small, nan, { weight: 'weight' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: ErrorCode.INVALID_PROPERTIES, featureIndex: 1, path: 'weight' });
    expect(errorCode(() => assign(small, rows, { counts: { residents: 'residents' } }))).toBe(
      ErrorCode.INVALID_PROPERTIES,
    );
    expect(errorCode(() => assign(small, rows, { weight: () => Number.NaN }))).toBe(
      ErrorCode.INVALID_PROPERTIES,
    );
    expect(errorCode(() => new Assigner({} as GridPlan))).toBe(ErrorCode.INVALID_OPTION);
  });

  it('reads numeric strings, booleans and empty cells as numbers', () => {
    const rows = [
      { lon: '120.005', lat: '30.005', residents: ' 3 ', owner: true },
      { lon: 120.005, lat: 30.005, residents: '', owner: false },
    ];
    const result = assign(small, rows, { counts: { residents: 'residents', owners: 'owner' } });
    expect(result.counts.residents[0]).toBe(3);
    expect(result.counts.owners[0]).toBe(1);
  });
});

/** Golden case: points on every kind of edge and vertex of a plan with a blind spot. */
describe('fixture: edge-points', () => {
  const dir = new URL('./fixtures/edge-points/', import.meta.url);
  const input = JSON.parse(readFileSync(new URL('in.geojson', dir), 'utf8')) as FeatureCollection;
  const grids = input.features.filter((f) => f.properties?.code !== undefined) as GridFeature[];
  const points = input.features.filter((f) => f.properties?.point !== undefined);

  it('places each point by the boundary rule, as stored in out.geojson', () => {
    const fixturePlan = GridPlan.from(grids);
    const result = assign(fixturePlan, points);
    const reasons = new Map(result.unassigned.map((u) => [u.index, u.reason]));
    const placed = points.map(
      (p, i): Feature => ({
        ...p,
        properties: {
          ...p.properties,
          grid: result.codeOf(i),
          reason: reasons.get(i) ?? null,
          'marker-color': result.codeOf(i) === null ? '#c62828' : '#2e7d32',
        },
      }),
    );
    for (const p of placed) {
      expect(p.properties?.grid).toBe(p.properties?.expectedGrid);
      expect(p.properties?.reason).toBe(p.properties?.expectedReason);
    }
    const output: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        ...grids.map((g) => ({ ...g, properties: { ...g.properties, 'fill-opacity': 0.2 } })),
        ...placed,
      ],
    };
    const outPath = new URL('out.geojson', dir);
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(outPath, `${JSON.stringify(output, null, 1)}\n`);
    expect(output).toEqual(JSON.parse(readFileSync(outPath, 'utf8')));
  });
});
