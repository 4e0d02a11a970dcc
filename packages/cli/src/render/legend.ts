/**
 * The overview's legend: title, boundary lines by level, the grid colours, what a label shows, base
 * layers, symbols by category, defects, and a scale bar.
 */
import { fillOf, PALETTE } from './colour';
import { levelName } from './fields';
import { scaleBar } from './furniture';
import { LAYER_NAMES, type LayerStyle, layerSwatch } from './layers';
import { esc, fmt2 } from './svg';
import { type SymbolCategory, symbolToSvg } from './symbols';

/** Width of the legend column, right of the map. */
export const LEGEND_WIDTH = 280;

/** What the legend explains. */
export interface LegendContent {
  x: number;
  y: number;
  title: string;
  leafLevel: number;
  parentLevels: number[];
  colourCount: number;
  grids: number;
  /** What each line of a grid label shows, e.g. `['code', 'households']`. */
  labelFields: string[];
  layers: LayerStyle[];
  symbols: SymbolCategory[];
  defectKinds: Map<string, { count: number; minor: boolean }>;
  /** Page units per metre of the map. */
  scale: number;
  /** Line width of a parent boundary of each level. */
  strokeWidth(level: number): number;
}

/** Colours of defects: failing (red) and minor (orange, outlined). */
export const DEFECT = '#e31a1c';
export const MINOR = '#e08a00';

const FIELD_SAMPLES: Record<string, string> = {
  code: 'A1',
  name: 'A1网格',
  households: '312户',
  residents: '845人',
  area: '4.20 ha',
  'area:m2': '42,000 m²',
  'area:ha': '4.20 ha',
  'area:km2': '0.04 km²',
  worker: '张三',
  persons: '张三、李四',
  phone: '138…',
};

/** The legend as an SVG group, with its height. */
export function legendToSvg(o: LegendContent): { svg: string; height: number } {
  const rows: string[] = [];
  const x = o.x;
  let y = o.y + 18;
  rows.push(`<text x="${x}" y="${y}" font-size="16" font-weight="bold">${esc(o.title)}</text>`);
  y += 26;
  for (const level of [...o.parentLevels].sort((a, b) => a - b)) {
    rows.push(
      `<line x1="${x}" y1="${y - 4}" x2="${x + 36}" y2="${y - 4}" stroke="#2b2b2b" stroke-width="${o.strokeWidth(level)}"/>`,
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
    `<text x="${x + Math.max(swatches, 1) * 14 + 6}" y="${y}" font-size="13">${o.grids} ${esc(levelName(o.leafLevel, 'plural'))}</text>`,
  );
  y += 18;
  rows.push(
    `<text x="${x}" y="${y}" font-size="11" fill="#555">${o.colourCount} colours, no two neighbours alike</text>`,
  );
  y += 24;
  if (o.labelFields.length > 0) {
    const top = y - 12;
    o.labelFields.forEach((field, i) => {
      const sample = FIELD_SAMPLES[field] ?? field;
      rows.push(
        `<text x="${x + 24}" y="${y}" font-size="${i === 0 ? 12 : 10}" text-anchor="middle"${i === 0 ? ' font-weight="bold"' : ''}>${esc(sample)}</text>`,
      );
      y += i === 0 ? 14 : 12;
    });
    rows.push(
      `<text x="${x + 56}" y="${fmt2((top + y) / 2 + 2)}" font-size="13">${esc(o.labelFields.join(' / '))}</text>`,
    );
    y += 14;
  }
  for (const style of o.layers) {
    rows.push(
      layerSwatch(style, x, y - 1, 36, 13),
      `<text x="${x + 46}" y="${y}" font-size="13">${esc(LAYER_NAMES[style])}</text>`,
    );
    y += 22;
  }
  for (const category of o.symbols) {
    rows.push(
      symbolToSvg(category, [x + 18, y - 5], 11),
      `<text x="${x + 46}" y="${y}" font-size="13">${esc(category.label)} × ${category.count}</text>`,
    );
    y += 20;
  }
  if (o.symbols.length > 0) y += 4;
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
  y += 12;
  rows.push(scaleBar(x, y, o.scale, 100, 13).svg);
  y += 10;
  const background = `<rect x="${x - 8}" y="${o.y - 16}" width="${LEGEND_WIDTH}" height="${y - o.y + 32}" fill="#ffffff" fill-opacity="0.92"/>`;
  return { svg: `<g id="legend">\n${background}\n${rows.join('\n')}\n</g>`, height: y - o.y + 16 };
}
