import {
  compareWithReference,
  loadChinaCities,
  loadChinaProvinces,
  referenceAgainstParent,
} from '@wangge/corpus';
import { loadReference, overlaps } from '@wangge/reference';
import type { Feature, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateCoverage } from '../src/index';

beforeAll(loadReference);

/** A square of `size` 1/64° cells at cell (x, y) near Hangzhou. */
const square = (code: string, x: number, y: number, size = 1): Feature<Polygon> => {
  const p = (i: number, j: number) => [120 + (x + i) / 64, 30 + (y + j) / 64];
  return {
    type: 'Feature',
    properties: { code },
    geometry: { type: 'Polygon', coordinates: [[p(0, 0), p(size, 0), p(size, size), p(0, size), p(0, 0)]] },
  };
};

describe('the coverage comparison harness', () => {
  it('counts what GEOS finds and what a validator reports, and lists the rest', () => {
    // A ring of 8 squares around a missing one (a gap), and a square overlapping its neighbour.
    const grids: Feature<Polygon>[] = [];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) if (i !== 1 || j !== 1) grids.push(square(`${i}${j}`, i, j));
    grids.push(square('X', 2.5, 0.25, 0.5));
    const reference = overlaps(grids);
    const codes = grids.map((g) => g.properties!.code as string);
    const report = validateCoverage(grids);
    const all = compareWithReference(codes, reference, report.defects);
    expect(all).toMatchObject({
      overlaps: { reference: 1, found: 1 },
      gaps: { reference: 1, found: 1 },
      share: 1,
    });
    const blind = compareWithReference(
      codes,
      reference,
      report.defects.filter((d) => d.kind !== 'overlap'),
    );
    expect(blind.share).toBe(0.5);
    expect(blind.missed.map((m) => [m.kind, m.grids])).toEqual([['overlap', ['20', 'X']]]);
  });
});

describe('the comparison against a parent', () => {
  it('counts the gaps and spills GEOS finds against the parent, and takes a dirty parent as made valid', () => {
    // Two squares in a 2 × 2 parent: an L of it left uncovered (one gap), and the second spills out east.
    const parent: Polygon = square('P', 0, 0, 2).geometry;
    const grids = [square('A', 0, 0, 1), square('B', 1.5, 0, 1)];
    const codes = grids.map((g) => g.properties!.code as string);
    const reference = referenceAgainstParent(
      parent,
      grids.map((g) => g.geometry),
    );
    const report = validateCoverage(grids, { parent });
    expect(compareWithReference(codes, reference, report.defects)).toMatchObject({
      overlaps: { reference: 0, found: 0 },
      gaps: { reference: 1, found: 1 },
      spills: { reference: 1, found: 1 },
      share: 1,
    });
    // Regression (issue 11): a parent with a 2-position ring (as Fujian's in china.js) threw
    // RING_TOO_SHORT; it is made valid and its repair listed as a warning, the grids checked as before.
    const dirty: Polygon = {
      type: 'Polygon',
      coordinates: [
        ...parent.coordinates,
        [
          [120.01, 30.01],
          [120.02, 30.01],
          [120.01, 30.01],
        ],
      ],
    };
    const again = validateCoverage(grids, {
      parent: { type: 'Feature', properties: { code: 'P' }, geometry: dirty },
    });
    expect(again.defects.filter((d) => d.kind === 'invalid')).toMatchObject([
      { severity: 'warning', grids: ['P'], reason: 'short-ring' },
    ]);
    expect(again.defects.filter((d) => d.kind !== 'invalid').map((d) => d.id)).toEqual(
      report.defects.map((d) => d.id),
    );
  });
});

describe('coverage on dirty real data, against GEOS after make_valid', () => {
  // Ningxia's 5 cities (china-cities.js) against Ningxia (china.js): two simplifications, so the province
  // line is misaligned all along; self-intersecting cities are checked through their made-valid shapes.
  it("finds every overlap, gap and spill over 1 ha that GEOS finds between Ningxia's cities and Ningxia", () => {
    const ningxia = loadChinaProvinces().features.find((f) => f.properties.code === '640000')!;
    const cities = loadChinaCities().features.filter((f) => f.properties.province === '640000');
    const reference = referenceAgainstParent(
      ningxia.geometry,
      cities.map((c) => c.geometry),
    );
    const report = validateCoverage(cities, { parent: ningxia });
    const comparison = compareWithReference(
      cities.map((c) => c.properties.code),
      reference,
      report.defects,
    );
    expect(comparison.overlaps.reference).toBeGreaterThan(0);
    expect(comparison.gaps.reference).toBeGreaterThan(0);
    expect(comparison.spills.reference).toBeGreaterThan(0);
    expect(comparison.missed).toEqual([]);
  });
});
