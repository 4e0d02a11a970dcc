/**
 * The overview map of a plan: leaf grids coloured so neighbours differ, base layers, parent boundaries
 * heavier by level, defects, entity symbols, grid labels with any register fields, and a legend.
 */
import { checkObjects, checkOptions, ErrorCode, WanggeError } from '@wangge/core';
import { neighbours as adjacencyOf } from '@wangge/index';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { type GridRecord, planToRecords, type StaffMember } from '../internal/register';
import { fillOf, neighboursToColours } from './colour';
import { fieldText, parseLabelFields } from './fields';
import { Frame, forEachPosition, type Pixel, type Rect } from './frame';
import {
  fittingSize,
  type LabelLine,
  LabelPlacer,
  labelsToSvg,
  labelToSvg,
  type PlacedLabel,
  polygonAnchor,
} from './labels';
import { baseLayerOf, type LayerStyle, layersToSvg } from './layers';
import { DEFECT, LEGEND_WIDTH, legendToSvg, MINOR } from './legend';
import { esc, fmt, svgDocument } from './svg';
import { symbolLayerOf, symbolsToSvg } from './symbols';

/** A base layer as given: features and a name, the style read from the name unless given. */
export interface LayerInput {
  /** Name of the layer (its file's base name), e.g. `roads`: the style is read from it. */
  name: string;
  features: Feature[];
  /** How to draw it. @default from the name, else `line` or `area` by geometry */
  style?: LayerStyle;
}

/** Options of {@link planToSvg} and {@link planToHtml}. */
export interface RenderOptions {
  /** Width of the map in pixels (the legend is drawn to its right). @default 1000 */
  width?: number;
  /** Title above the legend. @default the name (or code) of the top-level grid */
  title?: string;
  /** Defects to highlight, e.g. the features `wangge check --out defects.geojson` writes. @default [] */
  defects?: Feature[];
  /** Property holding the household count. @default 'households' */
  countProperty?: string;
  /**
   * Register fields each grid's label shows, one line each: `code`, `name`, `area` (or `area:m2`,
   * `area:ha`, `area:km2`), `households`, `residents`, `worker`, `persons`, `phone`, or a property name.
   * @default ['code', 'households']
   */
  label?: string[];
  /** The staff table, for the `worker`, `persons` and `phone` fields. @default [] */
  staff?: StaffMember[];
  /** Entities drawn as symbols by category (key units, 九小场所, schools, shops). @default [] */
  symbols?: Feature[];
  /** Property holding a symbol's category. @default the first of category, kind, type, 类别, 类型 */
  symbolProperty?: string;
  /** Base layers (roads, buildings, water) drawn under the grid outlines. @default [] */
  layers?: LayerInput[];
  /**
   * Neighbours of each filled (leaf) grid, as indexes into the leaf grids in input order, for another
   * adjacency rule. @default `neighbours()` of `@wangge/index` (grids sharing an edge)
   */
  neighbours?: ReadonlyArray<ArrayLike<number>>;
}

/** A drawn plan and what went into it. */
export interface Layout {
  svg: string;
  width: number;
  height: number;
  /** Colours the grids needed. */
  colours: number;
  /** Grids filled (the leaves). */
  grids: number;
  /** Grids labelled at full view; smaller labels appear in the HTML page as it zooms in. */
  labelled: number;
  /** Symbols drawn. */
  symbols: number;
}

const PAD = 16;
/** Smallest font size, in pixels, a label is shown at. */
export const MIN_LABEL = 7;
/** Largest font size, in pixels, a label grows to as the HTML page zooms in. */
export const MAX_LABEL = 18;
/** Deepest zoom of the HTML page; labels that would need more are left out. */
const MAX_ZOOM = 64;
const MINOR_STATUS = new Set(['warning', 'accepted', 'below-threshold']);

type Polygonal = Feature<Polygon | MultiPolygon>;

/** The leaf and parent grids of a plan's features, and their levels. */
export interface PlanGrids {
  grids: Polygonal[];
  leaves: Polygonal[];
  parents: Polygonal[];
  leafLevel: number;
}

/** Splits features into leaf and parent grids; throws `EMPTY_INPUT` when there is no polygon. */
export function planGridsOf(features: readonly Feature[]): PlanGrids {
  const grids = features.filter(
    (f): f is Polygonal => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon',
  );
  if (grids.length === 0)
    throw new WanggeError(ErrorCode.EMPTY_INPUT, 'no Polygon or MultiPolygon grid to draw');
  const parentCodes = new Set(grids.map((g) => g.properties?.parent).filter((p) => typeof p === 'string'));
  const leaves = grids.filter((g) => !parentCodes.has(g.properties?.code));
  const parents = grids.filter((g) => parentCodes.has(g.properties?.code));
  const leafLevel = leaves.reduce((m, g) => Math.max(m, levelOf(g)), 0);
  return { grids, leaves, parents, leafLevel };
}

/** A grid's level (0 when it has none). */
export function levelOf(f: Feature): number {
  return typeof f.properties?.level === 'number' ? (f.properties.level as number) : 0;
}

/** The colour number of each leaf grid (DSATUR on their adjacency), and how many colours there are. */
export function leafColours(
  leaves: readonly Polygonal[],
  neighbours?: ReadonlyArray<ArrayLike<number>>,
): { colour: Uint16Array; count: number } {
  const lists = neighbours ?? graphToLists(adjacencyOf(leaves));
  if (lists.length !== leaves.length) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `neighbours lists ${lists.length} grids but the plan has ${leaves.length} leaf grids`,
    );
  }
  const colour = neighboursToColours(lists);
  return { colour, count: leaves.length === 0 ? 0 : colour.reduce((m, c) => Math.max(m, c), 0) + 1 };
}

/** Line width of a parent boundary: heavier the higher the level. */
export function strokeWidth(level: number, leafLevel: number): number {
  return Math.round((2.2 + 1.6 * Math.max(0, leafLevel - 1 - level)) * 10) / 10;
}

/**
 * Draws a plan as an SVG map: each leaf grid filled so that neighbours never share a colour (DSATUR),
 * labelled with register fields where the label fits, base layers under the boundaries of parent grids
 * (drawn heavier by level), defects in red, entity symbols by category, and a legend. Features without
 * a polygon are ignored; throws `EMPTY_INPUT` when there is no polygon to draw.
 */
export function planToSvg(features: readonly Feature[], options: RenderOptions = {}): string {
  return layoutPlan(features, options).svg;
}

/** The SVG of {@link planToSvg} with counts of what was drawn. */
export function layoutPlan(features: readonly Feature[], options: RenderOptions): Layout {
  checkObjects(features, 'planToSvg', 'features');
  options = checkOptions(options, 'planToSvg');
  const width = options.width ?? 1000;
  if (!Number.isFinite(width) || width < 200 || width > 20_000) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `width must be a number from 200 to 20000, got ${width}`);
  }
  const fields = parseLabelFields(options.label ?? ['code', 'households']);
  const { grids, leaves, parents, leafLevel } = planGridsOf(features);
  const all = planToRecords(grids, {
    staff: options.staff,
    householdsProperty: options.countProperty,
    neighbours: false,
  }).records;
  const recordOf = new Map(grids.map((g, i) => [g, all[i]]));
  const records = leaves.map((g) => recordOf.get(g)!);

  const geometries = grids.map((g) => g.geometry);
  const mapWidth = width - 2 * PAD;
  const frame = Frame.fitWidth(geometries, PAD, PAD, mapWidth, 200 - 2 * PAD);
  const mapHeight = Math.ceil(frame.rect.height + 2 * PAD);
  const page = { minX: 0, minY: 0, maxX: width, maxY: mapHeight };
  const { colour, count: colourCount } = leafColours(leaves, options.neighbours);

  const out: string[] = [];
  out.push('<g id="grids" stroke="#ffffff" stroke-width="0.8">');
  leaves.forEach((g, i) => {
    out.push(
      `<path class="grid" d="${frame.pathOf(g.geometry)}" fill="${fillOf(colour[i])}" data-code="${esc(records[i].code)}"><title>${esc(describe(records[i]))}</title></path>`,
    );
  });
  out.push('</g>');
  const layers = (options.layers ?? []).map((l) => baseLayerOf(l.name, l.features, l.style));
  const drawnLayers = layersToSvg(layers, frame, page, { roadWidth: 3, lineWidth: 0.4 });
  out.push('<g id="layers">', ...drawnLayers.svg, '</g>');
  // Parent boundaries, finest first so the heavier lines of higher levels lie on top.
  const parentLevels = [...new Set(parents.map(levelOf))].sort((a, b) => b - a);
  out.push('<g id="boundaries" fill="none" stroke="#2b2b2b" stroke-linejoin="round">');
  for (const level of parentLevels) {
    const d = parents
      .filter((p) => levelOf(p) === level)
      .map((p) => frame.pathOf(p.geometry))
      .join('');
    out.push(
      `<path class="boundary level-${level}" d="${d}" stroke-width="${strokeWidth(level, leafLevel)}" vector-effect="non-scaling-stroke"/>`,
    );
  }
  out.push('</g>');
  const defects = options.defects ?? [];
  const defectKinds = new Map<string, { count: number; minor: boolean }>();
  out.push(...defectsToSvg(defects, frame, defectKinds));

  const symbolLayer = symbolLayerOf(options.symbols ?? [], options.symbolProperty);
  const symbols = symbolsToSvg(symbolLayer, frame, 9);
  out.push(...symbols.svg);

  const { svg: labelSvg, labelled } = gridLabels(leaves, records, fields, frame, {
    x: 0,
    y: 0,
    width,
    height: mapHeight,
  });
  out.push('<g id="labels">', ...labelSvg, '</g>');

  const title = options.title ?? titleOf(grids, parents);
  const legend = legendToSvg({
    x: width + 8,
    y: PAD,
    title,
    leafLevel,
    parentLevels,
    colourCount,
    grids: leaves.length,
    labelFields: fields,
    layers: [...new Set(layers.filter((l) => l.features.length > 0).map((l) => l.style))],
    symbols: symbolLayer.categories,
    defectKinds,
    scale: frame.scale,
    strokeWidth: (level) => strokeWidth(level, leafLevel),
  });
  const totalWidth = width + LEGEND_WIDTH;
  const height = Math.max(mapHeight, legend.height + 2 * PAD);
  const svg = svgDocument({
    width: totalWidth,
    height,
    title,
    defs: [
      `<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${DEFECT}" fill-opacity="0.25"/><line x1="0" y1="0" x2="0" y2="6" stroke="${DEFECT}" stroke-width="3"/></pattern>`,
    ],
    body: [
      '<style>.grid { vector-effect: non-scaling-stroke; }</style>',
      '<g id="map" stroke-linejoin="round"><g id="viewport">',
      ...out,
      '</g></g>',
      legend.svg,
    ],
  });
  return {
    svg,
    width: totalWidth,
    height,
    colours: colourCount,
    grids: leaves.length,
    labelled,
    symbols: symbols.drawn.length,
  };
}

/** Labels of the leaf grids, roomiest first: shown where they fit, else hidden for the HTML zoom. */
function gridLabels(
  leaves: readonly Polygonal[],
  records: readonly GridRecord[],
  fields: readonly string[],
  frame: Frame,
  bounds: Rect,
): { svg: string[]; labelled: number } {
  const placer = new LabelPlacer(bounds);
  const candidates = leaves.map((g, i) => {
    const parts = (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates).map(
      (rings) => rings.map((ring) => ring.map((p) => frame.toPixel(p)) as Pixel[]),
    );
    return { i, ...polygonAnchor(parts), lines: labelLines(records[i], fields) };
  });
  candidates.sort((a, b) => b.room - a.room);
  const shown: PlacedLabel[] = [];
  const hidden: string[] = [];
  for (const c of candidates) {
    if (c.lines.length === 0 || records[c.i].code === '' || c.room <= 0) continue;
    const placed = placer.place({
      x: c.x,
      y: c.y,
      lines: c.lines,
      size: 14,
      minSize: MIN_LABEL,
      room: c.room,
    });
    if (placed !== null) {
      shown.push(placed);
      continue;
    }
    // Too small to read at full view: drawn hidden, shown by the HTML page once zoomed in enough. (A label
    // that fits but meets another is left out: zooming in would not part them.)
    const size = fittingSize(c.lines, c.room);
    if (size >= MIN_LABEL || size < MIN_LABEL / MAX_ZOOM) continue;
    const label = {
      x: c.x,
      y: c.y,
      size,
      lines: c.lines,
      box: placer.boxOf(c.x, c.y, size, c.lines),
      leader: null,
    };
    hidden.push(labelToSvg(label, 'label', '#1a1a1a', true));
  }
  return { svg: [...labelsToSvg(shown), ...hidden], labelled: shown.length };
}

/** The lines of a grid's label: the first field bold, the others smaller; empty fields left out. */
export function labelLines(record: GridRecord, fields: readonly string[]): LabelLine[] {
  const lines: LabelLine[] = [];
  fields.forEach((field, k) => {
    const text = fieldText(record, field);
    if (text !== null) lines.push(k === 0 ? { text, bold: true } : { text, scale: 0.85 });
  });
  return lines;
}

function defectsToSvg(
  defects: readonly Feature[],
  frame: Frame,
  kinds: Map<string, { count: number; minor: boolean }>,
): string[] {
  const out = [`<g id="defects" fill="${DEFECT}" stroke="${DEFECT}">`];
  for (const d of defects) {
    if (d.geometry === null) continue;
    // Defects that do not fail the gate (warnings, accepted, below threshold) are outlined, not hatched.
    const minor = MINOR_STATUS.has(String(d.properties?.status));
    const kind = `${String(d.properties?.kind ?? 'defect')}${minor ? ` (${d.properties?.status})` : ''}`;
    kinds.set(kind, { count: (kinds.get(kind)?.count ?? 0) + 1, minor });
    const title = `<title>${esc(`${kind}${d.properties?.message ? `: ${d.properties.message}` : ''}`)}</title>`;
    const style = minor ? ` stroke="${MINOR}" stroke-dasharray="6 4"` : '';
    if (d.geometry.type === 'Point' || d.geometry.type === 'MultiPoint') {
      forEachPosition(d.geometry, (point) => {
        const [x, y] = frame.toPixel(point);
        out.push(
          `<circle class="defect" cx="${fmt(x)}" cy="${fmt(y)}" r="7" fill-opacity="${minor ? 0 : 0.35}" stroke-width="2"${style}>${title}</circle>`,
        );
      });
      continue;
    }
    const path = frame.pathOf(d.geometry);
    if (path !== '') {
      const areal = /Polygon/.test(d.geometry.type);
      out.push(
        `<path class="defect" d="${path}" fill="${areal && !minor ? 'url(#hatch)' : 'none'}" stroke-width="2.5" vector-effect="non-scaling-stroke"${style}>${title}</path>`,
      );
    }
  }
  out.push('</g>');
  return out;
}

function graphToLists(graph: ReturnType<typeof adjacencyOf>): Int32Array[] {
  return Array.from({ length: graph.size }, (_, i) => graph.neighboursOf(i));
}

function describe(r: GridRecord): string {
  const parts = [r.code];
  if (r.name !== null) parts.push(r.name);
  if (r.households !== null) parts.push(`${r.households} 户 households`);
  if (r.chain.length > 0) parts.push(`parent ${r.chain.at(-1)!.code}`);
  return parts.join(' · ');
}

/** The name (or code) of the top-level grid. */
export function titleOf(grids: readonly Feature[], parents: readonly Feature[]): string {
  const top = parents.find((p) => !p.properties?.parent) ?? grids[0];
  return String(top?.properties?.name ?? top?.properties?.code ?? 'wangge plan');
}
