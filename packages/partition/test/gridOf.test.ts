import { createRandom } from '@wangge/example-city';
import { PolygonIndex } from '@wangge/index';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { balancedPartition } from '../src';

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
});
