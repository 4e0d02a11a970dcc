/**
 * The misaligned check: a vertex of one grid within `tolerance` of a neighbour's edge, but not one of its
 * vertices. Read on the residual edges (the kernel's edge cancellation over every grid's rings): edges
 * shared exactly by two grids cancel, so only boundaries that do not match are looked at. A vertex near
 * a neighbour's edge only matters where the sliver between them is an areal defect found by the other
 * checks; elsewhere (a sharp bend of the outer boundary) it is just the shape of the area. A vertex
 * exactly on a neighbour's edge with no vertex there is a warning (a T-junction).
 */
import { isInPolygon, onSegment } from '@wangge/geometry';
import { EdgeTable, residualEdges, VertexTable } from '@wangge/geometry/internal';
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { formatLength } from '../format';
import type { DefectKind } from '../types';
import type { Draft } from './draft';
import { M_PER_DEG_LAT, M_PER_DEG_LON, pointSegmentMetres, polygonsBox } from './measure';

type Polys = Position[][][];

/** Areal defects, where a misaligned vertex shows. */
const AREAL = new Set<DefectKind>(['overlap', 'gap', 'inlet', 'sliver']);

/** Misaligned drafts for the grids `polys` (null: left out), given the areal drafts found so far. */
export function misalignedDrafts(
  polys: ReadonlyArray<Polys | null>,
  codes: readonly string[],
  tolerance: number,
  found: readonly Draft[],
): Draft[] {
  const vertices = new VertexTable(1024);
  const table = new EdgeTable(1024);
  polys.forEach((p, g) => {
    for (const rings of p ?? []) {
      for (const ring of rings) {
        let prev = vertices.idOf(ring[0][0], ring[0][1]);
        for (let k = 1; k < ring.length; k++) {
          const v = vertices.idOf(ring[k][0], ring[k][1]);
          if (v !== prev) table.add(prev, v, g);
          prev = v;
        }
      }
    }
  });
  const residual = residualEdges(table);
  const xy = vertices.xy;
  const index = new Flatbush(Math.max(1, residual.length));
  for (let e = 0; e < residual.length; e++) {
    const a = residual.a[e];
    const b = residual.b[e];
    index.add(
      Math.min(xy[2 * a], xy[2 * b]),
      Math.min(xy[2 * a + 1], xy[2 * b + 1]),
      Math.max(xy[2 * a], xy[2 * b]),
      Math.max(xy[2 * a + 1], xy[2 * b + 1]),
    );
  }
  if (residual.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  const areal = found
    .filter((d) => AREAL.has(d.kind) && d.location?.type === 'Polygon')
    .map((d) => {
      const polygons = [(d.location as { coordinates: Position[][] }).coordinates];
      return { polygons, box: polygonsBox(polygons) };
    });
  const inDefect = (x: number, y: number) =>
    areal.some(
      ({ polygons, box }) =>
        box[0] <= x &&
        x <= box[2] &&
        box[1] <= y &&
        y <= box[3] &&
        (polygons.some((p) => isInPolygon(p, x, y)) || onRings(polygons, x, y)),
    );
  const drafts: Draft[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < residual.length; i++) {
    const v = residual.a[i];
    if (seen.has(v)) continue;
    seen.add(v);
    const px = xy[2 * v];
    const py = xy[2 * v + 1];
    const dy = tolerance / M_PER_DEG_LAT;
    const dx = tolerance / (M_PER_DEG_LON * Math.max(1e-6, Math.cos((py * Math.PI) / 180)));
    const owner = residual.owner[i];
    let best = Number.POSITIVE_INFINITY;
    let bestOwner = -1;
    for (const e of index.search(px - dx, py - dy, px + dx, py + dy)) {
      if (e >= residual.length) continue;
      const a = residual.a[e];
      const b = residual.b[e];
      if (a === v || b === v || residual.owner[e] === owner) continue;
      const [ax, ay, bx, by] = [xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1]];
      const exact = onSegment(ax, ay, bx, by, px, py);
      const d = exact ? 0 : pointSegmentMetres(px, py, ax, ay, bx, by);
      if (!exact && !(d <= tolerance && inDefect(...midpointTo(px, py, ax, ay, bx, by)))) continue;
      if (d < best) {
        best = d;
        bestOwner = residual.owner[e];
      }
    }
    if (bestOwner < 0) continue;
    const grids = [codes[owner], codes[bestOwner]].sort();
    drafts.push({
      kind: 'misaligned',
      severity: best === 0 ? 'warning' : 'error',
      grids,
      area: 0,
      distance: best,
      location: { type: 'Point', coordinates: [px, py] },
      message:
        best === 0
          ? `vertex of ${codes[owner]} lies on an edge of ${codes[bestOwner]} that has no vertex there`
          : `vertex of ${codes[owner]} is ${formatLength(best)} from an edge of ${codes[bestOwner]}`,
    });
  }
  return drafts;
}

/** The point halfway from `(px, py)` to its nearest point on segment `ab`. */
function midpointTo(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): [number, number] {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return [(px + ax + t * dx) / 2, (py + ay + t * dy) / 2];
}

/** Whether `(x, y)` lies on a ring of `polygons` within ~0.1 mm (overlay output is on the 1e-9° grid). */
function onRings(polygons: Polys, x: number, y: number): boolean {
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [ax, ay] = ring[k];
        const [bx, by] = ring[k + 1];
        const dx = bx - ax;
        const dy = by - ay;
        const len = dx * dx + dy * dy;
        const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len));
        if (Math.hypot(ax + t * dx - x, ay + t * dy - y) <= 1e-9) return true;
      }
    }
  }
  return false;
}
