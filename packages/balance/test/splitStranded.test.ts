import { geodesicArea, letterCodes, pointTable } from '@wangge/core';
import { validatePlan } from '@wangge/coverage';
import { createRandom } from '@wangge/example-city';
import { snapCoordinate } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import { balancedPartition } from '@wangge/partition';
import fc from 'fast-check';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { splitHeavyUnits } from '../src';
import { latticePlan, square } from './lattice';

const D = 0.001;
const RANGE = { min: 8, max: 16 };
const MODEL = { categories: { household: { weight: 1 } }, targets: { 3: RANGE } };

/**
 * A `cols × rows` lattice of square units (one strip), `perUnit[i]` households spread over square i,
 * in building `buildingOf(unit, household)` (column `building`).
 */
function lattice(
  cols: number,
  rows: number,
  perUnit: number[],
  seed = 7,
  buildingOf: (unit: number, household: number) => number = (_, h) => h,
) {
  const { plan, units } = latticePlan(cols, rows, 1, perUnit);
  const random = createRandom(seed);
  const xy: number[] = [];
  const building: number[] = [];
  perUnit.forEach((count, k) => {
    const [i, j] = [k % cols, Math.floor(k / cols)];
    for (let h = 0; h < count; h++) {
      xy.push(120 + (i + random.range(0.05, 0.95)) * D, 30 + (j + random.range(0.05, 0.95)) * D);
      building.push(buildingOf(k, building.length));
    }
  });
  const households = pointTable(Float64Array.from(xy), { building: Int32Array.from(building) });
  return { plan, units, entities: { households } };
}

/** The grids' loads of `balancedPartition` over the units at RANGE, and its stranded units. */
function partitionLoads(units: Feature<Polygon | MultiPolygon, { load: number }>[]) {
  const all = units.map((u) => u.geometry);
  const r = balancedPartition(
    { type: 'Feature', properties: { code: 'A', parent: null, level: 2 }, geometry: unionOf(all) },
    {
      units,
      unitLoad: (u) => (u.properties as { load: number }).load,
      range: RANGE,
      codeStyle: letterCodes(),
    },
  );
  return {
    loads: r.grids.features.map((g) => Number(g.properties.load)).sort((a, b) => a - b),
    stranded: r.findings.flatMap((f) => (f.kind === 'unit-stranded' ? [f.input!] : [])),
  };
}

function unionOf(geometries: (Polygon | MultiPolygon)[]): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: geometries.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)),
  };
}

describe('splitHeavyUnits, stranded units', () => {
  it('cuts the neighbour that strands a unit, so that its grid comes into range', () => {
    // 3 alone is below 8, and with its only neighbour (14) above 16: stranded.
    const { plan, units, entities } = lattice(3, 1, [3, 14, 10]);
    const before = partitionLoads(units);
    expect(before.stranded).toEqual([0]);
    const r = splitHeavyUnits(units, entities, MODEL, { min: 8, stranded: [0], plan });
    expect(r.findings).toMatchObject([
      { kind: 'unit-split', unit: 1, unitId: 'u1-0', stranded: 0, parts: 2, severity: 'info' },
    ]);
    const parts = r.units.filter((u) => u.properties.splitOf === 1);
    expect(parts).toHaveLength(2);
    // The part along unit 0 (the first) carries about the 12 - 3 the pair lacks to the middle of the range.
    expect(parts[0].properties.households).toBeGreaterThanOrEqual(8 - 3);
    expect(parts[0].properties.households).toBeLessThanOrEqual(16 - 3);
    expect(parts[0].properties.households + parts[1].properties.households).toBe(14);
    // The rest (14 less the part) joins unit 2 (10) in range.
    expect(validatePlan(r.plan!).errors).toBe(0);
    const after = partitionLoads(r.units);
    expect(after.stranded).toEqual([]);
    for (const load of after.loads) expect(load).toBeGreaterThanOrEqual(8);
    for (const load of after.loads) expect(load).toBeLessThanOrEqual(16);
  });

  it('takes a stranded unit with its light neighbour when no part of one neighbour is enough', () => {
    // 3 and 4 together are still below 8, and with 14 above 16: both stranded, and so is the last 4. The
    // 14 is cut (once) so that a part of about 12 - 7 joins the first two, and the rest joins the last 4.
    const { plan, units, entities } = lattice(4, 1, [3, 4, 14, 4]);
    const before = partitionLoads(units);
    expect(before.stranded).toEqual([0, 1, 3]);
    const r = splitHeavyUnits(units, entities, MODEL, { min: 8, stranded: before.stranded, plan });
    expect(r.findings).toMatchObject([
      { kind: 'unit-stranded', unit: 1, severity: 'warning' },
      { kind: 'unit-split', unit: 2, stranded: 0, parts: 2 },
      { kind: 'unit-stranded', unit: 3, severity: 'warning' },
    ]);
    expect(validatePlan(r.plan!).errors).toBe(0);
    const after = partitionLoads(r.units);
    expect(after.stranded).toEqual([]);
    for (const load of after.loads) expect(load).toBeGreaterThanOrEqual(8);
    for (const load of after.loads) expect(load).toBeLessThanOrEqual(16);
  });

  it('cuts only within the stranded unit’s group, and reports a stranded unit it found no cut for', () => {
    const { units, entities } = lattice(3, 1, [3, 14, 14]);
    const grouped = units.map((u, i) => ({
      ...u,
      properties: { ...u.properties, community: i === 0 ? 'X' : 'Y' },
    }));
    const r = splitHeavyUnits(grouped, entities, MODEL, { min: 8, stranded: [0], groupBy: 'community' });
    expect(r.findings).toMatchObject([{ kind: 'unit-stranded', unit: 0, parts: 1, severity: 'warning' }]);
    expect(r.units).toHaveLength(3);
  });

  it('never cuts through a building for a stranded unit: a neighbour that is one building is reported', () => {
    const { units, entities } = lattice(3, 1, [3, 14, 10], 7, (unit, h) => (unit === 1 ? 1000 : h));
    const r = splitHeavyUnits(units, entities, MODEL, { min: 8, stranded: [0], buildingColumn: 'building' });
    expect(r.findings).toMatchObject([{ kind: 'unit-stranded', unit: 0, parts: 1, severity: 'warning' }]);
    expect(r.units.map((u) => u.properties.households)).toEqual([3, 14, 10]);
  });

  it('cuts a unit whose halves would both fall below the minimum into one part mid-range and the rest', () => {
    // 18 above 16: halves of 9 are both below a minimum of 10; with min, a part of 13 and one of 5.
    const model = { categories: { household: { weight: 1 } }, targets: { 3: { min: 10, max: 16 } } };
    const { units, entities } = lattice(3, 1, [5, 18, 5]);
    const even = splitHeavyUnits(units, entities, model);
    const halves = even.units.filter((u) => u.properties.splitOf === 1).map((u) => u.properties.households);
    expect(halves.sort((a, b) => a - b)).toEqual([9, 9]);
    const ranged = splitHeavyUnits(units, entities, model, { min: 10 });
    const parts = ranged.units.filter((u) => u.properties.splitOf === 1).map((u) => u.properties.households);
    expect(parts.sort((a, b) => a - b)).toEqual([5, 13]);
  });

  it('keeps every part of a heavy unit in several parts (it kept only the first, losing the households of the others)', () => {
    const { units, entities } = lattice(3, 1, [10, 10, 10]);
    const two = {
      ...units[0],
      id: 'two',
      geometry: { type: 'MultiPolygon', coordinates: [square(0, 0).coordinates, square(2, 0).coordinates] },
    } as unknown as (typeof units)[number];
    const r = splitHeavyUnits([two, units[1]], entities, MODEL);
    expect(r.findings).toMatchObject([{ kind: 'unit-split', unit: 0, unitId: 'two', parts: 2 }]);
    expect(r.units.map((u) => u.properties.households)).toEqual([10, 10, 10]);
    expect(r.units.map((u) => u.id)).toEqual(['two/1', 'two/2', 'u1-0']);
  });

  it('rejects stranded without min, a stranded index out of range and a min above max', () => {
    const { units, entities } = lattice(3, 1, [3, 14, 14]);
    for (const options of [{ stranded: [0] }, { min: 8, stranded: [3] }, { min: 20 }]) {
      expect(() => splitHeavyUnits(units, entities, MODEL, options)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
  });

  it('loses no household, keeps every vertex on the kernel grid, and is deterministic (property)', () => {
    let strandCuts = 0;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 12, maxLength: 12 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 1000 }),
        (perUnit, stranded, seed) => {
          const { plan, units, entities } = lattice(4, 3, perUnit, seed);
          const options = { min: 8, stranded, plan };
          const r = splitHeavyUnits(units, entities, MODEL, options);
          if (r.findings.some((f) => f.stranded !== undefined)) strandCuts++;
          // Every household in exactly one part: located by the one point rule, counted once.
          const where = PolygonIndex.from(r.units).locateMany(entities.households.xy as Float64Array);
          const counts = new Array(r.units.length).fill(0);
          for (const w of where) {
            expect(w).toBeGreaterThanOrEqual(0);
            counts[w]++;
          }
          expect(r.units.map((u) => u.properties.households)).toEqual(counts);
          const area = (gs: { geometry: Polygon | MultiPolygon }[]) =>
            gs.reduce((s, g) => s + geodesicArea(g.geometry), 0);
          // Equal up to the snap to the kernel's 1e-9° grid.
          expect(Math.abs(area(r.units) / area(units) - 1)).toBeLessThan(1e-7);
          for (const u of r.units) {
            const rings = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
            for (const p of rings.flat(2)) expect(p).toEqual([snapCoordinate(p[0]), snapCoordinate(p[1])]);
          }
          // Every split is a finding, naming as many parts as were made.
          for (const f of r.findings.filter((f) => f.kind === 'unit-split')) {
            expect(r.units.filter((u) => u.properties.splitOf === f.unit)).toHaveLength(f.parts);
          }
          expect(validatePlan(r.plan!).errors).toBe(0);
          expect(JSON.stringify(splitHeavyUnits(units, entities, MODEL, options))).toBe(JSON.stringify(r));
        },
      ),
      { numRuns: 40, seed: 17 },
    );
    // The runs do exercise cuts made for stranded units, not only splits of heavy ones.
    expect(strandCuts).toBeGreaterThan(5);
  });
});
