import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkCoverage, isFlatSet, validatePlan } from '../src';

/** The `k`-th square of a row of squares 1/128° wide (exact in binary, so neighbours share edges exactly). */
const square = (
  k: number,
  code: string | undefined,
  extra: Record<string, unknown> = {},
): Feature<Polygon> => ({
  type: 'Feature',
  properties: { ...(code === undefined ? {} : { code }), name: `${code}区`, ...extra },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [120 + k / 128, 30],
        [120 + (k + 1) / 128, 30],
        [120 + (k + 1) / 128, 30 + 1 / 128],
        [120 + k / 128, 30 + 1 / 128],
        [120 + k / 128, 30],
      ],
    ],
  },
});

describe('a flat set of polygons is one level', () => {
  // Regression (issue 11): `wangge check` on a city's districts printed one
  // "properties.level must be a whole number" per district before the real findings.
  it('checks districts with code and name as one coverage, with no hierarchy findings', () => {
    const districts = [square(0, '110101'), square(1, '110102'), square(1.5, '110105')];
    expect(isFlatSet(districts)).toBe(true);
    const report = validatePlan(districts);
    expect(report.defects.filter((d) => d.kind === 'plan')).toEqual([]);
    const overlaps = report.defects.filter((d) => d.kind === 'overlap');
    expect(overlaps.map((d) => d.grids)).toEqual([['110102', '110105']]);
  });

  it('still reports a repeated code, and grids without any code by id or position', () => {
    const report = validatePlan([square(0, 'A'), square(1, 'A'), square(2, undefined)]);
    expect(report.defects.map((d) => [d.kind, d.reason])).toEqual([['plan', 'duplicate-code']]);
  });

  it('applies the hierarchy rules when asked for, or when a grid has a level or parent', () => {
    const districts = [square(0, '110101'), square(1, '110102')];
    const asked = validatePlan(districts, { hierarchy: true });
    expect(asked.defects.map((d) => d.reason)).toEqual(['invalid-properties', 'invalid-properties']);
    const mixed = [square(0, 'S', { level: 1, parent: null }), square(1, 'A')];
    expect(isFlatSet(mixed)).toBe(false);
    expect(validatePlan(mixed).defects.some((d) => d.reason === 'invalid-properties')).toBe(true);
  });

  it('passes the gate on a clean flat set and fails it on an overlap', () => {
    expect(checkCoverage([square(0, '1'), square(1, '2')]).pass).toBe(true);
    expect(checkCoverage([square(0, '1'), square(0.5, '2')]).pass).toBe(false);
  });
});
