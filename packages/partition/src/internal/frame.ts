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
  WanggeError,
} from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { makeValid, type Repair } from '@wangge/geometry';
import type { Feature, Position } from 'geojson';
import type { MetricRing } from './clip';

/**
 * A boundary to partition: a GeoJSON Feature of a Polygon/MultiPolygon (its code from `properties.code`,
 * `adcode` or the feature's `id`, its level from `properties.level`) or a bare Polygon/MultiPolygon. Any
 * other geometry is refused at run time with `UNSUPPORTED_GEOMETRY`.
 */
export type Boundary = Feature | GridGeometry;

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
 * kernel's 1e-9° grid (make-valid's results always are: about 0.1 mm; data with 9 decimals or fewer is
 * already there and kept bit for bit), so that the grids cut from it tile it exactly. A boundary with
 * nothing left is refused with `EMPTY_GEOMETRY`; a coordinate that is not a longitude/latitude with
 * `INVALID_COORDINATE` or `COORDINATE_OUT_OF_RANGE`, naming the feature.
 */
export function validBoundary(
  geometry: unknown,
  location: { featureIndex?: number; featureId?: string | number } = {},
  name = 'boundary',
): { geometry: GridGeometry; repairs: Repair[] } {
  const made = makeValid(geometry, location);
  if (made.geometry === null) {
    throw new WanggeError(
      ErrorCode.EMPTY_GEOMETRY,
      `${name}: nothing of it has area once made valid (${made.findings.map((f) => f.kind).join(', ') || 'empty'})`,
      location,
    );
  }
  return { geometry: made.geometry, repairs: made.findings };
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
export function readParent(boundary: Boundary, name = 'boundary'): Parent {
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
      throw new WanggeError(ErrorCode.INVALID_OPTION, `codeStyle must be letterCodes() or numericCodes()`);
    }
    return style;
  }
  const numeric = numericCodes();
  return parent.code !== null && planCodeProblem(parent.code, numeric) === null ? numeric : letterCodes();
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

/**
 * The rings of a normalised geometry in metres, open, input coordinates kept alongside. With `piece`, each
 * edge is split into pieces of at most that many metres (points interpolated along the lon/lat edge, which
 * is what GeoJSON draws): a long edge is straight in lon/lat, not in metres, and its metric chord can be a
 * kilometre off a 230 km parallel (阿勒泰), so code that reads the boundary in metres reads it densified.
 */
export function metricRings(
  geometry: GridGeometry,
  projection: LocalProjection,
  piece = Number.POSITIVE_INFINITY,
): MetricRing[] {
  const out: MetricRing[] = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      const xs: number[] = [];
      const ys: number[] = [];
      const lonLat: number[][] = [];
      for (let i = 0; i + 1 < ring.length; i++) {
        const [px, py] = projection.forward(ring[i]);
        xs.push(px);
        ys.push(py);
        lonLat.push(ring[i]);
        if (piece === Number.POSITIVE_INFINITY) continue;
        const [qx, qy] = projection.forward(ring[i + 1]);
        const n = Math.ceil(Math.hypot(qx - px, qy - py) / piece);
        for (let k = 1; k < n; k++) {
          const p: Position = [
            ring[i][0] + ((ring[i + 1][0] - ring[i][0]) * k) / n,
            ring[i][1] + ((ring[i + 1][1] - ring[i][1]) * k) / n,
          ];
          const [x, y] = projection.forward(p);
          xs.push(x);
          ys.push(y);
          lonLat.push(p);
        }
      }
      out.push({ x: Float64Array.from(xs), y: Float64Array.from(ys), lonLat });
    }
  }
  return out;
}

/**
 * The longest metric piece an edge may be read as for cells of `size` metres: its chord then stays within
 * size/64 of the lon/lat edge (a chord of length l is about l²/8R off a great-circle-like curve).
 */
export function pieceFor(size: number): number {
  return Math.sqrt((6.371e6 * size) / 8);
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
