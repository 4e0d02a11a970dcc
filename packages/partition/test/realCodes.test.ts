import { codeToChild, GridPlan, isChildCode, numericCodes } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { balancedPartition, partitionHierarchy, regularGrid } from '../src';

const city = generateCity({ seed: 3, households: 2000 });
const recoded = (code: unknown, extra: Record<string, unknown> = {}): Feature => ({
  ...city.district,
  properties: { name: '海淀区', ...extra, ...(code === undefined ? {} : { code }) },
});

describe('real division codes at the partition entry points', () => {
  it('codes balanced grids under a 6-digit district code (regression: INVALID_CODE after all the work)', () => {
    const result = balancedPartition(recoded('110108'), {
      households: city.households.xy,
      range: { min: 100, max: 150 },
    });
    const codes = result.grids.features.map((g) => g.properties.code);
    expect(codes[0]).toBe('110108000000001');
    expect(codes.every((c) => isChildCode(c, '110108', numericCodes()))).toBe(true);
    expect(result.grids.features.every((g) => g.properties.parent === '110108')).toBe(true);
  });

  it('reads the code from properties.code, adcode (DataV) or id (echarts), as a string or a number', () => {
    for (const [boundary, code] of [
      [recoded(110108), '110108'],
      [{ ...recoded(undefined), properties: { adcode: 110108, level: 'district' } }, '110108'],
      [{ ...recoded(undefined), id: '110108001' }, '110108001'],
    ] as Array<[Feature, string]>) {
      const grids = regularGrid(boundary, { size: 400 }).features;
      expect(grids[0].properties.parent).toBe(code);
      expect(grids[0].properties.code).toBe(codeToChild(code, 1, numericCodes()));
    }
  });

  it('takes every tier as the top: province, prefecture, county, township, village', () => {
    for (const code of ['11', '1101', '110108', '110108001', '110108001001', '110108001001000']) {
      const grids = regularGrid(recoded(code), { size: 500 }).features;
      expect(
        grids.every((g) => isChildCode(g.properties.code, code, numericCodes())),
        code,
      ).toBe(true);
    }
  });

  it('keeps a numeric root code in a hierarchy (regression: it became `root` and its children letters)', () => {
    const result = partitionHierarchy(recoded('330106001000'), {
      levels: [
        { kind: 'regular', size: 500 },
        { kind: 'regular', size: 200 },
      ],
    });
    const plan = GridPlan.from(result.grids, { codeStyle: numericCodes() });
    expect(plan.roots().map((g) => g.properties.code)).toEqual(['330106001000']);
    expect(plan.atLevel(2)[0].properties.code).toBe('330106001000001');
    expect(plan.atLevel(3)[0].properties.code).toMatch(/^330106001000\d{3}\d{2}$/);
  });

  it('never repeats an ancestor code (regression: level-2 letter code HD under a root coded HD)', () => {
    // 212 grids: the 212th letter code would have been HD.
    const result = partitionHierarchy(recoded('HD'), { levels: [{ kind: 'regular', size: 40 }] });
    const codes = result.grids.features.map((g) => g.properties.code);
    expect(codes.length).toBeGreaterThan(212);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes[1]).toBe('HD1');
  });

  it('refuses duplicate codes in a fixed level with DUPLICATE_CODE, naming the feature', () => {
    const [a, b] = city.communities;
    const twin = { ...b, properties: { ...b.properties, code: a.properties.code } };
    expect(() =>
      partitionHierarchy(city.district, {
        levels: [{ kind: 'fixed', grids: [a, twin, ...city.communities.slice(2)] }],
      }),
    ).toThrow(expect.objectContaining({ code: 'DUPLICATE_CODE', featureIndex: 1 }));
    const rootTwin = { ...a, properties: { ...a.properties, code: city.district.properties.code } };
    expect(() =>
      partitionHierarchy(city.district, {
        levels: [{ kind: 'fixed', grids: [rootTwin, ...city.communities.slice(1)] }],
      }),
    ).toThrow(expect.objectContaining({ code: 'DUPLICATE_CODE', featureIndex: 0 }));
  });

  it('refuses a regular level past maxGrids from the estimate, before any work (regression: regular:1 ran out of memory)', () => {
    const started = performance.now();
    expect(() => regularGrid(city.district, { size: 0.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => partitionHierarchy(city.district, { levels: [{ kind: 'regular', size: 0.5 }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => regularGrid(city.district, { size: 100, maxGrids: 10 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(regularGrid(city.district, { size: 100, maxGrids: 10_000 }).features.length).toBeGreaterThan(10);
  });
});
