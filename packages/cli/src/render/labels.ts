/**
 * Label placement: every label at its anchor, shrunk to fit its area, or moved out into free space with
 * a leader line, and never over another label or an obstacle (a legend, a title, the scale bar). Boxes
 * come from the advance widths of the font wangge draws with (WenQuanYi Micro Hei), kept a little
 * generous so that the boxes the browser measures stay inside them.
 */
import polylabel from 'polylabel';
import RBush from 'rbush';
import type { Pixel, Rect } from './frame';
import { esc, fmt, fmt2 } from './svg';

/** One line of a label. */
export interface LabelLine {
  text: string;
  /** Size relative to the label's font size. @default 1 */
  scale?: number;
  /** Bold (the first line of a grid label, its code). @default false */
  bold?: boolean;
}

/** What to label, where, and how small it may get. */
export interface LabelRequest {
  /** Where the label belongs: the pole of inaccessibility of a grid, a symbol, a road. */
  x: number;
  y: number;
  lines: LabelLine[];
  /** Font size wanted. */
  size: number;
  /** Smallest font size it may shrink to before it is moved out. */
  minSize: number;
  /**
   * Radius of the free room around the anchor inside the labelled area (the inscribed circle of a grid);
   * the label shrinks to fit it. @default Infinity
   */
  room?: number;
  /** Farthest a label may be moved out, with a leader line to its anchor; 0 never moves it. @default 0 */
  leader?: number;
}

/** An axis-aligned box of the page. */
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** A label where it was placed. */
export interface PlacedLabel {
  /** Centre of the label block. */
  x: number;
  y: number;
  size: number;
  lines: LabelLine[];
  /** The box it occupies (gap included). */
  box: Box;
  /** From the anchor to the label, when it was moved out. */
  leader: [Pixel, Pixel] | null;
}

/** Line height in ems. */
const LINE = 1.2;
/** Baseline below the top of a line, in ems (WenQuanYi Micro Hei: ascent 0.937 of a 1.173 em face). */
const BASELINE = 0.95;
/** Safety factor over the font's advance widths (synthetic bold, a substitute font). */
const WIDTH_SAFETY = 1.08;

/** Width of a text in ems, from WenQuanYi Micro Hei's advance widths. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

function charWidth(ch: string): number {
  if (ch >= '\u2e80') return 1; // CJK and full-width forms
  if (ch >= '0' && ch <= '9') return 0.551;
  if ('MW%mw'.includes(ch)) return 0.9;
  if ('ijlftI.,:;·| '.includes(ch)) return 0.34;
  if (ch >= 'A' && ch <= 'Z') return 0.71;
  if (ch >= 'a' && ch <= 'z') return 0.59;
  return 0.6;
}

/** Width and height of a label block at font size `size`, gap included. */
export function labelExtent(lines: readonly LabelLine[], size: number): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const line of lines) {
    const s = size * (line.scale ?? 1);
    width = Math.max(width, textWidth(line.text) * s * (line.bold ? 1.05 : 1) * WIDTH_SAFETY);
    height += s * LINE;
  }
  const gap = size * 0.15;
  return { width: width + 2 * gap, height: height + gap };
}

/**
 * The largest font size at which a label fits a circle of radius `room` around its anchor (the corners
 * of its box may poke out a little: the inscribed circle is a cautious measure of a polygon's room).
 */
export function fittingSize(lines: readonly LabelLine[], room: number): number {
  const unit = labelExtent(lines, 1);
  return (1.15 * room) / Math.hypot(unit.width / 2, unit.height / 2);
}

/** Places labels one at a time, in priority order: the first placed keep the best spots. */
export class LabelPlacer {
  private readonly tree = new RBush<Box>();
  private readonly bounds: Box;

  /** Labels stay inside `bounds` (the map frame). */
  constructor(bounds: Rect) {
    this.bounds = {
      minX: bounds.x,
      minY: bounds.y,
      maxX: bounds.x + bounds.width,
      maxY: bounds.y + bounds.height,
    };
  }

  /** Keeps labels off a box: a legend, a title, the scale bar. */
  block(box: Box): void {
    this.tree.insert(box);
  }

  /** Whether a box is free of labels and obstacles and inside the bounds. */
  isFree(box: Box): boolean {
    const b = this.bounds;
    if (box.minX < b.minX || box.minY < b.minY || box.maxX > b.maxX || box.maxY > b.maxY) return false;
    return !this.tree.collides(box);
  }

  /**
   * Places a label: at its anchor at the largest size from `size` down to `minSize` that fits its room
   * and free space; else moved out up to `leader` away, at `minSize`, with a leader line; else `null`.
   */
  place(request: LabelRequest): PlacedLabel | null {
    const { x, y, lines, minSize } = request;
    const room = request.room ?? Infinity;
    const fitting = fittingSize(lines, room);
    for (let size = Math.min(request.size, fitting); size >= minSize * 0.999; size *= 0.88) {
      const placed = this.tryAt(x, y, size, lines, null);
      if (placed !== null) return placed;
    }
    const reach = request.leader ?? 0;
    if (reach <= 0) return null;
    const size = minSize;
    const { width, height } = labelExtent(lines, size);
    const start = Math.min(room, reach / 2) + size * 0.5;
    const step = Math.max(size * 0.8, (reach - start) / 8);
    for (let d = start; d <= reach + 1e-9; d += step) {
      for (let k = 0; k < 16; k++) {
        // Directions alternate around north-east: NE, E, N, SE, NW, ...
        const angle = -Math.PI / 4 + (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * (Math.PI / 8);
        const dx = Math.cos(angle);
        const dy = Math.sin(angle);
        // Push the block out until its nearest side is `d` away from the anchor.
        const t =
          d +
          Math.min(
            Math.abs(dx) > 1e-9 ? width / 2 / Math.abs(dx) : Infinity,
            Math.abs(dy) > 1e-9 ? height / 2 / Math.abs(dy) : Infinity,
          );
        const cx = x + dx * t;
        const cy = y + dy * t;
        const box = boxAt(cx, cy, width, height);
        const end = nearestPointOf(box, x, y);
        if (this.crossesLabels([x, y], end)) continue;
        const placed = this.tryAt(cx, cy, size, lines, [[x, y], end]);
        if (placed !== null) return placed;
      }
    }
    return null;
  }

  /** The box a label would take centred on `(x, y)`. */
  boxOf(x: number, y: number, size: number, lines: readonly LabelLine[]): Box {
    const { width, height } = labelExtent(lines, size);
    return boxAt(x, y, width, height);
  }

  private tryAt(
    x: number,
    y: number,
    size: number,
    lines: LabelLine[],
    leader: [Pixel, Pixel] | null,
  ): PlacedLabel | null {
    const { width, height } = labelExtent(lines, size);
    const box = boxAt(x, y, width, height);
    if (!this.isFree(box)) return null;
    this.tree.insert(box);
    return { x, y, size, lines, box, leader };
  }

  private crossesLabels(a: Pixel, b: Pixel): boolean {
    const search = {
      minX: Math.min(a[0], b[0]),
      minY: Math.min(a[1], b[1]),
      maxX: Math.max(a[0], b[0]),
      maxY: Math.max(a[1], b[1]),
    };
    return this.tree.search(search).some((box) => segmentHitsBox(a, b, box));
  }
}

function boxAt(x: number, y: number, width: number, height: number): Box {
  return { minX: x - width / 2, minY: y - height / 2, maxX: x + width / 2, maxY: y + height / 2 };
}

function nearestPointOf(box: Box, x: number, y: number): Pixel {
  return [Math.min(Math.max(x, box.minX), box.maxX), Math.min(Math.max(y, box.minY), box.maxY)];
}

/** Whether segment a–b passes through the inside of a box (Liang–Barsky). */
function segmentHitsBox(a: Pixel, b: Pixel, box: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const edges: Array<[number, number]> = [
    [-dx, a[0] - box.minX],
    [dx, box.maxX - a[0]],
    [-dy, a[1] - box.minY],
    [dy, box.maxY - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 >= t1) return false;
  }
  return true;
}

/** Options of {@link labelsToSvg}. */
export interface LabelStyle {
  /** Text colour. @default '#1a1a1a' */
  fill?: string;
  /** Class of each label's group. @default 'label' */
  className?: string;
}

/**
 * Placed labels as SVG: leader lines first, then each label a `<g>` translated to its centre (with
 * `data-x`, `data-y`, `data-size` for the HTML page's zoom), its lines as `<tspan>`s on a white halo.
 */
export function labelsToSvg(placed: readonly PlacedLabel[], style: LabelStyle = {}): string[] {
  const className = style.className ?? 'label';
  const out: string[] = [];
  for (const p of placed) {
    if (p.leader === null) continue;
    const [[x1, y1], [x2, y2]] = p.leader;
    out.push(
      `<line class="leader" x1="${fmt(x1)}" y1="${fmt(y1)}" x2="${fmt(x2)}" y2="${fmt(y2)}" stroke="#555555" stroke-width="${fmt2(p.size * 0.08)}"/>`,
      `<circle class="leader" cx="${fmt(x1)}" cy="${fmt(y1)}" r="${fmt2(p.size * 0.18)}" fill="#555555"/>`,
    );
  }
  for (const p of placed) out.push(labelToSvg(p, className, style.fill ?? '#1a1a1a'));
  return out;
}

/** One placed label as a `<g>` (drawn hidden with `hidden`, for the HTML page to show when zoomed in). */
export function labelToSvg(p: PlacedLabel, className: string, fill: string, hidden = false): string {
  const heights = p.lines.map((l) => p.size * (l.scale ?? 1) * LINE);
  let top = -heights.reduce((s, h) => s + h, 0) / 2;
  const spans = p.lines.map((line, i) => {
    const s = p.size * (line.scale ?? 1);
    const baseline = top + s * BASELINE;
    top += heights[i];
    return `<tspan x="0" y="${fmt2(baseline)}" font-size="${fmt2(s)}"${line.bold ? ' font-weight="bold"' : ''}>${esc(line.text)}</tspan>`;
  });
  return `<g class="${className}" transform="translate(${fmt(p.x)} ${fmt(p.y)})" data-x="${fmt(p.x)}" data-y="${fmt(p.y)}" data-size="${fmt2(p.size)}"${hidden ? ' display="none"' : ''}><text text-anchor="middle" fill="${fill}" stroke="#ffffff" stroke-opacity="0.85" stroke-width="${fmt2(p.size * 0.22)}" stroke-linejoin="round" paint-order="stroke">${spans.join('')}</text></g>`;
}

/**
 * Where a polygon's label goes: the pole of inaccessibility (polylabel) of its roomiest part, on the
 * page, with the radius of the free circle around it.
 */
export function polygonAnchor(parts: readonly Pixel[][][]): { x: number; y: number; room: number } {
  let best = { x: 0, y: 0, room: -1 };
  for (const rings of parts) {
    if (rings.length === 0 || rings[0].length < 3) continue;
    const p = polylabel(rings as Pixel[][], 0.5) as number[] & { distance: number };
    if (p.distance > best.room) best = { x: p[0], y: p[1], room: p.distance };
  }
  return best;
}
