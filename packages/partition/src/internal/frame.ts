import {
  type CodeStyle,
  ErrorCode,
  type GridGeometry,
  type LocalProjection,
  letterCodes,
  localProjection,
  MAX_LEVEL,
  numericCodes,
  planCodeProblem,
  polygonsOf,
  WanggeError,
} from '@wangge/core';
import { makeValid, type Repair, snapCoordinate, union } from '@wangge/geometry';
import type { Feature } from 'geojson';
import type { MetricRing } from './clip';

/** What a partition needs to know about the boundary it cuts. */
export interface Parent {
  /** The boundary made valid (see {@link validBoundary}): what the grids tile exactly. */
  geometry: GridGeometry;
  code: string | null;
  level: number;
  /** Every repair make-valid made to the boundary as given, as findings. */
  repairs?: Repair[];
}

/**
 * A boundary geometry made valid by `@wangge/geometry`'s `makeValid` (self-intersections, spikes,
 * short or unclosed rings, holes outside their shell, overlapping parts: GEOS's structure rule), with a
 * finding for each repair naming the feature, the kind, the place and the m² it changed, and on the
 * kernel's 1e-9° grid (about 0.1 mm; data with 9 decimals or fewer is already there and kept bit for
 * bit), so that the grids cut from it by the kernel's overlay tile it exactly. A boundary with
 * nothing left is refused with `EMPTY_GEOMETRY`; a coordinate that is not a longitude/latitude with
 * `INVALID_COORDINATE` or `COORDINATE_OUT_OF_RANGE`, naming the feature.
 */
export function validBoundary(
  geometry: unknown,
  location: { featureIndex?: number; featureId?: string | number } = {},
  name = 'boundary',
): { geometry: GridGeometry; repairs: Repair[] } {
  const made = makeValid(geometry, location);
  if (made.geometry !== null && !onGrid(made.geometry)) made.geometry = union([made.geometry]);
  if (made.geometry === null) {
    throw new WanggeError(
      ErrorCode.EMPTY_GEOMETRY,
      `${name}: nothing of it has area once made valid (${made.findings.map((f) => f.kind).join(', ') || 'empty'})`,
      location,
    );
  }
  return { geometry: made.geometry, repairs: made.findings };
}

/** Whether every coordinate of a geometry is on the kernel's grid. */
export function onGrid(geometry: GridGeometry): boolean {
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (const p of ring) if (snapCoordinate(p[0]) !== p[0] || snapCoordinate(p[1]) !== p[1]) return false;
    }
  }
  return true;
}

/**
 * The code of a boundary feature: `properties.code`, else `properties.adcode` (DataV files), else the
 * feature's `id` (echarts maps); a number is read as its digits. `null` when it has none.
 */
export function boundaryCode(feature: Feature): string | null {
  const props = (feature.properties ?? {}) as Record<string, unknown>;
  for (const value of [props.code, props.adcode, feature.id]) {
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  }
  return null;
}

/**
 * Reads a boundary given as a grid feature or a bare Polygon/MultiPolygon, made valid (see
 * {@link validBoundary}); throws on bad input. Its level is `properties.level` when that is a number (any
 * level that leaves room for a level below), else 1.
 */
export function readParent(boundary: unknown, name = 'boundary'): Parent {
  if (typeof boundary !== 'object' || boundary === null) {
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, `${name} must be a Feature or a Polygon/MultiPolygon`);
  }
  const b = boundary as Feature;
  if (b.type === 'Feature') {
    const props = (b.properties ?? {}) as Record<string, unknown>;
    const code = boundaryCode(b);
    const level = typeof props.level === 'number' ? props.level : 1;
    if (!Number.isInteger(level) || level < 1 || level >= MAX_LEVEL) {
      throw new WanggeError(
        ErrorCode.INVALID_LEVEL,
        `${name} level must be a whole number from 1 to ${MAX_LEVEL - 1} (a level must fit below it), got ${String(level)}`,
        { featureId: code ?? undefined },
      );
    }
    const valid = validBoundary(b.geometry, code === null ? {} : { featureId: code }, name);
    return { geometry: valid.geometry, code, level, repairs: valid.repairs };
  }
  const valid = validBoundary(boundary, {}, name);
  return { geometry: valid.geometry, code: null, level: 1, repairs: valid.repairs };
}

/**
 * The code style for children of `parent`: the given one, else numeric under a division code (or a grid
 * code below one), else letters, so a real code never leaves the children without a style.
 */
export function styleFor(parent: Parent, style: CodeStyle | undefined): CodeStyle {
  if (style !== undefined) {
    if (
      style === null ||
      typeof style !== 'object' ||
      (style.kind !== 'letter' && style.kind !== 'numeric')
    ) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `codeStyle must be letterCodes or numericCodes()`);
    }
    return style;
  }
  const numeric = numericCodes();
  return parent.code !== null && planCodeProblem(parent.code, numeric) === null ? numeric : letterCodes;
}

/** Longitude/latitude box of a geometry. */
export function bboxOf(geometry: GridGeometry): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const polygon of polygonsOf(geometry)) {
    for (const p of polygon[0]) {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
  }
  return [minX, minY, maxX, maxY];
}

/** The projection used to cut a boundary: centred on its box. */
export function projectionFor(
  geometry: GridGeometry,
  kind: 'equal-area' | 'conformal' = 'equal-area',
): LocalProjection {
  return localProjection(bboxOf(geometry), { kind });
}

/** The rings of a normalised geometry in metres, open, input coordinates kept alongside. */
export function metricRings(geometry: GridGeometry, projection: LocalProjection): MetricRing[] {
  const out: MetricRing[] = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      const n = ring.length - 1;
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const [px, py] = projection.forward(ring[i]);
        x[i] = px;
        y[i] = py;
      }
      out.push({ x, y, lonLat: ring.slice(0, n) });
    }
  }
  return out;
}

/** Metric box of rings. */
export function metricBox(rings: readonly MetricRing[]): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const r of rings) {
    for (let i = 0; i < r.x.length; i++) {
      if (r.x[i] < minX) minX = r.x[i];
      if (r.x[i] > maxX) maxX = r.x[i];
      if (r.y[i] < minY) minY = r.y[i];
      if (r.y[i] > maxY) maxY = r.y[i];
    }
  }
  return [minX, minY, maxX, maxY];
}
