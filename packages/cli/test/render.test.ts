import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { neighbours } from '@wangge/index';
import { describe, expect, it } from 'vitest';
import { PALETTE, planToSvg } from '../src/render';
import { cityPlan, tempDir, tinyPlan, wangge, writeGeoJson } from './helpers';
import { runWangge as run } from './render-city';

/** `data-code` → fill of every grid path in an SVG. */
function fills(svg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of svg.matchAll(/<path class="grid" d="[^"]*" fill="([^"]+)" data-code="([^"]+)"/g))
    out.set(m[2], m[1]);
  return out;
}

describe.concurrent('wangge render', () => {
  it('fills the example city so that no two neighbours share a colour, with few colours, labels and a legend', async () => {
    const dir = tempDir();
    const plan = cityPlan(5000);
    const input = writeGeoJson(dir, 'plan.geojson', plan);
    const run = await wangge(['render', input, '--html', join(dir, 'plan.html'), '--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(''); // no progress bar or noise when stderr is not a terminal
    const summary = JSON.parse(run.stdout);
    const svg = readFileSync(join(dir, 'plan.svg'), 'utf8');
    const leaves = plan.filter((g) => g.properties.level === 3);
    const fill = fills(svg);
    expect(fill.size).toBe(leaves.length);
    expect(summary).toMatchObject({ grids: leaves.length, defects: 0 });
    expect(summary.colours).toBeLessThanOrEqual(5);
    expect(new Set(fill.values()).size).toBe(summary.colours);
    const graph = neighbours(leaves);
    let pairs = 0;
    for (let i = 0; i < leaves.length; i++) {
      for (const j of graph.neighboursOf(i)) {
        pairs++;
        expect(fill.get(leaves[i].properties.code)).not.toBe(fill.get(leaves[j].properties.code));
      }
    }
    expect(pairs).toBeGreaterThan(leaves.length); // the check above ran over a real adjacency graph
    // Parent boundaries heavier by level, labels with code and household count, a legend.
    const width = (level: number) =>
      Number(new RegExp(`class="boundary level-${level}" d="[^"]*" stroke-width="([\\d.]+)"`).exec(svg)![1]);
    expect(width(1)).toBeGreaterThan(width(2));
    expect(svg).toMatch(
      /<g class="label"[^>]*><text[^>]*><tspan[^>]*font-weight="bold">A1<\/tspan><tspan[^>]*>\d+户<\/tspan><\/text><\/g>/,
    );
    expect(summary.labelled).toBeGreaterThan(leaves.length * 0.8);
    expect(svg).toContain('<g id="legend">');
    expect(svg).toContain('community 社区 boundary');
    const html = readFileSync(join(dir, 'plan.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // self-contained
  });

  it('highlights defects by kind in red, with a legend entry each', async () => {
    const dir = tempDir();
    const plan = cityPlan(2000);
    const input = writeGeoJson(dir, 'plan.geojson', plan);
    const [x, y] = (plan[3].geometry as { coordinates: number[][][] }).coordinates[0][0];
    const defects = writeGeoJson(dir, 'defects.geojson', [
      {
        type: 'Feature',
        properties: { kind: 'gap', message: 'a hole' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + 1e-4, y],
              [x, y + 1e-4],
              [x, y],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { kind: 'unassigned' },
        geometry: { type: 'Point', coordinates: [x, y] },
      },
      { type: 'Feature', properties: { kind: 'gap' }, geometry: { type: 'Point', coordinates: [x, y] } },
    ]);
    const svgFile = join(dir, 'map.svg');
    const run = await wangge(['render', input, '--defects', defects, '-o', svgFile]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('3 defects highlighted');
    expect(readFileSync(join(dir, 'map.html'), 'utf8')).toContain('<svg'); // the HTML page comes along
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg.match(/class="defect"/g)).toHaveLength(3);
    expect(svg).toContain('gap × 2');
    expect(svg).toContain('unassigned × 1');
  });

  it('reports a plan with nothing to draw as bad input (exit 2)', async () => {
    const dir = tempDir();
    const input = writeGeoJson(dir, 'points.geojson', [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [120, 30] } },
    ]);
    const run = await wangge(['render', input, '--json']);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe('EMPTY_INPUT');
    const width = await wangge(['render', input, '--width', 'wide', '--no-html']);
    expect(width.status).toBe(2);
    expect(width.stderr).toContain('--width must be a number');
  });

  it('is deterministic and uses the palette in order', () => {
    const plan = cityPlan(1000);
    const a = planToSvg(plan);
    expect(planToSvg(plan)).toBe(a);
    const used = new Set(fills(a).values());
    expect([...used].sort()).toEqual(PALETTE.slice(0, used.size).sort());
  });

  it('writes an SVG sheet per leaf grid and the tree of levels, with --no-pdf needing no browser', async () => {
    const dir = tempDir();
    const input = writeGeoJson(dir, 'plan.geojson', tinyPlan());
    const staff = join(dir, 'staff.csv');
    writeFileSync(
      staff,
      'name,role,phone,grids\n张三,专职网格员,13800000001,A1;A2\n李四,网格长,13800000002,B1\n',
    );
    const result = await run([
      'render',
      input,
      '--staff',
      staff,
      '--label',
      'code,worker,area',
      '--sheets',
      join(dir, 'sheets'),
      '--no-pdf',
      '--paper',
      'a3-portrait',
      '--tree',
      join(dir, 'tree.svg'),
      '--json',
    ]);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.sheets).toMatchObject({ count: 4, paper: 'a3-portrait', pdf: null, persons: true });
    expect(summary.tree).toMatchObject({ nodes: 7 });
    for (const code of ['A1', 'A2', 'B1', 'B2'])
      expect(existsSync(join(dir, 'sheets', `${code}.svg`))).toBe(true);
    expect(readFileSync(join(dir, 'sheets', 'A2.svg'), 'utf8')).toContain('张三  13800000001');
    expect(readFileSync(join(dir, 'tree.txt'), 'utf8')).toContain('└─ B2 B2网格');
    expect(readFileSync(join(dir, 'plan.svg'), 'utf8')).toMatch(/<tspan[^>]*>张三<\/tspan>/);
  });

  it('rejects conflicting options, person fields without a staff table, and an output that names an input', async () => {
    const dir = tempDir();
    const input = writeGeoJson(dir, 'plan.geojson', tinyPlan());
    const staff = join(dir, 'staff.csv');
    writeFileSync(staff, 'name,role,phone,grids\n张三,专职网格员,13800000001,A1\n');
    const old = writeGeoJson(dir, 'old.svg', []);
    // The tree's text outline (staff.txt beside staff.svg) would overwrite the staff table.
    const outline = join(dir, 'staff.txt');
    writeFileSync(outline, readFileSync(staff));
    const cases: Array<[string[], string]> = [
      [['--label', 'code,worker'], 'needs the staff table'],
      [['--label', 'phone', '--staff', staff, '--no-persons'], 'which --no-persons forbids'],
      [['--grids', 'A1'], '--grids needs --sheets'],
      [['--paper', 'a4-portrait'], '--paper needs --sheets'],
      [['--layer', 'river=x.geojson'], '--layer style must be one of'],
      [['--tree', join(dir, 'tree.png')], '--tree must name an .svg file'],
      [['--label', 'lat'], 'would print coordinates'],
      [['--defects', old, '-o', old], 'never overwrites an input'],
      [['--staff', outline, '--tree', join(dir, 'staff.svg')], 'never overwrites an input'],
      [['--sheets', join(dir, 'sheets'), '--no-pdf', '--grids', 'A'], 'no leaf grid "A"'],
    ];
    for (const [args, message] of cases) {
      const result = await run(['render', input, ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(readFileSync(input, 'utf8')).toContain('"FeatureCollection"'); // the inputs are untouched
    expect(readFileSync(old, 'utf8')).toContain('"FeatureCollection"');
    expect(readFileSync(outline, 'utf8')).toContain('张三');
  });
});
