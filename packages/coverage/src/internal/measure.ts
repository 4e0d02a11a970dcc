import type { Position } from 'geojson';
import polylabel from 'polylabel';

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

/**
 * Pieces narrower than this on average (metres) are below the precision model, not data: the kernel's
 * overlay snaps every vertex and crossing to 1e-9° (about 0.1 mm), which leaves triangles up to about half
 * a grid cell wide where a vertex of one grid sits on a slanted edge of another (a cut, a clip). Twice the
 * cell is kept as the margin; real digitising errors are millimetres and up.
 */
export const ROUNDING_WIDTH = 2e-4;

/**
 * Mean width of a polygon in metres, `2 × area / perimeter` in a local plane: for a thin strip, its width.
 * Unlike the inscribed-circle width it needs no search precision, so it tells rounding slivers (about
 * 1e-9 m) from real ones (millimetres) at any size.
 */
export function meanWidthOf(rings: readonly Position[][]): number {
  const [x0, y0] = rings[0][0];
  const kx = M_PER_DEG_LON * Math.cos((y0 * Math.PI) / 180);
  let area = 0;
  let perimeter = 0;
  for (const ring of rings) {
    let twice = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const ax = (ring[i][0] - x0) * kx;
      const ay = (ring[i][1] - y0) * M_PER_DEG_LAT;
      const bx = (ring[i + 1][0] - x0) * kx;
      const by = (ring[i + 1][1] - y0) * M_PER_DEG_LAT;
      twice += ax * by - bx * ay;
      perimeter += Math.hypot(bx - ax, by - ay);
    }
    area += twice / 2;
  }
  return perimeter === 0 ? 0 : (2 * Math.abs(area)) / perimeter;
}

/** The box `[minX, minY, maxX, maxY]` of polygons' exteriors. */
export function polygonsBox(polygons: readonly Position[][][]): [number, number, number, number] {
  const box: [number, number, number, number] = [
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (const rings of polygons) {
    for (const [x, y] of rings[0]) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}

/** An overlay piece thinner on average than {@link ROUNDING_WIDTH}: rounding, not a defect. */
export function isRounding(piece: Position[][]): boolean {
  return meanWidthOf(piece) < ROUNDING_WIDTH;
}

/** Polylabel precision for a piece of `area` m²: fine enough to compare with `sliverWidth`, coarse enough for a lake. */
export function precisionFor(area: number, sliverWidth: number): number {
  return Math.max(Math.sqrt(area) * 1e-3, Math.min(sliverWidth > 0 ? sliverWidth / 100 : 0.01, 0.01));
}
