import { type GridFeature, geodesicArea } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import * as geos from '@wangge/reference';
import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { repairCoverage, validateCoverage, validatePlan } from '../src';
import { damagedTiling, jitteredTiling, tilingOutline } from './tiling';

/**
 * Area precision of `toBeCloseTo` against the unsnapped reference (GEOS on the input coordinates):
 * the kernel snaps to 1e-9° (~0.1 mm), which moves an area by up to its perimeter × 0.05 mm (0.04 m² on the
 * largest cases here).
 */
const SNAP = 1;
/**
 * Areas of square kilometres at longitude 120 carry the geodesic formula's own rounding (the terms are large
 * and cancel), up to ~1.2 m² seen on 1.2 km² when the same ring starts at another vertex: 0.5 m² or relative 2e-6.
 */
const expectArea = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(0.5, Math.abs(expected) * 2e-6));
const GAP_LIKE = ['gap', 'inlet', 'sliver', 'uncovered-parent'];
const tilingArb = fc.record({
  columns: fc.integer({ min: 3, max: 6 }),
  rows: fc.integer({ min: 3, max: 6 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  jitter: fc.constantFrom(0, 0.1, 0.2),
});

const ringOf = (g: GridFeature) => (g.geometry as Polygon).coordinates[0];
const areaOf = (g: GridFeature) => geodesicArea(g.geometry);
const withRing = (g: GridFeature, ring: Position[]): GridFeature => ({
  ...g,
  geometry: { type: 'Polygon', coordinates: [ring] },
});
const errors = (grids: GridFeature[], options = {}) =>
  validateCoverage(grids, options).defects.filter((d) => d.severity === 'error');

describe('a generated tiling is clean', () => {
  it('jittered tilings, with and without their outline as parent', () => {
    fc.assert(
      fc.property(tilingArb, (o) => {
        const grids = jitteredTiling(o);
        expect(validateCoverage(grids).defects).toEqual([]);
        expect(validateCoverage(grids, { parent: tilingOutline(o) }).defects).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('the example city: communities and compounds tile the district', () => {
    const city = generateCity({ households: 3000, seed: 7 });
    const plan = validatePlan([city.district, ...city.communities]);
    expect(plan.errors).toBe(0);
    expect(plan.defects.every((d) => d.kind === 'multi-part')).toBe(true);
    const compounds = validateCoverage(city.compounds, { parent: city.district });
    expect(compounds.defects).toEqual([]);
  });
});

describe('removing or shifting one vertex makes exactly the expected defect appear', () => {
  const interior = fc.record({
    o: tilingArb,
    pick: fc.nat(),
    corner: fc.integer({ min: 0, max: 3 }),
    t: fc.double({ min: 0.1, max: 0.4, noNaN: true }),
  });
  const pickInterior = (o: { columns: number; rows: number }, pick: number) => {
    const i = 1 + (pick % (o.columns - 2));
    const j = 1 + (Math.floor(pick / 7) % (o.rows - 2));
    return i * o.rows + j;
  };

  it('removing one interior grid leaves one gap of its area; a border grid, one inlet', () => {
    fc.assert(
      fc.property(interior, ({ o, pick }) => {
        const grids = jitteredTiling(o);
        const k = pickInterior(o, pick);
        const rest = grids.filter((_, m) => m !== k);
        const found = validateCoverage(rest, { parent: tilingOutline(o) }).defects;
        expect(found.map((d) => d.kind)).toEqual(['gap']);
        expect(found[0].area).toBeCloseTo(areaOf(grids[k]), SNAP);
        const border = grids.filter((_, m) => m !== 0);
        expect(validateCoverage(border, { parent: tilingOutline(o) }).defects.map((d) => d.kind)).toEqual([
          'inlet',
        ]);
      }),
      { numRuns: 20 },
    );
  });

  it('moving a vertex into its own grid opens exactly one gap of the area lost', () => {
    fc.assert(
      fc.property(interior, ({ o, pick, corner, t }) => {
        const grids = jitteredTiling({ ...o, jitter: Math.min(o.jitter, 0.1) });
        const k = pickInterior(o, pick);
        const ring = ringOf(grids[k]).map((p) => [...p]);
        const cx = (ring[0][0] + ring[1][0] + ring[2][0] + ring[3][0]) / 4;
        const cy = (ring[0][1] + ring[1][1] + ring[2][1] + ring[3][1]) / 4;
        ring[corner] = [
          ring[corner][0] + t * (cx - ring[corner][0]),
          ring[corner][1] + t * (cy - ring[corner][1]),
        ];
        ring[4] = ring[0];
        const moved = withRing(grids[k], ring);
        const shifted = grids.map((g, m) => (m === k ? moved : g));
        const found = validateCoverage(shifted, { tolerance: 0 }).defects;
        expect(found.map((d) => d.kind)).toEqual(['gap']);
        expect(found[0].area).toBeCloseTo(areaOf(grids[k]) - areaOf(moved), SNAP);
        expect(found[0].grids).toContain(grids[k].properties.code);
      }),
      { numRuns: 30 },
    );
  });

  it('moving a vertex out of its grid makes overlaps of the area gained, and no gap', () => {
    fc.assert(
      fc.property(interior, ({ o, pick, corner, t }) => {
        const grids = jitteredTiling({ ...o, jitter: Math.min(o.jitter, 0.1) });
        const k = pickInterior(o, pick);
        const ring = ringOf(grids[k]).map((p) => [...p]);
        const cx = (ring[0][0] + ring[1][0] + ring[2][0] + ring[3][0]) / 4;
        const cy = (ring[0][1] + ring[1][1] + ring[2][1] + ring[3][1]) / 4;
        ring[corner] = [
          ring[corner][0] - 0.5 * t * (cx - ring[corner][0]),
          ring[corner][1] - 0.5 * t * (cy - ring[corner][1]),
        ];
        ring[4] = ring[0];
        const moved = withRing(grids[k], ring);
        const shifted = grids.map((g, m) => (m === k ? moved : g));
        const found = validateCoverage(shifted, { tolerance: 0 }).defects.filter(
          (d) => d.kind !== 'misaligned',
        );
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((d) => d.kind === 'overlap' && d.grids.includes(grids[k].properties.code))).toBe(
          true,
        );
        const total = found.reduce((s, d) => s + d.area, 0);
        expect(total).toBeCloseTo(areaOf(moved) - areaOf(grids[k]), SNAP);
      }),
      { numRuns: 30 },
    );
  });

  it('removing a shared vertex from one convex grid opens one gap (the cut-off triangle)', () => {
    fc.assert(
      fc.property(interior, ({ o, pick, corner }) => {
        const grids = jitteredTiling({ ...o, jitter: Math.min(o.jitter, 0.1) });
        const k = pickInterior(o, pick);
        const ring = ringOf(grids[k])
          .slice(0, 4)
          .filter((_, m) => m !== corner);
        const cut = withRing(grids[k], [...ring, ring[0]]);
        const found = validateCoverage(
          grids.map((g, m) => (m === k ? cut : g)),
          { tolerance: 0 },
        ).defects;
        expect(found.map((d) => d.kind)).toEqual(['gap']);
        expect(found[0].area).toBeCloseTo(areaOf(grids[k]) - areaOf(cut), SNAP);
      }),
      { numRuns: 20 },
    );
  });
});

describe('brute-force reference', () => {
  beforeAll(() => geos.loadReference());
  const boxArb = fc.tuple(
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
  );
  const boxesToGrids = (boxes: Array<[number, number, number, number]>): GridFeature[] =>
    boxes.map(([x, y, w, h], i) => {
      const c = (v: number) => +(120 + v * 0.001).toFixed(6);
      const r = (v: number) => +(30 + v * 0.001).toFixed(6);
      return {
        type: 'Feature',
        properties: { code: `R${i}`, parent: null, level: 3 },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [c(x), r(y)],
              [c(x + w), r(y)],
              [c(x + w), r(y + h)],
              [c(x), r(y + h)],
              [c(x), r(y)],
            ],
          ],
        },
      };
    });

  it('overlapping pairs and areas match all-pairs overlay: nothing extra, nothing missed', () => {
    fc.assert(
      fc.property(fc.array(boxArb, { minLength: 2, maxLength: 8 }), (boxes) => {
        const grids = boxesToGrids(boxes);
        const expected = new Map<string, number>();
        for (let a = 0; a < grids.length; a++) {
          for (let b = a + 1; b < grids.length; b++) {
            const piece = geos.intersection(grids[a].geometry, grids[b].geometry);
            const area = piece === null ? 0 : geodesicArea(piece);
            if (area > 1e-6) expected.set([`R${a}`, `R${b}`].sort().join('+'), area);
          }
        }
        const found = new Map<string, number>();
        for (const d of validateCoverage(grids, { tolerance: 0 }).defects) {
          if (d.kind !== 'overlap') continue;
          const key = d.grids.join('+');
          found.set(key, (found.get(key) ?? 0) + d.area);
        }
        expect([...found.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [key, area] of expected) expectArea(found.get(key)!, area);
      }),
      { numRuns: 60 },
    );
  });

  it('gap area inside a parent equals parent minus the union (by overlay)', () => {
    fc.assert(
      fc.property(fc.array(boxArb, { minLength: 1, maxLength: 8 }), (boxes) => {
        const grids = boxesToGrids(boxes);
        const parent = boxesToGrids([[0, 0, 12, 12]])[0].geometry as Polygon;
        const union = geos.unionAll(grids.map((g) => g.geometry))!;
        const rest = geos.difference(parent, union);
        const uncovered =
          rest === null ? [] : rest.type === 'Polygon' ? [rest.coordinates] : rest.coordinates;
        const expected = rest === null ? 0 : geodesicArea(rest);
        const report = validateCoverage(grids, { parent, tolerance: 0 });
        expectArea(report.gapArea, expected);
        expect(report.defects.filter((d) => GAP_LIKE.includes(d.kind)).length).toBe(uncovered.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe('classification is monotonic and deterministic', () => {
  it('raising sliverWidth turns gaps into slivers but never hides one', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (w1, w2) => {
          const o = { columns: 4, rows: 4, seed: 3 };
          const grids = jitteredTiling(o).filter((g) => !['C1-1', 'C0-2'].includes(g.properties.code));
          const [lo, hi] = w1 < w2 ? [w1, w2] : [w2, w1];
          const a = validateCoverage(grids, { parent: tilingOutline(o), sliverWidth: lo }).defects;
          const b = validateCoverage(grids, { parent: tilingOutline(o), sliverWidth: hi }).defects;
          expect(b.length).toBe(a.length);
          expect(b.filter((d) => d.kind === 'sliver').length).toBeGreaterThanOrEqual(
            a.filter((d) => d.kind === 'sliver').length,
          );
        },
      ),
      { numRuns: 20 },
    );
  });

  it('the same grids in any order give the same defects', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 20, maxLength: 20 }), (keys) => {
        const o = { columns: 4, rows: 5, seed: 9 };
        const grids = jitteredTiling(o).filter((g) => g.properties.code !== 'C2-2');
        const shuffled = grids
          .map((g, i) => [keys[i % keys.length], i, g] as const)
          .sort((x, y) => x[0] - y[0] || x[1] - y[1])
          .map((x) => x[2]);
        const ids = (gs: GridFeature[]) =>
          validateCoverage(gs, { parent: tilingOutline(o) }).defects.map((d) => d.id);
        expect(ids(shuffled)).toEqual(ids(grids));
      }),
      { numRuns: 10 },
    );
  });
});

describe('repair output is always clean', () => {
  it('after removing grids, shifting vertices in or out, and duplicating edges off by a little', () => {
    fc.assert(
      fc.property(
        tilingArb,
        fc.array(
          fc.record({
            pick: fc.nat(),
            corner: fc.integer({ min: 0, max: 3 }),
            t: fc.double({ min: -0.2, max: 0.4, noNaN: true }),
          }),
          { maxLength: 3 },
        ),
        fc.nat(),
        (o, shifts, drop) => {
          const { damaged, parent } = damagedTiling(o, shifts, drop);
          const result = repairCoverage(damaged, { parent, tolerance: 0.05 });
          expect(result.report.defects.filter((d) => d.severity === 'error')).toEqual([]);
          expect(errors(result.grids as GridFeature[], { parent, tolerance: 0.05 })).toEqual([]);
          expect(result.grids.map((g) => g.properties?.code)).toEqual(damaged.map((g) => g.properties.code));
        },
      ),
      { numRuns: 25 },
    );
  });

  // Counterexamples the property found, kept so they are checked on every run whatever the seed draws.
  it('regression: polyclip leaves a two-point ring where edges nearly coincide (dropped by repair)', () => {
    const o = { columns: 5, rows: 4, seed: 115933, jitter: 0.2 };
    const { damaged, parent } = damagedTiling(
      o,
      [{ pick: 2039171547, corner: 0, t: -0.0006805722586046568 }],
      0,
    );
    const result = repairCoverage(damaged, { parent, tolerance: 0.05 });
    expect(result.report.defects.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('regression: snapping folds a ring into a centimetre bow-tie (cut off by repair)', () => {
    const o = { columns: 5, rows: 4, seed: 115933, jitter: 0.2 };
    const shift = { pick: 2039171547, corner: 0, t: -0.0006805722586046568 };
    const { damaged, parent } = damagedTiling(o, [shift], 1073741822);
    const result = repairCoverage(damaged, { parent, tolerance: 0.05 });
    expect(result.report.defects.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('regressions', () => {
  it('an inside-out loop of a self-crossing county does not hide the triple overlap around it', async () => {
    const { loadUsCounties } = await import('@wangge/example-city');
    const ids = new Set(['22067', '22073', '22083']);
    const counties = loadUsCounties().features.filter((f) => ids.has(String(f.id)));
    const report = validateCoverage(counties);
    const overlaps = report.defects.filter((d) => d.kind === 'overlap');
    expect(overlaps.map((d) => d.grids.join('+'))).toEqual(['22067+22073', '22067+22083', '22073+22083']);
    for (const d of overlaps) expect(d.area).toBeCloseTo(307_440, -2);
    expect(
      report.defects.some((d) => d.kind === 'invalid' && d.reason === 'bow-tie' && d.grids[0] === '22067'),
    ).toBe(true);
  });
});

describe('overlaps that no edge crossing shows', () => {
  it('a tiling nested inside one big grid overlaps it cell by cell, the enclosed centre cell included', () => {
    const inner = jitteredTiling({ columns: 3, rows: 3, jitter: 0.2, origin: [120.001, 30.001] });
    const big = jitteredTiling({ columns: 1, rows: 1, cell: 0.005, origin: [120, 30] })[0];
    const report = validateCoverage([{ ...big, properties: { ...big.properties, code: 'BIG' } }, ...inner]);
    const overlaps = report.defects.filter((d) => d.kind === 'overlap');
    expect(overlaps.map((d) => d.grids.join('+')).sort()).toEqual(
      inner.map((g) => `BIG+${g.properties.code}`).sort(),
    );
    expect(overlaps.find((d) => d.grids.includes('C1-1'))!.area).toBeCloseTo(areaOf(inner[4]), SNAP);
    expect(report.defects.filter((d) => d.kind !== 'overlap')).toEqual([]);
  });
});

describe('regressions of the repair property', () => {
  // Found by the repair property (once pinned as it.fails): an overlay near-degeneracy left a sliver hole
  // pinned to the shell along a folded edge. The validator on the snap-rounding kernel no longer sees one.
  it('regression: repair left a sliver hole along a folded edge (fixed by the snap-rounding kernel)', () => {
    const o = { columns: 4, rows: 3, seed: 243204, jitter: 0.1 };
    const shift = { pick: 1676783312, corner: 0, t: -0.010005137732641192 };
    const { damaged, parent } = damagedTiling(o, [shift], 1135430248);
    const result = repairCoverage(damaged, { parent, tolerance: 0.05 });
    expect(result.report.defects.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
