import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  cleanGeometry,
  ErrorCode,
  isGeometryType,
  normalizeFeatures,
  normalizeGeometry,
  ringSignedArea,
  WanggeError,
} from '../src';

const square: Position[] = [
  [120, 30],
  [120.01, 30],
  [120.01, 30.01],
  [120, 30.01],
  [120, 30],
];

function thrown(f: () => unknown): WanggeError {
  try {
    f();
  } catch (e) {
    if (e instanceof WanggeError) return e;
    throw new Error(`expected a WanggeError, got ${String(e)}`);
  }
  throw new Error('expected a throw');
}

describe('normalizeGeometry', () => {
  it('closes rings, drops repeats and orients exterior CCW, holes CW', () => {
    const clockwiseOpen = [square[0], square[3], square[3], square[2], square[1]];
    const hole = [
      [120.002, 30.002],
      [120.004, 30.002],
      [120.004, 30.004],
      [120.002, 30.002],
    ];
    const out = normalizeGeometry({ type: 'Polygon', coordinates: [clockwiseOpen, hole] }) as Polygon;
    const [exterior, inner] = out.coordinates;
    expect(exterior).toHaveLength(5);
    expect(exterior[0]).toEqual(exterior[4]);
    expect(ringSignedArea(exterior)).toBeGreaterThan(0);
    expect(ringSignedArea(inner)).toBeLessThan(0);
  });

  it('cuts positions to [lon, lat]', () => {
    const withZ = square.map(([x, y]) => [x, y, 12]);
    const out = normalizeGeometry({ type: 'Polygon', coordinates: [withZ] }) as Polygon;
    expect(out.coordinates[0].every((p) => p.length === 2)).toBe(true);
  });

  // The documented list of bad-input kinds, each with its error code.
  const cases: Array<[string, unknown, ErrorCode]> = [
    ['not an object', 'POLYGON((0 0))', ErrorCode.INVALID_GEOJSON],
    ['null', null, ErrorCode.INVALID_GEOJSON],
    ['wrong type', { type: 'LineString', coordinates: square }, ErrorCode.UNSUPPORTED_GEOMETRY],
    ['no coordinates', { type: 'Polygon' }, ErrorCode.INVALID_GEOJSON],
    ['empty polygon', { type: 'Polygon', coordinates: [] }, ErrorCode.EMPTY_GEOMETRY],
    ['empty multipolygon', { type: 'MultiPolygon', coordinates: [] }, ErrorCode.EMPTY_GEOMETRY],
    [
      'NaN',
      { type: 'Polygon', coordinates: [[...square.slice(0, 2), [Number.NaN, 30], square[0]]] },
      ErrorCode.INVALID_COORDINATE,
    ],
    [
      'Infinity',
      { type: 'Polygon', coordinates: [[square[0], [Infinity, 1], ...square.slice(2)]] },
      ErrorCode.INVALID_COORDINATE,
    ],
    [
      'string coordinate',
      { type: 'Polygon', coordinates: [[square[0], ['120', '30'], ...square.slice(2)]] },
      ErrorCode.INVALID_COORDINATE,
    ],
    [
      'position of one number',
      { type: 'Polygon', coordinates: [[square[0], [120], ...square.slice(2)]] },
      ErrorCode.INVALID_COORDINATE,
    ],
    [
      'longitude out of range',
      { type: 'Polygon', coordinates: [[square[0], [181, 30], ...square.slice(2)]] },
      ErrorCode.COORDINATE_OUT_OF_RANGE,
    ],
    [
      'latitude out of range',
      { type: 'Polygon', coordinates: [[square[0], [120, -91], ...square.slice(2)]] },
      ErrorCode.COORDINATE_OUT_OF_RANGE,
    ],
    [
      'ring of 3 positions',
      { type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] },
      ErrorCode.RING_TOO_SHORT,
    ],
    [
      'ring of repeated vertices',
      { type: 'Polygon', coordinates: [[square[0], square[1], square[1], square[1], square[0]]] },
      ErrorCode.RING_TOO_SHORT,
    ],
    [
      'collinear ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
        ],
      },
      ErrorCode.RING_DEGENERATE,
    ],
    ['ring not an array', { type: 'Polygon', coordinates: [7] }, ErrorCode.INVALID_GEOJSON],
  ];
  it.each(cases)('rejects %s', (_, geometry, code) => {
    const error = thrown(() => normalizeGeometry(geometry, { featureIndex: 4, featureId: 'A1' }));
    expect(error.code).toBe(code);
    expect(error.featureIndex).toBe(4);
    expect(error.featureId).toBe('A1');
  });

  it('names the path of the bad coordinate', () => {
    const error = thrown(() =>
      normalizeGeometry({
        type: 'MultiPolygon',
        coordinates: [[square], [[square[0], [Number.NaN, 0], ...square.slice(2)]]],
      }),
    );
    expect(error.path).toBe('geometry.coordinates[1][0][1]');
  });
});

describe('cleanGeometry', () => {
  it('drops what cannot be a polygon and reports each drop', () => {
    const result = cleanGeometry({
      type: 'MultiPolygon',
      coordinates: [
        [square],
        [[square[0], square[1], square[0]]],
        [],
        [
          square,
          [
            [0, 0],
            [0, 0],
          ],
        ],
      ],
    });
    expect(result.geometry?.type).toBe('MultiPolygon');
    expect(result.geometry?.coordinates).toHaveLength(2);
    expect(result.problems.map((p) => p.code)).toEqual([
      ErrorCode.RING_TOO_SHORT,
      ErrorCode.EMPTY_GEOMETRY,
      ErrorCode.RING_TOO_SHORT,
    ]);
  });

  it('returns null geometry when nothing is left', () => {
    const result = cleanGeometry({ type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] });
    expect(result.geometry).toBeNull();
    expect(result.problems.map((p) => p.code)).toEqual([ErrorCode.RING_TOO_SHORT, ErrorCode.EMPTY_GEOMETRY]);
  });
});

describe('normalizeFeatures', () => {
  it('keeps properties and ids, and names the feature of a mistake', () => {
    const ok = {
      type: 'Feature' as const,
      id: 7,
      properties: { code: 'A' },
      geometry: { type: 'Polygon' as const, coordinates: [square] },
    };
    expect(normalizeFeatures([ok])[0]).toMatchObject({ id: 7, properties: { code: 'A' } });
    const bad = {
      type: 'Feature' as const,
      properties: { code: 'B' },
      geometry: { type: 'Point' as const, coordinates: [0, 0] },
    };
    const error = thrown(() => normalizeFeatures({ type: 'FeatureCollection', features: [ok, bad] }));
    expect([error.code, error.featureIndex, error.featureId]).toEqual([
      ErrorCode.UNSUPPORTED_GEOMETRY,
      1,
      'B',
    ]);
    expect(thrown(() => normalizeFeatures({} as never)).code).toBe(ErrorCode.INVALID_GEOJSON);
  });
});

const coordinate = fc.double({ min: -1, max: 1, noNaN: true });
const rawRing = fc.array(fc.tuple(coordinate, coordinate), { minLength: 3, maxLength: 12 }).chain((pts) =>
  fc.array(fc.nat(pts.length - 1), { maxLength: 4 }).map((repeats) => {
    const ring = pts.map(([x, y]) => [120 + x, 30 + y]);
    for (const i of repeats) ring.splice(i, 0, [...ring[i]]); // sprinkle repeated vertices
    return ring;
  }),
);

describe('normalisation properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(rawRing, fc.boolean(), (ring, close) => {
        const coordinates = [close ? [...ring, ring[0]] : ring];
        const once = cleanGeometry({ type: 'Polygon', coordinates }).geometry;
        if (once === null) return;
        expect(normalizeGeometry(once)).toEqual(once);
      }),
    );
  });

  it('always yields closed, repeat-free, counter-clockwise exteriors', () => {
    fc.assert(
      fc.property(rawRing, (ring) => {
        const out = cleanGeometry({ type: 'Polygon', coordinates: [ring] }).geometry as Polygon | null;
        if (out === null) return;
        const exterior = out.coordinates[0];
        expect(exterior[0]).toEqual(exterior.at(-1));
        for (let i = 1; i < exterior.length; i++) expect(exterior[i]).not.toEqual(exterior[i - 1]);
        expect(ringSignedArea(exterior)).toBeGreaterThan(0);
      }),
    );
  });
});

describe('isGeometryType', () => {
  it('knows the seven GeoJSON geometry types and nothing else', () => {
    for (const t of [
      'Point',
      'MultiPoint',
      'LineString',
      'MultiLineString',
      'Polygon',
      'MultiPolygon',
      'GeometryCollection',
    ]) {
      expect(isGeometryType(t), t).toBe(true);
    }
    for (const t of ['Feature', 'FeatureCollection', 'polygon', '', undefined, null, 7])
      expect(isGeometryType(t)).toBe(false);
  });
});
