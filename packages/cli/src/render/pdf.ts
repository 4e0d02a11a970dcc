/**
 * Printing sheets to one PDF through headless Chromium (Debian's `/usr/bin/chromium`, driven with
 * playwright-core): the engine the screenshot tests look through, so the PDF shows what they checked,
 * with the CJK font embedded as a subset. Measured against pdfkit + svg-to-pdfkit on the same 12 A4
 * sheets (docs/cli/render.md): about the same time, a third of the size there, but it painted the
 * labels' white halos over their text (no `paint-order`) and needs a font file named by path.
 */
import { existsSync } from 'node:fs';
import { checkOptions, ErrorCode, WanggeError } from '@wangge/core';
import { type Paper, paperOf } from './paper';
import { esc } from './svg';

/** Options of {@link sheetsToPdf}. */
export interface PrintOptions {
  /** Paper the sheets were drawn for, e.g. `a4-landscape`. @default 'a4-landscape' */
  paper?: string;
  /** Title of the PDF document. @default '网格公示牌' */
  title?: string;
  /** The Chromium to print with. @default `$WANGGE_CHROMIUM`, else `/usr/bin/chromium` */
  chromium?: string;
}

/** The Chromium {@link sheetsToPdf} uses when none is named. */
export function defaultChromium(): string {
  return process.env.WANGGE_CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * One PDF with a page per SVG sheet, at the paper's size, margins none. Deterministic: the PDF's dates
 * are `$SOURCE_DATE_EPOCH` (or 1970-01-01), so the same sheets print the same bytes. Throws
 * `INVALID_OPTION` when there is no Chromium at the path or the paper is unknown.
 */
export async function sheetsToPdf(svgs: readonly string[], options: PrintOptions = {}): Promise<Uint8Array> {
  if (!Array.isArray(svgs) || svgs.some((svg) => typeof svg !== 'string')) {
    throw new WanggeError(ErrorCode.INVALID_ARGUMENT, 'sheetsToPdf: svgs must be an array of SVG strings');
  }
  options = checkOptions(options, 'sheetsToPdf');
  const paper = paperOf(options.paper ?? 'a4-landscape');
  const executablePath = options.chromium ?? defaultChromium();
  if (!existsSync(executablePath)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `no Chromium at ${executablePath} to print the PDF with: install Debian's chromium package, pass --chromium <path> (or set WANGGE_CHROMIUM), or --no-pdf`,
    );
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(printPage(svgs, paper, options.title ?? '网格公示牌'));
    await page.evaluate('document.fonts.ready');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return fixDates(pdf);
  } finally {
    await browser.close();
  }
}

/** The HTML page Chromium prints: one sheet per page. */
function printPage(svgs: readonly string[], paper: Paper, title: string): string {
  const { widthMm, heightMm } = paper;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
@page { size: ${widthMm}mm ${heightMm}mm; margin: 0; }
html, body { margin: 0; padding: 0; }
svg { display: block; width: ${widthMm}mm; height: ${heightMm}mm; break-after: page; }
svg:last-child { break-after: auto; }
</style></head>
<body>
${svgs.join('\n')}
</body></html>`;
}

/** The PDF with its creation and modification dates set to the fixed date (same length, offsets kept). */
function fixDates(pdf: Uint8Array): Uint8Array {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH ?? 0);
  const d = new Date((Number.isFinite(epoch) ? epoch : 0) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `D:${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}+00'00'`;
  const text = Buffer.from(pdf).toString('latin1');
  const fixed = text.replace(/\/(CreationDate|ModDate) \(D:\d{14}[^)]*\)/g, (match, key: string) => {
    const replacement = `/${key} (${stamp})`;
    return replacement.length === match.length ? replacement : match;
  });
  return Buffer.from(fixed, 'latin1');
}
