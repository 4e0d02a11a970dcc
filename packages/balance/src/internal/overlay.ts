import { type GridGeometry, type GridPlan, geodesicArea, polygonsOf } from '@wangge/core';
import { intersection } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import Flatbush from 'flatbush';
import { checkTable, type EntityTables } from '../entities';

/** Leaf grids of a plan: ids into `plan.grids` and their codes. */
export function leavesOf(plan: GridPlan): { ids: number[]; codes: string[] } {
  const ids = plan.grids
    .map((_, i) => i)
    .filter((i) => plan.childrenOf(plan.grids[i].properties.code).length === 0);
  return { ids, codes: ids.map((i) => plan.grids[i].properties.code) };
}

/**
 * Area in m² of the intersection of every pair of geometries from `a` and `b` whose boxes meet, when > 0,
 * sorted by `a` then `b`. Candidates are tried by decreasing box overlap, an identical geometry counts
 * whole without an overlay, and once a geometry of `a` is fully accounted for its remaining candidates
 * are skipped: they could only overlap it where `b` overlaps itself, which a coverage does not.
 */
export function overlapAreas(
  a: readonly GridGeometry[],
  b: readonly GridGeometry[],
): Array<[number, number, number]> {
  if (a.length === 0 || b.length === 0) return [];
  const boxes = b.map(boxOf);
  const tree = new Flatbush(b.length);
  for (const [x0, y0, x1, y1] of boxes) tree.add(x0, y0, x1, y1);
  tree.finish();
  const out: Array<[number, number, number]> = [];
  a.forEach((g, i) => {
    const box = boxOf(g);
    const whole = geodesicArea(g);
    const overlap = (j: number) =>
      Math.max(0, Math.min(box[2], boxes[j][2]) - Math.max(box[0], boxes[j][0])) *
      Math.max(0, Math.min(box[3], boxes[j][3]) - Math.max(box[1], boxes[j][1]));
    const candidates = tree
      .search(box[0], box[1], box[2], box[3])
      .sort((p, q) => overlap(q) - overlap(p) || p - q);
    const found: Array<[number, number, number]> = [];
    let accounted = 0;
    for (const j of candidates) {
      if (accounted >= whole * (1 - 1e-9)) break;
      let area: number;
      if (sameGeometry(g, b[j], box, boxes[j])) area = whole;
      else {
        const common = intersection(g, b[j]);
        area = common === null ? 0 : geodesicArea(common);
      }
      if (area <= 0) continue;
      found.push([i, j, area]);
      accounted += area;
    }
    out.push(...found.sort((p, q) => p[1] - q[1]));
  });
  return out;
}

function sameGeometry(g: GridGeometry, h: GridGeometry, gBox: number[], hBox: number[]): boolean {
  if (g === h) return true;
  if (gBox.some((v, k) => v !== hBox[k])) return false;
  return JSON.stringify(polygonsOf(g)) === JSON.stringify(polygonsOf(h));
}

/** Leaf index (into `geometries`) of every entity of one table, -1 outside all. */
export function locateTable(
  geometries: readonly GridGeometry[],
  entities: EntityTables,
  table: string,
): Int32Array {
  const t = entities[table];
  checkTable(table, t);
  const xy =
    t.xy instanceof Float64Array && t.xy.length === 2 * t.length
      ? t.xy
      : Float64Array.from({ length: 2 * t.length }, (_, i) => t.xy[i]);
  return PolygonIndex.from(
    geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry })),
  ).locateMany(xy);
}

function boxOf(g: GridGeometry): [number, number, number, number] {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const poly of polygonsOf(g)) {
    for (const [x, y] of poly[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return [x0, y0, x1, y1];
}
