import type { GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { intersectionPoint, orientSign, SegmentRelation, segmentRelation } from '@wangge/geometry';
import { fromGrid, GRID_UNITS, roundedIntersection, toGrid } from '@wangge/geometry/internal';
import Flatbush from 'flatbush';
import type { Position } from 'geojson';

/**
 * Where cuts meet a boundary, exactly (issue 11: 澳门's area error, the household-group slivers). The
 * kernel's overlay rounds every vertex to its 1e-9° grid: a boundary vertex off the grid moves to its
 * pixel, and a crossing of a cut (a cell edge) with the boundary moves to the pixel holding it, the
 * boundary bending through it. Each such rounding moves a thin triangle of area across the boundary, and
 * on a small city the pieces' union misses the boundary by more than 1e-9 of its area. The overlay's
 * segments are the inputs' edges between snapped vertices, so each crossing has one pixel it rounds to
 * (the kernel's own `roundedIntersection`, exact). This table maps the overlay's vertices on the boundary
 * back to exact points: a boundary vertex's pixel to the vertex as given, bit for bit; a crossing's pixel
 * to the crossing of the cut with the boundary's edge as given (accurate to the last bits:
 * `intersectionPoint`). The pieces then share the boundary's own vertices and edges, and neighbouring
 * pieces still share each point bit for bit (one point per pixel, the same for either cut direction). A
 * pixel two different points round to stays as the overlay made it.
 *
 * Overlaid again (`wangge check`, a no-overlap test), each point rounds to a pixel the boundary's edge is
 * routed through (the point is on the edge). Where that pixel lies outside the boundary's edge, the cut
 * from it back inside would cross the edge a second time, a hair away, and the second overlay would cut a
 * sliver there (regression: 香港's household groups). So a crossing slides along the edge, a grid step at
 * a time (at most four), to the first point whose pixel is on the edge or inside it: the cut bends by a
 * fraction of a millimetre inside the boundary, where both pieces share the point. Stable so on a boundary
 * on the grid (as partition makes it, see `validBoundary`); a boundary vertex off the grid is kept as given.
 */
export class ExactCrossings {
  /**
   * Per boundary edge (9 numbers): its ends snapped, in grid units, then as given, in degrees, then 1 when
   * the boundary's inside is on the left of the first end → second end, -1 when on the right.
   */
  private readonly segments: Float64Array;
  private readonly tree: Flatbush | null;
  /** Pixel `x,y` (grid units) of a boundary vertex → the vertex as given; `null` when two share it. */
  private readonly vertices = new Map<string, Position | null>();
  /** Pixel `x,y` (grid units) of a crossing → the exact crossing; `null` when two round to it. */
  private readonly points = new Map<string, Position | null>();
  private readonly pixel = new Float64Array(2);
  private readonly point = new Float64Array(2);

  /** @param boundary the valid geometry the overlay cuts, as it was given to the overlay. */
  constructor(boundary: GridGeometry) {
    const segs: number[] = [];
    for (const polygon of polygonsOf(boundary)) {
      polygon.forEach((ring, r) => {
        // Exteriors are read counter-clockwise, holes clockwise (as the overlay reads them).
        const left = Math.sign(ringArea2(ring)) === (r === 0 ? 1 : -1) ? 1 : -1;
        for (let i = 0; i + 1 < ring.length; i++) {
          const [p, q] = [ring[i], ring[i + 1]];
          record(this.vertices, `${toGrid(p[0])},${toGrid(p[1])}`, [p[0], p[1]]);
          const [px, py, qx, qy] = [toGrid(p[0]), toGrid(p[1]), toGrid(q[0]), toGrid(q[1])];
          // Ends in a canonical order, so one crossing is one double whichever ring it was read from.
          const flip = qx < px || (qx === px && qy < py);
          if (flip) segs.push(qx, qy, px, py, q[0], q[1], p[0], p[1], -left);
          else segs.push(px, py, qx, qy, p[0], p[1], q[0], q[1], left);
        }
      });
    }
    this.segments = Float64Array.from(segs);
    const n = segs.length / W;
    if (n === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(n);
    for (let s = 0; s < n; s++) {
      const [ax, ay, bx, by] = this.segments.subarray(W * s, W * s + 4);
      this.tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    this.tree.finish();
  }

  /**
   * Records the crossings of the cut from `a` to `b` (as given to the overlay, which snaps its ends) with
   * the boundary. Either direction gives the same points.
   */
  addCut(a: Position, b: Position): void {
    if (this.tree === null) return;
    let [ax, ay, bx, by] = [toGrid(a[0]), toGrid(a[1]), toGrid(b[0]), toGrid(b[1])];
    if (bx < ax || (bx === ax && by < ay)) [ax, ay, bx, by] = [bx, by, ax, ay];
    const segs = this.segments;
    const hits = this.tree.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    for (const s of hits) {
      const [cx, cy, dx, dy] = segs.subarray(W * s, W * s + 4);
      if (segmentRelation(ax, ay, bx, by, cx, cy, dx, dy) !== SegmentRelation.CROSS) continue;
      roundedIntersection(ax, ay, bx, by, cx, cy, dx, dy, this.pixel);
      const [px, py] = this.pixel;
      // Rounded onto an end of the cut: that vertex is there in its own right.
      if ((px === ax && py === ay) || (px === bx && py === by)) continue;
      const e = W * s + 4;
      intersectionPoint(
        fromGrid(ax),
        fromGrid(ay),
        fromGrid(bx),
        fromGrid(by),
        segs[e],
        segs[e + 1],
        segs[e + 2],
        segs[e + 3],
        this.point,
      );
      record(this.points, `${px},${py}`, this.inward(s, this.point[0], this.point[1]));
    }
  }

  /**
   * Records a point known to lie on the boundary (a lattice corner moved onto it), at its own pixel: slid
   * inward as a crossing is, along the boundary edge nearest to it.
   */
  addPoint(p: Position): void {
    const [x, y] = [toGrid(p[0]), toGrid(p[1])];
    let best = -1;
    let bestD = 2;
    for (const s of this.tree?.search(x - 2, y - 2, x + 2, y + 2) ?? []) {
      const [cx, cy, dx, dy] = this.segments.subarray(W * s, W * s + 4);
      const d = Math.abs((dx - cx) * (y - cy) - (dy - cy) * (x - cx)) / Math.hypot(dx - cx, dy - cy);
      if (d < bestD) [best, bestD] = [s, d];
    }
    record(this.points, `${x},${y}`, best < 0 ? [p[0], p[1]] : this.inward(best, p[0], p[1]));
  }

  /**
   * The point `(x, y)` on boundary edge `s` (degrees), or the first of the points a grid step, two, three
   * or four along the edge from it, either way, whose pixel lies on the edge or inside it.
   */
  private inward(s: number, x: number, y: number): Position {
    const segs = this.segments;
    const [cx, cy, dx, dy] = segs.subarray(W * s, W * s + 4);
    const left = segs[W * s + 8];
    const step = Math.max(Math.abs(dx - cx), Math.abs(dy - cy));
    const [ux, uy] = [(dx - cx) / step / GRID_UNITS, (dy - cy) / step / GRID_UNITS];
    for (const k of [0, 1, -1, 2, -2, 3, -3, 4, -4]) {
      const [qx, qy] = [x + k * ux, y + k * uy];
      const [gx, gy] = [toGrid(qx), toGrid(qy)];
      // Still strictly between the edge's ends.
      if ((gx - cx) * (dx - cx) + (gy - cy) * (dy - cy) <= 0) continue;
      if ((gx - dx) * (cx - dx) + (gy - dy) * (cy - dy) <= 0) continue;
      const side = orientSign(cx, cy, dx, dy, gx, gy);
      if (side === 0 || side === left) return [qx, qy];
    }
    return [x, y];
  }

  /**
   * The exact point the overlay's vertex `p` (on the grid) stands for: the boundary vertex at that pixel,
   * else the crossing that rounds to it; `undefined` when there is none, or two.
   */
  at(p: Position): Position | undefined {
    const key = `${toGrid(p[0])},${toGrid(p[1])}`;
    const vertex = this.vertices.get(key);
    if (vertex !== undefined) return vertex ?? undefined;
    return this.points.get(key) ?? undefined;
  }
}

/** Numbers per boundary edge in {@link ExactCrossings}' table. */
const W = 9;

/** Twice the signed area of a closed ring (positive counter-clockwise), relative to its first vertex. */
function ringArea2(ring: Position[]): number {
  const [ox, oy] = ring[0];
  let twice = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    twice += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return twice;
}

/** Sets `key` to `point`, or to `null` when another point is there already. */
function record(map: Map<string, Position | null>, key: string, point: Position): void {
  const seen = map.get(key);
  if (seen === undefined) map.set(key, point);
  else if (seen !== null && (seen[0] !== point[0] || seen[1] !== point[1])) map.set(key, null);
}
