import { type EchartsMap, loadEchartsMap } from '@wangge/corpus';
import { PolygonIndex } from '@wangge/index';
import { describe, expect, it } from 'vitest';
import { validateCoverage } from '../src/index';

/** Shanghai, Jiangsu, Zhejiang and Anhui as an echarts map object, still encoded. */
function yangtzeDelta(): EchartsMap {
  const map = loadEchartsMap('china');
  const codes = new Set(['310000', '320000', '330000', '340000']);
  return { ...map, features: map.features.filter((f) => codes.has(String(f.id))) };
}

describe('library entry points read an echarts map object unchanged', () => {
  it('PolygonIndex locates Hangzhou in Zhejiang', () => {
    const map = yangtzeDelta();
    const index = PolygonIndex.from(map as never);
    expect(map.features[index.locate(120.15, 30.28)].id).toBe('330000');
  });

  it('validateCoverage measures the overlaps between the decoded provinces', () => {
    const report = validateCoverage(yangtzeDelta() as never);
    expect(report.counts.overlap).toBeGreaterThan(0);
  });
});
