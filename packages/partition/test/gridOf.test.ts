import { createRandom } from '@wangge/example-city';
import { PolygonIndex } from '@wangge/index';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { balancedPartition, partitionHierarchy } from '../src';

// A square district on the kernel's grid and 200 households of load 1 scattered in it.
const side = 2 ** -7;
const boundary: Feature<Polygon> = {
  type: 'Feature',
  properties: { code: 'R' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [120, 30],
        [120 + side, 30],
        [120 + side, 30 + side],
        [120, 30 + side],
        [120, 30],
      ],
    ],
  },
};
const random = createRandom(5);
const scattered = Array.from({ length: 400 }, (_, k) => (k % 2 === 0 ? 120 : 30) + random.next() * side);

describe("balancedPartition's gridOf follows the one point rule", () => {
  it('a household at a vertex two grids share on the outer boundary goes where PolygonIndex puts it (the lowest atom id decided)', () => {
    const first = balancedPartition(boundary, { households: Float64Array.from(scattered), count: 3 });
    // Households of no load on every vertex of those grids: the same grids come out, with households
    // exactly on their edges and vertices, the outer boundary's shared vertices among them.
    const vertices = first.grids.features.flatMap((g) => (g.geometry as Polygon).coordinates.flat(2));
    const xy = Float64Array.from([...scattered, ...vertices]);
    const loads = Float64Array.from({ length: xy.length / 2 }, (_, i) => (i < 200 ? 1 : 0));
    const result = balancedPartition(boundary, { households: xy, householdLoads: loads, count: 3 });
    expect(result.grids.features.map((g) => g.geometry)).toEqual(first.grids.features.map((g) => g.geometry));
    const owner = PolygonIndex.from(result.grids.features).locateMany(xy);
    expect(Array.from(result.gridOf)).toEqual(Array.from(owner));
    // The grids' loads are those of the households gridOf gives them.
    const load = result.grids.features.map(() => 0);
    result.gridOf.forEach((g, i) => {
      load[g] += loads[i];
    });
    expect(result.grids.features.map((g) => g.properties.load)).toEqual(load);
  });

  it("partitionHierarchy keeps a household on a fixed parent's slanted edge: it goes to the grid holding it (it was outside-boundary)", () => {
    // Two fixed grids split the district along its diagonal; households on the diagonal and scattered.
    const [x0, y0, x1, y1] = [120, 30, 120 + side, 30 + side];
    const triangle = (ring: number[][], code: string): Feature<Polygon> => ({
      type: 'Feature',
      properties: { code, parent: 'R' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    const fixed = [
      triangle(
        [
          [x0, y0],
          [x1, y0],
          [x0, y1],
          [x0, y0],
        ],
        'S',
      ),
      triangle(
        [
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x1, y0],
        ],
        'N',
      ),
    ];
    const onDiagonal = [1, 2, 3, 5, 6, 7].flatMap((k) => [x0 + (k / 8) * side, y1 - (k / 8) * side]);
    const xy = Float64Array.from([...onDiagonal, ...scattered]);
    const plan = partitionHierarchy(boundary, {
      levels: [
        { kind: 'fixed', grids: fixed },
        { kind: 'balanced', count: 3 },
      ],
      households: xy,
    });
    expect(plan.findings.filter((f) => f.kind === 'outside-boundary')).toEqual([]);
    const leaves = plan.grids.features.filter((g) => g.properties.level === 3);
    const owner = PolygonIndex.from(leaves).locateMany(xy);
    expect(owner.every((g) => g >= 0)).toBe(true);
    expect(leaves.map((g) => g.properties.load)).toEqual(
      leaves.map((_, k) => owner.filter((g) => g === k).length),
    );
  });
});
