/**
 * The map frame: a local conformal projection of the data in metres, fitted into a rectangle of the page
 * (y down), and geometry written as SVG path data in it. Nothing is clipped here; see `layers.ts`.
 */
import { type BBox, ErrorCode, type LocalProjection, localProjection, WanggeError } from '@wangge/core';
import type { Geometry, Position } from 'geojson';
import { fmt } from './svg';

/** A rectangle of the page, in its user units. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point of the page. */
export type Pixel = [number, number];

/** Extent in projected metres: `[minX, minY, maxX, maxY]`. */
type Extent = [number, number, number, number];

/** Options of {@link Frame.fit}. */
export interface FitOptions {
  /** Space kept around the geometries, in metres. @default 0 */
  margin?: number;
  /** More space, as a fraction of the geometries' larger side on the ground. @default 0 */
  relativeMargin?: number;
}

/** A projection of `[lon, lat]` onto a rectangle of the page, north up, the same scale on both axes. */
export class Frame {
  /** Page units per metre on the ground. */
  readonly scale: number;

  private constructor(
    private readonly projection: LocalProjection,
    /** The rectangle of the page the frame fills. */
    readonly rect: Rect,
    private readonly originX: number,
    private readonly originY: number,
    scale: number,
  ) {
    this.scale = scale;
  }

  /**
   * The frame that shows `geometries` (and `margin` metres around them) as large as fits in `rect`,
   * centred. Throws `EMPTY_INPUT` when the geometries hold no position.
   */
  static fit(geometries: readonly Geometry[], rect: Rect, options: FitOptions = {}): Frame {
    return Frame.inExtent(measure(geometries), rect, options);
  }

  /**
   * The frame that shows `geometries` across `width` at `(x, y)`, as tall as their shape asks (at least
   * `minHeight`, centred in it).
   */
  static fitWidth(
    geometries: readonly Geometry[],
    x: number,
    y: number,
    width: number,
    minHeight: number,
  ): Frame {
    const measured = measure(geometries);
    const [minX, minY, maxX, maxY] = measured.extent;
    const height = Math.max(minHeight, ((maxY - minY) / Math.max(maxX - minX, 1e-9)) * width);
    return Frame.inExtent(measured, { x, y, width, height });
  }

  private static inExtent(
    { projection, extent }: { projection: LocalProjection; extent: Extent },
    rect: Rect,
    options: FitOptions = {},
  ): Frame {
    const [minX, minY, maxX, maxY] = extent;
    const margin = (options.margin ?? 0) + (options.relativeMargin ?? 0) * Math.max(maxX - minX, maxY - minY);
    const w = maxX - minX + 2 * margin;
    const h = maxY - minY + 2 * margin;
    const scale = Math.min(rect.width / Math.max(w, 1e-9), rect.height / Math.max(h, 1e-9));
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    return new Frame(projection, rect, cx - rect.width / 2 / scale, cy + rect.height / 2 / scale, scale);
  }

  /** A `[lon, lat]` position on the page. */
  toPixel(p: Position): Pixel {
    const [x, y] = this.projection.forward(p);
    return [this.rect.x + (x - this.originX) * this.scale, this.rect.y + (this.originY - y) * this.scale];
  }

  /** The `[lon, lat]` box the frame shows, a little enlarged (for picking the features to draw). */
  lonLatBox(): BBox {
    const { x, y, width, height } = this.rect;
    const corners = [
      [x, y],
      [x + width, y],
      [x, y + height],
      [x + width, y + height],
      [x + width / 2, y],
      [x + width / 2, y + height],
    ].map(([px, py]) =>
      this.projection.inverse([
        this.originX + (px - this.rect.x) / this.scale,
        this.originY - (py - this.rect.y) / this.scale,
      ]),
    );
    const lons = corners.map((c) => c[0]);
    const lats = corners.map((c) => c[1]);
    const slack =
      0.01 * Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats));
    return [
      Math.min(...lons) - slack,
      Math.min(...lats) - slack,
      Math.max(...lons) + slack,
      Math.max(...lats) + slack,
    ];
  }

  /** A geometry as SVG path data on the page (points and empty geometries give ''). */
  pathOf(geometry: Geometry): string {
    return pixelsToPath(geometryToPixels(geometry, this), /Polygon/.test(geometry.type));
  }
}

/** The lines or rings of a geometry projected onto the page (points are left out). */
export function geometryToPixels(geometry: Geometry, frame: Frame): Pixel[][] {
  const project = (line: Position[]) => line.map((p) => frame.toPixel(p));
  switch (geometry.type) {
    case 'Polygon':
    case 'MultiLineString':
      return geometry.coordinates.map(project);
    case 'MultiPolygon':
      return geometry.coordinates.flatMap((rings) => rings.map(project));
    case 'LineString':
      return [project(geometry.coordinates)];
    case 'GeometryCollection':
      return geometry.geometries.flatMap((g) => geometryToPixels(g, frame));
    default:
      return [];
  }
}

/** Lines (or, with `close`, rings) of page points as SVG path data. */
export function pixelsToPath(lines: readonly Pixel[][], close: boolean): string {
  let d = '';
  for (const line of lines) {
    if (line.length < 2) continue;
    for (let i = 0; i < line.length; i++) d += `${i === 0 ? 'M' : 'L'}${fmt(line[i][0])} ${fmt(line[i][1])}`;
    if (close) d += 'Z';
  }
  return d;
}

/** Calls `visit` with every position of a geometry, points included. */
export function forEachPosition(geometry: Geometry, visit: (p: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const p of geometry.coordinates) visit(p);
      return;
    case 'Polygon':
    case 'MultiLineString':
      for (const line of geometry.coordinates) for (const p of line) visit(p);
      return;
    case 'MultiPolygon':
      for (const rings of geometry.coordinates) for (const ring of rings) for (const p of ring) visit(p);
      return;
    case 'GeometryCollection':
      for (const g of geometry.geometries) forEachPosition(g, visit);
  }
}

/** The `[lon, lat]` box of some geometries; throws `EMPTY_INPUT` when they hold no position. */
export function lonLatBox(geometries: readonly Geometry[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of geometries) {
    forEachPosition(g, (p) => {
      if (p[0] < box[0]) box[0] = p[0];
      if (p[1] < box[1]) box[1] = p[1];
      if (p[0] > box[2]) box[2] = p[0];
      if (p[1] > box[3]) box[3] = p[1];
    });
  }
  if (!(box[0] <= box[2])) throw new WanggeError(ErrorCode.EMPTY_INPUT, 'no position to draw');
  return box;
}

/** The local conformal projection of some geometries and their extent in it (one pass over them). */
function measure(geometries: readonly Geometry[]): { projection: LocalProjection; extent: Extent } {
  const projection = localProjection(lonLatBox(geometries), { kind: 'conformal' });
  const extent: Extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of geometries) {
    forEachPosition(g, (p) => {
      const [x, y] = projection.forward(p);
      if (x < extent[0]) extent[0] = x;
      if (y < extent[1]) extent[1] = y;
      if (x > extent[2]) extent[2] = x;
      if (y > extent[3]) extent[3] = y;
    });
  }
  return { projection, extent };
}
