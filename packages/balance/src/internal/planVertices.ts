import type { GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { snapCoordinate } from '@wangge/geometry';
import type { Position } from 'geojson';

/** The kernel's grid step in degrees (`@wangge/geometry` snaps to it). */
const STEP = snapCoordinate(1e-9);

/**
 * A mapping that puts unit vertices on the plan's own vertices: a unit vertex within one step of the
 * kernel's 1e-9° grid of a vertex of a leaf grid becomes that vertex (the nearest). A plan made by
 * `balancedPartition` holds the kernel's snapped union of its units, so its vertices are the units'
 * vertices snapped; with the units mapped this way, a grid rebuilt from units shares every vertex with
 * the grids left as they were, and no sliver opens between them. Vertices inside grids, and units of a
 * plan whose vertices already are theirs, stay exactly as given.
 */
export function onPlanVertices(grids: readonly GridGeometry[]): (g: GridGeometry) => GridGeometry {
  const cells = new Map<number, Map<number, Position>>();
  for (const g of grids) {
    for (const rings of polygonsOf(g)) {
      for (const ring of rings) {
        for (const p of ring) {
          const kx = Math.round(p[0] / STEP);
          let row = cells.get(kx);
          if (row === undefined) cells.set(kx, (row = new Map()));
          const ky = Math.round(p[1] / STEP);
          if (!row.has(ky)) row.set(ky, p);
        }
      }
    }
  }
  const near = (p: Position): Position => {
    const kx = Math.round(p[0] / STEP);
    const ky = Math.round(p[1] / STEP);
    const exact = cells.get(kx)?.get(ky);
    if (exact !== undefined && exact[0] === p[0] && exact[1] === p[1]) return p;
    let best = exact;
    let bestD = exact === undefined ? Number.POSITIVE_INFINITY : distance(exact, p);
    for (let dx = -1; dx <= 1; dx++) {
      const row = cells.get(kx + dx);
      if (row === undefined) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const v = row.get(ky + dy);
        if (v === undefined) continue;
        const d = distance(v, p);
        if (d < bestD) [best, bestD] = [v, d];
      }
    }
    return best !== undefined && bestD <= 1.5 * STEP ? [best[0], best[1]] : p;
  };
  const ring = (r: Position[]) => r.map(near);
  return (g) =>
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
}

/** Chebyshev distance of two positions. */
function distance(a: Position, b: Position): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]));
}
