import {
  type CodeStyle,
  ErrorCode,
  type GridGeometry,
  type LocalProjection,
  letterCodes,
  localProjection,
  MAX_LEVEL,
  normalizeGeometry,
  numericCodes,
  planCodeProblem,
  polygonsOf,
  WanggeError,
} from '@wangge/core';
import type { Feature } from 'geojson';
import type { MetricRing } from './clip';

/** What a partition needs to know about the boundary it cuts. */
export interface Parent {
  geometry: GridGeometry;
  code: string | null;
  level: number;
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
 * Reads a boundary given as a grid feature or a bare Polygon/MultiPolygon; throws on bad input. Its level
 * is `properties.level` when that is a number (any level that leaves room for a level below), else 1.
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
    return { geometry: normalizeGeometry(b.geometry, { featureId: code ?? undefined }), code, level };
  }
  return { geometry: normalizeGeometry(boundary), code: null, level: 1 };
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
