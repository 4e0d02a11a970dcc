import { readFileSync, writeFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { DynamicPolygonIndex, PolygonIndex } from '../src';

/** Golden cases: `fixtures/<case>/in.geojson` → `out.geojson`; `WANGGE_UPDATE_FIXTURES=1` rewrites the outputs. */
const CASES = ['boundary-rule'];
const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02'];

/** The output: grids styled by id, every point with its owner, coloured like its grid (grey for none). */
function render(input: FeatureCollection, owners: number[]): FeatureCollection {
  const grids = input.features.filter((f) => f.properties?.kind === 'grid');
  const points = input.features.filter((f) => f.properties?.kind === 'point');
  return {
    type: 'FeatureCollection',
    features: [
      ...grids.map((f, id) => ({
        ...f,
        properties: { ...f.properties, id, fill: PALETTE[id % PALETTE.length], 'fill-opacity': 0.3 },
      })),
      ...points.map((f, i) => ({
        ...f,
        properties: {
          ...f.properties,
          owner: owners[i],
          'marker-color': owners[i] < 0 ? '#999999' : PALETTE[owners[i] % PALETTE.length],
          'marker-size': 'small',
        },
      })),
    ],
  };
}

describe('fixtures', () => {
  for (const name of CASES) {
    it(`${name}: owners match the hand-derived expectations and out.geojson`, () => {
      const dir = new URL(`./fixtures/${name}/`, import.meta.url);
      const input = JSON.parse(readFileSync(new URL('in.geojson', dir), 'utf8')) as FeatureCollection;
      const grids = input.features.filter((f) => f.properties?.kind === 'grid');
      const points = input.features.filter((f) => f.properties?.kind === 'point') as Feature<Point>[];
      const xy = Float64Array.from(points.flatMap((p) => p.geometry.coordinates));
      const expected = points.map((p) => p.properties?.expected as number);
      for (const index of [
        PolygonIndex.from(grids),
        PolygonIndex.from(grids, { cells: 0 }),
        DynamicPolygonIndex.from(grids),
      ]) {
        expect([...index.locateMany(xy)]).toEqual(expected);
      }
      const owners = [...PolygonIndex.from(grids).locateMany(xy)];
      const output = render(input, owners);
      const outFile = new URL('out.geojson', dir);
      if (process.env.WANGGE_UPDATE_FIXTURES === '1')
        writeFileSync(outFile, `${JSON.stringify(output, null, 1)}\n`);
      expect(output).toEqual(JSON.parse(readFileSync(outFile, 'utf8')));
    });
  }
});
