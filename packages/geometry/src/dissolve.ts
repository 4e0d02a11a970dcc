import { ErrorCode, type GridGeometry, WanggeError } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import type { Position } from 'geojson';
import { EdgeTable, VertexTable } from './internal/hash';
import { polygonsToGeometry } from './internal/output';
import { residualEdges, ringOrientation, ringsToPolygons, traceRings } from './internal/rings';

/**
 * The exact union of tiles whose shared edges coincide vertex for vertex (no T-junctions), such as the
 * grids of a plan built from shared-vertex units: every directed edge whose reverse is also present
 * cancels and what is left is traced into rings by exact angular order. The result's edges are the tiles'
 * own edges, bit for bit, and where the result touches itself at a vertex its rings are split there, so
 * every ring is simple. Ring orientation of the input does not matter (exteriors are read as
 * counter-clockwise, holes as clockwise). Output follows RFC 7946 and a canonical order (each ring starts
 * at its lowest-leftmost vertex, polygons and holes sorted by that vertex). Returns a Polygon when one part
 * remains, else a MultiPolygon; throws `EMPTY_INPUT` when nothing remains. For tiles that do not share
 * vertices exactly, use `union`.
 */
export function dissolve(tiles: readonly GridGeometry[]): GridGeometry {
  if (!Array.isArray(tiles)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      'dissolve: expected an array of Polygon or MultiPolygon geometries',
    );
  }
  const vertices = new VertexTable(1024);
  const edges = new EdgeTable(1024);
  const ids: number[] = [];
  tiles.forEach((tile, t) => {
    for (const rings of polygonsOf(tile)) {
      rings.forEach((ring, r) => {
        ids.length = 0;
        for (const p of ring) {
          const id = vertices.idOf(p[0] === 0 ? 0 : p[0], p[1] === 0 ? 0 : p[1]);
          if (ids.length === 0 || ids[ids.length - 1] !== id) ids.push(id);
        }
        if (ids[0] !== ids[ids.length - 1]) ids.push(ids[0]);
        if (ids.length < 4) return;
        const o = ringOrientation(ids, vertices.xy);
        // Exteriors run counter-clockwise, holes clockwise; a degenerate ring adds nothing.
        if (o === 0) return;
        const forward = o > 0 === (r === 0);
        for (let i = 0; i + 1 < ids.length; i++) {
          if (forward) edges.add(ids[i], ids[i + 1], t);
          else edges.add(ids[i + 1], ids[i], t);
        }
      });
    }
  });
  const residual = residualEdges(edges);
  const rings = traceRings(residual, vertices.xy, vertices.size);
  const { polygons } = ringsToPolygons(rings, vertices.xy);
  if (polygons.length === 0) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'the tiles dissolve to nothing');
  const xy = vertices.xy;
  const point = (v: number): Position => [xy[2 * v], xy[2 * v + 1]];
  return polygonsToGeometry(polygons, xy, point)!;
}
