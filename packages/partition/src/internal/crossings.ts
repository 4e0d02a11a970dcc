import type { GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { intersectionPoint, SegmentRelation, segmentRelation } from '@wangge/geometry';
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
 * routed through (the point is on the edge). But that pixel is off the edge's line, and the cut from it
 * can cross the edge a second time a hair away, in another pixel: the second overlay routes both through
 * that one too and cuts a sliver between them (regression: 香港's household groups). So a crossing slides
 * along the edge, a grid step at a time (at most four), to the first point from whose pixel the cut meets
 * the edge in that pixel only: the cut bends by a fraction of a millimetre, where the pieces on both sides
 * share the point. Stable so on a boundary on the grid (make-valid's results are).
 */
export class ExactCrossings {
  /** Per boundary edge: its ends snapped, in grid units, then as given, in degrees. */
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
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [p, q] = [ring[i], ring[i + 1]];
          record(this.vertices, `${toGrid(p[0])},${toGrid(p[1])}`, [p[0], p[1]]);
          const [px, py, qx, qy] = [toGrid(p[0]), toGrid(p[1]), toGrid(q[0]), toGrid(q[1])];
          // Ends in a canonical order, so one crossing is one double whichever ring it was read from.
          const flip = qx < px || (qx === px && qy < py);
          if (flip) segs.push(qx, qy, px, py, q[0], q[1], p[0], p[1]);
          else segs.push(px, py, qx, qy, p[0], p[1], q[0], q[1]);
        }
      }
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
      record(this.points, `${px},${py}`, this.stable(s, this.point[0], this.point[1], ax, ay, bx, by));
    }
  }

  /** Records a point known to lie on the boundary (a lattice corner moved onto it), at its own pixel. */
  addPoint(p: Position): void {
    record(this.points, `${toGrid(p[0])},${toGrid(p[1])}`, [p[0], p[1]]);
  }

  /**
   * The crossing `(x, y)` of the cut `a–b` (grid units) with boundary edge `s` (degrees), or the first of
   * the points a grid step, two, three or four along the edge from it, either way, from whose pixel the cut
   * back to either of its ends crosses the edge, if at all, in that pixel: overlaid again, the edge and the
   * cut then meet there and nowhere else (see the class). The rule looks at the edge and the cut only, not
   * at which side is inside, so the cells of two boundaries sharing the edge (siblings) agree on the point.
   */
  private stable(s: number, x: number, y: number, ax: number, ay: number, bx: number, by: number): Position {
    const [cx, cy, dx, dy] = this.segments.subarray(W * s, W * s + 4);
    const step = Math.max(Math.abs(dx - cx), Math.abs(dy - cy)) * GRID_UNITS;
    const [ux, uy] = [(dx - cx) / step, (dy - cy) / step];
    const meetsOnlyAt = (qx: number, qy: number, ex: number, ey: number): boolean => {
      if (qx === ex && qy === ey) return true;
      if (segmentRelation(qx, qy, ex, ey, cx, cy, dx, dy) !== SegmentRelation.CROSS) return true;
      roundedIntersection(qx, qy, ex, ey, cx, cy, dx, dy, this.pixel);
      return this.pixel[0] === qx && this.pixel[1] === qy;
    };
    for (const k of [0, 1, -1, 2, -2, 3, -3, 4, -4]) {
      const [px, py] = [x + k * ux, y + k * uy];
      const [qx, qy] = [toGrid(px), toGrid(py)];
      // Strictly between the edge's ends.
      if ((qx - cx) * (dx - cx) + (qy - cy) * (dy - cy) <= 0) continue;
      if ((qx - dx) * (cx - dx) + (qy - dy) * (cy - dy) <= 0) continue;
      if (meetsOnlyAt(qx, qy, ax, ay) && meetsOnlyAt(qx, qy, bx, by)) return [px, py];
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
const W = 8;

/** Sets `key` to `point`, or to `null` when another point is there already. */
function record(map: Map<string, Position | null>, key: string, point: Position): void {
  const seen = map.get(key);
  if (seen === undefined) map.set(key, point);
  else if (seen !== null && (seen[0] !== point[0] || seen[1] !== point[1])) map.set(key, null);
}
