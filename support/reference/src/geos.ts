/**
 * The GEOS module (geos-wasm 3.1.1, GEOS 3.13) and the two crossings between GeoJSON and GEOS: every
 * function of this package goes through here, so memory is allocated and freed in one place.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import initGeosJs from 'geos-wasm';
import { geojsonToGeosGeom, geosGeomToGeojson } from 'geos-wasm/helpers';
import wkx from 'wkx';

/** A polygonal GeoJSON geometry, the only kind this reference reads and returns. */
export type Polygonal = Polygon | MultiPolygon;

type Geos = Awaited<ReturnType<typeof initGeosJs>>;

let geos: Geos | null = null;
let lastError = '';

/**
 * Loads GEOS from the geos-wasm npm package (no network). Call once and await it; every other function
 * of this package is synchronous afterwards.
 */
export async function loadReference(): Promise<void> {
  if (geos !== null) return;
  // Record GEOS errors instead of throwing through the WASM stack; if another part of the process
  // initialised geos-wasm first (its handler throws), `call` catches the throw instead.
  geos = await initGeosJs({ errorHandler: (message: string) => (lastError = message) } as never);
}

/** The loaded module; throws when {@link loadReference} has not finished. */
export function module(): Geos {
  if (geos === null) throw new Error('@wangge/reference: await loadReference() first');
  return geos;
}

/** Runs a GEOS call and returns its result with the error GEOS reported during it, if any. */
export function call<T>(run: (g: Geos) => T): { value: T | null; error: string | null } {
  const g = module();
  lastError = '';
  try {
    const value = run(g);
    return { value, error: lastError === '' ? null : lastError };
  } catch (error) {
    return { value: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** True when every ring is closed and has at least 4 finite positions: GEOS can build it as it is. */
function isBuildable(geometry: Polygonal): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.every(
    (rings) =>
      rings.length > 0 &&
      rings.every((ring) => {
        if (ring.length < 4) return false;
        const first = ring[0];
        const last = ring[ring.length - 1];
        return first[0] === last[0] && first[1] === last[1];
      }),
  );
}

function flat2d(geometry: Polygonal): Polygonal {
  const ring = (r: Position[]) => r.map((p) => [p[0], p[1]]);
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((rings) => rings.map(ring)) };
}

/**
 * The geometry as a GEOS pointer (the caller frees it with {@link free}), or the GEOS error that refused it.
 * With `fixStructure`, rings GEOS cannot build as they are (unclosed, fewer than 4 positions) go through
 * the WKB reader's structure fix (closing and padding rings), as GEOS and shapely do for dirty input.
 */
export function toGeos(
  geometry: Polygonal,
  options: { fixStructure: boolean },
): { ptr: number; error: string | null } {
  const plane = flat2d(geometry);
  if (isBuildable(plane)) {
    const { value, error } = call((g) => geojsonToGeosGeom(plane as never, g));
    return { ptr: value ?? 0, error };
  }
  const read = readWkb(plane, options.fixStructure);
  if (read.ptr !== 0 || !options.fixStructure) return read;
  // GEOS's structure fix pads rings of 3 positions but refuses rings of 1 or 2, which enclose nothing:
  // those are left out (an exterior with its holes), and what is left is read again.
  return readWkb(withoutCollapsedRings(plane), true);
}

function readWkb(plane: Polygonal, fixStructure: boolean): { ptr: number; error: string | null } {
  const wkb = wkx.Geometry.parseGeoJSON(plane).toWkb();
  const { value, error } = call((g) => {
    const reader = g.GEOSWKBReader_create();
    g.GEOSWKBReader_setFixStructure(reader, fixStructure ? 1 : 0);
    const buffer = g.Module._malloc(wkb.length);
    g.Module.HEAPU8.set(wkb, buffer);
    const ptr = g.GEOSWKBReader_read(reader, buffer, wkb.length);
    g.Module._free(buffer);
    g.GEOSWKBReader_destroy(reader);
    return ptr;
  });
  return { ptr: value ?? 0, error: error ?? (value ? null : 'GEOS could not read the geometry') };
}

function withoutCollapsedRings(geometry: Polygonal): Polygonal {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates)
    .filter((rings) => rings.length > 0 && rings[0].length >= 3)
    .map((rings) => rings.filter((ring) => ring.length >= 3));
  return { type: 'MultiPolygon', coordinates: polygons };
}

/** The polygonal part of a GEOS geometry (lines and points dropped), or `null` when it has none. */
export function fromGeos(ptr: number): Polygonal | null {
  const polygons: Position[][][] = [];
  const collect = (geometry: { type: string; coordinates?: unknown; geometries?: unknown[] }) => {
    if (geometry.type === 'Polygon') {
      const rings = geometry.coordinates as Position[][];
      if (rings.length > 0 && rings[0].length > 0) polygons.push(rings);
    } else if (geometry.type === 'MultiPolygon') {
      for (const rings of geometry.coordinates as Position[][][]) if (rings.length > 0) polygons.push(rings);
    } else if (geometry.type === 'GeometryCollection') {
      for (const part of geometry.geometries as Array<typeof geometry>) collect(part);
    }
  };
  if (module().GEOSisEmpty(ptr) === 1) return null;
  collect(toGeoJson(ptr) as never);
  if (polygons.length === 0) return null;
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/** GEOS planar area of a geometry pointer, in coordinate units squared. */
export function areaOf(ptr: number): number {
  const g = module();
  const value = g.Module._malloc(8);
  g.GEOSArea(ptr, value as never);
  const a = g.Module.getValue(value, 'double');
  g.Module._free(value);
  return a;
}

/** A GEOS collection of the given geometries; it owns them from now on (free the collection only). */
export function collectionOf(pointers: readonly number[]): number {
  const g = module();
  const array = g.Module._malloc(4 * Math.max(1, pointers.length));
  g.Module.HEAPU32.set(Uint32Array.from(pointers), array / 4);
  const out = g.GEOSGeom_createCollection(
    g.GEOSGeomTypes.GEOS_GEOMETRYCOLLECTION,
    array as never,
    pointers.length,
  );
  g.Module._free(array);
  return out;
}

/** GeoJSON of any GEOS geometry, as geos-wasm's helper converts it. */
export function toGeoJson(ptr: number): unknown {
  return geosGeomToGeojson(ptr, module());
}

/** Frees GEOS geometries (null pointers are skipped). */
export function free(...pointers: number[]): void {
  const g = module();
  for (const ptr of pointers) if (ptr) g.GEOSGeom_destroy(ptr);
}

/** Reads and frees a string GEOS allocated. */
export function takeString(ptr: number): string {
  const g = module();
  const text = g.Module.UTF8ToString(ptr as never);
  g.GEOSFree(ptr as never);
  return text;
}
