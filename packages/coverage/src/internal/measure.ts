import type { Position } from 'geojson';
import polylabel from 'polylabel';
import { polygonsBox } from './rings';

/** Metres per degree of latitude and (at the equator) of longitude on WGS84, near enough for widths. */
export const M_PER_DEG_LAT = 110_574;
/** Metres per degree of longitude at the equator. */
export const M_PER_DEG_LON = 111_320;

/** Degrees of longitude and latitude spanned by `metres` at latitude `lat`. */
export function metresToDegrees(metres: number, lat: number): [number, number] {
  const cos = Math.max(1e-6, Math.cos((lat * Math.PI) / 180));
  return [metres / (M_PER_DEG_LON * cos), metres / M_PER_DEG_LAT];
}

/** Planar distance in metres from `p` to segment `ab`, all `[lon, lat]`, in a local tangent plane at `p`. */
export function pointSegmentMetres(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const kx = M_PER_DEG_LON * Math.cos((py * Math.PI) / 180);
  const ky = M_PER_DEG_LAT;
  const x1 = (ax - px) * kx;
  const y1 = (ay - py) * ky;
  const x2 = (bx - px) * kx;
  const y2 = (by - py) * ky;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(x1 * dx + y1 * dy) / len));
  return Math.hypot(x1 + t * dx, y1 + t * dy);
}

/**
 * Width of a polygonal area in metres: twice the radius of the largest circle inscribed in its widest
 * part (polylabel, in a local plane at the area's centre), to `precision` metres.
 */
export function widthOf(polygons: readonly Position[][][], precision: number): number {
  const box = polygonsBox(polygons);
  const lat0 = (box[1] + box[3]) / 2;
  const lon0 = (box[0] + box[2]) / 2;
  const kx = M_PER_DEG_LON * Math.cos((lat0 * Math.PI) / 180);
  let best = 0;
  for (const rings of polygons) {
    const local = rings.map((ring) =>
      ring.map((p): [number, number] => [(p[0] - lon0) * kx, (p[1] - lat0) * M_PER_DEG_LAT]),
    );
    best = Math.max(best, polylabel(local, precision).distance);
  }
  return 2 * best;
}
