/**
 * Golden make-valid cases, one folder per dirty kind: `in.geojson` (the input, styled red) and
 * `out.geojson` (the repaired geometry styled green, and one styled point per repair with its kind, area
 * and message), both open on a map (simplestyle properties). `UPDATE_FIXTURES=1` rewrites the outputs;
 * otherwise they are compared exactly, and every output is also checked valid by GEOS and by area against
 * GEOS MakeValid (`structure`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeValid, validityProblems } from '../src/index';
import { GeosReference, loadGeos } from './geos';

const dir = join(import.meta.dirname, 'fixtures');
const cases = readdirSync(dir).sort();
let geos: GeosReference;
beforeAll(async () => {
  await loadGeos();
  geos = new GeosReference();
});

function expected(input: Geometry): FeatureCollection {
  const { geometry, findings } = makeValid(input, { featureIndex: 0, featureId: 'case' });
  const features: Feature[] = [];
  if (geometry !== null) {
    features.push({
      type: 'Feature',
      properties: {
        role: 'repaired',
        stroke: '#2ca02c',
        'stroke-width': 2,
        fill: '#2ca02c',
        'fill-opacity': 0.3,
      },
      geometry,
    });
  }
  for (const f of findings) {
    features.push({
      type: 'Feature',
      properties: {
        role: 'repair',
        kind: f.kind,
        area: Math.round(f.area * 1000) / 1000,
        message: f.message,
        'marker-color': '#ff7f0e',
      },
      geometry: f.location as Geometry,
    });
  }
  return { type: 'FeatureCollection', features };
}

/** GEOS cannot read an unclosed ring: the reference gets it closed. */
function closed(g: Geometry): Geometry {
  const close = (ring: number[][]) =>
    ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring : [...ring, ring[0]];
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(close) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(close)) };
  return g;
}

describe('make-valid golden fixtures', () => {
  it('has a case for every dirty kind', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'bow-tie',
        'spike',
        'cut-line',
        'repeated-point',
        'collapsed-ring',
        'too-few-points',
        'unclosed-ring',
        'wrong-orientation',
        'hole-outside-shell',
        'hole-crossing-shell',
        'overlapping-parts',
        'parts-share-edge',
      ]),
    );
  });

  it.each(cases)('%s', (name) => {
    const input = (JSON.parse(readFileSync(join(dir, name, 'in.geojson'), 'utf8')) as FeatureCollection)
      .features[0].geometry;
    const out = expected(input);
    const file = join(dir, name, 'out.geojson');
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
    expect(out).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    const repaired = out.features.find((f) => f.properties?.role === 'repaired')?.geometry;
    const reference = geos.makeValid(closed(input));
    const refArea = geos.area(reference);
    if (repaired === undefined) {
      expect(refArea).toBe(0);
      return;
    }
    expect(validityProblems(repaired)).toEqual([]);
    expect(geos.validity(repaired).valid).toBe(true);
    expect(Math.abs(geos.area(repaired) - refArea)).toBeLessThanOrEqual(1e-9 * refArea);
    // Idempotent: the output needs no repair.
    expect(makeValid(repaired)).toEqual({ geometry: repaired, findings: [] });
    if (name !== 'valid') expect(out.features.some((f) => f.properties?.role === 'repair')).toBe(true);
  });
});
