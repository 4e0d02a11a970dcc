import { ringSignedArea } from '@wangge/core';
import type { Position } from 'geojson';

/** Bounding box of a ring, `[minX, minY, maxX, maxY]`. */
export function ringBox(ring: readonly Position[]): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of ring) {
    if (p[0] < minX) minX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] > maxY) maxY = p[1];
  }
  return [minX, minY, maxX, maxY];
}

/** Bounding box of polygons. */
export function polygonsBox(polygons: readonly Position[][][]): [number, number, number, number] {
  const box: [number, number, number, number] = [
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (const rings of polygons) {
    const [a, b, c, d] = ringBox(rings[0]);
    box[0] = Math.min(box[0], a);
    box[1] = Math.min(box[1], b);
    box[2] = Math.max(box[2], c);
    box[3] = Math.max(box[3], d);
  }
  return box;
}

/** Even-odd test of `(x, y)` against one ring (points on the ring count either way). */
export function inRing(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[j];
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

/** Even-odd test of `(x, y)` against polygons with holes. */
export function inPolygons(polygons: readonly Position[][][], x: number, y: number): boolean {
  let inside = false;
  for (const rings of polygons) for (const ring of rings) if (inRing(ring, x, y)) inside = !inside;
  return inside;
}

/**
 * A point of `ring` off every other ring: the midpoint of its longest edge. Rings that do not cross may
 * share vertices, but not a stretch of edge, so an edge midpoint tells which side of another ring it is on.
 */
function probeOf(ring: readonly Position[]): Position {
  let best = 0;
  let at = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    const d = Math.abs(ring[k + 1][0] - ring[k][0]) + Math.abs(ring[k + 1][1] - ring[k][1]);
    if (d > best) {
      best = d;
      at = k;
    }
  }
  return [(ring[at][0] + ring[at + 1][0]) / 2, (ring[at][1] + ring[at + 1][1]) / 2];
}

/**
 * Nests closed rings that do not cross (they may touch): the index of the smallest ring enclosing each
 * ring, or -1. Exteriors and holes alternate with depth.
 */
export function nestRings(rings: readonly Position[][]): Int32Array {
  const area = rings.map((r) => Math.abs(ringSignedArea(r)));
  const box = rings.map(ringBox);
  const probe = rings.map(probeOf);
  const order = rings.map((_, i) => i).sort((i, j) => area[i] - area[j] || i - j);
  const parent = new Int32Array(rings.length).fill(-1);
  order.forEach((i, k) => {
    const [x0, y0, x1, y1] = box[i];
    for (let m = k + 1; m < order.length; m++) {
      const j = order[m];
      const bj = box[j];
      if (bj[0] > x0 || bj[1] > y0 || bj[2] < x1 || bj[3] < y1) continue;
      if (inRing(rings[j], probe[i][0], probe[i][1])) {
        parent[i] = j;
        return;
      }
    }
  });
  return parent;
}

/**
 * Splits nested rings into polygons: each ring whose orientation is `exterior` (1 = counter-clockwise,
 * -1 = clockwise) becomes a polygon, oriented counter-clockwise, with its directly nested rings as holes.
 */
export function ringsToPolygons(
  rings: readonly Position[][],
  parent: Int32Array,
  exterior: 1 | -1,
): Position[][][] {
  const polygons = new Map<number, Position[][]>();
  rings.forEach((ring, i) => {
    if (Math.sign(ringSignedArea(ring)) === exterior) {
      polygons.set(i, [exterior === 1 ? ring : [...ring].reverse()]);
    }
  });
  rings.forEach((ring, i) => {
    const owner = polygons.get(parent[i]);
    if (owner !== undefined && !polygons.has(i)) owner.push(exterior === 1 ? ring : [...ring].reverse());
  });
  return [...polygons.values()];
}
