import type { GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { generateCity } from '@wangge/example-city';
import { dissolve, snapCoordinate } from '@wangge/geometry';
import type { Feature, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { balancedPartition } from '../src';

/** Rings as strings, each rotated to start at its least vertex, sorted: equal for equal outlines. */
function outline(geometry: GridGeometry): string[] {
  const out: string[] = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      const open = ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`);
      let start = 0;
      open.forEach((key, i) => {
        if (key < open[start]) start = i;
      });
      out.push([...open.slice(start), ...open.slice(0, start)].join(' '));
    }
  }
  return out.sort();
}

/** A geometry with every coordinate on the kernel's grid. */
function onGrid(geometry: GridGeometry): GridGeometry {
  const polygons = polygonsOf(geometry).map((polygon) =>
    polygon.map((ring) => ring.map(([x, y]) => [snapCoordinate(x), snapCoordinate(y)])),
  );
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

const city = generateCity({ seed: 2, households: 6000 });

describe('one precision: the kernel grid (1e-9°)', () => {
  it('regression (issue 17, 0.001 m² slivers after rebalance): a grid on tiling units is exactly the kernel union of its units', () => {
    // The units given with digits below the kernel's grid, as a computed cut vertex has (the same position
    // in every unit that shares it): partition snaps them, so a grid is the kernel's dissolve of its units
    // snapped to the grid, vertex for vertex (dissolve keeps its input's digits: whoever rebuilds a grid
    // from units snaps them first, or the rebuilt grid and its untouched neighbour differ by slivers).
    const noise = (a: number, b: number) => (Math.round(a * 1e7 + b * 3e7) % 5) * 1e-11;
    const noisy = city.compounds.map((u) => ({
      ...u,
      geometry: {
        ...u.geometry,
        coordinates: (u.geometry.coordinates as Position[][]).map((ring) =>
          ring.map(([x, y]) => [x + noise(x, y), y - noise(y, x)]),
        ),
      },
    })) as Feature[];
    const r = balancedPartition(city.district, { units: noisy, range: { min: 250, max: 400 } });
    expect(r.grids.features.length).toBeGreaterThan(10);
    r.grids.features.forEach((g, i) => {
      const own = noisy.filter((_, k) => r.gridOf[k] === i).map((u) => onGrid(u.geometry as GridGeometry));
      expect(outline(g.geometry)).toEqual(outline(dissolve(own)));
      for (const polygon of polygonsOf(g.geometry)) {
        for (const ring of polygon) {
          for (const [x, y] of ring) expect([snapCoordinate(x), snapCoordinate(y)]).toEqual([x, y]);
        }
      }
    });
  });

  it('units that cover the boundary but miss it edge for edge are reported (units-not-tiling), not silently put on a lattice', () => {
    const plain = balancedPartition(city.district, { units: city.compounds, range: { min: 250, max: 400 } });
    expect(plain.findings.map((f) => f.kind)).not.toContain('units-not-tiling');
    // One vertex of one compound moved by 1e-7° (about 1 cm): its neighbours no longer share it.
    const moved = city.compounds.map((u, i) => {
      if (i !== 5) return u;
      const ring = (u.geometry.coordinates as Position[][])[0].map((p) => [...p]);
      ring[1] = [ring[1][0] + 1e-7, ring[1][1]];
      return { ...u, geometry: { ...u.geometry, coordinates: [ring] } };
    }) as Feature[];
    const r = balancedPartition(city.district, { units: moved, range: { min: 250, max: 400 } });
    const found = r.findings.filter((f) => f.kind === 'units-not-tiling');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
  });
});
