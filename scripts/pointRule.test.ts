/**
 * The one point rule across packages (issue 10): on random plans whose grids share edges and vertices,
 * with households exactly on those edges and vertices, every package that decides which grid holds a
 * household gives the same answer as `PolygonIndex` (`@wangge/index`): assign's grid, balance's
 * `loadReport` counts, coverage's household counts in gaps and overlaps, and partition's `gridOf`.
 *
 * The plans are cut from a random lattice (some cells split by a diagonal) on multiples of 2^-9 degree,
 * so every vertex is exact on the kernel's 1e-9° grid and the points on edges (midpoints and quarter
 * points, multiples of 2^-11) are exactly on them. Lives here because it needs every package at once.
 */
import { assign } from '@wangge/assign';
import { loadReport } from '@wangge/balance';
import { type GridFeature, type GridGeometry, GridPlan, pointTable } from '@wangge/core';
import { validateCoverage } from '@wangge/coverage';
import { createRandom } from '@wangge/example-city';
import { dissolve, isInPolygon, pointToPolygonLocation } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import { balancedPartition, partitionHierarchy } from '@wangge/partition';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { planArb, randomPlan, UNIT } from './randomPlan';

/**
 * The agreement itself, on a plan of a root and its children: `PolygonIndex` over the children is the
 * reference; assign, loadReport and coverage must say the same for every point. Returns the reference.
 */
function expectAgreement(root: GridFeature, children: GridFeature[], xy: Float64Array): Int32Array {
  const n = xy.length / 2;
  const table = pointTable(xy);
  const owner = PolygonIndex.from(children).locateMany(xy);
  const inRoot = PolygonIndex.from([root]).locateMany(xy);
  const plan = GridPlan.from([root, ...children]);
  const childIds = children.map((c) => plan.idOfCode(c.properties.code));

  // assign: the same leaf for every point, and the same reason for the points left out.
  const placed = assign(plan, table);
  const reason = new Map(placed.unassigned.map((u) => [u.index, u.reason]));
  for (let i = 0; i < n; i++) {
    expect(placed.gridIds[i]).toBe(owner[i] < 0 ? -1 : childIds[owner[i]]);
    if (owner[i] < 0) expect(reason.get(i)).toBe(inRoot[i] >= 0 ? 'in-gap' : 'outside-root');
  }

  // loadReport: every child counts exactly the points the index gives it; the rest are unassigned.
  const report = loadReport(plan, { households: table }, { categories: { households: { weight: 1 } } });
  const counts = new Float64Array(children.length);
  for (const g of owner) if (g >= 0) counts[g]++;
  childIds.forEach((id, k) => {
    expect(report.grids[id].households).toBe(counts[k]);
  });
  expect(report.unassigned.households ?? 0).toBe(owner.filter((g) => g < 0).length);

  // coverage: a gap holds the points no child owns inside the root (assign's `in-gap`), an overlap the
  // points inside two children or more (each child's own point rule, as for a geometry).
  const coverage = validateCoverage(children, { parent: root, households: table });
  const sum = (kinds: string[]) =>
    coverage.defects.filter((d) => kinds.includes(d.kind)).reduce((s, d) => s + (d.households ?? 0), 0);
  let inGap = 0;
  let twice = 0;
  for (let i = 0; i < n; i++) {
    if (owner[i] < 0 && inRoot[i] >= 0) inGap++;
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    let holders = 0;
    for (const c of children) {
      const polygons = c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates;
      if (polygons.some((p) => isInPolygon(p, x, y))) holders++;
    }
    if (holders > 1) twice++;
  }
  expect(sum(['gap', 'inlet', 'sliver', 'uncovered-parent'])).toBe(inGap);
  expect(sum(['overlap'])).toBe(twice);
  expect(sum(['outside-parent'])).toBe(0);
  return owner;
}

/** How many points lie exactly on a child's boundary: the cases the agreement is about. */
function onBoundary(children: GridFeature[], xy: Float64Array): number {
  let count = 0;
  for (let i = 0; i < xy.length / 2; i++) {
    const on = children.some((c) =>
      (c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates).some(
        (p) => pointToPolygonLocation(p, xy[2 * i], xy[2 * i + 1]) === 'boundary',
      ),
    );
    if (on) count++;
  }
  return count;
}

describe('the one point rule: every package places every household like PolygonIndex (fast-check)', () => {
  it('assign, loadReport and coverage agree on random plans, points on shared edges and vertices included', () => {
    let boundaryPoints = 0;
    fc.assert(
      fc.property(planArb, (args) => {
        const { root, children, xy } = randomPlan(args);
        expectAgreement(root, children, xy);
        boundaryPoints += onBoundary(children, xy);
      }),
      { numRuns: 60 },
    );
    expect(boundaryPoints).toBeGreaterThan(1000);
  });

  it("partition's gridOf agrees too, for households on its grids' own edges and vertices", () => {
    let boundaryPoints = 0;
    fc.assert(
      fc.property(planArb, fc.integer({ min: 2, max: 4 }), (args, count) => {
        const { root, xy } = randomPlan({ ...args, defect: 'none' });
        const random = createRandom(args.seed ^ 0x2545f491);
        const loads = Float64Array.from({ length: xy.length / 2 }, () => 1 + random.int(3));
        const first = balancedPartition(root, { households: xy, householdLoads: loads, count });
        // Households of no load on every vertex of the grids just cut (and on the midpoints of their
        // axis-parallel edges): they change no load, so the grids come out the same, with households
        // exactly on their edges and vertices.
        const extra: number[] = [];
        for (const g of first.grids.features) {
          const polygons = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
          for (const ring of polygons.flat()) {
            for (let k = 0; k + 1 < ring.length; k++) {
              const [a, b] = [ring[k], ring[k + 1]];
              extra.push(a[0], a[1]);
              if (a[0] === b[0] || a[1] === b[1]) extra.push((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
            }
          }
        }
        const all = Float64Array.from([...xy, ...extra]);
        const allLoads = Float64Array.from([...loads, ...extra.filter((_, k) => k % 2 === 0).map(() => 0)]);
        const second = balancedPartition(root, { households: all, householdLoads: allLoads, count });
        const grids = second.grids.features;
        const owner = expectAgreement(root, grids, all);
        expect(Array.from(second.gridOf)).toEqual(Array.from(owner));
        boundaryPoints += onBoundary(grids, all);
      }),
      { numRuns: 25 },
    );
    expect(boundaryPoints).toBeGreaterThan(500);
  });

  it('partitionHierarchy hands households down the same way: balanced grids under fixed ones carry what the index gives them', () => {
    fc.assert(
      fc.property(planArb, (args) => {
        const { root, children, xy } = randomPlan({ ...args, defect: 'none' });
        const plan = partitionHierarchy(root, {
          levels: [
            { kind: 'fixed', grids: children },
            { kind: 'balanced', count: 2 },
          ],
          households: xy,
        });
        const leaves = plan.grids.features.filter((g) => g.properties.level === 3);
        const owner = PolygonIndex.from(leaves).locateMany(xy);
        const load = leaves.map((_, k) => owner.filter((g) => g === k).length);
        expect(leaves.map((g) => g.properties.load)).toEqual(load);
        const placed = assign(GridPlan.from(plan.grids), pointTable(xy));
        const leafIds = leaves.map((g) => GridPlan.from(plan.grids).idOfCode(g.properties.code));
        owner.forEach((g, i) => {
          expect(placed.gridIds[i]).toBe(g < 0 ? -1 : leafIds[g]);
        });
      }),
      { numRuns: 25 },
    );
  });
});
