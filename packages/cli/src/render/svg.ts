/**
 * Writing SVG text: escaping, number formatting, the font stack and the document shell shared by every
 * map, sheet and tree wangge draws.
 */

/**
 * The fonts text is drawn in: WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`, which `.ci/run`
 * installs), then Noto Sans CJK, then any sans-serif font with Chinese glyphs.
 */
export const FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";

/** Text escaped for SVG/HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number rounded to one decimal, for coordinates. */
export function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A number rounded to two decimals, for sizes. */
export function fmt2(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Options of {@link svgDocument}. */
export interface SvgDocument {
  /** Width and height in user units (the viewBox). */
  width: number;
  height: number;
  /** Printed size, e.g. `['297mm', '210mm']` for a sheet. @default the width and height in pixels */
  printSize?: [string, string];
  /** Document title (shown by viewers as its name). */
  title: string;
  /** Definitions (patterns, clip paths, symbols). @default [] */
  defs?: string[];
  /** The drawing, in paint order. */
  body: string[];
}

/** A standalone SVG document on a white background. */
export function svgDocument(doc: SvgDocument): string {
  const [w, h] = doc.printSize ?? [fmt2(doc.width), fmt2(doc.height)];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${fmt2(doc.width)} ${fmt2(doc.height)}" width="${w}" height="${h}" font-family="${esc(FONT_FAMILY)}">`,
    `<title>${esc(doc.title)}</title>`,
    ...(doc.defs !== undefined && doc.defs.length > 0 ? ['<defs>', ...doc.defs, '</defs>'] : []),
    `<rect width="${fmt2(doc.width)}" height="${fmt2(doc.height)}" fill="#ffffff"/>`,
    ...doc.body,
    '</svg>',
    '',
  ].join('\n');
}
