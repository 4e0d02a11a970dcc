import type { GridGeometry, GridPlan } from '@wangge/core';
import { overlay } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import { checkTable, type EntityTables } from '../entities';

/** Leaf grids of a plan: ids into `plan.grids` and their codes. */
export function leavesOf(plan: GridPlan): { ids: number[]; codes: string[] } {
  const ids = plan.grids
    .map((_, i) => i)
    .filter((i) => plan.childrenOf(plan.grids[i].properties.code).length === 0);
  return { ids, codes: ids.map((i) => plan.grids[i].properties.code) };
}

/**
 * Area in m² of the intersection of every pair of geometries from `a` and `b` that overlap, when > 0,
 * sorted by `a` then `b`, and the area of each geometry of `a` and of `b`: one overlay of both sets on
 * the kernel (`@wangge/geometry`), each face's geodesic area added to the geometries and pairs covering it.
 */
export function overlapsOf(
  a: readonly GridGeometry[],
  b: readonly GridGeometry[],
): { pairs: Array<[number, number, number]>; areaA: Float64Array; areaB: Float64Array } {
  const areaA = new Float64Array(a.length);
  const areaB = new Float64Array(b.length);
  if (a.length + b.length === 0) return { pairs: [], areaA, areaB };
  const faces = overlay([...a, ...b]);
  const areas = new Map<number, number>();
  for (let face = 0; face < faces.faceCount; face++) {
    const inputs = faces.faceInputs(face);
    // Inputs are ascending: those of `a` come first.
    if (inputs.length === 0) continue;
    const area = faces.faceArea(face);
    if (!(area > 0)) continue;
    let split = inputs.length;
    for (let k = inputs.length - 1; k >= 0 && inputs[k] >= a.length; k--) split = k;
    for (let k = 0; k < inputs.length; k++) {
      if (k < split) areaA[inputs[k]] += area;
      else areaB[inputs[k] - a.length] += area;
    }
    for (let p = 0; p < split; p++) {
      for (let q = split; q < inputs.length; q++) {
        const key = inputs[p] * b.length + (inputs[q] - a.length);
        areas.set(key, (areas.get(key) ?? 0) + area);
      }
    }
  }
  const pairs = [...areas.keys()]
    .sort((p, q) => p - q)
    .map((key): [number, number, number] => [Math.floor(key / b.length), key % b.length, areas.get(key)!]);
  return { pairs, areaA, areaB };
}

/** Leaf index (into `geometries`) of every entity of one table, -1 outside all. */
export function locateTable(
  geometries: readonly GridGeometry[],
  entities: EntityTables,
  table: string,
): Int32Array {
  return locatePoints(geometries, tableXY(entities, table));
}

/** The interleaved lon, lat of one table's entities, checked. */
export function tableXY(entities: EntityTables, table: string): Float64Array {
  const t = entities[table];
  checkTable(table, t);
  return t.xy instanceof Float64Array && t.xy.length === 2 * t.length
    ? t.xy
    : Float64Array.from({ length: 2 * t.length }, (_, i) => t.xy[i]);
}

/**
 * Index (into `geometries`) of the geometry holding each point of `xy` by the index's point rule, -1
 * outside all. Many points pay for a finer cell grid than the index's default (one cell per
 * {@link POINTS_PER_CELL} points): its crowded cells would otherwise be refined point by point.
 */
export function locatePoints(geometries: readonly GridGeometry[], xy: Float64Array): Int32Array {
  if (geometries.length === 0 || xy.length === 0) return new Int32Array(xy.length / 2).fill(-1);
  const points = xy.length / 2;
  return PolygonIndex.from(
    geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry })),
    points >= MANY_POINTS ? { cells: Math.min(2 ** 22, Math.round(points / POINTS_PER_CELL)) } : {},
  ).locateMany(xy);
}

/** Points from which {@link locatePoints} sizes the index's cell grid by the points. */
const MANY_POINTS = 65536;
/** Points per top cell of the index's grid when there are many (measured on the example city). */
const POINTS_PER_CELL = 4;
