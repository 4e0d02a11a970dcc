import type { Position } from 'geojson';
import { ErrorCode, WanggeError } from './errors';
import { polygonsOf } from './measure';
import type { GridGeometry } from './model';
import { ringSignedArea, ringsToPolygons } from './rings';

/**
 * The exact union of tiles whose shared edges coincide vertex for vertex (no T-junctions), such as the grids
 * of a plan built from shared-vertex units. Every directed edge whose reverse is also present cancels; what is
 * left is chained into rings, so the result's edges are the tiles' own edges, bit for bit. Where the result
 * touches itself at a vertex, its rings are split there, so every ring is simple. Input rings must be normalised
 * (exteriors counter-clockwise, holes clockwise, as {@link normalizeGeometry} leaves them).
 * Returns a Polygon when one part remains, else a MultiPolygon; throws `EMPTY_INPUT` when nothing remains.
 */
export function dissolveTiles(tiles: readonly GridGeometry[]): GridGeometry {
  if (!Array.isArray(tiles)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      'dissolveTiles: expected an array of Polygon or MultiPolygon geometries',
    );
  }
  const edges = new Map<string, [Position, Position]>();
  for (const tile of tiles) {
    for (const rings of polygonsOf(tile)) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const reverse = `${key(ring[i + 1])}>${key(ring[i])}`;
          if (edges.has(reverse)) edges.delete(reverse);
          else edges.set(`${key(ring[i])}>${key(ring[i + 1])}`, [ring[i], ring[i + 1]]);
        }
      }
    }
  }
  const outgoing = new Map<string, Array<[Position, Position]>>();
  for (const edge of edges.values()) {
    const from = key(edge[0]);
    const list = outgoing.get(from);
    if (list === undefined) outgoing.set(from, [edge]);
    else list.push(edge);
  }
  const rings = chainRings(outgoing);
  const exteriors = rings.filter((r) => ringSignedArea(r) > 0).sort(byFirstVertex);
  const holes = rings.filter((r) => ringSignedArea(r) < 0).sort(byFirstVertex);
  if (exteriors.length === 0) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'the tiles dissolve to nothing');
  const polygons = ringsToPolygons(exteriors, holes);
  if (polygons === undefined)
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'a hole of the union lies in no exterior');
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

function key(p: Position): string {
  return `${p[0]},${p[1]}`;
}

function byFirstVertex(a: Position[], b: Position[]): number {
  return a[0][0] - b[0][0] || a[0][1] - b[0][1];
}

/** Chains directed edges into closed rings, then splits each ring where it touches itself, so every ring is simple. */
function chainRings(outgoing: Map<string, Array<[Position, Position]>>): Position[][] {
  const rings: Position[][] = [];
  for (const start of [...outgoing.keys()].sort()) {
    while ((outgoing.get(start)?.length ?? 0) > 0) {
      let edge = outgoing.get(start)!.pop()!;
      const ring: Position[] = [edge[0]];
      while (key(edge[1]) !== start) {
        ring.push(edge[1]);
        const next = outgoing.get(key(edge[1]))?.pop();
        if (next === undefined) {
          throw new WanggeError(
            ErrorCode.INVALID_GEOJSON,
            `the tiles' boundary is open at ${key(edge[1])}: edges do not match`,
          );
        }
        edge = next;
      }
      ring.push(edge[1]);
      rings.push(...splitAtRepeats(ring));
    }
  }
  return rings;
}

/**
 * Splits a closed ring that passes a vertex more than once (the union touches itself there) into simple
 * closed rings: each loop between two visits of a vertex becomes a ring of its own.
 */
function splitAtRepeats(ring: Position[]): Position[][] {
  const loops: Position[][] = [];
  const path: Position[] = [];
  const at = new Map<string, number>();
  for (const p of ring) {
    const k = key(p);
    const seen = at.get(k);
    if (seen !== undefined) {
      const loop = path.splice(seen + 1);
      for (const q of loop) at.delete(key(q));
      loops.push([path[seen], ...loop, p]);
    } else {
      at.set(k, path.length);
      path.push(p);
    }
  }
  return loops;
}
