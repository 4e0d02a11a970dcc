import type { Feature } from 'geojson';
import { decodeEcharts, isEchartsMap } from './echarts';
import { ErrorCode, WanggeError } from './errors';

/**
 * The features of a GeoJSON input, the one way every wangge entry point reads a collection: an array of
 * Features is returned as it is, a FeatureCollection gives its `features`, and an echarts map object
 * (`UTF8Encoding: true`, see {@link decodeEcharts}) is decoded first. Throws `INVALID_GEOJSON` for
 * anything else, saying what was passed.
 */
export function featuresOf<F = Feature>(input: unknown): readonly F[] {
  if (Array.isArray(input)) return input as F[];
  if (isEchartsMap(input)) return decodeEcharts(input).features as F[];
  const features = (input as { features?: unknown } | null)?.features;
  if (typeof input === 'object' && input !== null && Array.isArray(features)) return features as F[];
  throw new WanggeError(
    ErrorCode.INVALID_GEOJSON,
    `expected a FeatureCollection, an echarts map object or an array of Features, got ${describe(input)}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const type = (value as { type?: unknown }).type;
  return type === undefined ? 'an object without type' : `type ${JSON.stringify(type)}`;
}
