import { type GridGeometry, geodesicArea, ringSignedArea } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { intersection } from '@wangge/geometry';

/** The share of a footprint's area that lies in one grid. */
export interface AreaShare {
  /** Plan grid id. */
  gridId: number;
  /** Fraction of the footprint's area in that grid, 0 to 1. */
  share: number;
}

/** A candidate grid for a footprint: its plan id and its geometry. */
export interface FootprintCandidate {
  readonly gridId: number;
  readonly geometry: GridGeometry;
}

/**
 * The per-footprint step: how the footprint's area splits over the candidate grids, measured on the
 * ellipsoid (core `geodesicArea`) after the kernel's intersection (`@wangge/geometry`). Only grids holding some
 * area are listed, largest share first, ties by grid id; the shares sum to at most 1 (the rest lies in no
 * candidate: in a gap or outside). Candidates must come in ascending grid id.
 */
export function footprintToShares(
  footprint: GridGeometry,
  candidates: readonly FootprintCandidate[],
): AreaShare[] {
  const area = geodesicArea(footprint);
  const shares: AreaShare[] = [];
  if (!(area > 0)) return shares;
  // Cut each grid down to a box around the footprint first: the overlay's cost then follows the footprint,
  // not a community outline of thousands of vertices. The box has a margin, so the seams the cut leaves
  // on the box edges lie outside the footprint and cannot add to the intersection.
  const [minX, minY, maxX, maxY] = boundsOf(footprint);
  const mx = (maxX - minX) * 0.25 + 1e-9;
  const my = (maxY - minY) * 0.25 + 1e-9;
  const box: Box = [minX - mx, minY - my, maxX + mx, maxY + my];
  const boxArea = (box[2] - box[0]) * (box[3] - box[1]);
  for (const { gridId, geometry } of candidates) {
    const near = clipToBox(geometry, box);
    if (near.length === 0) continue;
    // The grid covers the whole box, so the whole footprint: no need to intersect or measure. Candidates
    // come by ascending id, so this is also the lowest id among grids holding all of it.
    if (Math.abs(planarArea(near) - boxArea) <= 1e-9 * boxArea) return [{ gridId, share: 1 }];
    const part = intersection(footprint, { type: 'MultiPolygon', coordinates: near });
    if (part === null) continue;
    const inside = geodesicArea(part);
    if (inside > 0) shares.push({ gridId, share: Math.min(1, inside / area) });
  }
  return shares.sort((a, b) => b.share - a.share || a.gridId - b.gridId);
}

type Box = [number, number, number, number];
type Ring = [number, number][];

/**
 * The part of a polygonal geometry inside `box`, ring by ring (Sutherland–Hodgman against each box
 * edge). Exact inside the box; where a polygon leaves and re-enters, the cut ring runs along the box edge
 * (zero-width seams on the edge itself). A hole around the whole box comes out as the box, cancelling its
 * exterior, as it should.
 */
export function clipToBox(geometry: GridGeometry, box: Box): [number, number][][][] {
  const out: [number, number][][][] = [];
  for (const rings of polygonsOf(geometry)) {
    const exterior = clipRing(rings[0] as Ring, box);
    if (exterior.length < 3) continue;
    const polygon = [exterior];
    for (let r = 1; r < rings.length; r++) {
      const hole = clipRing(rings[r] as Ring, box);
      if (hole.length >= 3) polygon.push(hole);
    }
    out.push(polygon);
  }
  return out;
}

/** One ring clipped to a box; the result is closed when it has at least 3 distinct positions. */
function clipRing(ring: Ring, [minX, minY, maxX, maxY]: Box): Ring {
  let points: Ring = ring.slice(0, -1);
  // Each pass keeps the side of one box edge: x >= minX, x <= maxX, y >= minY, y <= maxY.
  for (let edge = 0; edge < 4 && points.length > 0; edge++) {
    const axis = edge < 2 ? 0 : 1;
    const limit = [minX, maxX, minY, maxY][edge];
    const keepAbove = edge % 2 === 0;
    const inside = (p: [number, number]) => (keepAbove ? p[axis] >= limit : p[axis] <= limit);
    const next: Ring = [];
    for (let i = 0; i < points.length; i++) {
      const a = points[i];
      const b = points[(i + 1) % points.length];
      const aIn = inside(a);
      const bIn = inside(b);
      if (aIn) next.push(a);
      if (aIn !== bIn) {
        const t = (limit - a[axis]) / (b[axis] - a[axis]);
        const cross: [number, number] =
          axis === 0 ? [limit, a[1] + t * (b[1] - a[1])] : [a[0] + t * (b[0] - a[0]), limit];
        next.push(cross);
      }
    }
    points = next;
  }
  if (points.length < 3) return [];
  return [...points, points[0]];
}

/** Planar area of polygons in coordinate units, holes subtracted. */
function planarArea(polygons: [number, number][][][]): number {
  let area = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      const a = Math.abs(ringSignedArea(ring));
      area += r === 0 ? a : -a;
    });
  }
  return area;
}

/** The `[minX, minY, maxX, maxY]` box of a polygonal geometry's exterior rings. */
export function boundsOf(geometry: GridGeometry): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const rings of polygonsOf(geometry)) {
    for (const [x, y] of rings[0]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}
