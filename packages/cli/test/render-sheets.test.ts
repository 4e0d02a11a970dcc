import { readFileSync } from 'node:fs';
import type { Feature } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStaff } from '../src/internal/register';
import { planToSheets, planToSvg, planToTree, type SheetOptions } from '../src/render';
import { tinyPlan } from './helpers';
import { errorCodeOf, type RenderCity, renderCity } from './render-city';

let city: RenderCity;
let options: SheetOptions;
const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] }).features;

beforeAll(async () => {
  city = await renderCity();
  options = {
    staff: readStaff(city.staff),
    layers: [
      { name: 'roads', features: read(city.roads) },
      { name: 'buildings', features: read(city.buildings) },
    ],
    symbols: read(city.units),
  };
}, 120_000);

/** Every piece of text a person sees in an SVG: text, tspans and tooltips. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<(text|tspan|title)[^>]*>([^<]*)</g)].map((m) => m[2]).filter((t) => t !== '');
}

/** Numbers in path data and positions of an SVG group, e.g. `<g class="layer ...">`. */
function numbersIn(svg: string, pattern: RegExp): number[][] {
  const out: number[][] = [];
  for (const m of svg.matchAll(pattern)) {
    for (const d of m[1].matchAll(/ d="([^"]+)"/g)) {
      const n = d[1].match(/-?\d+(\.\d+)?/g)!.map(Number);
      for (let i = 0; i + 1 < n.length; i += 2) out.push([n[i], n[i + 1]]);
    }
  }
  return out;
}

describe('sheets (网格公示牌)', () => {
  it('draws one sheet per leaf grid, in plan order, with its code, name, persons and register fields', () => {
    const sheets = planToSheets(city.features, options);
    expect(sheets.map((s) => s.code)).toEqual(city.leaves.map((g) => g.properties?.code));
    for (const [k, sheet] of sheets.entries()) {
      const grid = city.leaves[k].properties!;
      expect(sheet.svg).toMatch(/^<svg [^>]*width="297mm" height="210mm"/);
      const shown = texts(sheet.svg);
      expect(shown).toContain(`${grid.code}  ${grid.name}`);
      expect(shown).toContain(`${(grid.households as number).toLocaleString('en')} 户`);
      expect(shown).toContain('专职网格员');
      expect(sheet.labels.placed).toBeGreaterThan(3);
    }
    // The persons of a grid, with their phones, come from the staff table.
    const staff = readStaff(city.staff).filter((p) => p.grids.includes(sheets[0].code));
    expect(staff.length).toBeGreaterThanOrEqual(2);
    for (const p of staff) expect(texts(sheets[0].svg)).toContain(`${p.name}  ${p.phone}`);
    expect(planToSheets(city.features, options).map((s) => s.svg)).toEqual(sheets.map((s) => s.svg));
  });

  it('clips the base layers to a margin around the map frame', () => {
    const [sheet] = planToSheets(city.features, { ...options, grids: [city.leaves[0].properties?.code] });
    const frame = /<rect class="frame" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(
      sheet.svg,
    )!;
    const [x, y, w, h] = frame.slice(1).map(Number);
    const points = numbersIn(sheet.svg, /<g class="layer [^"]*"[^>]*>(.*?)<\/g>/g);
    expect(points.length).toBeGreaterThan(50); // roads and buildings were drawn
    for (const [px, py] of points) {
      expect(px).toBeGreaterThanOrEqual(x - 20.1);
      expect(px).toBeLessThanOrEqual(x + w + 20.1);
      expect(py).toBeGreaterThanOrEqual(y - 20.1);
      expect(py).toBeLessThanOrEqual(y + h + 20.1);
    }
    // All the city's buildings would be thousands of points; the sheet keeps those near its grid.
    const all = read(city.buildings).length;
    expect(sheet.svg.match(/Z/g)!.length).toBeLessThan(all);
  });

  it('prints no person with persons off, and never a coordinate on any map, sheet or tree', () => {
    const sheets = planToSheets(city.features, { ...options, persons: false });
    const overview = planToSvg(city.features, { ...options, label: ['code', 'name', 'area', 'households'] });
    const tree = planToTree(city.features);
    for (const svg of [...sheets.map((s) => s.svg), overview]) {
      for (const name of city.names) expect(svg).not.toContain(name);
      for (const phone of city.phones) expect(svg).not.toContain(phone);
    }
    expect(texts(sheets[0].svg)).not.toContain('网格责任人');
    // A longitude or latitude would show as a decimal with four or more places, or as the city's degrees.
    const sample = (city.leaves[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
    const degrees = sample.map((d) => d.toFixed(2));
    for (const text of [
      ...sheets.flatMap((s) => texts(s.svg)),
      ...texts(overview),
      ...texts(tree.svg),
      tree.text,
    ]) {
      expect(text).not.toMatch(/\d\.\d{4,}/);
      for (const d of degrees) expect(text).not.toContain(d);
    }
  });

  it('fits A3 portrait, and refuses an unknown paper or a grid that is not a leaf', () => {
    const [a3] = planToSheets(city.features, {
      ...options,
      paper: 'a3-portrait',
      grids: [city.leaves[2].properties?.code],
    });
    expect(a3.svg).toMatch(/^<svg [^>]*width="297mm" height="420mm"/);
    expect(errorCodeOf(() => planToSheets(city.features, { paper: 'letter' }))).toBe('INVALID_OPTION');
    expect(errorCodeOf(() => planToSheets(city.features, { grids: ['A'] }))).toBe('INVALID_OPTION');
  });
});

describe('the tree of levels (树状图)', () => {
  it('outlines the plan with code, name and count, summing counts its parents lack', () => {
    const plan = tinyPlan().map((g) => ({
      ...g,
      properties: {
        ...g.properties,
        ...(g.properties.level === 3 ? { households: 100 + g.properties.code.length } : {}),
      },
    }));
    const tree = planToTree(plan);
    expect(tree.nodes).toBe(7);
    expect(tree.text).toBe(
      [
        'S S网格 · 408户 · 2 社区',
        '├─ A A网格 · 204户 · 2 网格',
        '│  ├─ A1 A1网格 · 102户',
        '│  └─ A2 A2网格 · 102户',
        '└─ B B网格 · 204户 · 2 网格',
        '   ├─ B1 B1网格 · 102户',
        '   └─ B2 B2网格 · 102户',
        '',
      ].join('\n'),
    );
    expect(tree.svg.match(/<g class="node"/g)).toHaveLength(7);
  });

  it('draws a plan without geometry, and cuts a cycle of parents instead of looping', () => {
    const loose = [
      { type: 'Feature', properties: { code: 'X', parent: 'Y', level: 2 }, geometry: null },
      { type: 'Feature', properties: { code: 'Y', parent: 'X', level: 2 }, geometry: null },
      { type: 'Feature', properties: { code: 'Z', parent: 'missing', level: 3 }, geometry: null },
    ] as unknown as Feature[];
    const tree = planToTree(loose);
    expect(tree.nodes).toBe(3);
    expect(tree.text).toBe('Y · 1 社区\n└─ X\nZ\n');
  });
});
