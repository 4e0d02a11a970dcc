import fc from 'fast-check';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeValid, validityProblems } from '../src/index';
import { GeosReference, loadGeos } from './geos';

let geos: GeosReference;
beforeAll(async () => {
  await loadGeos();
  geos = new GeosReference();
});

/** A ring of random lattice points: self-intersections, spikes, repeats and collinear runs come often. */
const arbDirtyRing = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 })), {
    minLength: 3,
    maxLength: 12,
  })
  .map((pts) => {
    const ring: Position[] = pts.map(([x, y]) => [+(116 + x * 0.01).toFixed(6), +(39 + y * 0.01).toFixed(6)]);
    ring.push([ring[0][0], ring[0][1]]);
    return ring;
  });
const arbDirty: fc.Arbitrary<Polygon | MultiPolygon> = fc.oneof(
  arbDirtyRing.map((ring): Polygon => ({ type: 'Polygon', coordinates: [ring] })),
  fc.tuple(arbDirtyRing, arbDirtyRing).map(([a, b]): Polygon => ({ type: 'Polygon', coordinates: [a, b] })),
  fc
    .tuple(arbDirtyRing, arbDirtyRing)
    .map(([a, b]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [[a], [b]] })),
);

const perimeter = (g: Polygon | MultiPolygon) =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .flat(1)
    .reduce(
      (s, ring) =>
        s + ring.slice(1).reduce((t, p, k) => t + Math.hypot(p[0] - ring[k][0], p[1] - ring[k][1]), 0),
      0,
    );

describe('makeValid', () => {
  it('turns random dirty polygons into valid ones (kernel validator and GEOS), idempotently', () => {
    fc.assert(
      fc.property(arbDirty, (g) => {
        const { geometry } = makeValid(g);
        if (geometry === null) return;
        expect(validityProblems(geometry)).toEqual([]);
        expect(geos.validity(geometry)).toEqual({ valid: true, reason: 'Valid Geometry' });
        expect(makeValid(geometry)).toEqual({ geometry, findings: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the area GEOS MakeValid (structure) keeps, within the snap of the crossings', () => {
    fc.assert(
      fc.property(arbDirty, (g) => {
        const { geometry } = makeValid(g);
        const mine = geometry === null ? 0 : geos.area(geometry);
        const ref = geos.area(geos.makeValid(g));
        // Crossing points move to the 1e-9° grid: at most perimeter × 0.71e-9 of area.
        expect(Math.abs(mine - ref)).toBeLessThanOrEqual(1e-9 * perimeter(g) + 1e-15);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic byte for byte', () => {
    fc.assert(
      fc.property(arbDirty, (g) => {
        expect(JSON.stringify(makeValid(g))).toBe(JSON.stringify(makeValid(structuredClone(g))));
      }),
      { numRuns: 100 },
    );
  });

  it('states the rule for self-overlapping areas: a ring covers what it winds around, once', () => {
    // The ring winds twice around the square [1, 3]²: a signed-area reading counts it twice, make-valid
    // once. The notch [0, 1] × [0.5, 1] is wound around by nothing and stays out.
    const twice: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 1],
          [3, 1],
          [3, 3],
          [1, 3],
          [1, 0.5],
          [0, 0.5],
          [0, 0],
        ],
      ],
    };
    const { geometry, findings } = makeValid(twice);
    expect(geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 1],
          [1, 1],
          [1, 0.5],
          [0, 0.5],
          [0, 0],
        ],
      ],
    });
    expect(geos.area(geometry!)).toBe(15.5);
    expect(geos.area(geos.makeValid(twice))).toBe(15.5);
    expect(findings.map((f) => f.kind)).toEqual(['self-intersection']);
    expect(findings[0].area).toBeGreaterThan(0);
    // A bow-tie keeps both lobes, and reports the one a signed-area reading would subtract.
    const bowTie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    const r = makeValid(bowTie);
    expect(geos.area(r.geometry!)).toBe(2);
    expect(r.findings[0].kind).toBe('self-intersection');
  });

  it('refuses non-finite and out-of-range coordinates with a typed error naming the feature', () => {
    const ring = (p: unknown[]) => ({ type: 'Polygon', coordinates: [[[0, 0], p, [1, 1], [0, 0]]] });
    for (const [p, code] of [
      [[Number.NaN, 0], 'INVALID_COORDINATE'],
      [[Number.POSITIVE_INFINITY, 0], 'INVALID_COORDINATE'],
      [['1', 0], 'INVALID_COORDINATE'],
      [[181, 0], 'COORDINATE_OUT_OF_RANGE'],
      [[0, -91], 'COORDINATE_OUT_OF_RANGE'],
    ] as const) {
      expect(() =>
        makeValid(ring(p as unknown as unknown[]), { featureIndex: 3, featureId: '110108' }),
      ).toThrowError(
        expect.objectContaining({
          code,
          featureIndex: 3,
          featureId: '110108',
          path: 'geometry.coordinates[0][1]',
        }),
      );
    }
    expect(() => makeValid({ type: 'LineString', coordinates: [] })).toThrowError(
      expect.objectContaining({ code: 'UNSUPPORTED_GEOMETRY' }),
    );
    expect(() => makeValid(null)).toThrowError(expect.objectContaining({ code: 'INVALID_GEOJSON' }));
  });

  it('names the feature in every repair', () => {
    const bowTie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    const [repair] = makeValid(bowTie, { featureIndex: 7, featureId: 'A1' }).findings;
    expect(repair).toMatchObject({
      kind: 'self-intersection',
      featureIndex: 7,
      featureId: 'A1',
      grids: ['A1'],
      severity: 'warning',
    });
    expect(repair.location).toEqual({ type: 'Point', coordinates: [1, 1] });
  });
});
