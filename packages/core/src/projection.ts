import type { Position } from 'geojson';
import proj4 from 'proj4';
import { ErrorCode, WanggeError } from './errors';
import { polygonsOf } from './measure';
import type { BBox, GridGeometry } from './model';
import { checkOptions } from './options';

/** Options of {@link localProjection}. */
export interface LocalProjectionOptions {
  /**
   * `equal-area` (Lambert azimuthal equal-area): areas in m² are exact, for measuring and balancing;
   * `conformal` (transverse Mercator): angles and short distances are exact, for cutting and buffering.
   * Both are centred on the data, so distortion stays tiny at city and county scale. @default 'equal-area'
   */
  kind?: 'equal-area' | 'conformal';
}

/** A projection between `[lon, lat]` degrees and planar metres centred on an area of interest. */
export interface LocalProjection {
  /** The proj4 definition in use. */
  readonly definition: string;
  /** `[lon, lat]` → `[x, y]` metres. */
  forward(position: Position): [number, number];
  /** `[x, y]` metres → `[lon, lat]`. */
  inverse(position: Position): [number, number];
  /** A polygonal geometry projected to metres. */
  forwardGeometry<G extends GridGeometry>(geometry: G): G;
  /** A polygonal geometry in metres projected back to `[lon, lat]`. */
  inverseGeometry<G extends GridGeometry>(geometry: G): G;
}

/**
 * A local planar projection in metres centred on `center` (`[lon, lat]`) or on the centre of a bounding box.
 * Built on proj4 with the WGS84 datum (CGCS2000 coincides with it to centimetres).
 */
export function localProjection(center: Position | BBox, options?: LocalProjectionOptions): LocalProjection {
  options = checkOptions(options, 'localProjection');
  if (!Array.isArray(center) || (center.length !== 2 && center.length !== 4)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'localProjection: the centre is [lon, lat] or a bounding box',
    );
  }
  const [lon, lat] =
    center.length === 4 ? [(center[0] + center[2]) / 2, (center[1] + center[3]) / 2] : center;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `projection centre ${JSON.stringify(center)} is not a lon/lat`,
    );
  }
  const kind = options.kind ?? 'equal-area';
  if (kind !== 'equal-area' && kind !== 'conformal') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `kind must be 'equal-area' or 'conformal', got ${String(kind)}`,
    );
  }
  const proj = kind === 'equal-area' ? 'laea' : 'tmerc +k=1';
  const definition = `+proj=${proj} +lat_0=${lat} +lon_0=${lon} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs`;
  const converter = proj4('WGS84', definition);
  const forward = (p: Position) => converter.forward([p[0], p[1]]) as [number, number];
  const inverse = (p: Position) => converter.inverse([p[0], p[1]]) as [number, number];
  const mapGeometry = <G extends GridGeometry>(geometry: G, f: (p: Position) => Position): G => {
    const polygons = polygonsOf(geometry).map((rings) => rings.map((ring) => ring.map(f)));
    return (
      geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: polygons[0] }
        : { type: 'MultiPolygon', coordinates: polygons }
    ) as G;
  };
  return {
    definition,
    forward,
    inverse,
    forwardGeometry: (g) => mapGeometry(g, forward),
    inverseGeometry: (g) => mapGeometry(g, inverse),
  };
}
