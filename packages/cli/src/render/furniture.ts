/**
 * Map furniture: the scale bar and the north arrow, sized in page units, with the boxes they take (so
 * labels keep off them).
 */
import type { Box } from './labels';
import { fmt2 } from './svg';

/** A round ground length (1, 2 or 5 × 10ⁿ metres) near `metres`, never above it by more than a third. */
export function niceLength(metres: number): number {
  const power = 10 ** Math.floor(Math.log10(metres));
  const step = [1, 2, 5, 10].find((s) => s * power >= metres * 0.75) ?? 10;
  return step * power;
}

/** A ground length as text: `200 m`, `1.5 km`. */
export function lengthText(metres: number): string {
  return metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
}

/**
 * A scale bar with its left end at `(x, y)` (the baseline), about `target` page units long, for a map of
 * `scale` page units per metre; `size` is its text size.
 */
export function scaleBar(
  x: number,
  y: number,
  scale: number,
  target: number,
  size: number,
): { svg: string; box: Box } {
  const metres = niceLength(target / scale);
  const length = metres * scale;
  const h = size * 0.5;
  const half = length / 2;
  const text = lengthText(metres);
  const svg = [
    `<g class="scale-bar">`,
    `<rect x="${fmt2(x)}" y="${fmt2(y - h)}" width="${fmt2(half)}" height="${fmt2(h)}" fill="#2b2b2b"/>`,
    `<rect x="${fmt2(x + half)}" y="${fmt2(y - h)}" width="${fmt2(half)}" height="${fmt2(h)}" fill="#ffffff" stroke="#2b2b2b" stroke-width="${fmt2(size * 0.08)}"/>`,
    `<text x="${fmt2(x)}" y="${fmt2(y - h - size * 0.3)}" font-size="${fmt2(size * 0.9)}" fill="#1a1a1a">0</text>`,
    `<text x="${fmt2(x + length)}" y="${fmt2(y - h - size * 0.3)}" font-size="${fmt2(size * 0.9)}" text-anchor="middle" fill="#1a1a1a">${text}</text>`,
    `</g>`,
  ].join('');
  return {
    svg,
    box: {
      minX: x - size * 0.3,
      minY: y - h - size * 1.4,
      maxX: x + length + size * 2.5,
      maxY: y + size * 0.3,
    },
  };
}

/** A north arrow centred on `x`, its tip at `y`, `height` page units tall, with an N under it. */
export function northArrow(x: number, y: number, height: number): { svg: string; box: Box } {
  const w = height * 0.32;
  const body = height * 0.72;
  const svg = [
    `<g class="north-arrow">`,
    `<path d="M${fmt2(x)} ${fmt2(y)}L${fmt2(x + w)} ${fmt2(y + body)}L${fmt2(x)} ${fmt2(y + body * 0.78)}Z" fill="#2b2b2b"/>`,
    `<path d="M${fmt2(x)} ${fmt2(y)}L${fmt2(x - w)} ${fmt2(y + body)}L${fmt2(x)} ${fmt2(y + body * 0.78)}Z" fill="#ffffff" stroke="#2b2b2b" stroke-width="${fmt2(height * 0.03)}"/>`,
    `<text x="${fmt2(x)}" y="${fmt2(y + height)}" font-size="${fmt2(height * 0.28)}" font-weight="bold" text-anchor="middle" fill="#1a1a1a">N 北</text>`,
    `</g>`,
  ].join('');
  return {
    svg,
    box: {
      minX: x - height * 0.45,
      minY: y - height * 0.05,
      maxX: x + height * 0.45,
      maxY: y + height * 1.08,
    },
  };
}
