import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import { commands } from '../src/commands';
import { cityPlan, readGeoJson, tempDir, wangge, writeGeoJson } from './helpers';

/** A polygonal geometry with every ring rotated to start at its smallest vertex. */
function canonical(geometry: unknown): number[][][][] {
  const g = geometry as { type: string; coordinates: number[][][] | number[][][][] };
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
  return polygons.map((rings) =>
    rings.map((ring) => {
      const open = ring.slice(0, -1);
      let k = 0;
      open.forEach((p, i) => {
        if (p[0] < open[k][0] || (p[0] === open[k][0] && p[1] < open[k][1])) k = i;
      });
      const rotated = [...open.slice(k), ...open.slice(0, k)];
      return [...rotated, rotated[0]];
    }),
  );
}

describe.concurrent('wangge (the binary)', () => {
  it('lists every command in --help, exit 0; no command is a usage error, exit 2', async () => {
    const help = await wangge(['--help']);
    expect(help.status).toBe(0);
    for (const c of commands) expect(help.stdout).toContain(`  ${c.name} `);
    const none = await wangge([]);
    expect(none.status).toBe(2);
  });

  it('gives every command a --help with an example and the exit codes', async () => {
    // One through the binary; the rest in process (the same runCli), to keep the suite quick.
    const run = async (name: string, i: number) => {
      if (i === 0) return wangge([name, '--help']);
      let stdout = '';
      const status = await runCli([name, '--help'], {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: () => true },
      });
      return { status, stdout };
    };
    const runs = await Promise.all(commands.map((c, i) => run(c.name, i)));
    runs.forEach((run, i) => {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Usage: wangge ${commands[i].name}`);
      expect(run.stdout).toMatch(new RegExp(`Examples:\\n  # .+\\n  wangge ${commands[i].name} `));
      expect(run.stdout).toContain('Exit status: 0 ok, 1 defects found, 2 bad input or usage');
    });
  });

  it('rejects an unknown command, an unknown option and a missing argument with exit 2', async () => {
    const [command, option, missing] = await Promise.all([
      wangge(['partitoin']),
      wangge(['convert', 'x.geojson', '--frobnicate']),
      wangge(['convert']),
    ]);
    expect(command.status).toBe(2);
    expect(command.stderr).toContain('unknown command "partitoin"');
    expect(option.status).toBe(2);
    expect(option.stderr).toContain('--frobnicate');
    expect(option.stderr).toContain('wangge convert --help');
    expect(missing.status).toBe(2);
    const mixed = await wangge(['convert', 'x.geojson', '--json']); // data and summary both on stdout
    expect(mixed.status).toBe(2);
    expect(JSON.parse(mixed.stdout).error.code).toBe('USAGE');
  });

  it('names the file, the line and what to do when an input is bad, and says it as JSON with --json', async () => {
    const dir = tempDir();
    const csv = join(dir, 'shops.csv');
    writeFileSync(csv, 'name,lng,lat\n一号店,120.1,30.2\n二号店,abc,30.3\n');
    const run = await wangge(['convert', csv, '-o', join(dir, 'out.geojson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(csv);
    expect(run.stderr).toContain('line 3');
    expect(run.stderr).toContain('fix the row');
    const json = await wangge(['convert', csv, '-o', join(dir, 'out.geojson'), '--json']);
    expect(json.status).toBe(2);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.error.code).toBe('UNREADABLE_INPUT');
    expect(parsed.error.featureIndex).toBe(1);
    const missing = await wangge(['convert', join(dir, 'nope.geojson')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.geojson: no such file');
    writeFileSync(join(dir, 'broken.geojson'), '{"type":"FeatureCollection","features":[');
    const broken = await wangge(['convert', join(dir, 'broken.geojson')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/broken\.geojson: not valid JSON/);
  });
});

describe.concurrent('wangge convert', () => {
  it('reads AMap (GCJ-02) CSV points into WGS84 GeoJSON, and writes them back as GCJ-02', async () => {
    const dir = tempDir();
    const csv = join(dir, 'shops.csv');
    writeFileSync(csv, '\uFEFF名称,经度,纬度,code\n一号店,120.13475968781506,30.267709288037725,0012\n');
    const out = join(dir, 'shops.geojson');
    const run = await wangge(['convert', csv, '--crs', 'gcj02', '-o', out, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      command: 'convert',
      features: 1,
      geometryTypes: { Point: 1 },
    });
    const [shop] = readGeoJson(out);
    expect(shop.properties).toEqual({ 名称: '一号店', code: '0012' }); // codes keep their leading zeros
    const [lon, lat] = (shop.geometry as { coordinates: number[] }).coordinates;
    // The GCJ-02 offset in Hangzhou is about 500 m; the point converted back lands within a millimetre.
    expect(Math.abs(lon - 120.13)).toBeLessThan(1e-7);
    expect(Math.abs(lat - 30.27)).toBeLessThan(1e-7);
    const back = join(dir, 'back.csv');
    expect((await wangge(['convert', out, '--out-crs', 'gcj02', '-o', back])).status).toBe(0);
    const [header, row] = readFileSync(back, 'utf8').trim().split('\n');
    expect(header).toBe('名称,code,lon,lat');
    const [, , x, y] = row.split(',').map(Number);
    const expected = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02);
    expect(x).toBeCloseTo(expected[0], 9);
    expect(y).toBeCloseTo(expected[1], 9);
  });

  it('writes a plan as TopoJSON with shared arcs and reads it back to the same grids', async () => {
    const dir = tempDir();
    const plan = cityPlan(2000);
    const input = writeGeoJson(dir, 'plan.geojson', plan);
    const topo = join(dir, 'plan.topojson');
    const exact = join(dir, 'exact.topojson');
    await wangge(['convert', input, '-o', topo]);
    await wangge(['convert', input, '-o', exact, '--quantize', '0']);
    const sizeIn = readFileSync(input).length;
    const sizeTopo = readFileSync(topo).length;
    // The example city's coordinates carry 9 decimals (the kernel's 1e-9° grid), so the quantized file is
    // a little over half the GeoJSON; the arcs between neighbours are stored once and used twice.
    expect(sizeTopo).toBeLessThan(sizeIn * 0.6);
    const uses = new Map<number, number>();
    const count = (a: unknown): void => {
      if (typeof a === 'number') uses.set(a < 0 ? ~a : a, (uses.get(a < 0 ? ~a : a) ?? 0) + 1);
      else if (Array.isArray(a)) for (const b of a) count(b);
    };
    const topology = JSON.parse(readFileSync(topo, 'utf8'));
    for (const o of Object.values(topology.objects) as { geometries: { arcs: unknown }[] }[])
      for (const g of o.geometries) count(g.arcs);
    expect([...uses.values()].filter((n) => n === 2).length).toBeGreaterThan(uses.size / 3);
    const back = join(dir, 'back.geojson');
    expect((await wangge(['convert', exact, '-o', back])).status).toBe(0);
    const features = readGeoJson(back);
    expect(features.map((f) => f.properties)).toEqual(plan.map((f) => f.properties));
    // TopoJSON cuts rings into arcs at junctions, so a ring may come back starting at another vertex.
    expect(features.map((f) => canonical(f.geometry))).toEqual(plan.map((f) => canonical(f.geometry)));
  });

  it('exports a plan without coordinates: codes, names and counts only', async () => {
    const dir = tempDir();
    const plan = cityPlan(2000);
    const input = writeGeoJson(dir, 'plan.geojson', plan);
    const geojson = join(dir, 'bare.geojson');
    const csv = join(dir, 'bare.csv');
    await wangge(['convert', input, '--no-coordinates', '-o', geojson]);
    await wangge(['convert', input, '--no-coordinates', '-o', csv]);
    expect(readFileSync(geojson, 'utf8')).not.toMatch(/coordinates|\d+\.\d{5,}/);
    expect(readGeoJson(geojson).map((f) => f.properties)).toEqual(plan.map((f) => f.properties));
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('code,parent,level,name,households');
    expect(lines).toHaveLength(plan.length + 1);
    expect(lines.join('\n')).not.toMatch(/\d+\.\d{5,}/);
  });

  it('reads NDJSON (and GeoJSON text sequences) from stdin and writes NDJSON to stdout', async () => {
    const features = cityPlan(1000).slice(0, 3);
    const ndjson = features.map((f) => `\u001e${JSON.stringify(f)}`).join('\n');
    const run = await wangge(['convert', '-', '--format', 'ndjson', '-o', '-', '--out-crs', 'wgs84'], {
      stdin: ndjson,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).features).toEqual(features); // stdout is GeoJSON unless --to says
    const lines = await wangge(['convert', '-', '--format', 'ndjson', '--to', 'ndjson'], { stdin: ndjson });
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(features);
  });

  it('converts to and from a CGCS2000 Gauss-Krüger system (EPSG:4549, CM 120°E)', async () => {
    const dir = tempDir();
    const input = writeGeoJson(dir, 'p.geojson', [
      {
        type: 'Feature',
        properties: { name: 'on the meridian' },
        geometry: { type: 'Point', coordinates: [120, 30] },
      },
    ]);
    const out = join(dir, 'p-4549.geojson');
    expect((await wangge(['convert', input, '--out-crs', 'EPSG:4549', '-o', out])).status).toBe(0);
    const [x, y] = (readGeoJson(out)[0].geometry as { coordinates: number[] }).coordinates;
    // On the central meridian: false easting 500 km, northing = GRS80 meridian arc to 30°N (3,320,113.398 m).
    expect(x).toBeCloseTo(500_000, 3);
    expect(y).toBeCloseTo(3_320_113.398, 2);
    const back = join(dir, 'back.geojson');
    expect((await wangge(['convert', out, '--crs', 'EPSG:4549', '-o', back])).status).toBe(0);
    const [lon, lat] = (readGeoJson(back)[0].geometry as { coordinates: number[] }).coordinates;
    expect(lon).toBeCloseTo(120, 9);
    expect(lat).toBeCloseTo(30, 9);
  });
});
