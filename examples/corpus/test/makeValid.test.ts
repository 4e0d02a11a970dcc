/**
 * make-valid against GEOS on the real corpus (moved here from @wangge/geometry, whose tests cannot depend
 * on this package without a build cycle: the corpus depends on the kernel).
 */
import { makeValid, validityProblems } from '@wangge/geometry';
import * as reference from '@wangge/reference';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadChinaCities, loadChinaProvinces, loadUsCounties } from '../src/index';

type Polygonal = reference.Polygonal;

/** The few GEOS calls the tests make, on the loaded reference. */
const geos = {
  validity(g: Geometry): { valid: boolean; reason: string } {
    const v = reference.isValid(g as Polygonal);
    return { valid: v.valid, reason: v.reason ?? 'Valid Geometry' };
  },
  area: (g: Geometry | null): number => (g === null ? 0 : reference.area(g as Polygonal)),
  makeValid: (g: Geometry): Geometry | null => reference.makeValid(g as Polygonal, { method: 'structure' }),
};

beforeAll(async () => {
  await reference.loadReference();
});

const perimeter = (g: Polygon | MultiPolygon) =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .flat(1)
    .reduce(
      (s, ring) =>
        s + ring.slice(1).reduce((t, p, k) => t + Math.hypot(p[0] - ring[k][0], p[1] - ring[k][1]), 0),
      0,
    );

describe('makeValid on the real corpus', () => {
  it('agrees with GEOS on every US county: validity, and the made-valid area', () => {
    const counties = loadUsCounties().features;
    let invalid = 0;
    for (const f of counties) {
      const g = f.geometry as Geometry as Polygon | MultiPolygon;
      const mine = validityProblems(g).filter((p) => p.severity === 'error');
      const ref = geos.validity(g);
      expect(mine.length === 0, `${f.id}: ${ref.reason} / ${mine[0]?.reason}`).toBe(ref.valid);
      if (!ref.valid) invalid++;
      const { geometry } = makeValid(g);
      const a = geometry === null ? 0 : geos.area(geometry);
      const b = geos.area(geos.makeValid(g));
      expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(1e-9 * b, 1e-9 * perimeter(g)));
    }
    // us-atlas's 1:10m counties: GEOS finds 40 invalid (the count pins the data).
    expect(invalid).toBe(40);
  });

  /** GEOS cannot build an unclosed ring; the reference reads the geometry with its rings closed. */
  const closed = (g: Polygon | MultiPolygon): Polygon | MultiPolygon => {
    const close = (r: Position[]) =>
      r[0][0] === r.at(-1)![0] && r[0][1] === r.at(-1)![1] ? r : [...r, r[0]];
    return g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map(close) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(close)) };
  };

  it('agrees with GEOS on the real corpus: every province, every 8th city (all of them: bench/overlay)', () => {
    const differ: string[] = [];
    for (const [set, features] of [
      ['provinces', loadChinaProvinces().features],
      ['cities', loadChinaCities().features.filter((_, i) => i % 8 === 0)],
    ] as const) {
      for (const f of features) {
        const g = f.geometry;
        const ours = validityProblems(closed(g)).filter((p) => p.severity === 'error');
        const ref = geos.validity(closed(g));
        expect(ours.length === 0, `${f.properties.code}: GEOS says ${ref.reason}`).toBe(ref.valid);
        const { geometry } = makeValid(g);
        if (geometry !== null) expect(geos.validity(geometry).valid, f.properties.code).toBe(true);
        const a = geos.area(geometry);
        const b = geos.area(geos.makeValid(closed(g)));
        const tolerance = Math.max(2e-9 * b, 1e-9 * perimeter(g));
        if (Math.abs(a - b) > tolerance)
          differ.push(`${set} ${f.properties.code}: ${((a - b) / b).toExponential(1)}`);
      }
    }
    // Regression: 平凉 (620800) is a tiny shell with the city's real outline as a "hole" crossing it, and
    // islands that cross that hole; islands are unioned after the holes are subtracted, not cut by them.
    expect(differ).toEqual([]);
    expect(differ.every((d) => d.startsWith('cities'))).toBe(true);
  });
});
