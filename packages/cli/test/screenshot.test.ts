/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PALETTE } from '../src/render';
import { cityPlan, tempDir, writeGeoJson } from './helpers';
import { cityArgs, renderCity, runWangge as run } from './render-city';

/** The Debian `chromium` package (browser downloads are blocked); `.ci/run` installs it. */
const CHROMIUM = process.env.WANGGE_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.WANGGE_SKIP_BROWSER === '1';
/**
 * Where the screenshots are kept for people to look at; with WANGGE_UPDATE_DOCS=1 the ones
 * docs/cli/render.md shows are written there too.
 */
const SHOTS = new URL('../../../.out/cli/', import.meta.url).pathname;
const DOCS = new URL('../../../docs/cli/', import.meta.url).pathname;
const IN_DOCS = new Set(['render-overview.png', 'render-sheet.png', 'render-tree.png']);
const SCALE = 1.5;

function keep(name: string, png: Buffer): void {
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, name), png);
  if (process.env.WANGGE_UPDATE_DOCS === '1' && IN_DOCS.has(name)) writeFileSync(join(DOCS, name), png);
}

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Pixels of each colour in a screenshot. */
function colourCounts(image: PNG): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < image.data.length; i += 4) {
    const key = hex(image.data[i], image.data[i + 1], image.data[i + 2]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The colour at a CSS pixel of the page. */
function pixelAt(image: PNG, x: number, y: number): [number, number, number] {
  const i = (Math.round(y * SCALE) * image.width + Math.round(x * SCALE)) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

/** Pairs of shown labels whose text boxes, as the browser lays them out, overlap. */
async function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('g.label:not([display="none"]) text')].map((t) => ({
      text: t.textContent ?? '',
      r: t.getBoundingClientRect(),
    }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 0.5 && dy > 0.5) out.push(`${boxes[i].text} × ${boxes[j].text}`);
      }
    }
    return out;
  });
}

/** Points every few pixels along the roads' core lines, inside the map frame, in page pixels. */
async function roadPoints(page: Page, frame: string): Promise<Array<[number, number]>> {
  return page.evaluate((frameSelector) => {
    const f = (frameSelector === '' ? null : document.querySelector(frameSelector))?.getBoundingClientRect();
    const out: Array<[number, number]> = [];
    for (const path of document.querySelectorAll<SVGPathElement>('path.road')) {
      const ctm = path.getScreenCTM()!;
      const total = path.getTotalLength();
      for (let s = 0; s < total; s += 4) {
        const p = path.getPointAtLength(s).matrixTransform(ctm);
        if (
          f === undefined ||
          (p.x > f.left + 2 && p.x < f.right - 2 && p.y > f.top + 2 && p.y < f.bottom - 2)
        )
          out.push([p.x, p.y]);
      }
    }
    return out;
  }, frame);
}

/**
 * Whether road yellow (#ffd24d, or faded by a sheet's white veil to #ffe494) shows within a pixel of a
 * point: not the palette's orange (#fdbf6f) or yellow (#ffff99).
 */
function nearRoad(image: PNG, x: number, y: number): boolean {
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      const [r, g, b] = pixelAt(image, x + dx, y + dy);
      if (r >= 249 && g >= 200 && g <= 235 && b >= 60 && b <= 160) return true;
    }
  }
  return false;
}

describe.skipIf(skip)('maps in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: apt-get install chromium, set WANGGE_CHROMIUM, or WANGGE_SKIP_BROWSER=1`,
      );
    }
    // One browser for every case; launch() gives it a fresh temporary profile of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the HTML map in distinct colours, with labels, a legend, defects, and pans and zooms', async () => {
    const dir = tempDir();
    const plan = cityPlan(5000);
    const input = writeGeoJson(dir, 'plan.geojson', plan);
    const [x, y] = (plan[5].geometry as { coordinates: number[][][] }).coordinates[0][0];
    const defects = writeGeoJson(dir, 'defects.geojson', [
      {
        type: 'Feature',
        properties: { kind: 'overlap' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + 2e-3, y],
              [x, y + 2e-3],
              [x, y],
            ],
          ],
        },
      },
    ]);
    const html = join(dir, 'plan.html');
    expect((await run(['render', input, '--defects', defects, '--html', html])).status).toBe(0);

    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(`file://${html}`);
    expect(await page.locator('path.grid').count()).toBe(plan.filter((g) => g.properties.level === 3).length);
    const shown = () => page.locator('g.label:not([display="none"])').count();
    const labelled = await shown();
    expect(labelled).toBeGreaterThan(100);
    expect(await overlappingLabels(page)).toEqual([]);
    expect(await page.locator('#legend').textContent()).toContain('overlap × 1');
    const png = await page.screenshot();
    keep('render-example-city.png', png);

    // Look at the pixels: several palette colours in good measure, the defect's red, labels' dark text.
    const image = PNG.sync.read(png);
    const counts = colourCounts(image);
    const pixels = image.width * image.height;
    const paletteShown = PALETTE.filter((c) => (counts.get(c) ?? 0) > pixels * 0.01);
    expect(paletteShown.length).toBeGreaterThanOrEqual(4);
    const reddish = [...counts].filter(([c]) => {
      const [r, g, b] = [1, 3, 5].map((k) => Number.parseInt(c.slice(k, k + 2), 16));
      return r > 200 && g < 90 && b < 90;
    });
    expect(reddish.reduce((s, [, n]) => s + n, 0)).toBeGreaterThan(50);
    const dark = [...counts]
      .filter(([c]) => Number.parseInt(c.slice(1, 3), 16) < 60)
      .reduce((s, [, n]) => s + n, 0);
    expect(dark).toBeGreaterThan(pixels * 0.005);

    // Pan and zoom: the buttons and the wheel change the view.
    const transform = () => page.locator('#viewport').getAttribute('transform');
    await page.click('#zoom-in');
    const zoomed = await transform();
    expect(zoomed).toMatch(/scale\(1\.5\)/);
    await page.mouse.move(500, 400);
    await page.mouse.wheel(0, -300);
    expect(await transform()).not.toBe(zoomed);
    // Zoomed in, the labels of the smallest grids appear too, and none grows past 18 px.
    expect(await shown()).toBeGreaterThanOrEqual(labelled);
    const sizes = await page
      .locator('g.label:not([display="none"]) text')
      .evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().height));
    expect(Math.max(...sizes)).toBeLessThan(60);
    await page.click('#reset');
    expect(await transform()).toBe('translate(0 0) scale(1)');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]); // self-contained: nothing fetched from the network
    await page.close();
  });

  it("draws the example city's overview with roads, buildings and key units, each grid with its area and worker", async () => {
    const city = await renderCity();
    const svg = join(city.dir, 'overview.svg');
    const result = await run([
      'render',
      city.plan,
      ...cityArgs(city),
      '--label',
      'code,worker,households,area',
      '-o',
      svg,
      '--tree',
      join(city.dir, 'tree.svg'),
      '--json',
    ]);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.labelled).toBe(city.leaves.length); // the example city's grids all have room for a label
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: SCALE });
    await page.setContent(
      `<html><body style="margin:0">${readFileSync(join(city.dir, 'tree.svg'), 'utf8')}</body></html>`,
    );
    expect(await page.locator('g.node').count()).toBe(city.features.length);
    keep('render-tree.png', await page.locator('svg').screenshot());
    await page.setContent(`<html><body style="margin:0">${readFileSync(svg, 'utf8')}</body></html>`);
    expect(await overlappingLabels(page)).toEqual([]);
    expect(await page.locator('#symbols path.symbol').count()).toBe(summary.symbols);
    expect(await page.locator('#legend').textContent()).toContain('学校 school');
    const png = await page.screenshot({ fullPage: true });
    keep('render-overview.png', png);
    const image = PNG.sync.read(png);
    const counts = colourCounts(image);
    expect(
      PALETTE.filter((c) => (counts.get(c) ?? 0) > image.width * image.height * 0.01).length,
    ).toBeGreaterThanOrEqual(4);
    const points = await roadPoints(page, '');
    expect(points.length).toBeGreaterThan(50);
    const onRoad = points.filter(([x, y]) => nearRoad(image, x, y)).length;
    expect(onRoad / points.length).toBeGreaterThan(0.4); // the rest lies under grid boundaries
    await page.close();
  });

  it("prints two sheets with the grid's colour, a road, the title, its persons and no label over another", async () => {
    const city = await renderCity();
    const dir = join(city.dir, 'sheets');
    const [first, second] = [city.leaves[1], city.leaves[Math.floor(city.leaves.length / 2)]].map(
      (g) => g.properties?.code as string,
    );
    const result = await run([
      'render',
      city.plan,
      ...cityArgs(city),
      '--sheets',
      dir,
      '--grids',
      `${first},${second}`,
      '--no-pdf',
      '--no-html',
      '-o',
      join(city.dir, 'for-sheets.svg'),
    ]);
    expect(result.status).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1123, height: 794 }, deviceScaleFactor: SCALE });
    for (const code of [first, second]) {
      const grid = city.leaves.find((g) => g.properties?.code === code)!;
      await page.setContent(
        `<html><body style="margin:0">${readFileSync(join(dir, `${code}.svg`), 'utf8')}</body></html>`,
      );
      expect(await page.locator('.sheet-title').textContent()).toBe(`${code}  ${grid.properties?.name}`);
      const panel = (await page.locator('#panel').textContent()) ?? '';
      expect(panel).toContain('网格责任人');
      expect(panel).toContain('专职网格员');
      expect(await overlappingLabels(page)).toEqual([]);
      expect(await page.locator('g.label').count()).toBeGreaterThan(3);
      const png = await page.screenshot();
      if (code === first) keep('render-sheet.png', png);
      const image = PNG.sync.read(png);
      const counts = colourCounts(image);
      const fill = (await page.locator('path.grid').getAttribute('fill'))!;
      expect(counts.get(fill) ?? 0).toBeGreaterThan(image.width * image.height * 0.02); // the grid, filled
      expect(counts.get('#b71c1c') ?? 0).toBeGreaterThan(300); // the red heading 网格公示牌, drawn
      const points = await roadPoints(page, 'rect.frame');
      expect(points.length).toBeGreaterThan(20);
      const onRoad = points.filter(([x, y]) => nearRoad(image, x, y)).length;
      expect(onRoad / points.length).toBeGreaterThan(0.5);
    }
    await page.close();
  });

  it('prints one PDF page per grid, with the CJK font embedded and fixed dates', async () => {
    const city = await renderCity();
    const dir = join(city.dir, 'pdf');
    const result = await run([
      'render',
      city.plan,
      '--layer',
      city.roads,
      '--staff',
      city.staff,
      '--sheets',
      dir,
      '--paper',
      'a4-portrait',
      '--no-html',
      '-o',
      join(city.dir, 'for-pdf.svg'),
      '--json',
    ]);
    expect(result.status).toBe(0);
    const pdf = join(dir, 'sheets.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(city.leaves.length);
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/WenQuanYi|NotoSansCJK|NotoSansSC/);
    expect(readFileSync(pdf).toString('latin1')).toContain("/CreationDate (D:19700101000000+00'00')");
  });
});
