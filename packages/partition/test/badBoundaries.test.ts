/**
 * Every kind of dirty boundary at every partition entry point: repaired at entry and reported as a finding
 * (kind, the feature's code, a place, the m² changed), the output valid by GEOS and tiling the repaired
 * boundary; or, for what cannot be repaired, a typed error naming the feature.
 */
import { checkPartition } from '@wangge/corpus';
import { makeValid } from '@wangge/geometry';
import { loadReference } from '@wangge/reference';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { balancedPartition, partitionHierarchy, regularGrid } from '../src';

beforeAll(loadReference);

/** A position `x`, `y` hundredths of a kilometre-ish (0.001°) from a corner near Hangzhou. */
const at = (x: number, y: number): Position => [120 + x / 1000, 30 + y / 1000];
const square = (x0: number, y0: number, size: number): Position[] => [
  at(x0, y0),
  at(x0 + size, y0),
  at(x0 + size, y0 + size),
  at(x0, y0 + size),
  at(x0, y0),
];

const dirty: Array<[string, Polygon | MultiPolygon]> = [
  [
    'self-intersection',
    { type: 'Polygon', coordinates: [[at(0, 0), at(10, 10), at(10, 0), at(0, 10), at(0, 0)]] },
  ],
  [
    'spike',
    {
      type: 'Polygon',
      coordinates: [[at(0, 0), at(10, 0), at(10, 5), at(14, 5), at(10, 5), at(10, 10), at(0, 10), at(0, 0)]],
    },
  ],
  ['unclosed-ring', { type: 'Polygon', coordinates: [square(0, 0, 10).slice(0, -1)] }],
  [
    'too-few-points',
    { type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [[at(20, 0), at(21, 1), at(20, 0)]]] },
  ],
  [
    'repeated-point',
    { type: 'Polygon', coordinates: [[at(0, 0), at(10, 0), at(10, 0), at(10, 10), at(0, 10), at(0, 0)]] },
  ],
  ['wrong-orientation', { type: 'Polygon', coordinates: [square(0, 0, 10).reverse()] }],
  ['hole-outside-shell', { type: 'Polygon', coordinates: [square(0, 0, 10), square(12, 0, 3).reverse()] }],
  ['overlapping-parts', { type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(5, 5, 10)]] }],
];

const feature = (code: string, geometry: Polygon | MultiPolygon): Feature => ({
  type: 'Feature',
  properties: { code, name: code },
  geometry,
});

describe('dirty boundaries at every partition entry point', () => {
  it.each(dirty)('%s: repaired, reported, then cut into valid grids tiling the repair', (kind, geometry) => {
    const made = makeValid(geometry, { featureId: '330106' });
    expect(made.findings.map((f) => f.kind)).toContain(kind);
    const boundary = feature('330106', geometry);
    const households = Float64Array.from({ length: 400 }, (_, i) =>
      i % 2 === 0 ? 120 + (0.5 + ((i * 7) % 90)) / 10_000 : 30 + (0.5 + ((i * 13) % 90)) / 10_000,
    );
    const cells = regularGrid(boundary, { size: 200 });
    const balanced = balancedPartition(boundary, { households, count: 3 });
    const hierarchy = partitionHierarchy(boundary, { levels: [{ kind: 'regular', size: 300 }] });
    const results = [cells, balanced, hierarchy];
    for (const result of results) {
      expect(result.findings.map((f) => f.kind)).toContain(kind);
      const finding = result.findings.find((f) => f.kind === kind)!;
      expect(finding.grids).toEqual(['330106']);
      expect(finding.location?.type).toBe('Point');
      expect(finding.area).toBeGreaterThanOrEqual(0);
    }
    const cut = [cells.features, balanced.grids.features, hierarchy.grids.features.slice(1)];
    for (const grids of cut) {
      const verdict = checkPartition(geometry, '330106', grids, { target: made.geometry });
      expect(verdict).toMatchObject({ invalid: [], badCodes: [] });
      expect(verdict.areaError).toBeLessThan(1e-9);
    }
  });

  it('repairs a fixed grid of a hierarchy and names it in the finding', () => {
    const root = feature('330106', { type: 'Polygon', coordinates: [square(0, 0, 10)] });
    const bowTie = {
      type: 'Polygon' as const,
      coordinates: [[at(0, 0), at(10, 10), at(10, 0), at(0, 10), at(0, 0)]],
    };
    const fixed = [feature('330106001', bowTie)];
    const result = partitionHierarchy(root, { levels: [{ kind: 'fixed', grids: fixed }] });
    expect(result.findings).toContainEqual(
      expect.objectContaining({ kind: 'self-intersection', featureIndex: 0, featureId: '330106001' }),
    );
  });

  it('refuses what cannot be repaired with a typed error naming the feature', () => {
    const flat = feature('330106', {
      type: 'Polygon',
      coordinates: [[at(0, 0), at(5, 0), at(10, 0), at(0, 0)]],
    });
    expect(() => regularGrid(flat, { size: 100 })).toThrow(
      expect.objectContaining({ code: 'EMPTY_GEOMETRY', featureId: '330106' }),
    );
    const nan = feature('330106', {
      type: 'Polygon',
      coordinates: [[at(0, 0), [Number.NaN, 30], at(10, 10), at(0, 0)]],
    });
    expect(() => balancedPartition(nan, { households: [at(1, 1)], count: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_COORDINATE' }),
    );
    const far = feature('330106', {
      type: 'Polygon',
      coordinates: [[at(0, 0), [190, 30], at(10, 10), at(0, 0)]],
    });
    expect(() => partitionHierarchy(far, { levels: [{ kind: 'regular', size: 100 }] })).toThrow(
      expect.objectContaining({ code: 'COORDINATE_OUT_OF_RANGE' }),
    );
  });
});
