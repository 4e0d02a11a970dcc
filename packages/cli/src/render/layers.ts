/**
 * Base layers (roads, buildings, water, green space) from line and polygon files, drawn under the grid
 * outlines and clipped to a box of the page with lineclip (Cohen–Sutherland for lines,
 * Sutherland–Hodgman for rings), so a sheet carries only what lies around its grid.
 */

import type { BBox } from '@wangge/core';
import type { Feature, Geometry } from 'geojson';
import { clipPolygon, clipPolyline } from 'lineclip';
import { type Frame, geometryToPixels, lonLatBox, type Pixel, pixelsToPath } from './frame';
import type { Box } from './labels';
import { esc, fmt2 } from './svg';

/** How a base layer is drawn. */
export type LayerStyle = 'road' | 'building' | 'water' | 'green' | 'line' | 'area';

/** The styles, in the order they are drawn (areas first, roads last). */
export const LAYER_STYLES: readonly LayerStyle[] = ['area', 'green', 'water', 'building', 'line', 'road'];

/** Legend names of the styles. */
export const LAYER_NAMES: Record<LayerStyle, string> = {
  road: '道路 road',
  building: '建筑 building',
  water: '水系 water',
  green: '绿地 green',
  line: '线 line',
  area: '面 area',
};

/** Fill and stroke of each style; the road's fill is its core line. */
export const LAYER_PAINT: Record<LayerStyle, { fill: string; stroke: string }> = {
  road: { fill: '#ffd24d', stroke: '#a67c00' },
  building: { fill: '#d9cfc1', stroke: '#b3a793' },
  water: { fill: '#a8d5f2', stroke: '#5ea9dd' },
  green: { fill: '#cfe8b8', stroke: '#9cc77f' },
  line: { fill: 'none', stroke: '#777777' },
  area: { fill: '#e6e6e6', stroke: '#a0a0a0' },
};

/**
 * A legend swatch of a style: `width` long, its text's baseline at `y`, sized for text of `size`
 * (a road as its casing and core, a line as a stroke, an area as a filled box).
 */
export function layerSwatch(style: LayerStyle, x: number, y: number, width: number, size: number): string {
  const paint = LAYER_PAINT[style];
  const line = (stroke: string, w: number) =>
    `<line x1="${fmt2(x)}" y1="${fmt2(y - size * 0.3)}" x2="${fmt2(x + width)}" y2="${fmt2(y - size * 0.3)}" stroke="${stroke}" stroke-width="${fmt2(w)}"/>`;
  if (style === 'road') return line(paint.stroke, size * 0.6) + line(paint.fill, size * 0.4);
  if (style === 'line') return line(paint.stroke, size * 0.15);
  return `<rect x="${fmt2(x)}" y="${fmt2(y - size * 0.8)}" width="${fmt2(width)}" height="${fmt2(size)}" fill="${paint.fill}" stroke="${paint.stroke}" stroke-width="${fmt2(size * 0.08)}"/>`;
}

/** A base layer ready to draw: its features with their `[lon, lat]` boxes. */
export interface BaseLayer {
  /** The name it was given (the file's base name). */
  name: string;
  style: LayerStyle;
  features: Feature[];
  /** Box of each feature, for picking those near a sheet. */
  boxes: BBox[];
}

/**
 * A base layer of line and polygon features (points and empty features are left out). Its style is
 * `style` when given, else read from its name (road(s), building(s), water, lake, river, green, park),
 * else `line` or `area` by its first feature's geometry.
 */
export function baseLayerOf(name: string, features: readonly Feature[], style?: LayerStyle): BaseLayer {
  const drawn = features.filter(
    (f) => f.geometry !== null && /Line|Polygon|Collection/.test(f.geometry.type),
  );
  const kept = drawn.filter((f) => {
    try {
      lonLatBox([f.geometry]);
      return true;
    } catch {
      return false; // no position at all
    }
  });
  return {
    name,
    style: style ?? styleOfName(name) ?? (/Polygon/.test(kept[0]?.geometry?.type ?? '') ? 'area' : 'line'),
    features: kept,
    boxes: kept.map((f) => lonLatBox([f.geometry])),
  };
}

function styleOfName(name: string): LayerStyle | undefined {
  const n = name.toLowerCase();
  if (/road|street|道路|街道/.test(n)) return 'road';
  if (/building|楼|建筑/.test(n)) return 'building';
  if (/water|lake|river|水/.test(n)) return 'water';
  if (/green|park|绿/.test(n)) return 'green';
  return undefined;
}

/** Options of {@link layersToSvg}. */
export interface LayerDrawOptions {
  /** Width of a road's core line, in page units. */
  roadWidth: number;
  /** Width of thin strokes (building outlines, plain lines), in page units. */
  lineWidth: number;
}

/** A drawn road, for its name label. */
export interface DrawnRoad {
  name: string;
  /** Its longest clipped piece, on the page. */
  piece: Pixel[];
}

/**
 * Base layers inside `clip` (a box of the page, usually a little larger than the frame) as SVG, in
 * style order, with the named road pieces drawn (for their labels).
 */
export function layersToSvg(
  layers: readonly BaseLayer[],
  frame: Frame,
  clip: Box,
  options: LayerDrawOptions,
): { svg: string[]; roads: DrawnRoad[] } {
  const near = frame.lonLatBox();
  const out: string[] = [];
  const roads: DrawnRoad[] = [];
  const ordered = [...layers].sort((a, b) => LAYER_STYLES.indexOf(a.style) - LAYER_STYLES.indexOf(b.style));
  for (const layer of ordered) {
    const lines: Pixel[][] = [];
    const rings: Pixel[][] = [];
    layer.features.forEach((f, i) => {
      const b = layer.boxes[i];
      if (b[0] > near[2] || b[2] < near[0] || b[1] > near[3] || b[3] < near[1]) return;
      const { lines: l, rings: r } = clipToBox(f.geometry, frame, clip);
      lines.push(...l);
      rings.push(...r);
      const name = f.properties?.name;
      if (layer.style === 'road' && typeof name === 'string' && l.length > 0) {
        roads.push({ name, piece: l.reduce((a, c) => (lengthOf(c) > lengthOf(a) ? c : a)) });
      }
    });
    if (lines.length === 0 && rings.length === 0) continue;
    out.push(layerToSvg(layer, lines, rings, options));
  }
  return { svg: out, roads };
}

function layerToSvg(layer: BaseLayer, lines: Pixel[][], rings: Pixel[][], o: LayerDrawOptions): string {
  const paint = LAYER_PAINT[layer.style];
  const id = `layer-${esc(layer.name.replace(/[^\w-]+/g, '-'))}`;
  const parts: string[] = [
    `<g class="layer ${layer.style}" id="${id}" stroke-linejoin="round" stroke-linecap="round">`,
  ];
  if (rings.length > 0) {
    const fill = paint.fill === 'none' ? LAYER_PAINT.area.fill : paint.fill;
    parts.push(
      `<path d="${pixelsToPath(rings, true)}" fill="${fill}" fill-rule="evenodd" stroke="${paint.stroke}" stroke-width="${fmt2(o.lineWidth)}"/>`,
    );
  }
  if (lines.length > 0) {
    const d = pixelsToPath(lines, false);
    if (layer.style === 'road') {
      parts.push(
        `<path class="road-casing" d="${d}" fill="none" stroke="${paint.stroke}" stroke-width="${fmt2(o.roadWidth * 1.5)}"/>`,
        `<path class="road" d="${d}" fill="none" stroke="${paint.fill}" stroke-width="${fmt2(o.roadWidth)}"/>`,
      );
    } else {
      parts.push(
        `<path d="${d}" fill="none" stroke="${paint.stroke}" stroke-width="${fmt2(layer.style === 'water' ? o.roadWidth * 0.8 : o.lineWidth * 2)}"/>`,
      );
    }
  }
  parts.push('</g>');
  return parts.join('');
}

/** A geometry on the page, clipped to a box of the page: its lines and its rings. */
export function clipToBox(
  geometry: Geometry,
  frame: Frame,
  clip: Box,
): { lines: Pixel[][]; rings: Pixel[][] } {
  const box: [number, number, number, number] = [clip.minX, clip.minY, clip.maxX, clip.maxY];
  const lines: Pixel[][] = [];
  const rings: Pixel[][] = [];
  const parts = geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry];
  for (const part of parts) {
    const pixels = geometryToPixels(part, frame);
    if (/Polygon/.test(part.type)) {
      for (const ring of pixels) {
        const clipped = clipPolygon(ring, box) as Pixel[];
        if (clipped.length >= 3) rings.push(clipped);
      }
    } else {
      for (const line of pixels)
        lines.push(...(clipPolyline(line, box) as Pixel[][]).filter((l) => l.length >= 2));
    }
  }
  return { lines, rings };
}

/** Length of a line on the page. */
export function lengthOf(line: readonly Pixel[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++)
    s += Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
  return s;
}
