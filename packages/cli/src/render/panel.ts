/**
 * The text panel of a sheet: the grid's register fields, its persons with their phones, and the legend
 * of the map beside it, laid out in one or two columns.
 */
import type { GridRecord } from '../internal/register';
import { formatArea, formatCount, levelName } from './fields';
import type { Rect } from './frame';
import { textWidth } from './labels';
import { LAYER_NAMES, type LayerStyle, layerSwatch } from './layers';
import { esc, fmt2 } from './svg';
import { type SymbolCategory, symbolToSvg } from './symbols';

/** What a sheet's panel shows. */
export interface PanelContent {
  record: GridRecord;
  /** Show the persons and their phones (false for `--no-persons`). */
  persons: boolean;
  /** The grid's fill and outline on the map. */
  fill: string;
  outline: string;
  /** Level of the parent whose boundary the map draws, or `null`. */
  parentLevel: number | null;
  layers: LayerStyle[];
  symbols: Array<{ category: SymbolCategory; count: number }>;
  /** Font size of the field values; everything else is sized from it. */
  size: number;
}

interface Block {
  height(width: number): number;
  draw(x: number, y: number, width: number): string[];
}

/** The panel drawn into `rect`, in `columns` columns; blocks that do not fit are cut with a note. */
export function panelToSvg(content: PanelContent, rect: Rect, columns: 1 | 2): string[] {
  const blocks = [
    fieldsBlock(content),
    ...(content.persons ? [personsBlock(content)] : []),
    legendBlock(content),
  ];
  const gap = content.size * 1.2;
  const width = columns === 1 ? rect.width : (rect.width - gap) / 2;
  const out: string[] = ['<g id="panel">'];
  let column = 0;
  let y = rect.y;
  for (const block of blocks) {
    if (y > rect.y && y + block.height(width) > rect.y + rect.height && column + 1 < columns) {
      column++;
      y = rect.y;
    }
    if (y + block.height(width) > rect.y + rect.height + 1e-6) {
      out.push(
        text(
          rect.x + column * (width + gap),
          y + content.size,
          '（其余见名册 more in the register）',
          content.size * 0.7,
          '#777777',
        ),
      );
      break;
    }
    out.push(...block.draw(rect.x + column * (width + gap), y, width));
    y += block.height(width) + gap;
  }
  out.push('</g>');
  return out;
}

function text(x: number, y: number, value: string, size: number, fill = '#1a1a1a', extra = ''): string {
  return `<text x="${fmt2(x)}" y="${fmt2(y)}" font-size="${fmt2(size)}" fill="${fill}"${extra}>${esc(value)}</text>`;
}

/** Splits a text into lines no wider than `width` at font size `size`, breaking after 、 or spaces. */
export function wrapText(value: string, size: number, width: number): string[] {
  const words = value.split(/(?<=[、，,\s])/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && textWidth(line + word) * size > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += word;
    while (textWidth(line) * size > width && line.length > 1) {
      // One word wider than the line: break it by characters.
      let cut = line.length - 1;
      while (cut > 1 && textWidth(line.slice(0, cut)) * size > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

function rowsBlock(heading: string, rows: Array<[string, string]>, size: number): Block {
  const labelSize = size * 0.78;
  const lineHeight = size * 1.3;
  const labelWidth = size * 5.2;
  const layout = (width: number) =>
    rows.map(([label, value]) => ({ label, lines: wrapText(value, size, width - labelWidth) }));
  const headingHeight = size * 1.8;
  return {
    height: (width) =>
      headingHeight + layout(width).reduce((s, r) => s + r.lines.length * lineHeight + size * 0.45, 0),
    draw(x, y, width) {
      const out = [
        text(x, y + size * 1.05, heading, size * 1.05, '#1a4f8b', ' font-weight="bold"'),
        `<line x1="${fmt2(x)}" y1="${fmt2(y + size * 1.45)}" x2="${fmt2(x + width)}" y2="${fmt2(y + size * 1.45)}" stroke="#1a4f8b" stroke-width="${fmt2(size * 0.08)}"/>`,
      ];
      let cy = y + headingHeight;
      for (const row of layout(width)) {
        out.push(text(x, cy + size, row.label, labelSize, '#555555'));
        for (const line of row.lines) {
          out.push(text(x + labelWidth, cy + size, line, size));
          cy += lineHeight;
        }
        cy += size * 0.45;
      }
      return out;
    },
  };
}

function fieldsBlock(c: PanelContent): Block {
  const r = c.record;
  const rows: Array<[string, string]> = [
    ['网格编码', r.code],
    ['网格名称', r.name ?? '—'],
    ['所属', r.chain.length === 0 ? '—' : r.chain.map((p) => p.name ?? p.code).join(' › ')],
    ['层级', levelName(r.level, 'zh')],
    ['面积', `${formatArea(r.area, r.area < 1_000_000 ? 'ha' : 'km2')}（${formatCount(r.area)} m²）`],
  ];
  if (r.households !== null) rows.push(['户数', `${formatCount(r.households)} 户`]);
  if (r.residents !== null) rows.push(['人口', `${formatCount(r.residents)} 人`]);
  rows.push(['相邻网格', r.neighbours.length === 0 ? '—' : r.neighbours.join('、')]);
  return rowsBlock('网格信息', rows, c.size);
}

function personsBlock(c: PanelContent): Block {
  const persons = c.record.persons;
  const rows: Array<[string, string]> =
    persons.length === 0
      ? [['—', '未登记 none registered']]
      : persons.map((p) => [p.role, p.phone === '' ? p.name : `${p.name}  ${p.phone}`]);
  return rowsBlock('网格责任人', rows, c.size);
}

function legendBlock(c: PanelContent): Block {
  const size = c.size * 0.8;
  const row = size * 1.55;
  const entries: Array<(x: number, y: number) => string> = [
    (x, y) =>
      `<rect x="${fmt2(x)}" y="${fmt2(y - size * 0.8)}" width="${fmt2(size * 2.4)}" height="${fmt2(size)}" fill="${c.fill}" stroke="${c.outline}" stroke-width="${fmt2(size * 0.22)}"/>${text(x + size * 3, y, '本网格 this grid', size)}`,
    (x, y) =>
      `<rect x="${fmt2(x)}" y="${fmt2(y - size * 0.8)}" width="${fmt2(size * 2.4)}" height="${fmt2(size)}" fill="#f2f2f2" stroke="#9e9e9e" stroke-width="${fmt2(size * 0.08)}"/>${text(x + size * 3, y, '相邻网格 neighbours', size)}`,
  ];
  if (c.parentLevel !== null) {
    const level = c.parentLevel;
    entries.push(
      (x, y) =>
        `<line x1="${fmt2(x)}" y1="${fmt2(y - size * 0.3)}" x2="${fmt2(x + size * 2.4)}" y2="${fmt2(y - size * 0.3)}" stroke="#2b2b2b" stroke-width="${fmt2(size * 0.18)}" stroke-dasharray="${fmt2(size * 0.6)} ${fmt2(size * 0.3)}"/>${text(x + size * 3, y, `${levelName(level, 'zh')}边界 ${levelName(level, 'en')} boundary`, size)}`,
    );
  }
  for (const style of c.layers) {
    entries.push(
      (x, y) =>
        `${layerSwatch(style, x, y, size * 2.4, size)}${text(x + size * 3, y, LAYER_NAMES[style], size)}`,
    );
  }
  for (const { category, count } of c.symbols) {
    entries.push(
      (x, y) =>
        `${symbolToSvg(category, [x + size * 1.2, y - size * 0.3], size)}${text(x + size * 3, y, `${category.label} × ${count}`, size)}`,
    );
  }
  return {
    height: () => c.size * 1.8 + entries.length * row,
    draw(x, y, width) {
      const out = [
        text(x, y + c.size * 1.05, '图例', c.size * 1.05, '#1a4f8b', ' font-weight="bold"'),
        `<line x1="${fmt2(x)}" y1="${fmt2(y + c.size * 1.45)}" x2="${fmt2(x + width)}" y2="${fmt2(y + c.size * 1.45)}" stroke="#1a4f8b" stroke-width="${fmt2(c.size * 0.08)}"/>`,
      ];
      entries.forEach((entry, i) => {
        out.push(entry(x, y + c.size * 1.8 + (i + 0.8) * row));
      });
      return out;
    },
  };
}
