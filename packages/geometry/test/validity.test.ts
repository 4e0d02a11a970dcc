import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FeatureCollection, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidPolygon, validityProblems } from '../src/index';
import { GeosReference, loadGeos } from './geos';

let geos: GeosReference;
beforeAll(async () => {
  await loadGeos();
  geos = new GeosReference();
});

const fixture = (name: string) =>
  (
    JSON.parse(
      readFileSync(join(import.meta.dirname, 'fixtures', name, 'in.geojson'), 'utf8'),
    ) as FeatureCollection
  ).features[0].geometry;

describe('validityProblems', () => {
  it('calls a bow-tie a self-intersection, not a ring on one line', () => {
    const problems = validityProblems({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    });
    expect(problems).toEqual([
      {
        reason: 'self-intersection',
        severity: 'error',
        message: 'the ring crosses itself once (a bow-tie)',
        location: [0.5, 0.5],
        part: 0,
        ring: 0,
      },
    ]);
  });

  it.each([
    ['bow-tie', 'self-intersection'],
    ['self-overlap', 'self-intersection'],
    ['figure-eight', 'self-intersection'],
    ['spike', 'spike'],
    ['cut-line', 'spike'],
    ['repeated-point', 'repeated-point'],
    ['collapsed-ring', 'collapsed-ring'],
    ['too-few-points', 'too-few-points'],
    ['unclosed-ring', 'unclosed-ring'],
    ['wrong-orientation', 'wrong-orientation'],
    ['hole-outside-shell', 'hole-outside-shell'],
    ['hole-crossing-shell', 'ring-crossing'],
    ['nested-holes', 'nested-holes'],
    ['overlapping-parts', 'overlapping-parts'],
    ['parts-share-edge', 'parts-share-edge'],
    ['disconnected-interior', 'disconnected-interior'],
  ])('finds %s as %s', (name, reason) => {
    const reasons = validityProblems(fixture(name)).map((p) => p.reason);
    expect(reasons).toContain(reason);
  });

  it('finds nothing wrong with a valid polygon', () => {
    expect(validityProblems(fixture('valid'))).toEqual([]);
  });

  it('reports bad coordinates instead of throwing, and throws only for non-polygons', () => {
    const p = validityProblems({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [Number.NaN, 1],
          [1, 1],
          [0, 0],
        ],
      ],
    });
    expect(p.map((q) => q.reason)).toEqual(['invalid-coordinate']);
    expect(
      validityProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [0, 100],
            [1, 1],
            [0, 0],
          ],
        ],
      })[0].reason,
    ).toBe('out-of-range');
    expect(() => validityProblems({ type: 'Point', coordinates: [0, 0] })).toThrowError(
      expect.objectContaining({ code: 'UNSUPPORTED_GEOMETRY' }),
    );
  });

  it('agrees with GEOS isValid on random dirty polygons (errors exactly when GEOS says invalid)', () => {
    const ring = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), {
        minLength: 3,
        maxLength: 9,
      })
      .map((pts) => {
        const r: Position[] = pts.map(([x, y]) => [x, y]);
        r.push([...r[0]]);
        return r;
      });
    const geometry = fc.oneof(
      ring.map((r) => ({ type: 'Polygon' as const, coordinates: [r] })),
      fc.tuple(ring, ring).map(([a, b]) => ({ type: 'Polygon' as const, coordinates: [a, b] })),
      fc.tuple(ring, ring).map(([a, b]) => ({ type: 'MultiPolygon' as const, coordinates: [[a], [b]] })),
    );
    fc.assert(
      fc.property(geometry, (g) => {
        const ref = geos.validity(g);
        expect(
          isValidPolygon(g),
          `${JSON.stringify(g)}: GEOS says ${ref.reason}; we say ${validityProblems(g).map((p) => p.reason)}`,
        ).toBe(ref.valid);
      }),
      { numRuns: 1000 },
    );
  });

  it('has a fixture for every reason it can give on a geometry', () => {
    const names = readdirSync(join(import.meta.dirname, 'fixtures'));
    expect(names.length).toBeGreaterThanOrEqual(16);
  });
});
