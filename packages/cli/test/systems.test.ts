import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { geodesicDistance } from '@wangge/core';
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readGeoJson, runInProcess, tempDir, writeGeoJson } from './helpers';

const box = (x: number, y: number, w: number, h: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
      [x, y],
    ],
  ],
});
const grid = (
  code: string,
  parent: string | null,
  level: number,
  geometry: ReturnType<typeof box> | null,
  system?: string,
): Feature =>
  ({
    type: 'Feature',
    properties: { code, parent, level, ...(system === undefined ? {} : { system }) },
    geometry,
  }) as Feature;

/** The assign README's street, with H1 (the industry grid over the whole street) as `system: industry`. */
const readmeStreet = (h1System?: string) => [
  grid('西溪街道', null, 1, box(120, 30, 0.02, 0.01)),
  grid('A1', '西溪街道', 2, box(120, 30, 0.01, 0.01)),
  grid('A2', '西溪街道', 2, box(120.01, 30, 0.01, 0.01)),
  grid('H1', '西溪街道', 2, box(120, 30, 0.02, 0.01), h1System),
];

describe('grid systems on the command line', () => {
  it('check of an empty plan fails with systems declared too (regression: it passed with none checked)', async () => {
    const dir = tempDir();
    const empty = writeGeoJson(dir, 'empty.geojson', []);
    const run = await runInProcess(['check', empty, '--system', 'fire:thematic:partial', '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).counts.empty).toBe(1);
  });

  it('check: the README industry grid fails as one system (two overlaps) and passes as its own system', async () => {
    const dir = tempDir();
    const one = writeGeoJson(dir, 'one.geojson', readmeStreet());
    const two = writeGeoJson(dir, 'two.geojson', readmeStreet('industry'));
    const [before, after] = await Promise.all([
      runInProcess(['check', one, '--json']),
      runInProcess(['check', two, '--json']),
    ]);
    expect(before.status).toBe(1);
    expect(
      JSON.parse(before.stdout)
        .defects.filter((d: { kind: string }) => d.kind === 'overlap')
        .map((d: { grids: string[] }) => d.grids.join('+')),
    ).toEqual(['A1+H1', 'A2+H1']);
    expect(after.status).toBe(0);
    const report = JSON.parse(after.stdout);
    expect(report.defects).toEqual([]);
    expect(report.systems.map((s: { name: string; grids: number }) => [s.name, s.grids])).toEqual([
      ['territorial', 3],
      ['industry', 1],
    ]);
  });
});

/**
 * A street of two territorial grids (A1 | A2), a partial enterprise system (E1 in A1, E2 in A2, most of
 * the street in neither) and a membership tax system (T1, T2: no geometry, filled by industry rules).
 */
const threeSystems = () => [
  grid('S', null, 1, box(120, 30, 0.02, 0.01)),
  grid('A1', 'S', 2, box(120, 30, 0.01, 0.01)),
  grid('A2', 'S', 2, box(120.01, 30, 0.01, 0.01)),
  grid('E1', 'S', 2, box(120.002, 30.002, 0.004, 0.004), 'enterprise'),
  grid('E2', 'S', 2, box(120.012, 30.002, 0.004, 0.004), 'enterprise'),
  grid('T1', 'S', 2, null, 'tax'),
  grid('T2', 'S', 2, null, 'tax'),
];
const SYSTEMS = ['--system', 'enterprise:thematic:partial', '--system', 'tax:thematic:membership'];
const shopsCsv = [
  'id,lon,lat,industry',
  '1,120.003,30.003,C13', // A1, E1, T1
  '2,120.005,30.005,F52', // A1, E1, T2
  '3,120.008,30.008,F52', // A1, no enterprise grid, T2
  '4,120.013,30.003,C13', // A2, E2, T1
  '5,120.018,30.008,X99', // A2, neither
  '',
].join('\n');
const taxRules = [
  { grid: 'T1', when: { industry: 'C13' }, name: '制造业' },
  { grid: 'T2', when: { industry: ['F52', 'F53'] }, name: '零售业' },
];

describe('a plan of three systems: territorial, partial enterprise, membership tax', () => {
  it('goes through check, assign, report, register and crosswalk with the numbers expected', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', threeSystems());
    const shops = join(dir, 'shops.csv');
    writeFileSync(shops, shopsCsv);
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify(taxRules));

    // check: every system passes by its rule; E1/E2 over A1/A2 is no overlap, their gaps are allowed.
    const checked = await runInProcess(['check', plan, ...SYSTEMS, '--json']);
    expect(checked.status).toBe(0);
    const report = JSON.parse(checked.stdout);
    expect(report.defects).toEqual([]);
    expect(
      report.systems.map((s: { name: string; coverage: string; grids: number }) => [
        s.name,
        s.coverage,
        s.grids,
      ]),
    ).toEqual([
      ['territorial', 'tiling', 3],
      ['enterprise', 'partial', 2],
      ['tax', 'membership', 2],
    ]);

    // assign: one leaf per system, rules for the tax grids, the unclaimed listed but passing.
    const out = join(dir, 'assigned.csv');
    const counted = join(dir, 'counted.geojson');
    const assigned = await runInProcess([
      'assign',
      plan,
      shops,
      ...SYSTEMS,
      '--rules',
      rules,
      '--count-as',
      'shops',
      '-o',
      out,
      '--plan-out',
      counted,
      '--json',
    ]);
    expect(assigned.status).toBe(0);
    const json = JSON.parse(assigned.stdout);
    const bySystem = Object.fromEntries(json.systems.map((s: { name: string }) => [s.name, s]));
    expect(bySystem.territorial).toMatchObject({
      assigned: 5,
      unclaimed: [],
      counts: { S: 5, A1: 3, A2: 2 },
    });
    expect(bySystem.enterprise).toMatchObject({ assigned: 3, unclaimed: [2, 4], counts: { E1: 2, E2: 1 } });
    expect(bySystem.tax).toMatchObject({
      assigned: 4,
      unclaimed: [4],
      counts: { T1: 2, T2: 2 },
      byRule: { 制造业: 2, 零售业: 2 },
    });
    expect(
      json.findings.map((f: { system: string; entities: number; severity: string }) => [
        f.system,
        f.entities,
        f.severity,
      ]),
    ).toEqual([
      ['enterprise', 2, 'warning'],
      ['tax', 1, 'warning'],
    ]);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,industry,grid,path,grid:enterprise,grid:tax,lon,lat');
    expect(rows[1]).toBe('1,C13,A1,S/A1,E1,T1,120.003,30.003');
    expect(rows[5]).toBe('5,X99,A2,S/A2,,,120.018,30.008');
    const counts = Object.fromEntries(
      readGeoJson(counted).map((f) => [f.properties!.code, f.properties!.shops]),
    );
    expect(counts).toEqual({ S: 5, A1: 3, A2: 2, E1: 2, E2: 1, T1: 2, T2: 2 });
    expect(readGeoJson(counted).map((f) => f.properties!.system)).toEqual([
      'territorial',
      'territorial',
      'territorial',
      'enterprise',
      'enterprise',
      'tax',
      'tax',
    ]);

    // report: the territorial system's loads (a register hook: the plan counted per system is here).
    const territorial = writeGeoJson(dir, 'territorial.geojson', threeSystems().slice(0, 3));
    const reported = await runInProcess(['report', territorial, '--households', shops, '--json']);
    const loads = JSON.parse(reported.stdout);
    expect(loads.grids.map((g: { code: string; households: number }) => [g.code, g.households])).toEqual([
      ['S', 5],
      ['A1', 3],
      ['A2', 2],
    ]);

    // register: one row per grid of every system, each counted in its own system, the tax grids (no
    // polygon) with no area and no neighbours; staff rules bind the territorial grids only.
    const staff = join(dir, 'staff.csv');
    writeFileSync(
      staff,
      'name,role,phone,grids\n王芳,网格长,13800000001,A1\n张伟,网格长,13800000003,A2\n李强,专职网格员,13800000002,A1;A2\n赵敏,AB岗,13800000004,A1;A2\n',
    );
    const registerFile = join(dir, 'register.csv');
    const registered = await runInProcess([
      'register',
      plan,
      ...SYSTEMS,
      '--rules',
      rules,
      '--units',
      shops,
      '--staff',
      staff,
      '-o',
      registerFile,
      '--json',
    ]);
    expect(registered.status).toBe(0);
    expect(JSON.parse(registered.stdout).findings).toEqual([]);
    const [head, ...lines] = readFileSync(registerFile, 'utf8').trim().split('\n');
    const columns = head.split(',');
    const cell = (line: string, name: string) => line.split(',')[columns.indexOf(name)];
    expect(
      lines.map((l) => [
        cell(l, 'code'),
        cell(l, 'system'),
        cell(l, 'units'),
        cell(l, 'area (m²)') === '' ? 'no area' : 'area',
        cell(l, 'neighbour grids'),
        cell(l, '网格长'),
      ]),
    ).toEqual([
      ['S', 'territorial', '5', 'area', '', ''],
      ['A1', 'territorial', '3', 'area', 'A2', '王芳'],
      ['A2', 'territorial', '2', 'area', 'A1', '张伟'],
      ['E1', 'enterprise', '2', 'area', '', ''],
      ['E2', 'enterprise', '1', 'area', '', ''],
      ['T1', 'tax', '2', 'no area', '', ''],
      ['T2', 'tax', '2', 'no area', '', ''],
    ]);

    // crosswalk: the enterprise grids against the territorial ones, from the one plan file.
    const crossed = await runInProcess([
      'crosswalk',
      plan,
      '--between',
      'enterprise,territorial',
      ...SYSTEMS,
      '--households',
      shops,
      '--json',
    ]);
    expect(crossed.status).toBe(0);
    const walk = JSON.parse(crossed.stdout);
    expect(
      walk.pairs.map((p: { a: string; b: string; shareOfA: number; households: number }) => [
        p.a,
        p.b,
        Number(p.shareOfA.toFixed(6)),
        p.households,
      ]),
    ).toEqual([
      ['E1', 'A1', 1, 2],
      ['E2', 'A2', 1, 1],
    ]);
    expect(walk.onlyInB).toEqual([2, 4]); // shops in a territorial grid and in no enterprise grid
    const area = walk.pairs[0].area;
    expect(walk.pairs[0].shareOfB).toBeCloseTo(0.16, 3); // 0.004² of 0.01²
    expect(area).toBeGreaterThan(0.15e6);
  });

  it('check reports an overlap inside the partial system and an undeclared system, never one across systems', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', [
      ...threeSystems(),
      grid('E3', 'S', 2, box(120.004, 30.004, 0.004, 0.004), 'enterprise'),
      grid('F1', 'S', 2, box(120, 30, 0.02, 0.01), 'fire'),
    ]);
    const checked = await runInProcess(['check', plan, ...SYSTEMS, '--json']);
    expect(checked.status).toBe(1);
    const defects = JSON.parse(checked.stdout).defects as Array<{
      kind: string;
      grids: string[];
      system?: string;
      reason?: string;
    }>;
    expect(defects.map((d) => [d.kind, d.reason ?? d.system, d.grids.join('+')])).toEqual([
      ['plan', 'unknown-system', 'F1'],
      ['overlap', 'enterprise', 'E1+E3'],
    ]);
  });

  it('assign --roads: each road segment gets the metres inside every grid it crosses, per system', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', threeSystems());
    // West to east along 30.004: through A1 and A2, and E1 and E2 for 0.004° each; the last 0.005° outside.
    const road = writeGeoJson(dir, 'roads.geojson', [
      {
        type: 'Feature',
        properties: { name: '文一路' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [119.995, 30.004],
            [120.02, 30.004],
            [120.025, 30.004],
          ],
        },
      },
    ]);
    const out = join(dir, 'roads-out.geojson');
    const counted = join(dir, 'counted.geojson');
    const run = await runInProcess([
      'assign',
      plan,
      road,
      ...SYSTEMS,
      '--roads',
      '-o',
      out,
      '--plan-out',
      counted,
      '--json',
    ]);
    expect(run.status).toBe(0);
    const { roads } = JSON.parse(run.stdout);
    const [t] = roads.territorial;
    const [e] = roads.enterprise;
    const metres = (r: { shares: Array<{ grid: string; length: number }> }) =>
      Object.fromEntries(r.shares.map((s) => [s.grid, Math.round(s.length)]));
    // 0.01° of longitude at 30.004°N is 965 m on the ellipsoid, 0.004° 386 m; a piece is its share of
    // the segment's geodesic (964.8 m of the 2,412 m from 119.995° to 120.02°).
    const degrees = (d: number) => Math.round(geodesicDistance([120, 30.004], [120 + d, 30.004]));
    expect([degrees(0.01), degrees(0.004)]).toEqual([965, 386]);
    expect(metres(t)).toEqual({ A1: 965, A2: 965 });
    expect(metres(e)).toEqual({ E1: 386, E2: 386 });
    expect(t.outside + t.shares.reduce((s: number, x: { length: number }) => s + x.length, 0)).toBeCloseTo(
      t.length,
      6,
    );
    expect(roads.tax).toBeUndefined(); // a membership system has no space to cross
    const [feature] = readGeoJson(out);
    expect(feature.properties).toMatchObject({ name: '文一路', grids: 'A1=964.8;A2=964.8' });
    const lengths = Object.fromEntries(
      readGeoJson(counted).map((f) => [f.properties!.code, Math.round(f.properties!.roadLength)]),
    );
    expect(lengths).toEqual({ S: 1930, A1: 965, A2: 965, E1: 386, E2: 386, T1: 0, T2: 0 });
  });
});
