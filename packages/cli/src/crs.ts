import { ErrorCode, isGeometryType, WanggeError } from '@wangge/core';
import gcoord from 'gcoord';
import type { Feature, Geometry, Position } from 'geojson';
import proj4 from 'proj4';

/**
 * A coordinate reference system the CLI reads or writes, as a pair of conversions to and from WGS84
 * longitude/latitude, the system every wangge library works in.
 */
export interface Crs {
  /** Canonical name, e.g. `WGS84`, `GCJ02`, `EPSG:4547`. */
  readonly name: string;
  /** True for longitude/latitude systems, false for projected ones (metres). */
  readonly geographic: boolean;
  /** A position in this system → WGS84 `[lon, lat]`. */
  toWgs84(position: Position): Position;
  /** A WGS84 `[lon, lat]` → a position in this system. */
  fromWgs84(position: Position): Position;
}

/** A caller's position, checked: an array of two finite numbers, else `INVALID_COORDINATE`. */
function checked(p: Position): Position {
  if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
    throw new WanggeError(
      ErrorCode.INVALID_COORDINATE,
      `a position is [x, y] of finite numbers, got ${String(p)}`,
    );
  }
  return p;
}

const identity = (p: Position): Position => {
  checked(p);
  return [p[0], p[1]];
};

/** WGS84 longitude/latitude: the identity. */
export const WGS84: Crs = Object.freeze({
  name: 'WGS84',
  geographic: true,
  toWgs84: identity,
  fromWgs84: identity,
});

function gcoordCrs(name: string, system: typeof gcoord.GCJ02 | typeof gcoord.BD09): Crs {
  const fromWgs84 = (p: Position) => {
    checked(p);
    return gcoord.transform([p[0], p[1]], gcoord.WGS84, system) as Position;
  };
  // gcoord's inverse is an approximation good to ~0.1 m (GCJ-02) and ~0.25 m (BD-09); a few fixed-point
  // steps on its exact forward transform bring it to well under a millimetre.
  const toWgs84 = (p: Position): Position => {
    checked(p);
    const w = gcoord.transform([p[0], p[1]], system, gcoord.WGS84) as [number, number];
    for (let step = 0; step < 4; step++) {
      const f = fromWgs84(w);
      const dx = p[0] - f[0];
      const dy = p[1] - f[1];
      w[0] += dx;
      w[1] += dy;
      if (Math.abs(dx) < 1e-11 && Math.abs(dy) < 1e-11) break;
    }
    return w;
  };
  return Object.freeze({ name, geographic: true, toWgs84, fromWgs84 });
}

function proj4Crs(name: string, definition: string): Crs {
  let converter: proj4.Converter;
  try {
    converter = proj4('WGS84', definition);
  } catch (error) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `proj4 cannot read the CRS ${JSON.stringify(name)}: ${(error as Error).message ?? error}`,
    );
  }
  const geographic = /\+proj=longlat|^\s*GEOG/i.test(definition);
  return Object.freeze({
    name,
    geographic,
    toWgs84: (p: Position) => converter.inverse([checked(p)[0], p[1]]) as Position,
    fromWgs84: (p: Position) => converter.forward([checked(p)[0], p[1]]) as Position,
  });
}

/**
 * The proj4 definition of a CGCS2000 Gauss-Krüger system, EPSG:4491 to EPSG:4554 (the projected
 * systems of Chinese surveying and land-registry data), or `undefined` for any other code.
 * Axis order is easting first, as in Shapefiles and GeoJSON.
 */
export function cgcs2000GaussKruger(epsg: number): string | undefined {
  let lon0: number;
  let falseEasting = 500_000;
  if (epsg >= 4491 && epsg <= 4501) {
    const zone = epsg - 4491 + 13; // 6° zones 13..23 with the zone number in front of the easting
    lon0 = zone * 6 - 3;
    falseEasting += zone * 1_000_000;
  } else if (epsg >= 4502 && epsg <= 4512) {
    lon0 = 75 + (epsg - 4502) * 6; // 6° zones by central meridian, 75°E..135°E
  } else if (epsg >= 4513 && epsg <= 4533) {
    const zone = epsg - 4513 + 25; // 3° zones 25..45 with the zone number in front of the easting
    lon0 = zone * 3;
    falseEasting += zone * 1_000_000;
  } else if (epsg >= 4534 && epsg <= 4554) {
    lon0 = 75 + (epsg - 4534) * 3; // 3° zones by central meridian, 75°E..135°E
  } else {
    return undefined;
  }
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

/**
 * Reads a CRS from what a user types after `--crs`: `WGS84` (also `EPSG:4326`, `CRS84`), `CGCS2000`
 * (`EPSG:4490`, taken as WGS84: the two differ by centimetres), `GCJ02` (火星坐标, AMap/Tencent),
 * `BD09` (Baidu), `EPSG:3857`, the CGCS2000 Gauss-Krüger systems `EPSG:4491`..`EPSG:4554`, any other
 * code proj4 knows, a proj4 string (`+proj=...`) or WKT. Case and `-`/`_` are ignored in the names.
 * Throws `INVALID_OPTION` for anything else.
 */
export function parseCrs(text: string): Crs {
  if (typeof text !== 'string') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `a CRS is named by text, e.g. "EPSG:4549", got ${typeof text}`,
    );
  }
  const raw = text.trim();
  const key = raw.toUpperCase().replace(/[-_\s]/g, '');
  if (
    [
      'WGS84',
      'WGS1984',
      'EPSG4326',
      'EPSG:4326',
      'CRS84',
      'OGC:CRS84',
      'URN:OGC:DEF:CRS:OGC:1.3:CRS84',
    ].includes(key)
  )
    return WGS84;
  if (['CGCS2000', 'EPSG:4490', 'EPSG4490'].includes(key)) return { ...WGS84, name: 'CGCS2000' };
  if (['GCJ02', 'GCJ', 'AMAP', 'MARS'].includes(key)) return gcoordCrs('GCJ02', gcoord.GCJ02);
  if (['BD09', 'BD09LL', 'BAIDU'].includes(key)) return gcoordCrs('BD09', gcoord.BD09);
  const epsg = /^(?:EPSG:{1,2}|URN:OGC:DEF:CRS:EPSG::?(?:[\d.]*:)?)(\d+)$/.exec(key);
  if (epsg !== null) {
    const code = Number(epsg[1]);
    if (code === 4326) return WGS84;
    if (code === 4490) return { ...WGS84, name: 'CGCS2000' };
    const name = `EPSG:${code}`;
    const definition = cgcs2000GaussKruger(code) ?? (proj4.defs(name) ? name : undefined);
    if (definition === undefined) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `unknown CRS ${name}: pass its proj4 definition instead, e.g. --crs '+proj=tmerc +lon_0=... +ellps=GRS80 +units=m'`,
      );
    }
    return proj4Crs(name, definition);
  }
  if (raw.startsWith('+') || /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\[/i.test(raw))
    return proj4Crs(raw, raw);
  throw new WanggeError(
    ErrorCode.INVALID_OPTION,
    `unknown CRS ${JSON.stringify(text)}: use WGS84, CGCS2000, GCJ02, BD09, EPSG:<code>, a proj4 string or WKT`,
  );
}

/** The geometry with every position mapped through `f` (any geometry type; `null` stays `null`). */
export function mapGeometry<G extends Geometry | null>(geometry: G, f: (p: Position) => Position): G {
  if (typeof f !== 'function')
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'mapGeometry needs a function');
  if (geometry === null) return geometry;
  if (typeof geometry !== 'object' || !isGeometryType((geometry as { type?: unknown }).type)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      `expected a GeoJSON geometry or null, got ${String(geometry)}`,
    );
  }
  const g = geometry as Geometry;
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) } as G;
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) } as G;
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((r) => r.map(f)) } as G;
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) } as G;
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((c) => mapGeometry(c, f)) } as G;
    default:
      return geometry;
  }
}

function checkFeaturesAndCrs(features: unknown, crs: unknown): void {
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'object' && f !== null)) {
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'expected an array of GeoJSON Features');
  }
  const c = crs as Partial<Crs> | null;
  if (typeof c?.toWgs84 !== 'function' || typeof c.fromWgs84 !== 'function') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'crs must be a Crs, e.g. parseCrs("EPSG:4549") or WGS84');
  }
}

/** Calls `f` on every position of the geometry in order (any geometry type; `null` has none). */
export function forEachPosition(geometry: Geometry | null, f: (p: Position) => void): void {
  if (geometry === null) return;
  switch (geometry.type) {
    case 'Point':
      f(geometry.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const p of geometry.coordinates) f(p);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const ring of geometry.coordinates) for (const p of ring) f(p);
      return;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) for (const ring of polygon) for (const p of ring) f(p);
      return;
    case 'GeometryCollection':
      for (const g of geometry.geometries) forEachPosition(g, f);
  }
}

/** Features converted from `crs` to WGS84 (returned as they are when `crs` is WGS84). */
export function featuresToWgs84<F extends Feature>(features: F[], crs: Crs): F[] {
  checkFeaturesAndCrs(features, crs);
  if (crs.toWgs84 === identity) return features;
  return features.map((f) => ({ ...f, geometry: mapGeometry(f.geometry, crs.toWgs84) }));
}

/** WGS84 features converted to `crs` (returned as they are when `crs` is WGS84). */
export function featuresFromWgs84<F extends Feature>(features: F[], crs: Crs): F[] {
  checkFeaturesAndCrs(features, crs);
  if (crs.fromWgs84 === identity) return features;
  return features.map((f) => ({ ...f, geometry: mapGeometry(f.geometry, crs.fromWgs84) }));
}
