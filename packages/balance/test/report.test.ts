import { type PointTable, pointTable } from '@wangge/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadReport, measureUnits, pointsToTable, visitsToMonthly, type WorkloadModel } from '../src';
import { latticePlan } from './lattice';

const D = 0.001;
/** A 4 × 2 lattice in two strips: A1 = columns 0–1, A2 = columns 2–3. */
const { plan, units } = latticePlan(4, 2, 2, [1, 1, 1, 1, 1, 1, 1, 1]);

/** Points at fractions of cells: `[col + fx, row + fy]` in lattice units, with flags. */
function table(points: Array<[number, number, number]>, residents = 2): PointTable {
  return pointTable(Float64Array.from(points.flatMap(([c, r]) => [120 + c * D, 30 + r * D])), {
    flags: Uint8Array.from(points.map(([, , f]) => f)),
    residents: Uint8Array.from(points.map(() => residents)),
  });
}

const MODEL: WorkloadModel = {
  categories: {
    household: { visits: 'yearly' },
    elderly: { flag: 1, visits: 'monthly' },
    rental: { flag: 4, visits: 'monthly' },
    keyUnit: { table: 'keyUnits', visits: 'weekly' },
  },
  targets: { 3: { min: 1, max: 2 } },
};

describe('loadReport', () => {
  const households = table([
    [0.5, 0.5, 0],
    [1.5, 0.5, 1],
    [1.5, 1.5, 5],
    [2.5, 0.5, 4],
    [9.5, 0.5, 0], // outside the plan
  ]);
  const keyUnits = table([[3.5, 1.5, 0]], 0);
  const report = loadReport(plan, { households, keyUnits }, MODEL);
  const grid = (code: string) => report.grids.find((g) => g.code === code)!;

  it('counts categories, combines a household in two categories by its heaviest visit, and rolls up', () => {
    expect(grid('A1').counts).toEqual({ household: 3, elderly: 2, rental: 1, keyUnit: 0 });
    expect(grid('A1').load).toBeCloseTo(1 / 12 + 1 + 1, 12);
    expect(grid('A2').counts).toEqual({ household: 1, elderly: 0, rental: 1, keyUnit: 1 });
    expect(grid('A2').load).toBeCloseTo(1 + 52 / 12, 12);
    expect(grid('A').load).toBeCloseTo(grid('A1').load + grid('A2').load, 12);
    expect(grid('S').households).toBe(4);
    expect(grid('S').residents).toBe(8);
  });

  it('adds the categories up with combine: sum', () => {
    const sum = loadReport(plan, { households, keyUnits }, { ...MODEL, combine: 'sum' });
    expect(sum.grids.find((g) => g.code === 'A1')!.load).toBeCloseTo(3 / 12 + 2 + 1, 12);
  });

  it('states status and deviation against the target, and evenness per level', () => {
    expect(grid('A1')).toMatchObject({ status: 'over', target: { min: 1, max: 2 } });
    expect(grid('A1').deviation).toBeCloseTo(grid('A1').load / 1.5 - 1, 12);
    expect(grid('A2').status).toBe('over');
    expect(grid('S').status).toBe('untargeted');
    const level3 = report.levels.find((l) => l.level === 3)!;
    expect(level3).toMatchObject({ count: 2, over: 2, under: 0 });
    expect(level3.maxMinRatio).toBeCloseTo(grid('A2').load / grid('A1').load, 12);
  });

  it('reports entities outside every grid instead of dropping them', () => {
    expect(report.unassigned).toEqual({ households: 1, keyUnits: 0 });
    expect(report.findings.filter((f) => f.kind === 'unassigned-entities')).toHaveLength(1);
    expect(report.findings.filter((f) => f.kind === 'over-target').map((f) => f.grids[0])).toEqual([
      'A1',
      'A2',
    ]);
  });

  it('checks staffing: a responsible person and a backup per leaf grid, caseload, workers per 10,000', () => {
    const staffed = loadReport(
      plan,
      { households, keyUnits },
      {
        ...MODEL,
        staff: [
          { grid: 'A1', role: 'worker', name: '王' },
          { grid: 'A1', role: 'backup' },
          { grid: 'A2', role: 'head' },
        ],
        minWorkersPer10k: 5000,
      },
    );
    const a1 = staffed.grids.find((g) => g.code === 'A1')!.staffing!;
    expect(a1).toMatchObject({ workers: 1, backups: 1, hasResponsible: true, hasBackup: true });
    expect(a1.loadPerWorker).toBeCloseTo(staffed.grids.find((g) => g.code === 'A1')!.load, 12);
    expect(a1.workersPer10k).toBeCloseTo((1 / 6) * 10_000, 9);
    const a2 = staffed.grids.find((g) => g.code === 'A2')!.staffing!;
    expect(a2).toMatchObject({ hasResponsible: true, hasBackup: false, loadPerWorker: null });
    const kinds = staffed.findings.map((f) => `${f.kind}:${f.grids[0] ?? null}`);
    expect(kinds).toContain('no-backup:A2');
    expect(kinds).toContain('few-workers:A');
    expect(kinds).not.toContain('no-responsible:A2');
  });

  it('agrees with counting by lattice cell on random points', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -1, max: 5, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true })),
          {
            maxLength: 40,
          },
        ),
        (points) => {
          const t = table(points.map(([c, r]) => [c, r, 0]));
          const r = loadReport(plan, { households: t }, { categories: { household: { weight: 1 } } });
          const expected = { A1: 0, A2: 0, out: 0 };
          for (const [c, row] of points) {
            // Grid boundaries follow the nudged-east rule of @wangge/index: x on a line belongs east of it.
            const x = 120 + c * D;
            const y = 30 + row * D;
            const inside = x >= 120 && x < 120 + 4 * D && y >= 30 && y < 30 + 2 * D;
            if (!inside) expected.out++;
            else if (x < 120 + 2 * D) expected.A1++;
            else expected.A2++;
          }
          expect(r.grids.find((g) => g.code === 'A1')!.households).toBe(expected.A1);
          expect(r.grids.find((g) => g.code === 'A2')!.households).toBe(expected.A2);
          expect(r.unassigned.households).toBe(expected.out);
        },
      ),
    );
  });

  it('throws for a missing table, an unknown staff grid and a bad position', () => {
    expect(() => loadReport(plan, { households }, MODEL)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() =>
      loadReport(plan, { households, keyUnits }, { ...MODEL, staff: [{ grid: 'Z1', role: 'worker' }] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CODE', featureIndex: 0 }));
    const bad = pointTable(Float64Array.from([Number.NaN, 30]));
    expect(() => loadReport(plan, { households: bad, keyUnits }, MODEL)).toThrow(
      expect.objectContaining({ code: 'INVALID_COORDINATE', featureIndex: 0 }),
    );
  });
});

describe('measureUnits', () => {
  it('puts every entity in its unit with the same counts loadReport gives the grids', () => {
    const t = table([
      [0.5, 0.5, 1],
      [0.25, 0.75, 0],
      [3.5, 1.5, 4],
    ]);
    const measured = measureUnits(
      units,
      { households: t },
      {
        categories: {
          household: { visits: 'yearly' },
          elderly: { flag: 1, visits: 'monthly' },
          rental: { flag: 4, visits: 'monthly' },
        },
      },
    );
    expect(measured[0].properties).toMatchObject({
      households: 2,
      counts: { household: 2, elderly: 1, rental: 0 },
    });
    expect(measured[0].properties.load).toBeCloseTo(1 + 1 / 12, 12);
    expect(measured[7].properties).toMatchObject({ households: 1, load: 1 });
    expect(measured[3].properties).toMatchObject({ households: 0, load: 0 });
    expect(measured[0].properties.grid).toBe('A1');
  });
});

describe('the workload model', () => {
  it('turns visit frequencies into visits per month', () => {
    expect(visitsToMonthly('weekly')).toBeCloseTo(52 / 12, 12);
    expect(visitsToMonthly('monthly')).toBe(1);
    expect(visitsToMonthly('quarterly')).toBeCloseTo(1 / 3, 12);
    expect(visitsToMonthly('yearly')).toBeCloseTo(1 / 12, 12);
    expect(visitsToMonthly(2)).toBe(2);
    expect(() => visitsToMonthly('daily' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('rejects a model with a contradictory or broken rule, naming it', () => {
    const t = { households: table([[0.5, 0.5, 0]]) };
    const bad: WorkloadModel[] = [
      { categories: {} },
      { categories: { a: { weight: 1, visits: 'monthly' } } },
      { categories: { a: {} } },
      { categories: { a: { weight: -1 } } },
      { categories: { a: { weight: 1, flag: 0 } } },
      { categories: { a: { weight: 1 } }, combine: 'mean' as never },
      { categories: { a: { weight: 1 } }, targets: { 3: { min: 5, max: 1 } } },
      { categories: { a: { weight: 1 } }, targets: { 9: { min: 1, max: 2 } } },
      { categories: { a: { weight: 1 } }, staff: [{ grid: 'A1', role: 'boss' as never }] },
    ];
    for (const model of bad)
      expect(() => loadReport(plan, t, model)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('reads GeoJSON points into a table, rejecting a non-point', () => {
    const t = pointsToTable(
      [
        {
          type: 'Feature',
          properties: { kind: 'school' },
          geometry: { type: 'Point', coordinates: [120.0005, 30.0005] },
        },
      ],
      {
        flags: (p) => (p.kind === 'school' ? 2 : 0),
      },
    );
    expect(Array.from(t.xy)).toEqual([120.0005, 30.0005]);
    expect(Array.from(t.columns.flags as Uint32Array)).toEqual([2]);
    expect(() =>
      pointsToTable([
        { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [] } } as never,
      ]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_GEOJSON', featureIndex: 0 }));
    for (const bad of [null, undefined, 3, 'points', {}]) {
      expect(() => pointsToTable(bad as never)).toThrow(expect.objectContaining({ code: 'INVALID_GEOJSON' }));
    }
  });
});
