/**
 * Entities drawn as symbols by category (key units 重点单位, 九小场所, schools, shops): one shape and
 * colour per category, the same on the overview, the sheets and the legend.
 */
import type { Feature, Position } from 'geojson';
import type { Frame, Pixel } from './frame';
import { esc, fmt2 } from './svg';

/** Shapes a symbol can take. */
export type SymbolShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'hexagon' | 'star';

/** One category of entities and how it is drawn. */
export interface SymbolCategory {
  /** The category as the points file writes it. */
  key: string;
  /** Legend text: the Chinese name of a known category with the key, else the key. */
  label: string;
  shape: SymbolShape;
  colour: string;
  /** Size relative to the map's symbol size (shops small, key units full). */
  scale: number;
  count: number;
}

/** Entities to draw: positions by category. */
export interface SymbolLayer {
  categories: SymbolCategory[];
  points: Array<{ position: Position; category: number; name: string | null }>;
  /** Features that had no point (lines, polygons, no geometry): not drawn. */
  skipped: number;
}

/** Categories wangge knows, with their Chinese name and symbol. */
const KNOWN: Record<string, { label: string; shape: SymbolShape; colour: string; scale?: number }> = {
  school: { label: '学校', shape: 'square', colour: '#1f5fbf' },
  hospital: { label: '医院', shape: 'cross', colour: '#2e7d32' },
  'hazardous-goods': { label: '危化品', shape: 'triangle', colour: '#d84315' },
  market: { label: '市场', shape: 'diamond', colour: '#8e24aa' },
  'construction-site': { label: '工地', shape: 'hexagon', colour: '#6d4c41' },
  'key-unit': { label: '重点单位', shape: 'star', colour: '#c2185b' },
  'nine-small': { label: '九小场所', shape: 'circle', colour: '#ef6c00' },
  九小场所: { label: '九小场所', shape: 'circle', colour: '#ef6c00' },
  shop: { label: '商铺', shape: 'circle', colour: '#546e7a', scale: 0.55 },
};

const SHAPES: SymbolShape[] = ['circle', 'square', 'triangle', 'diamond', 'hexagon', 'star', 'cross'];
const COLOURS = ['#00838f', '#5d4037', '#283593', '#9e9d24', '#ad1457', '#37474f', '#6a1b9a', '#2e7d32'];

/** The column or property read for a point's category when none is named. */
export const CATEGORY_PROPERTIES = ['category', 'kind', 'type', '类别', '类型'];

/**
 * The symbols of a points file, categorised by `property` (@default the first of `category`, `kind`,
 * `type`, 类别, 类型 that a feature has). Known categories keep their symbol; the others get shapes and
 * colours in the sorted order of their names, so the same file always draws the same.
 */
export function symbolLayerOf(features: readonly Feature[], property?: string): SymbolLayer {
  const categoryOf = (f: Feature): string => {
    const p = f.properties ?? {};
    const names = property === undefined ? CATEGORY_PROPERTIES : [property];
    for (const name of names)
      if (p[name] !== undefined && p[name] !== null && p[name] !== '') return String(p[name]);
    return '(none)';
  };
  const counts = new Map<string, number>();
  const raw: Array<{ position: Position; key: string; name: string | null }> = [];
  let skipped = 0;
  for (const f of features) {
    const positions =
      f.geometry?.type === 'Point'
        ? [f.geometry.coordinates]
        : f.geometry?.type === 'MultiPoint'
          ? f.geometry.coordinates
          : [];
    if (positions.length === 0) skipped++;
    const key = categoryOf(f);
    const name = typeof f.properties?.name === 'string' ? f.properties.name : null;
    for (const position of positions) {
      raw.push({ position, key, name });
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  // Key units before shops; then by name.
  const keys = [...counts.keys()].sort(
    (a, b) => (KNOWN[b]?.scale ?? 1) - (KNOWN[a]?.scale ?? 1) || (a < b ? -1 : a > b ? 1 : 0),
  );
  let other = 0;
  const categories = keys.map((key): SymbolCategory => {
    const known = KNOWN[key];
    if (known !== undefined) {
      return {
        key,
        label: known.label === key ? key : `${known.label} ${key}`,
        shape: known.shape,
        colour: known.colour,
        scale: known.scale ?? 1,
        count: counts.get(key)!,
      };
    }
    const k = other++;
    return {
      key,
      label: key,
      shape: SHAPES[k % SHAPES.length],
      colour: COLOURS[Math.floor(k / SHAPES.length + k) % COLOURS.length],
      scale: 1,
      count: counts.get(key)!,
    };
  });
  const index = new Map(keys.map((k, i) => [k, i]));
  return {
    categories,
    points: raw.map((r) => ({ position: r.position, category: index.get(r.key)!, name: r.name })),
    skipped,
  };
}

/** Path data of a symbol centred on `(x, y)` with radius `r`. */
export function symbolPath(shape: SymbolShape, x: number, y: number, r: number): string {
  const polygon = (n: number, rotation: number, radii: number[] = [r]) => {
    let d = '';
    for (let i = 0; i < n * radii.length; i++) {
      const a = rotation + (i * 2 * Math.PI) / (n * radii.length);
      const rr = radii[i % radii.length];
      d += `${i === 0 ? 'M' : 'L'}${fmt2(x + rr * Math.cos(a))} ${fmt2(y + rr * Math.sin(a))}`;
    }
    return `${d}Z`;
  };
  switch (shape) {
    case 'circle':
      return `M${fmt2(x - r)} ${fmt2(y)}a${fmt2(r)} ${fmt2(r)} 0 1 0 ${fmt2(2 * r)} 0a${fmt2(r)} ${fmt2(r)} 0 1 0 ${fmt2(-2 * r)} 0Z`;
    case 'square':
      return polygon(4, Math.PI / 4, [r * 1.2]);
    case 'diamond':
      return polygon(4, 0, [r * 1.25]);
    case 'triangle':
      return polygon(3, -Math.PI / 2, [r * 1.35]);
    case 'hexagon':
      return polygon(6, 0, [r * 1.1]);
    case 'star':
      return polygon(5, -Math.PI / 2, [r * 1.35, r * 0.6]);
    case 'cross': {
      const a = r * 0.38;
      const b = r * 1.1;
      return `M${fmt2(x - a)} ${fmt2(y - b)}h${fmt2(2 * a)}v${fmt2(b - a)}h${fmt2(b - a)}v${fmt2(2 * a)}h${fmt2(a - b)}v${fmt2(b - a)}h${fmt2(-2 * a)}v${fmt2(a - b)}h${fmt2(a - b)}v${fmt2(-2 * a)}h${fmt2(b - a)}Z`;
    }
  }
}

/** One symbol as SVG: filled in its category's colour with a white rim. */
export function symbolToSvg(category: SymbolCategory, at: Pixel, size: number): string {
  const r = (size / 2) * category.scale;
  return `<path class="symbol" d="${symbolPath(category.shape, at[0], at[1], r)}" fill="${category.colour}" stroke="#ffffff" stroke-width="${fmt2(Math.max(r * 0.3, size * 0.08))}" data-category="${esc(category.key)}"/>`;
}

/**
 * The layer's symbols inside the frame as SVG, shops first so key units lie on top; with the page
 * positions of the drawn symbols (for the labels to keep clear of).
 */
export function symbolsToSvg(
  layer: SymbolLayer,
  frame: Frame,
  size: number,
): { svg: string[]; drawn: Array<{ at: Pixel; category: SymbolCategory; name: string | null }> } {
  const { x, y, width, height } = frame.rect;
  const drawn: Array<{ at: Pixel; category: SymbolCategory; name: string | null }> = [];
  for (const point of layer.points) {
    const at = frame.toPixel(point.position);
    if (at[0] < x || at[1] < y || at[0] > x + width || at[1] > y + height) continue;
    drawn.push({ at, category: layer.categories[point.category], name: point.name });
  }
  drawn.sort((a, b) => a.category.scale - b.category.scale);
  return {
    svg: [`<g id="symbols">`, ...drawn.map((d) => symbolToSvg(d.category, d.at, size)), '</g>'],
    drawn,
  };
}
