import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { splitAtAntimeridian } from './antimeridian';
import type { EchartsMap } from './echarts';
import { ErrorCode, type ErrorLocation, WanggeError } from './errors';
import { featuresOf } from './features';
import type { Finding } from './finding';
import type { GridGeometry } from './model';
import { ringSignedArea } from './rings';

/**
 * A part of the input that was dropped by {@link cleanGeometry}, and why: a {@link Finding} (a repair,
 * severity `warning`, of kind `dropped`) that also says where in the input it was and which error
 * {@link normalizeGeometry} would have thrown. `grids` holds the feature's id or code when it has one.
 */
export interface InputProblem extends Finding<'dropped'>, ErrorLocation {
  /** Why, as the error code {@link normalizeGeometry} would have thrown. */
  code: ErrorCode;
}

/** What was dropped, before it becomes an {@link InputProblem}. */
type Dropped = ErrorLocation & { code: ErrorCode; message: string };

/**
 * The {@link InputProblem} of a dropped part: its stable id (feature, path and code), the feature's id
 * or code as its grid, severity `warning`.
 */
export function inputProblem(code: ErrorCode, message: string, location: ErrorLocation = {}): InputProblem {
  const at: ErrorLocation = typeof location === 'object' && location !== null ? location : {};
  const { featureIndex, featureId, path } = at;
  const id = `dropped:${featureIndex ?? ''}:${path ?? ''}:${code}`;
  const grids = featureId === undefined ? [] : [String(featureId)];
  return { ...at, id, kind: 'dropped', severity: 'warning', grids, code, message };
}

/** What {@link cleanGeometry} kept and what it dropped. */
export interface CleanResult {
  /** The normalised geometry, or `null` when nothing of it could be kept. */
  geometry: GridGeometry | null;
  /** Every ring, part or geometry dropped, with its reason. */
  problems: InputProblem[];
}

/**
 * Normalises a Polygon or MultiPolygon to RFC 7946: positions cut to `[lon, lat]`, consecutive repeated
 * vertices dropped, rings closed, exterior rings counter-clockwise and holes clockwise. Throws a
 * {@link WanggeError} naming the location for: a non-object or wrong geometry type, an empty geometry, a
 * non-finite or out-of-range coordinate, a ring of fewer than 4 positions, a ring of zero area.
 * Idempotent: normalising the output again returns an equal geometry.
 */
export function normalizeGeometry(geometry: unknown, location: ErrorLocation = {}): GridGeometry {
  return normalizeWith(geometry, location, (p) => {
    throw new WanggeError(p.code, p.message, p);
  })!;
}

/**
 * Like {@link normalizeGeometry}, for dirty input: instead of throwing, drops each ring that cannot be
 * part of a polygon (a dropped exterior takes its holes along) and reports it; returns `geometry: null`
 * when nothing is left.
 */
export function cleanGeometry(geometry: unknown, location: ErrorLocation = {}): CleanResult {
  const problems: InputProblem[] = [];
  const kept = normalizeWith(geometry, location, ({ code, message, ...at }) =>
    problems.push(inputProblem(code, message, at)),
  );
  return { geometry: kept, problems };
}

/**
 * Normalises every feature's geometry (see {@link normalizeGeometry}); properties and ids are kept. An
 * echarts map object is decoded first (see {@link featuresOf}).
 */
export function normalizeFeatures<P>(
  input: FeatureCollection<Geometry | null, P> | ReadonlyArray<Feature<Geometry | null, P>> | EchartsMap,
): Feature<GridGeometry, P>[] {
  return featuresOf<Feature<Geometry | null, P>>(input).map((f, i) => {
    const location = featureLocation(f, i);
    if (typeof f !== 'object' || f === null || f.type !== 'Feature') {
      throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'not a GeoJSON Feature', location);
    }
    return { ...f, geometry: normalizeGeometry(f.geometry, location) };
  });
}

const GEOMETRY_TYPES: ReadonlySet<string> = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** True when `value` names one of the seven GeoJSON geometry types. */
export function isGeometryType(value: unknown): value is Geometry['type'] {
  return typeof value === 'string' && GEOMETRY_TYPES.has(value);
}

/** The problem with a point's coordinate, or `null` when it is a valid longitude/latitude. */
export function positionProblem(lon: unknown, lat: unknown): ErrorCode | null {
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return ErrorCode.INVALID_COORDINATE;
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return ErrorCode.COORDINATE_OUT_OF_RANGE;
  return null;
}

/** Where a feature stands in its input: its index, and its id (or `properties.code`). */
export function featureLocation(feature: unknown, featureIndex: number): ErrorLocation {
  if (typeof feature !== 'object' || feature === null) return { featureIndex };
  const f = feature as Feature;
  const code = (f.properties as Record<string, unknown> | null | undefined)?.code;
  const featureId = f.id ?? (typeof code === 'string' || typeof code === 'number' ? code : undefined);
  return featureId === undefined ? { featureIndex } : { featureIndex, featureId };
}

type Report = (problem: Dropped) => void;

function normalizeWith(geometry: unknown, location: ErrorLocation, report: Report): GridGeometry | null {
  const problem = (code: ErrorCode, message: string, path = 'geometry'): null => {
    report({ ...location, path, code, message });
    return null;
  };
  if (typeof geometry !== 'object' || geometry === null) {
    return problem(ErrorCode.INVALID_GEOJSON, `expected a geometry object, got ${JSON.stringify(geometry)}`);
  }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return problem(ErrorCode.UNSUPPORTED_GEOMETRY, `expected Polygon or MultiPolygon, got ${String(type)}`);
  }
  if (!Array.isArray(coordinates)) {
    return problem(ErrorCode.INVALID_GEOJSON, `${type} without a coordinates array`, 'geometry.coordinates');
  }
  if (coordinates.length === 0) return problem(ErrorCode.EMPTY_GEOMETRY, `${type} has no coordinates`);
  const parts: Position[][][] = [];
  (type === 'Polygon' ? [coordinates] : coordinates).forEach((part, i) => {
    const path = type === 'Polygon' ? 'geometry.coordinates' : `geometry.coordinates[${i}]`;
    // A part crossing the antimeridian is split at ±180°; one on or around a pole is refused.
    const edge = splitAtAntimeridian(part);
    if (edge.kind === 'refused') {
      report({ ...location, path, code: ErrorCode.UNSUPPORTED_EXTENT, message: edge.message });
      return;
    }
    for (const piece of edge.kind === 'split' ? edge.parts : [part]) {
      const rings = cleanPolygon(piece, path, location, report);
      if (rings !== null) parts.push(rings);
    }
  });
  if (parts.length === 0) {
    return problem(
      ErrorCode.EMPTY_GEOMETRY,
      type === 'Polygon' ? 'no valid exterior ring is left' : 'no valid polygon part is left',
    );
  }
  if (type === 'Polygon' && parts.length === 1)
    return { type: 'Polygon', coordinates: parts[0] } satisfies Polygon;
  return { type: 'MultiPolygon', coordinates: parts } satisfies MultiPolygon;
}

function cleanPolygon(
  rings: unknown,
  path: string,
  location: ErrorLocation,
  report: Report,
): Position[][] | null {
  if (!Array.isArray(rings) || rings.length === 0) {
    report({ ...location, path, code: ErrorCode.EMPTY_GEOMETRY, message: 'polygon part without rings' });
    return null;
  }
  const exterior = cleanRing(rings[0], `${path}[0]`, location, report, true);
  if (exterior === null) return null;
  const out = [exterior];
  for (let i = 1; i < rings.length; i++) {
    const hole = cleanRing(rings[i], `${path}[${i}]`, location, report, false);
    if (hole !== null) out.push(hole);
  }
  return out;
}

function cleanRing(
  raw: unknown,
  path: string,
  location: ErrorLocation,
  report: Report,
  exterior: boolean,
): Position[] | null {
  const fail = (code: ErrorCode, message: string, at = path): null => {
    report({ ...location, path: at, code, message });
    return null;
  };
  if (!Array.isArray(raw)) return fail(ErrorCode.INVALID_GEOJSON, 'a ring must be an array of positions');
  const ring: Position[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i];
    const at = `${path}[${i}]`;
    if (!Array.isArray(p) || p.length < 2)
      return fail(ErrorCode.INVALID_COORDINATE, 'a position needs [lon, lat]', at);
    const code = positionProblem(p[0], p[1]);
    if (code !== null) {
      const why =
        code === ErrorCode.INVALID_COORDINATE
          ? 'not a finite number'
          : 'outside lon [-180, 180], lat [-90, 90]';
      return fail(code, `coordinate [${p.slice(0, 2).map(String).join(', ')}] is ${why}`, at);
    }
    const last = ring[ring.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) ring.push([p[0], p[1]]);
  }
  while (
    ring.length > 1 &&
    ring[0][0] === ring[ring.length - 1][0] &&
    ring[0][1] === ring[ring.length - 1][1]
  ) {
    ring.pop();
  }
  if (ring.length < 3) {
    return fail(
      ErrorCode.RING_TOO_SHORT,
      `ring has ${ring.length} distinct positions, a polygon ring needs 3 + closing`,
    );
  }
  ring.push([ring[0][0], ring[0][1]]);
  const area = ringSignedArea(ring);
  if (area === 0) return fail(ErrorCode.RING_DEGENERATE, 'ring has zero area (all positions on one line)');
  if (area > 0 !== exterior) ring.reverse();
  return ring;
}
