/**
 * Partition on real boundaries with their real codes: a sample of China's prefecture cities in the normal
 * suite (the full sweep of all 367 is `pnpm test:realdata`, bench/realdata.bench.ts). Each city is cut into
 * 1 km cells and into balanced grids of 100-150 synthetic households; GEOS (`@wangge/reference`) judges
 * every output polygon, the area against the made-valid boundary, and the codes against the real code.
 */
import { checkPartition, type DivisionFeature, loadChinaCities, syntheticHouseholds } from '@wangge/corpus';
import { loadReference } from '@wangge/reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { balancedPartition, regularGrid } from '../src';

beforeAll(loadReference);
const cities = new Map(loadChinaCities().features.map((f) => [f.properties.code, f]));
const city = (code: string) => cities.get(code) as DivisionFeature;

function sweep(code: string) {
  const boundary = city(code);
  const cells = regularGrid(boundary, { size: 1000 }).features;
  const households = syntheticHouseholds(boundary.geometry, 1500, Number(code));
  const balanced = balancedPartition(boundary, { households, range: [100, 150] });
  expect(balanced.gridOf.every((g) => g >= 0)).toBe(true);
  for (const grids of [cells, balanced.grids.features]) {
    expect(checkPartition(boundary.geometry, code, grids)).toMatchObject({ invalid: [], badCodes: [] });
    expect(checkPartition(boundary.geometry, code, grids).areaError).toBeLessThan(1e-9);
  }
}

describe('partition of real prefecture cities, with their real codes', () => {
  it.each([
    ['340400', '淮南'],
    ['469001', '五指山 (a county-level code under the province)'],
    ['820000', '澳门 (a province-level code)'],
  ])('%s %s: valid cells and grids tiling the boundary, coded under the real code', (code) => {
    sweep(code);
  });

  // Waits for @wangge/geometry's makeValid at every partition entry point (issue 10 → issue 11): until then
  // a self-intersecting boundary crashes the clipper (the TypeError of issue 11), and rings of fewer than 4
  // positions or of zero area are refused with RING_TOO_SHORT / RING_DEGENERATE.
  it.fails.each([
    ['340800', '安庆 (self-intersection: the TypeError of issue 11)'],
    ['350100', '福州 (a ring of 1 distinct position)'],
    ['620200', '嘉峪关 (a hole outside its shell)'],
    ['810000', '香港 (islands written as holes)'],
    ['330900', '舟山 (a ring of zero area)'],
  ])('%s %s: repaired at entry, then valid and tiling', (code) => {
    sweep(code);
  });
});
