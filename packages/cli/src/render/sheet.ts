/**
 * Per-grid sheets (网格公示牌), one printable page per leaf grid: a title with code and name; a map of the
 * grid among its neighbours and its parent's outline over the base layers clipped to a margin around it,
 * with symbols, labels, a scale bar and a north arrow; and a panel with the grid's register fields, its
 * persons and phones, and the legend. Never a coordinate in the text.
 */
import { type BBox, checkObjects, checkOptions, ErrorCode, WanggeError } from '@wangge/core';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { type GridRecord, planToRecords } from '../internal/register';
import { fillOf } from './colour';
import { formatCount } from './fields';
import { Frame, lonLatBox, type Pixel, pixelsToPath, type Rect } from './frame';
import { northArrow, scaleBar } from './furniture';
import {
  type Box,
  LabelPlacer,
  type LabelRequest,
  labelsToSvg,
  type PlacedLabel,
  polygonAnchor,
  textWidth,
} from './labels';
import { type BaseLayer, baseLayerOf, clipToBox, type DrawnRoad, layersToSvg, lengthOf } from './layers';
import { leafColours, levelOf, planGridsOf, type RenderOptions } from './overview';
import { panelToSvg } from './panel';
import { type Paper, paperOf } from './paper';
import { esc, fmt2, svgDocument } from './svg';
import { type SymbolCategory, type SymbolLayer, symbolLayerOf, symbolsToSvg } from './symbols';

/** Options of {@link planToSheets}. */
export interface SheetOptions
  extends Pick<
    RenderOptions,
    'staff' | 'countProperty' | 'symbols' | 'symbolProperty' | 'layers' | 'neighbours'
  > {
  /** Paper: `a4-portrait`, `a4-landscape`, `a3-portrait` or `a3-landscape`. @default 'a4-landscape' */
  paper?: string;
  /** Print the persons and their phones; false for notices that must not name anyone. @default true */
  persons?: boolean;
  /** Codes of the leaf grids to draw a sheet for. @default every leaf grid, in plan order */
  grids?: string[];
  /** Heading of every sheet. @default '网格公示牌' */
  heading?: string;
}

/** One grid's sheet. */
export interface Sheet {
  code: string;
  name: string | null;
  /** The page as a standalone SVG, sized in millimetres for printing. */
  svg: string;
  /** Labels the map placed, and those it had no room for. */
  labels: { placed: number; dropped: number };
}

type Polygonal = Feature<Polygon | MultiPolygon>;

/** Everything the sheets of one plan share. */
interface SheetContext {
  paper: Paper;
  leaves: Polygonal[];
  leafBoxes: BBox[];
  records: GridRecord[];
  colour: Uint16Array;
  parentOf: Map<string, Polygonal>;
  layers: BaseLayer[];
  symbols: SymbolLayer;
  persons: boolean;
  heading: string;
}

const OUTLINE = '#d62728';

/**
 * The sheet of every leaf grid (or of `options.grids`), in plan order. Throws `EMPTY_INPUT` when the plan
 * has no polygon, `INVALID_OPTION` for an unknown paper or a code that is not a leaf grid.
 */
export function planToSheets(features: readonly Feature[], options: SheetOptions = {}): Sheet[] {
  checkObjects(features, 'planToSheets', 'features');
  options = checkOptions(options, 'planToSheets');
  const paper = paperOf(options.paper ?? 'a4-landscape');
  const { grids, leaves } = planGridsOf(features);
  const all = planToRecords(grids, { staff: options.staff, householdsProperty: options.countProperty });
  const recordOf = new Map(grids.map((g, i) => [g, all.records[i]]));
  const ctx: SheetContext = {
    paper,
    leaves,
    leafBoxes: leaves.map((g) => lonLatBox([g.geometry])),
    records: leaves.map((g) => recordOf.get(g)!),
    colour: leafColours(leaves, options.neighbours).colour,
    parentOf: new Map(grids.map((g) => [String(g.properties?.code), g])),
    layers: (options.layers ?? []).map((l) => baseLayerOf(l.name, l.features, l.style)),
    symbols: symbolLayerOf(options.symbols ?? [], options.symbolProperty),
    persons: options.persons ?? true,
    heading: options.heading ?? '网格公示牌',
  };
  const wanted = options.grids ?? ctx.records.map((r) => r.code);
  const indexOf = new Map(ctx.records.map((r, i) => [r.code, i]));
  const missing = wanted.filter((code) => !indexOf.has(code));
  if (missing.length > 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `no leaf grid ${missing
        .slice(0, 5)
        .map((c) => JSON.stringify(c))
        .join(', ')} in the plan to draw a sheet of`,
    );
  }
  return wanted.map((code) => sheetOf(ctx, indexOf.get(code)!));
}

/** Page layout of a sheet, in page units. */
function layoutOf(paper: Paper) {
  const s = (Math.min(paper.widthMm, paper.heightMm) / 210) * paper.unit; // page units per A4 millimetre
  const margin = 10 * s;
  const headerBottom = margin + 20 * s;
  const footerTop = paper.height - margin - 5 * s;
  const body = {
    x: margin,
    y: headerBottom + 4 * s,
    width: paper.width - 2 * margin,
    height: footerTop - headerBottom - 7 * s,
  };
  const gap = 6 * s;
  const landscape = paper.width > paper.height;
  const map: Rect = landscape
    ? { ...body, width: body.width * 0.64 }
    : { ...body, height: body.height * 0.6 };
  const panel: Rect = landscape
    ? { x: map.x + map.width + gap, y: body.y, width: body.width - map.width - gap, height: body.height }
    : { x: body.x, y: map.y + map.height + gap, width: body.width, height: body.height - map.height - gap };
  return { s, margin, headerBottom, footerTop, map, panel, columns: (landscape ? 1 : 2) as 1 | 2 };
}

function sheetOf(ctx: SheetContext, i: number): Sheet {
  const { paper } = ctx;
  const record = ctx.records[i];
  const grid = ctx.leaves[i];
  const L = layoutOf(paper);
  const { s, map } = L;
  const frame = Frame.fit([grid.geometry], map, { relativeMargin: 0.18, margin: 30 });
  const view: Box = { minX: map.x, minY: map.y, maxX: map.x + map.width, maxY: map.y + map.height };
  const clip: Box = {
    minX: view.minX - 20,
    minY: view.minY - 20,
    maxX: view.maxX + 20,
    maxY: view.maxY + 20,
  };
  const near = frame.lonLatBox();
  const others = ctx.leaves.map((_, k) => k).filter((k) => k !== i && intersects(ctx.leafBoxes[k], near));
  const ringsOf = (g: Polygonal, box: Box) => clipToBox(g.geometry, frame, box).rings;
  const fill = fillOf(ctx.colour[i]);
  const parentCode = record.chain.at(-1)?.code;
  const parent = parentCode === undefined ? undefined : ctx.parentOf.get(parentCode);

  // Ids unique across the sheets of a plan: the PDF puts them all in one page.
  const clipId = `map-clip-${i}`;
  const body: string[] = [`<g id="map" clip-path="url(#${clipId})">`];
  body.push(
    `<path class="neighbour" d="${others.map((k) => pixelsToPath(ringsOf(ctx.leaves[k], clip), true)).join('')}" fill="#f2f2f2" fill-rule="evenodd"/>`,
  );
  const gridRings = ringsOf(grid, clip);
  body.push(
    `<path class="grid" d="${pixelsToPath(gridRings, true)}" fill="${fill}" fill-rule="evenodd" data-code="${esc(record.code)}"/>`,
  );
  const drawn = layersToSvg(ctx.layers, frame, clip, { roadWidth: 2.2 * s, lineWidth: 0.25 * s });
  body.push(...drawn.svg);
  // Everything outside the grid a little faded, so the grid stands out among its neighbours.
  body.push(
    `<path class="fade" d="M${fmt2(clip.minX)} ${fmt2(clip.minY)}H${fmt2(clip.maxX)}V${fmt2(clip.maxY)}H${fmt2(clip.minX)}Z${pixelsToPath(gridRings, true)}" fill="#ffffff" fill-opacity="0.4" fill-rule="evenodd"/>`,
    `<path class="outline" d="${[i, ...others].map((k) => pixelsToPath(ringsOf(ctx.leaves[k], clip), true)).join('')}" fill="none" stroke="#8a8a8a" stroke-width="${fmt2(0.3 * s)}" stroke-linejoin="round"/>`,
  );
  if (parent !== undefined) {
    body.push(
      `<path class="parent" d="${pixelsToPath(ringsOf(parent, clip), true)}" fill="none" stroke="#2b2b2b" stroke-width="${fmt2(0.7 * s)}" stroke-dasharray="${fmt2(3 * s)} ${fmt2(1.5 * s)}" stroke-linejoin="round"/>`,
    );
  }
  body.push(
    `<path class="grid-outline" d="${pixelsToPath(gridRings, true)}" fill="none" stroke="${OUTLINE}" stroke-width="${fmt2(0.9 * s)}" stroke-linejoin="round"/>`,
  );
  const symbols = symbolsToSvg(ctx.symbols, frame, 3.2 * s);
  body.push(...symbols.svg);

  // Furniture first, so labels keep off it.
  const placer = new LabelPlacer({
    x: map.x + s,
    y: map.y + s,
    width: map.width - 2 * s,
    height: map.height - 2 * s,
  });
  const bar = scaleBar(map.x + 5 * s, map.y + map.height - 5 * s, frame.scale, map.width / 5, 3.2 * s);
  const arrow = northArrow(map.x + map.width - 8 * s, map.y + 4 * s, 12 * s);
  for (const f of [bar, arrow]) {
    placer.block(f.box);
    body.push(backing(f.box, s), f.svg);
  }
  const { placed, dropped } = sheetLabels(ctx, placer, frame, view, i, others, drawn.roads, symbols.drawn, s);
  body.push('<g id="labels">', ...labelsToSvg(placed), '</g>');
  body.push('</g>');
  body.push(
    `<rect class="frame" x="${fmt2(map.x)}" y="${fmt2(map.y)}" width="${fmt2(map.width)}" height="${fmt2(map.height)}" fill="none" stroke="#555555" stroke-width="${fmt2(0.3 * s)}"/>`,
  );

  const inView = new Map<SymbolCategory, number>();
  for (const d of symbols.drawn) inView.set(d.category, (inView.get(d.category) ?? 0) + 1);
  body.push(
    ...panelToSvg(
      {
        record,
        persons: ctx.persons,
        fill,
        outline: OUTLINE,
        parentLevel: parent === undefined ? null : levelOf(parent),
        layers: [...new Set(ctx.layers.filter((l) => l.features.length > 0).map((l) => l.style))],
        symbols: ctx.symbols.categories
          .filter((c) => inView.has(c))
          .map((category) => ({ category, count: inView.get(category)! })),
        size: 4.2 * s,
      },
      L.panel,
      L.columns,
    ),
  );
  body.unshift(...headerOf(ctx, record, L));
  body.push(...footerOf(paper, frame.scale, L));
  const svg = svgDocument({
    width: paper.width,
    height: paper.height,
    printSize: [`${paper.widthMm}mm`, `${paper.heightMm}mm`],
    title: `${ctx.heading} ${record.code}${record.name === null ? '' : ` ${record.name}`}`,
    defs: [
      `<clipPath id="${clipId}"><rect x="${fmt2(map.x)}" y="${fmt2(map.y)}" width="${fmt2(map.width)}" height="${fmt2(map.height)}"/></clipPath>`,
    ],
    body,
  });
  return { code: record.code, name: record.name, svg, labels: { placed: placed.length, dropped } };
}

/** The map's labels: the grid's own code, road names, the neighbours, and named symbols. */
function sheetLabels(
  ctx: SheetContext,
  placer: LabelPlacer,
  frame: Frame,
  view: Box,
  i: number,
  others: number[],
  roads: DrawnRoad[],
  symbols: Array<{ at: Pixel; name: string | null }>,
  s: number,
): { placed: PlacedLabel[]; dropped: number } {
  // Each label with the places it may go, best first.
  const requests: LabelRequest[][] = [];
  const anchorOf = (k: number) =>
    polygonAnchor(
      (ctx.leaves[k].geometry.type === 'Polygon'
        ? [ctx.leaves[k].geometry.coordinates]
        : ctx.leaves[k].geometry.coordinates
      )
        .map((rings) => clipToBox({ type: 'Polygon', coordinates: rings }, frame, view).rings)
        .filter((rings) => rings.length > 0),
    );
  const own = anchorOf(i);
  const record = ctx.records[i];
  requests.push([
    { ...own, lines: [{ text: record.code, bold: true }], size: 6 * s, minSize: 3 * s, leader: 25 * s },
  ]);
  const seen = new Set<string>();
  for (const road of roads) {
    if (seen.has(road.name) || lengthOf(road.piece) < textLengthHint(road.name, 3 * s)) continue;
    seen.add(road.name);
    requests.push(
      [0.5, 0.3, 0.7, 0.15, 0.85].map((t) => {
        const [x, y] = pointAlong(road.piece, t);
        return { x, y, lines: [{ text: road.name }], size: 3 * s, minSize: 2.6 * s };
      }),
    );
  }
  for (const k of others) {
    const anchor = anchorOf(k);
    if (anchor.room <= 0) continue;
    const r = ctx.records[k];
    const lines = [{ text: r.code, bold: true }, ...(r.name === null ? [] : [{ text: r.name, scale: 0.8 }])];
    requests.push([{ ...anchor, lines, size: 3.6 * s, minSize: 2.6 * s, leader: 15 * s }]);
  }
  for (const symbol of symbols) {
    if (symbol.name === null) continue;
    const lines = [{ text: symbol.name }];
    requests.push([
      { x: symbol.at[0], y: symbol.at[1] + 3.5 * s, lines, size: 2.8 * s, minSize: 2.4 * s, leader: 10 * s },
    ]);
  }
  const placed: PlacedLabel[] = [];
  let dropped = 0;
  for (const places of requests) {
    let p: PlacedLabel | null = null;
    for (const request of places) {
      p = placer.place(request);
      if (p !== null) break;
    }
    if (p === null) dropped++;
    else placed.push(p);
  }
  return { placed, dropped };
}

function headerOf(ctx: SheetContext, record: GridRecord, L: ReturnType<typeof layoutOf>): string[] {
  const { s, margin, headerBottom } = L;
  const right = ctx.paper.width - margin;
  const title = `${record.code}${record.name === null ? '' : `  ${record.name}`}`;
  const chain = record.chain.map((p) => p.name ?? p.code).join(' › ');
  const households = record.households === null ? '' : `${formatCount(record.households)} 户`;
  return [
    '<g id="header">',
    `<text x="${fmt2(margin)}" y="${fmt2(margin + 9 * s)}" font-size="${fmt2(9 * s)}" font-weight="bold" fill="#b71c1c">${esc(ctx.heading)}</text>`,
    `<text x="${fmt2(margin)}" y="${fmt2(margin + 17 * s)}" font-size="${fmt2(6 * s)}" font-weight="bold" fill="#1a1a1a" class="sheet-title">${esc(title)}</text>`,
    `<text x="${fmt2(right)}" y="${fmt2(margin + 9 * s)}" font-size="${fmt2(4 * s)}" text-anchor="end" fill="#444444">${esc(chain)}</text>`,
    `<text x="${fmt2(right)}" y="${fmt2(margin + 17 * s)}" font-size="${fmt2(4 * s)}" text-anchor="end" fill="#444444">${esc(households)}</text>`,
    `<line x1="${fmt2(margin)}" y1="${fmt2(headerBottom)}" x2="${fmt2(right)}" y2="${fmt2(headerBottom)}" stroke="#b71c1c" stroke-width="${fmt2(0.8 * s)}"/>`,
    '</g>',
  ];
}

function footerOf(paper: Paper, scale: number, L: ReturnType<typeof layoutOf>): string[] {
  const { s, margin, footerTop } = L;
  // Paper millimetres per ground metre, at 100 % print size.
  const ratio = 1000 / (scale / paper.unit);
  const rounded = Number(ratio.toPrecision(2));
  return [
    `<text x="${fmt2(margin)}" y="${fmt2(footerTop + 4 * s)}" font-size="${fmt2(2.8 * s)}" fill="#666666">比例尺 scale 1:${formatCount(rounded)}（${paper.name.toUpperCase()} 原大打印 printed at 100%）· 面积按 WGS84 椭球计算 geodesic area</text>`,
    `<text x="${fmt2(paper.width - margin)}" y="${fmt2(footerTop + 4 * s)}" font-size="${fmt2(2.8 * s)}" text-anchor="end" fill="#666666">wangge render --sheets</text>`,
  ];
}

/** A white box behind map furniture. */
function backing(box: Box, s: number): string {
  return `<rect x="${fmt2(box.minX - s)}" y="${fmt2(box.minY - s)}" width="${fmt2(box.maxX - box.minX + 2 * s)}" height="${fmt2(box.maxY - box.minY + 2 * s)}" fill="#ffffff" fill-opacity="0.85" rx="${fmt2(s)}"/>`;
}

function intersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The point a fraction `t` of the way along a line. */
function pointAlong(line: readonly Pixel[], t: number): Pixel {
  let left = lengthOf(line) * t;
  for (let k = 1; k < line.length; k++) {
    const step = Math.hypot(line[k][0] - line[k - 1][0], line[k][1] - line[k - 1][1]);
    if (step >= left && step > 0) {
      const f = left / step;
      return [
        line[k - 1][0] + f * (line[k][0] - line[k - 1][0]),
        line[k - 1][1] + f * (line[k][1] - line[k - 1][1]),
      ];
    }
    left -= step;
  }
  return line[line.length - 1];
}

/** About how long a road must be on the page to carry its name. */
function textLengthHint(name: string, size: number): number {
  return textWidth(name) * size * 1.5;
}
