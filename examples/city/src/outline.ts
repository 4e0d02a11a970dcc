import { type GridGeometry, localProjection } from '@wangge/core';
import { dissolve, snapCoordinate } from '@wangge/geometry';
import type { Position } from 'geojson';
import type { Mesh } from './mesh';
import type { ToLonLat } from './types';

/** The mesh in lon/lat: any planar point, each mesh vertex (computed once), and unions of cells. */
export interface LonLatMesh {
  /** A planar point in metres to `[lon, lat]` on the kernel's 1e-9° grid. */
  toLonLat: ToLonLat;
  /** Mesh vertex `v` in lon/lat, the same array every time it is asked for. */
  vertex(v: number): Position;
  /** Cell `c` as a closed lon/lat ring, counter-clockwise. */
  cellRing(c: number): Position[];
  /**
   * The outline of a set of cells: `@wangge/geometry`'s `dissolve` of their polygons (shared edges
   * cancel exactly, so neighbouring outlines share their boundary vertex for vertex).
   */
  outline(cells: Iterable<number>): GridGeometry;
}

/**
 * The mesh around `center`, projected to lon/lat once per vertex. Every coordinate is snapped to the
 * kernel's grid (`snapCoordinate`, 1e-9°, about 0.1 mm), as boundary data with 9 decimals is: the grids
 * partition cuts from the city then share its own coordinates bit for bit.
 */
export function lonLatMesh(mesh: Mesh, center: [number, number]): LonLatMesh {
  const local = localProjection(center);
  const toLonLat: ToLonLat = (p) => {
    const [lon, lat] = local.inverse([p[0], p[1]]);
    return [snapCoordinate(lon), snapCoordinate(lat)];
  };
  const cache = new Map<number, Position>();
  const vertex = (v: number): Position => {
    let p = cache.get(v);
    if (p === undefined) {
      p = toLonLat([mesh.vertices[2 * v], mesh.vertices[2 * v + 1]]);
      cache.set(v, p);
    }
    return p;
  };
  const cellRing = (c: number): Position[] => [...mesh.cells[c], mesh.cells[c][0]].map(vertex);
  const outline = (cells: Iterable<number>): GridGeometry =>
    dissolve([...cells].map((c) => ({ type: 'Polygon', coordinates: [cellRing(c)] })));
  return { toLonLat, vertex, cellRing, outline };
}
