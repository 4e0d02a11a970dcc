/**
 * The inputs of each level of {@link partitionHierarchy}: the fixed grids of a level under their parents,
 * the inputs (households or units) moved down to the child holding them, and a point inside each unit.
 */
import { ErrorCode, type GridFeature, normalizeGeometry, WanggeError } from '@wangge/core';
import { featureLocation, polygonsOf } from '@wangge/core/internal';
import type { Repair } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import type { Feature, Position } from 'geojson';
import type { FixedLevel } from '../partitionHierarchy';
import { type Parent, validBoundary } from './frame';

/** The fixed grids of a level, grouped by parent, normalised, with parent and level set. */
export function fixedChildren(
  level: FixedLevel,
  parents: Parent[],
  depth: number,
  repairs: Repair[],
): GridFeature[][] {
  if (!Array.isArray(level.grids) || level.grids.length === 0) {
    throw new WanggeError(ErrorCode.EMPTY_INPUT, `levels[${depth}].grids is empty`);
  }
  const byCode = new Map(parents.map((p, i) => [p.code, i]));
  const out: GridFeature[][] = parents.map(() => []);
  let index: PolygonIndex | null = null;
  level.grids.forEach((f, i) => {
    const location = featureLocation(f, i);
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    if (typeof props.code !== 'string') {
      throw new WanggeError(ErrorCode.INVALID_PROPERTIES, 'a fixed grid needs a string code', location);
    }
    const valid = validBoundary(f.geometry, location, `levels[${depth}] grid`);
    const geometry = valid.geometry;
    for (const r of valid.repairs) repairs.push({ ...r, featureIndex: i, featureId: props.code });
    let p = typeof props.parent === 'string' ? (byCode.get(props.parent) ?? -1) : -1;
    if (p < 0 && parents.length === 1) p = 0;
    if (p < 0) {
      const [x, y] = pointInside(polygonsOf(geometry)[0][0]);
      index ??= childIndex(parents);
      p = index.locate(x, y);
    }
    if (p < 0) {
      throw new WanggeError(
        ErrorCode.MISSING_PARENT,
        'a fixed grid lies in no grid of the level above',
        location,
      );
    }
    out[p].push({
      type: 'Feature',
      ...(f.id !== undefined ? { id: f.id } : {}),
      properties: { ...props, code: props.code, parent: parents[p].code, level: parents[p].level + 1 },
      geometry,
    });
  });
  return out;
}

/**
 * Moves each input held by a parent to the child holding it (-1 when none does), under the one point rule
 * (a `PolygonIndex` over the children, as `@wangge/assign` places households).
 */
export function locateInputs(
  inputs: Float64Array,
  owner: Int32Array,
  children: Parent[],
  childOwner: Int32Array,
): void {
  const located = childIndex(children).locateMany(inputs);
  for (let i = 0; i < owner.length; i++) if (owner[i] >= 0) childOwner[i] = located[i];
}

/** A `PolygonIndex` over parents (or children), ids in their order. */
function childIndex(parents: readonly Parent[]): PolygonIndex {
  return PolygonIndex.from(
    parents.map((p) => ({ type: 'Feature' as const, properties: null, geometry: p.geometry })),
  );
}

/** A point inside a ring: the middle of the widest span of the horizontal line through its middle. */
function pointInside(ring: Position[]): [number, number] {
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of ring) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const y = (minY + maxY) / 2;
  const xs: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[j];
    if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
  }
  xs.sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1] - xs[i] > xs[best + 1] - xs[best]) best = i;
  return [(xs[best] + xs[best + 1]) / 2, y];
}

/** A representative point inside each unit, interleaved lon, lat. */
export function unitPoints(units: readonly Feature[]): Float64Array {
  const out = new Float64Array(units.length * 2);
  units.forEach((u, i) => {
    const geometry = normalizeGeometry(u.geometry, featureLocation(u, i));
    const [x, y] = pointInside(polygonsOf(geometry)[0][0]);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}
