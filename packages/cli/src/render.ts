import { type BBox, ErrorCode, localProjection, WanggeError } from '@wangge/core';
import { neighbours as adjacencyOf } from '@wangge/index';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import polylabel from 'polylabel';
import { neighboursToColours } from './colour';

/** Options of {@link planToSvg} and {@link planToHtml}. */
export interface RenderOptions {
  /** Width of the map in pixels (the legend is drawn to its right). @default 1000 */
  width?: number;
  /** Title above the legend. @default the name (or code) of the top-level grid */
  title?: string;
  /** Defects to highlight, e.g. the features `wangge check --out defects.geojson` writes. @default [] */
  defects?: Feature[];
  /** Property holding the household count shown under each grid's code. @default 'households' */
  countProperty?: string;
  /**
   * Neighbours of each filled (leaf) grid, as indexes into the leaf grids in input order, for another
   * adjacency rule. @default `neighbours()` of `@wangge/index` (grids sharing an edge)
   */
  neighbours?: ReadonlyArray<ArrayLike<number>>;
}

/** Fill colours of the grids: soft, distinct, none of them the red of a defect. */
export const PALETTE = [
  '#a6cee3',
  '#b2df8a',
  '#fdbf6f',
  '#cab2d6',
  '#ffff99',
  '#8dd3c7',
  '#d9d9d9',
  '#fccde5',
] as const;

const DEFECT = '#e31a1c';
/** Outline of defects that do not fail the gate. */
const MINOR = '#e08a00';
const MINOR_STATUS = new Set(['warning', 'accepted', 'below-threshold']);

/** A defect `wangge check` lists without failing on it (its `status` property). */
function isMinor(defect: Feature): boolean {
  return MINOR_STATUS.has(String(defect.properties?.status));
}
const LEGEND_WIDTH = 280;
const PAD = 16;

type Polygonal = Feature<Polygon | MultiPolygon>;

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
}

/**
 * Draws a plan as an SVG map: each leaf grid filled so that neighbours never share a colour (DSATUR),
 * labelled with its code and household count where the label fits, the boundaries of parent grids drawn
 * heavier by level, defects in red, and a legend. Features without a polygon are ignored; throws
 * `EMPTY_INPUT` when there is no polygon to draw.
 */
export function planToSvg(features: readonly Feature[], options: RenderOptions = {}): string {
  return layoutPlan(features, options).svg;
}

/** The SVG of {@link planToSvg} with counts of what was drawn. */
export function layoutPlan(features: readonly Feature[], options: RenderOptions): Layout {
  const width = options.width ?? 1000;
  if (!Number.isFinite(width) || width < 200 || width > 20_000) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `width must be a number from 200 to 20000, got ${width}`);
  }
  const countProperty = options.countProperty ?? 'households';
  const grids = features.filter(
    (f): f is Polygonal => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon',
  );
  if (grids.length === 0)
    throw new WanggeError(ErrorCode.EMPTY_INPUT, 'no Polygon or MultiPolygon grid to draw');
  const parentCodes = new Set(grids.map((g) => g.properties?.parent).filter((p) => typeof p === 'string'));
  const leaves = grids.filter((g) => !parentCodes.has(g.properties?.code));
  const parents = grids.filter((g) => parentCodes.has(g.properties?.code));
  const levelOf = (f: Feature) =>
    typeof f.properties?.level === 'number' ? (f.properties.level as number) : 0;
  const leafLevel = leaves.reduce((m, g) => Math.max(m, levelOf(g)), 0);

  // Project to pixels: a local conformal projection in metres, scaled to the width, y down.
  const box = bboxOf(grids.map((g) => g.geometry));
  const projection = localProjection(box, { kind: 'conformal' });
  const corners = [
    projection.forward([box[0], box[1]]),
    projection.forward([box[2], box[3]]),
    projection.forward([box[0], box[3]]),
    projection.forward([box[2], box[1]]),
  ];
  const minX = Math.min(...corners.map((c) => c[0]));
  const maxX = Math.max(...corners.map((c) => c[0]));
  const minY = Math.min(...corners.map((c) => c[1]));
  const maxY = Math.max(...corners.map((c) => c[1]));
  const scale = (width - 2 * PAD) / Math.max(maxX - minX, 1e-9);
  const mapHeight = Math.max(200, Math.ceil((maxY - minY) * scale + 2 * PAD));
  const toPixel = (p: Position): [number, number] => {
    const [x, y] = projection.forward(p);
    return [PAD + (x - minX) * scale, mapHeight - PAD - (y - minY) * scale];
  };
  const pathOf = (geometry: Geometry) => geometryToPath(geometry, toPixel);

  const neighbours = options.neighbours ?? graphToLists(adjacencyOf(leaves));
  if (neighbours.length !== leaves.length) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `neighbours lists ${neighbours.length} grids but the plan has ${leaves.length} leaf grids`,
    );
  }
  const colour = neighboursToColours(neighbours);
  const colourCount = leaves.length === 0 ? 0 : colour.reduce((m, c) => Math.max(m, c), 0) + 1;

  const out: string[] = [];
  out.push('<g id="grids" stroke="#ffffff" stroke-width="0.8">');
  leaves.forEach((g, i) => {
    out.push(
      `<path class="grid" d="${pathOf(g.geometry)}" fill="${fillOf(colour[i])}" data-code="${esc(String(g.properties?.code ?? ''))}"><title>${esc(describe(g, countProperty))}</title></path>`,
    );
  });
  out.push('</g>');
  // Parent boundaries, finest first so the heavier lines of higher levels lie on top.
  const parentLevels = [...new Set(parents.map(levelOf))].sort((a, b) => b - a);
  out.push('<g id="boundaries" fill="none" stroke="#2b2b2b" stroke-linejoin="round">');
  for (const level of parentLevels) {
    const w = strokeWidth(level, leafLevel);
    const d = parents
      .filter((p) => levelOf(p) === level)
      .map((p) => pathOf(p.geometry))
      .join('');
    out.push(
      `<path class="boundary level-${level}" d="${d}" stroke-width="${w}" vector-effect="non-scaling-stroke"/>`,
    );
  }
  out.push('</g>');

  const defects = (options.defects ?? []).filter((d) => d.geometry !== null);
  const defectKinds = new Map<string, { count: number; minor: boolean }>();
  out.push(`<g id="defects" fill="${DEFECT}" stroke="${DEFECT}">`);
  for (const d of defects) {
    // Defects that do not fail the gate (warnings, accepted, below threshold) are outlined, not hatched.
    const minor = isMinor(d);
    const kind = `${String(d.properties?.kind ?? 'defect')}${minor ? ` (${d.properties?.status})` : ''}`;
    defectKinds.set(kind, { count: (defectKinds.get(kind)?.count ?? 0) + 1, minor });
    const title = `<title>${esc(`${kind}${d.properties?.message ? `: ${d.properties.message}` : ''}`)}</title>`;
    const style = minor ? ` stroke="${MINOR}" stroke-dasharray="6 4"` : '';
    for (const point of pointsOf(d.geometry)) {
      const [x, y] = toPixel(point);
      out.push(
        `<circle class="defect" cx="${fmt(x)}" cy="${fmt(y)}" r="7" fill-opacity="${minor ? 0 : 0.35}" stroke-width="2"${style}>${title}</circle>`,
      );
    }
    const d2 = pathOf(d.geometry);
    if (d2 !== '') {
      const areal = /Polygon/.test(d.geometry.type);
      out.push(
        `<path class="defect" d="${d2}" fill="${areal && !minor ? 'url(#hatch)' : 'none'}" stroke-width="2.5" vector-effect="non-scaling-stroke"${style}>${title}</path>`,
      );
    }
  }
  out.push('</g>');

  out.push(
    '<g id="labels" text-anchor="middle" font-family="sans-serif" fill="#1a1a1a" stroke="#ffffff" stroke-opacity="0.85" paint-order="stroke" stroke-linejoin="round">',
  );
  const labelled = labels(leaves, countProperty, toPixel);
  out.push(...labelled);
  const visible = labelled.filter((l) => !l.includes('display="none"')).length;
  out.push('</g>');

  const title = options.title ?? titleOf(grids, parents);
  const legend = legendOf({
    x: width + 8,
    title,
    leafLevel,
    parentLevels,
    colourCount,
    grids: leaves.length,
    defectKinds,
    scale,
  });
  const totalWidth = width + LEGEND_WIDTH;
  const height = Math.max(mapHeight, legend.height + 2 * PAD);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${totalWidth} ${height}" width="${totalWidth}" height="${height}" font-family="sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${DEFECT}" fill-opacity="0.25"/><line x1="0" y1="0" x2="0" y2="6" stroke="${DEFECT}" stroke-width="3"/></pattern></defs>`,
    '<style>.grid { vector-effect: non-scaling-stroke; }</style>',
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<g id="map" stroke-linejoin="round"><g id="viewport">`,
    ...out,
    '</g></g>',
    legend.svg,
    '</svg>',
  ].join('\n');
  return {
    svg,
    width: totalWidth,
    height,
    colours: colourCount,
    grids: leaves.length,
    labelled: visible,
  };
}

/**
 * The plan as a self-contained HTML page: the SVG of {@link planToSvg} with pan (drag), zoom (wheel,
 * +/− buttons), reset (double-click or the ⟲ button) and hover details, no network needed.
 */
export function planToHtml(features: readonly Feature[], options: RenderOptions = {}): string {
  const { svg } = layoutPlan(features, options);
  const title = options.title ?? titleOf(features.filter((f) => f.geometry !== null) as Polygonal[], []);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
html, body { margin: 0; height: 100%; background: #f4f4f4; font-family: sans-serif; }
#frame { position: absolute; inset: 0; overflow: hidden; cursor: grab; }
#frame.dragging { cursor: grabbing; }
#frame svg { width: 100%; height: 100%; display: block; }
#controls { position: absolute; left: 12px; top: 12px; display: flex; flex-direction: column; gap: 4px; }
#controls button { width: 32px; height: 32px; font-size: 18px; border: 1px solid #999; background: #fff; border-radius: 4px; cursor: pointer; }
.grid:hover { fill-opacity: 0.6; }
</style>
</head>
<body>
<div id="frame">
${svg}
</div>
<div id="controls"><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button><button id="reset" title="reset view">⟲</button></div>
<script>
(() => {
  const frame = document.getElementById('frame');
  const svg = frame.querySelector('svg');
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  const viewport = document.getElementById('viewport');
  let k = 1, x = 0, y = 0, drag = null;
  // Labels keep a readable size as the map zooms: shown from ${MIN_LABEL} px, never larger than ${MAX_LABEL} px.
  const labels = [...document.querySelectorAll('g.label')].map((g) => [g, g.dataset.x + ' ' + g.dataset.y, Number(g.dataset.size)]);
  const apply = () => {
    viewport.setAttribute('transform', 'translate(' + x + ' ' + y + ') scale(' + k + ')');
    for (const [g, at, size] of labels) {
      const px = size * k;
      g.setAttribute('display', px >= ${MIN_LABEL} ? 'inline' : 'none');
      g.setAttribute('transform', 'translate(' + at + ')' + (px > ${MAX_LABEL} ? ' scale(' + ${MAX_LABEL} / px + ')' : ''));
    }
  };
  const toSvg = (cx, cy) => {
    const p = svg.createSVGPoint(); p.x = cx; p.y = cy;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  };
  const zoom = (factor, px, py) => {
    const nk = Math.min(64, Math.max(0.5, k * factor));
    x = px - (px - x) * (nk / k); y = py - (py - y) * (nk / k); k = nk; apply();
  };
  const centre = () => { const b = svg.viewBox.baseVal; return [b.width / 2, b.height / 2]; };
  frame.addEventListener('wheel', (e) => { e.preventDefault(); const p = toSvg(e.clientX, e.clientY); zoom(Math.exp(-e.deltaY * 0.002), p.x, p.y); }, { passive: false });
  frame.addEventListener('pointerdown', (e) => { if (e.target.closest('#controls')) return; drag = toSvg(e.clientX, e.clientY); frame.classList.add('dragging'); frame.setPointerCapture(e.pointerId); });
  frame.addEventListener('pointermove', (e) => { if (!drag) return; const p = toSvg(e.clientX, e.clientY); x += p.x - drag.x; y += p.y - drag.y; drag = p; apply(); });
  frame.addEventListener('pointerup', () => { drag = null; frame.classList.remove('dragging'); });
  const reset = () => { k = 1; x = 0; y = 0; apply(); };
  frame.addEventListener('dblclick', reset);
  document.getElementById('zoom-in').onclick = () => zoom(1.5, ...centre());
  document.getElementById('zoom-out').onclick = () => zoom(1 / 1.5, ...centre());
  document.getElementById('reset').onclick = reset;
})();
</script>
</body>
</html>
`;
}

function graphToLists(graph: ReturnType<typeof adjacencyOf>): Int32Array[] {
  return Array.from({ length: graph.size }, (_, i) => graph.neighboursOf(i));
}

function strokeWidth(level: number, leafLevel: number): number {
  return Math.round((2.2 + 1.6 * Math.max(0, leafLevel - 1 - level)) * 10) / 10;
}

function fillOf(c: number): string {
  return c < PALETTE.length ? PALETTE[c] : `hsl(${(c * 47) % 360} 55% 78%)`;
}

function describe(g: Feature, countProperty: string): string {
  const p = g.properties ?? {};
  const parts = [String(p.code ?? '')];
  if (p.name !== undefined) parts.push(String(p.name));
  if (p[countProperty] !== undefined) parts.push(`${p[countProperty]} 户 households`);
  if (p.parent) parts.push(`parent ${p.parent}`);
  return parts.join(' · ');
}

function titleOf(grids: Polygonal[], parents: Polygonal[]): string {
  const top = parents.find((p) => !p.properties?.parent) ?? grids[0];
  return String(top?.properties?.name ?? top?.properties?.code ?? 'wangge plan');
}

/** Smallest font size, in pixels, a label is shown at. */
const MIN_LABEL = 7;
/** Largest font size, in pixels, a label grows to as the HTML page zooms in. */
const MAX_LABEL = 18;
/** Deepest zoom of the HTML page; labels that would need more are left out. */
const MAX_ZOOM = 64;

interface LabelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Labels of the leaf grids, biggest room first, each only where it fits its grid and no earlier label. */
function labels(
  leaves: Polygonal[],
  countProperty: string,
  toPixel: (p: Position) => [number, number],
): string[] {
  const candidates = leaves.map((g) => {
    const parts = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
    let best: { x: number; y: number; room: number } = { x: 0, y: 0, room: -1 };
    for (const rings of parts) {
      const pixels = rings.map((ring) => ring.map(toPixel));
      const p = polylabel(pixels, 0.5) as number[] & { distance: number };
      if (p.distance > best.room) best = { x: p[0], y: p[1], room: p.distance };
    }
    return { g, ...best };
  });
  candidates.sort((a, b) => b.room - a.room);
  const placed: LabelBox[] = [];
  const out: string[] = [];
  for (const c of candidates) {
    const code = String(c.g.properties?.code ?? '');
    const count = c.g.properties?.[countProperty];
    const second = count === undefined ? '' : `${count}户`;
    if (code === '') continue;
    // The widest line in ems (CJK characters a full em, others about 0.6), and the font size that fits
    // it across the grid's inscribed circle.
    const ems = Math.max(
      code.length * 0.62,
      [...second].reduce((w, ch) => w + (ch > '\u2e80' ? 1 : 0.58), 0),
    );
    const size = Math.min(14, c.room * 0.55, (1.9 * c.room) / ems);
    if (size < MIN_LABEL / MAX_ZOOM) continue;
    const lines = second === '' ? 1 : 2;
    // Too small to read at full view: drawn hidden, and shown by the HTML page once zoomed in enough.
    const hidden = size < MIN_LABEL;
    if (!hidden) {
      const half = (ems * size) / 2 + 1;
      const box = {
        x0: c.x - half,
        x1: c.x + half,
        y0: c.y - (lines * size * 1.1) / 2,
        y1: c.y + (lines * size * 1.1) / 2,
      };
      if (placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
      placed.push(box);
    }
    const top = lines === 1 ? size * 0.35 : -size * 0.15;
    const zoom = hidden ? ` display="none"` : '';
    const text = `<text y="${fmt2(top)}" font-size="${fmt2(size)}" stroke-width="${fmt2(size * 0.22)}"><tspan font-weight="bold">${esc(code)}</tspan>${second === '' ? '' : `<tspan x="0" dy="${fmt2(size * 1.1)}" font-size="${fmt2(size * 0.85)}">${esc(second)}</tspan>`}</text>`;
    out.push(
      `<g class="label" transform="translate(${fmt(c.x)} ${fmt(c.y)})" data-x="${fmt(c.x)}" data-y="${fmt(c.y)}" data-size="${fmt2(size)}"${zoom}>${text}</g>`,
    );
  }
  return out;
}

function legendOf(o: {
  x: number;
  title: string;
  leafLevel: number;
  parentLevels: number[];
  colourCount: number;
  grids: number;
  defectKinds: Map<string, { count: number; minor: boolean }>;
  scale: number;
}): { svg: string; height: number } {
  const rows: string[] = [];
  let y = PAD + 18;
  const x = o.x;
  rows.push(`<text x="${x}" y="${y}" font-size="16" font-weight="bold">${esc(o.title)}</text>`);
  y += 26;
  const levelName = (level: number) => LEVEL_NAMES[level] ?? `level ${level}`;
  for (const level of [...o.parentLevels].sort((a, b) => a - b)) {
    rows.push(
      `<line x1="${x}" y1="${y - 4}" x2="${x + 36}" y2="${y - 4}" stroke="#2b2b2b" stroke-width="${strokeWidth(level, o.leafLevel)}"/>`,
      `<text x="${x + 46}" y="${y}" font-size="13">${esc(levelName(level))} boundary</text>`,
    );
    y += 22;
  }
  const swatches = Math.min(o.colourCount, PALETTE.length);
  for (let c = 0; c < swatches; c++) {
    rows.push(
      `<rect x="${x + c * 14}" y="${y - 12}" width="12" height="12" fill="${fillOf(c)}" stroke="#888" stroke-width="0.5"/>`,
    );
  }
  rows.push(
    `<text x="${x + Math.max(swatches, 1) * 14 + 6}" y="${y}" font-size="13">${o.grids} ${esc(LEVEL_PLURALS[o.leafLevel] ?? 'grids')}</text>`,
  );
  y += 18;
  rows.push(
    `<text x="${x}" y="${y}" font-size="11" fill="#555">${o.colourCount} colours, no two neighbours alike</text>`,
  );
  y += 24;
  rows.push(
    `<text x="${x + 18}" y="${y}" font-size="12" text-anchor="middle" font-weight="bold">A1</text>`,
    `<text x="${x + 18}" y="${y + 13}" font-size="10" text-anchor="middle">312户</text>`,
    `<text x="${x + 46}" y="${y + 6}" font-size="13">code / households (户)</text>`,
  );
  y += 34;
  for (const [kind, { count, minor }] of o.defectKinds) {
    rows.push(
      minor
        ? `<rect x="${x}" y="${y - 12}" width="36" height="14" fill="none" stroke="${MINOR}" stroke-width="2" stroke-dasharray="6 4"/>`
        : `<rect x="${x}" y="${y - 12}" width="36" height="14" fill="url(#hatch)" stroke="${DEFECT}" stroke-width="2"/>`,
      `<text x="${x + 46}" y="${y}" font-size="13" fill="${minor ? '#8a5a00' : DEFECT}">${esc(kind)} × ${count}</text>`,
    );
    y += 22;
  }
  if (o.defectKinds.size === 0) {
    rows.push(`<text x="${x}" y="${y}" font-size="12" fill="#555">no defects highlighted</text>`);
    y += 22;
  }
  // Scale bar: a round length of about 100 px.
  const metres = niceLength(100 / o.scale);
  const px = metres * o.scale;
  rows.push(
    `<path d="M${x} ${y - 6}v6h${fmt(px)}v-6" fill="none" stroke="#2b2b2b" stroke-width="1.5"/>`,
    `<text x="${x + px + 8}" y="${y}" font-size="12">${metres >= 1000 ? `${metres / 1000} km` : `${metres} m`}</text>`,
  );
  y += 10;
  const background = `<rect x="${x - 8}" y="0" width="${LEGEND_WIDTH}" height="${y + PAD}" fill="#ffffff" fill-opacity="0.92"/>`;
  return { svg: `<g id="legend">\n${background}\n${rows.join('\n')}\n</g>`, height: y };
}

const LEVEL_NAMES: Record<number, string> = {
  1: 'street 街道',
  2: 'community 社区',
  3: 'grid 网格',
  4: 'micro-grid 微网格',
  5: 'unit 单元',
};

const LEVEL_PLURALS: Record<number, string> = {
  1: 'streets 街道',
  2: 'communities 社区',
  3: 'grids 网格',
  4: 'micro-grids 微网格',
  5: 'units 单元',
};

function niceLength(metres: number): number {
  const power = 10 ** Math.floor(Math.log10(metres));
  const step = [1, 2, 5, 10].find((s) => s * power >= metres * 0.75) ?? 10;
  return step * power;
}

function geometryToPath(geometry: Geometry, toPixel: (p: Position) => [number, number]): string {
  const ring = (positions: Position[], close: boolean) =>
    positions
      .map((p, i) => {
        const [x, y] = toPixel(p);
        return `${i === 0 ? 'M' : 'L'}${fmt(x)} ${fmt(y)}`;
      })
      .join('') + (close ? 'Z' : '');
  switch (geometry.type) {
    case 'Polygon':
      return geometry.coordinates.map((r) => ring(r, true)).join('');
    case 'MultiPolygon':
      return geometry.coordinates.flatMap((p) => p.map((r) => ring(r, true))).join('');
    case 'LineString':
      return ring(geometry.coordinates, false);
    case 'MultiLineString':
      return geometry.coordinates.map((r) => ring(r, false)).join('');
    case 'GeometryCollection':
      return geometry.geometries.map((g) => geometryToPath(g, toPixel)).join('');
    default:
      return '';
  }
}

function pointsOf(geometry: Geometry): Position[] {
  if (geometry.type === 'Point') return [geometry.coordinates];
  if (geometry.type === 'MultiPoint') return geometry.coordinates;
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(pointsOf);
  return [];
}

function bboxOf(geometries: Geometry[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Position) => {
    if (p[0] < box[0]) box[0] = p[0];
    if (p[1] < box[1]) box[1] = p[1];
    if (p[0] > box[2]) box[2] = p[0];
    if (p[1] > box[3]) box[3] = p[1];
  };
  for (const g of geometries) {
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of parts) for (const ring of rings) for (const p of ring) visit(p);
  }
  return box;
}

function fmt2(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
