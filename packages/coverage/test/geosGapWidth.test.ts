/**
 * The measurement behind docs/coverage.md's gap-width table: GEOS `CoverageIsValid` (geos-wasm 3.13, via
 * `@wangge/reference`) on three pairs of 10 × 10-unit squares (1 unit = 1e-4°) at gap widths 0 … 100
 * units, beside wangge's report of the same pairs at the same widths in metres. Fails when either side
 * changes, so the table is re-measured rather than left stale (issue 13: the old "lost at width 2" claim).
 */
import { coverageIsValid, loadReference } from '@wangge/reference';
import type { Feature, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateCoverage } from '../src/index';

beforeAll(loadReference);

const unit = 1e-4;
const metresPerUnit = unit * 111_320 * Math.cos((30 * Math.PI) / 180);
const p = (x: number, y: number): Position => [120 + x * unit, 30 + y * unit];
const grid = (code: string, ring: Position[]): Feature<Polygon> => ({
  type: 'Feature',
  properties: { code },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
const square = grid('A', [p(0, 0), p(10, 0), p(10, 10), p(0, 10), p(0, 0)]);
// The bench's left square has vertices where the bulge starts and ends (bench/coverage.bench.ts).
const notched = grid('A', [p(0, 0), p(10, 0), p(10, 4), p(10, 6), p(10, 10), p(0, 10), p(0, 0)]);
const pairs: Record<string, Feature<Polygon>[]> = {
  strip: [square, grid('B', [p(11, 0), p(21, 0), p(21, 10), p(11, 10), p(11, 0)])],
  wedge: [square, grid('B', [p(10, 0), p(20, 0), p(20, 10), p(11, 10), p(10, 0)])],
  'strip beside the notched square': [
    notched,
    grid('B', [p(11, 0), p(21, 0), p(21, 10), p(11, 10), p(11, 0)]),
  ],
  bulge: [
    notched,
    grid('B', [p(10, 0), p(20, 0), p(20, 10), p(10, 10), p(10, 6), p(11, 5), p(10, 4), p(10, 0)]),
  ],
};
const widths = [0, 0.5, 1, 1.5, 2, 5, 10, 11, 20, 50, 100];

describe('gap width: GEOS CoverageIsValid is not monotonic, wangge is', () => {
  it('GEOS reports the strip and the wedge only at widths 1 to 10 units (1 to 2 beside more vertices), the bulge never', () => {
    const reported = (name: string) =>
      widths.filter(
        (w) =>
          !coverageIsValid(
            pairs[name].map((g) => g.geometry),
            w * unit,
          ).valid,
      );
    expect(reported('strip')).toEqual([1, 1.5, 2, 5, 10]);
    expect(reported('wedge')).toEqual([1, 1.5, 2, 5, 10]);
    // The same strip beside a square with two more vertices on its east side: reported at 1 to 2 only.
    expect(reported('strip beside the notched square')).toEqual([1, 1.5, 2]);
    expect(reported('bulge')).toEqual([]);
  });

  it('wangge reports each at every width (the bulge as a hole of the union; strip and wedge against a parent)', () => {
    const gapKinds = new Set(['gap', 'inlet', 'sliver']);
    for (const name of Object.keys(pairs)) {
      const east = name.startsWith('strip') ? 21 : 20;
      const parent: Polygon = {
        type: 'Polygon',
        coordinates: [[p(0, 0), p(east, 0), p(east, 10), p(0, 10), p(0, 0)]],
      };
      for (const w of widths) {
        const report = validateCoverage(pairs[name], { parent, sliverWidth: w * metresPerUnit });
        const gaps = report.defects.filter((d) => gapKinds.has(d.kind));
        expect(gaps.length, `${name} at ${w}`).toBe(1);
      }
    }
    for (const w of widths) {
      const flat = validateCoverage(pairs.bulge, { sliverWidth: w * metresPerUnit });
      expect(flat.defects.filter((d) => gapKinds.has(d.kind)).length).toBe(1);
    }
  });
});
