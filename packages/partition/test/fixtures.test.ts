import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateCity } from '@wangge/example-city';
import type { Feature, FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { balancedPartition, regularGrid } from '../src';
import { gridBoundary, tilingProblems } from './helpers';

/**
 * Golden cases: `fixtures/<case>/in.geojson` holds the boundary (and units), `out.geojson` the grids,
 * styled for a map. Regenerate with `WANGGE_UPDATE_FIXTURES=1 npx vitest run packages/partition`.
 */
const update = process.env.WANGGE_UPDATE_FIXTURES === '1';
const dir = new URL('./fixtures/', import.meta.url);

const lakeAndExclave: Feature = {
  type: 'Feature',
  properties: { code: 'A', level: 2, parent: null, name: 'lake and exclave' },
  geometry: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [120.1, 30.2],
          [120.112, 30.2015],
          [120.1135, 30.2105],
          [120.104, 30.2118],
          [120.0995, 30.207],
          [120.1, 30.2],
        ],
        [
          [120.104, 30.204],
          [120.1055, 30.2072],
          [120.1078, 30.2043],
          [120.104, 30.204],
        ],
      ],
      [
        [
          [120.117, 30.205],
          [120.1205, 30.2052],
          [120.1195, 30.2081],
          [120.117, 30.205],
        ],
      ],
    ],
  },
};

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c'];
const styled = (grids: FeatureCollection): FeatureCollection => ({
  type: 'FeatureCollection',
  features: grids.features.map((f, i) => ({
    ...f,
    properties: { ...f.properties, fill: PALETTE[i % PALETTE.length], 'fill-opacity': 0.4 },
  })),
});

function golden(name: string, input: FeatureCollection, run: () => FeatureCollection): FeatureCollection {
  const folder = new URL(`${name}/`, dir);
  const out = styled(run());
  if (update || !existsSync(new URL('out.geojson', folder))) {
    if (!update) throw new Error(`fixture ${name} is missing: run with WANGGE_UPDATE_FIXTURES=1`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(new URL('in.geojson', folder), `${JSON.stringify(input)}\n`);
    writeFileSync(new URL('out.geojson', folder), `${JSON.stringify(out)}\n`);
  }
  const stored = JSON.parse(readFileSync(new URL('out.geojson', folder), 'utf8')) as FeatureCollection;
  const storedInput = JSON.parse(readFileSync(new URL('in.geojson', folder), 'utf8'));
  expect(storedInput).toEqual(JSON.parse(JSON.stringify(input)));
  expect(out).toEqual(stored);
  return out;
}

describe('fixtures', () => {
  it('square cells over a boundary with a lake and an exclave', () => {
    const out = golden('square-lake-exclave', { type: 'FeatureCollection', features: [lakeAndExclave] }, () =>
      regularGrid(lakeAndExclave, { size: 300 }),
    );
    // Known answers: every cell is a child of A coded A1…An in reading order; it tiles A.
    expect(out.features.map((f) => f.properties?.code)).toEqual(out.features.map((_, i) => `A${i + 1}`));
    expect(tilingProblems(gridBoundary(lakeAndExclave.geometry), out.features as never, 100)).toEqual([]);
  });

  it('hexagons over the same boundary', () => {
    const out = golden('hex-lake-exclave', { type: 'FeatureCollection', features: [lakeAndExclave] }, () =>
      regularGrid(lakeAndExclave, { shape: 'hex', size: 300 }),
    );
    expect(tilingProblems(gridBoundary(lakeAndExclave.geometry), out.features as never, 100)).toEqual([]);
  });

  it('compounds of a small city grouped into grids of 250–400 households', () => {
    const city = generateCity({ seed: 9, households: 2000 });
    const input: FeatureCollection = {
      type: 'FeatureCollection',
      features: [city.district, ...city.compounds],
    };
    const out = golden(
      'compounds-balanced',
      input,
      () =>
        balancedPartition(city.district, { units: city.compounds, range: [250, 400], barriers: city.roads })
          .grids,
    );
    // Known answer: the loads add up to the city's 2,000 households.
    expect(out.features.reduce((s, f) => s + (f.properties?.load as number), 0)).toBe(2000);
  });
});
