import { ErrorCode, GridPlan, geodesicDistance } from '@wangge/core';
import fc from 'fast-check';
import type { Feature, LineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { roadsToGrids } from '../src';

const box = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/** A street cut into columns at `xs` and rows at `ys` (both including the ends). */
function cellPlan(xs: number[], ys: number[]) {
  const grids = [
    {
      type: 'Feature',
      properties: { code: 'S', parent: null as string | null, level: 1 },
      geometry: box(xs[0], ys[0], xs.at(-1)!, ys.at(-1)!),
    },
  ];
  for (let i = 1; i < xs.length; i++)
    for (let j = 1; j < ys.length; j++)
      grids.push({
        type: 'Feature',
        properties: { code: `C${i}-${j}`, parent: 'S', level: 2 },
        geometry: box(xs[i - 1], ys[j - 1], xs[i], ys[j]),
      });
  return GridPlan.from(grids as Feature[]);
}

const road = (coordinates: number[][]): Feature<LineString> => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'LineString', coordinates },
});

/** Liang–Barsky: the parameter range of segment a→b inside an axis-aligned box, independent of the tool. */
function insideBox(a: number[], b: number[], [x0, y0, x1, y1]: number[]): number {
  let lo = 0;
  let hi = 1;
  const d = [b[0] - a[0], b[1] - a[1]];
  const clips: Array<[number, number]> = [
    [-d[0], a[0] - x0],
    [d[0], x1 - a[0]],
    [-d[1], a[1] - y0],
    [d[1], y1 - a[1]],
  ];
  for (const [p, q] of clips) {
    if (p === 0) {
      if (q < 0) return 0;
    } else if (p < 0) lo = Math.max(lo, q / p);
    else hi = Math.min(hi, q / p);
  }
  return Math.max(0, hi - lo);
}

describe('roadsToGrids', () => {
  it('splits a road over the grids it crosses, with the length inside each', () => {
    const plan = cellPlan([120, 120.01, 120.02], [30, 30.01]);
    const [east] = roadsToGrids(plan, [
      road([
        [120.005, 30.005],
        [120.015, 30.005],
      ]),
    ]);
    const total = geodesicDistance([120.005, 30.005], [120.015, 30.005]);
    expect(east.length).toBeCloseTo(total, 6);
    expect(
      east.shares.map((s) => [plan.grids[s.gridId].properties.code, Number((s.length / total).toFixed(9))]),
    ).toEqual([
      ['C1-1', 0.5],
      ['C2-1', 0.5],
    ]);
    expect(east.outside).toBe(0);
  });

  it('counts a road along a shared edge once, and the part outside the plan as outside', () => {
    const plan = cellPlan([120, 120.01, 120.02], [30, 30.01]);
    const [along] = roadsToGrids(plan, [
      road([
        [120.01, 30.002],
        [120.01, 30.012],
      ]),
    ]);
    expect(along.shares).toHaveLength(1);
    expect(along.shares[0].length + along.outside).toBeCloseTo(along.length, 6);
    expect(along.outside / along.length).toBeCloseTo(0.2, 6);
  });

  it('refuses what is not a line, naming the road', () => {
    const plan = cellPlan([120, 120.01], [30, 30.01]);
    const point = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [120, 30] } };
    expect(() => roadsToGrids(plan, [point as Feature])).toThrow(
      expect.objectContaining({ code: ErrorCode.UNSUPPORTED_GEOMETRY, featureIndex: 0 }),
    );
    expect(() =>
      roadsToGrids(plan, [
        road([
          [120, 30],
          [Number.NaN, 30],
        ]),
      ]),
    ).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_COORDINATE }));
  });

  it('lengths add up to the road length and match an independent box clipper (property)', () => {
    // Cuts on a 0.0005° lattice, so no cell is degenerate; the road's vertices are anywhere.
    const cuts = (n: number) =>
      fc
        .uniqueArray(fc.integer({ min: 1, max: 39 }), { minLength: n, maxLength: n })
        .map((v) => [0, ...v.sort((a, b) => a - b).map((k) => k * 0.0005), 0.02]);
    // Vertices on a 1e-6° lattice shifted by a third, so never on a cut: a run along a grid edge is one
    // grid's by the point rule but both boxes' for the clipper.
    const coordinate = fc.integer({ min: -5000, max: 25000 }).map((k) => (k + 1 / 3) * 1e-6);
    const position = fc.tuple(coordinate, coordinate);
    fc.assert(
      fc.property(cuts(3), cuts(2), fc.array(position, { minLength: 2, maxLength: 6 }), (xs, ys, line) => {
        const plan = cellPlan(
          xs.map((x) => 120 + x),
          ys.map((y) => 30 + y),
        );
        const coordinates = line.map(([x, y]) => [120 + x, 30 + y]);
        const [result] = roadsToGrids(plan, [road(coordinates)]);
        const sum = result.shares.reduce((s, r) => s + r.length, result.outside);
        expect(Math.abs(sum - result.length)).toBeLessThanOrEqual(1e-9 * Math.max(1, result.length));
        for (const leaf of plan.leaves()) {
          const [[x0, y0], , [x1, y1]] = leaf.geometry.coordinates[0] as number[][];
          let expected = 0;
          for (let k = 1; k < coordinates.length; k++) {
            expected +=
              insideBox(coordinates[k - 1], coordinates[k], [x0, y0, x1, y1]) *
              geodesicDistance(coordinates[k - 1], coordinates[k]);
          }
          const got =
            result.shares.find((s) => s.gridId === plan.idOfCode(leaf.properties.code))?.length ?? 0;
          expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, result.length));
        }
      }),
      { numRuns: 200, seed: 15 },
    );
  });
});
