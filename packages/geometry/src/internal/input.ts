/**
 * Reading polygonal GeoJSON into the precision model: coordinates checked (a typed error, never a
 * repair, for NaN, infinities and out-of-range values), then snapped to the global grid of
 * {@link GRID_UNITS} units per degree and laid out as integer segments.
 */
import { ErrorCode, type ErrorLocation, positionProblem, WanggeError } from '@wangge/core';
import type { Position } from 'geojson';
import type { SegmentList } from './noder';

/**
 * Grid units per degree: coordinates snap to multiples of 1e-9° (about 0.1 mm). Data with 9 decimals or
 * fewer comes back bit for bit (`round(x·1e9) / 1e9` is the double nearest the decimal), the integers stay
 * below 2^38, and every orientation on them is exact.
 */
export const GRID_UNITS = 1e9;

/** A coordinate in grid units (an integer-valued double; `-0` becomes `0`). */
export function toGrid(v: number): number {
  const r = Math.round(v * GRID_UNITS);
  return r === 0 ? 0 : r;
}

/** A grid value back in degrees. */
export function fromGrid(v: number): number {
  return v / GRID_UNITS;
}

/** The coordinate of `v` on the grid, in degrees: what every overlay output holds. */
export function snapCoordinate(v: number): number {
  return fromGrid(toGrid(v));
}

/** Whether every position of `polygons` is on the grid (as {@link snapCoordinate} leaves it). */
export function isOnGrid(polygons: Position[][][]): boolean {
  for (const rings of polygons) {
    for (const ring of rings) {
      for (const p of ring) if (snapCoordinate(p[0]) !== p[0] || snapCoordinate(p[1]) !== p[1]) return false;
    }
  }
  return true;
}

/**
 * The polygons of a Polygon or MultiPolygon with every position checked, as given (not cleaned). Throws
 * `UNSUPPORTED_GEOMETRY`, `INVALID_GEOJSON`, `INVALID_COORDINATE` or `COORDINATE_OUT_OF_RANGE` with the
 * location and the path of the offending value.
 */
export function checkedPolygons(geometry: unknown, location: ErrorLocation = {}): Position[][][] {
  if (typeof geometry !== 'object' || geometry === null) {
    return fail(
      location,
      ErrorCode.INVALID_GEOJSON,
      `expected a geometry object, got ${JSON.stringify(geometry)}`,
    );
  }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return fail(
      location,
      ErrorCode.UNSUPPORTED_GEOMETRY,
      `expected Polygon or MultiPolygon, got ${String(type)}`,
    );
  }
  if (!Array.isArray(coordinates)) {
    return fail(
      location,
      ErrorCode.INVALID_GEOJSON,
      `${type} without a coordinates array`,
      'geometry.coordinates',
    );
  }
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[];
  // Paths are spelled out only on failure: this loop sees every position of every input.
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p];
    if (!Array.isArray(rings))
      fail(location, ErrorCode.INVALID_GEOJSON, 'a polygon must be an array of rings', partPath(type, p));
    for (let r = 0; r < (rings as unknown[]).length; r++) {
      const ring = (rings as unknown[])[r];
      if (!Array.isArray(ring)) {
        fail(
          location,
          ErrorCode.INVALID_GEOJSON,
          'a ring must be an array of positions',
          `${partPath(type, p)}[${r}]`,
        );
      }
      for (let i = 0; i < (ring as unknown[]).length; i++) {
        const position = (ring as unknown[])[i];
        if (!Array.isArray(position) || position.length < 2) {
          fail(
            location,
            ErrorCode.INVALID_COORDINATE,
            'a position needs [lon, lat]',
            `${partPath(type, p)}[${r}][${i}]`,
          );
        }
        const x = (position as unknown[])[0];
        const y = (position as unknown[])[1];
        const code = positionProblem(x, y);
        if (code === ErrorCode.INVALID_COORDINATE) {
          fail(
            location,
            code,
            `coordinate ${JSON.stringify([x, y])} is not a finite number`,
            `${partPath(type, p)}[${r}][${i}]`,
          );
        } else if (code !== null) {
          fail(
            location,
            code,
            `coordinate ${JSON.stringify([x, y])} is outside lon [-180, 180], lat [-90, 90]`,
            `${partPath(type, p)}[${r}][${i}]`,
          );
        }
      }
    }
  }
  return polygons as Position[][][];
}

function fail(location: ErrorLocation, code: ErrorCode, message: string, path = 'geometry'): never {
  throw new WanggeError(code, message, { ...location, path });
}

function partPath(type: string, p: number): string {
  return type === 'Polygon' ? 'geometry.coordinates' : `geometry.coordinates[${p}]`;
}

/**
 * A ring snapped to the grid: interleaved integer coordinates, consecutive repeats dropped, open (the
 * closing position not repeated).
 */
export function snapRing(ring: readonly Position[]): Float64Array {
  const out = new Float64Array(2 * ring.length);
  let n = 0;
  for (const p of ring) {
    const x = toGrid(p[0]);
    const y = toGrid(p[1]);
    if (n > 0 && out[2 * n - 2] === x && out[2 * n - 1] === y) continue;
    out[2 * n] = x;
    out[2 * n + 1] = y;
    n++;
  }
  while (n > 1 && out[0] === out[2 * n - 2] && out[1] === out[2 * n - 1]) n--;
  return out.subarray(0, 2 * n);
}

/** Twice the signed area of an open ring of interleaved coordinates (local frame). */
export function openRingArea2(xy: Float64Array): number {
  const n = xy.length / 2;
  if (n < 3) return 0;
  let twice = 0;
  for (let i = 1; i + 1 < n; i++) {
    twice +=
      (xy[2 * i] - xy[0]) * (xy[2 * i + 3] - xy[1]) - (xy[2 * i + 2] - xy[0]) * (xy[2 * i + 1] - xy[1]);
  }
  return twice;
}

/**
 * Adds an open snapped ring's edges to `list` as segments of `input`. `orient` +1 makes it run
 * counter-clockwise, -1 clockwise (by its signed area), 0 keeps it as given.
 */
export function addRing(list: SegmentList, xy: Float64Array, input: number, orient: number): void {
  const n = xy.length / 2;
  if (n < 2) return;
  const area = orient === 0 ? 0 : openRingArea2(xy);
  const reverse = orient !== 0 && area !== 0 && Math.sign(area) !== orient;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    if (reverse) list.push(xy[2 * j], xy[2 * j + 1], xy[2 * i], xy[2 * i + 1], input);
    else list.push(xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1], input);
  }
}
