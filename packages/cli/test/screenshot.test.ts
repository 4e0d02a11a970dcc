import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { PALETTE } from '../src/render';
import { cityPlan, tempDir, wangge, writeGeoJson } from './helpers';

/** The Debian `chromium` package (browser downloads are blocked); `.ci/run` installs it. */
const CHROMIUM = process.env.WANGGE_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.WANGGE_SKIP_BROWSER === '1';
/** Where the screenshot is kept for people to look at. */
const SHOT = new URL('../../../.out/cli/render-example-city.png', import.meta.url).pathname;

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

describe.skipIf(skip)('the rendered map in headless Chromium', () => {
  it('shows the example city in distinct colours, with labels, a legend, defects, and pans and zooms', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: apt-get install chromium, set WANGGE_CHROMIUM, or WANGGE_SKIP_BROWSER=1`,
      );
    }
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
    const run = await wangge(['render', input, '--defects', defects, '--html', html]);
    expect(run.status).toBe(0);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ], // launch() gives Chromium a fresh temporary profile (--user-data-dir) of its own
    });
    try {
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
      expect(await page.locator('path.grid').count()).toBe(
        plan.filter((g) => g.properties.level === 3).length,
      );
      const shown = () => page.locator('g.label:not([display="none"])').count();
      const labelled = await shown();
      expect(labelled).toBeGreaterThan(100);
      expect(await page.locator('#legend').textContent()).toContain('overlap × 1');
      const png = await page.screenshot();
      mkdirSync(join(SHOT, '..'), { recursive: true });
      writeFileSync(SHOT, png);

      // Look at the pixels: several palette colours in good measure, the defect's red, labels' dark text.
      const image = PNG.sync.read(png);
      const counts = new Map<string, number>();
      for (let i = 0; i < image.data.length; i += 4) {
        const key = hex(image.data[i], image.data[i + 1], image.data[i + 2]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
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
    } finally {
      await browser.close();
    }
    expect(readFileSync(SHOT).length).toBeGreaterThan(10_000);
  });
});
