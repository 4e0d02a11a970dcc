import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCity } from '@wangge/example-city';
import type { Feature } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGeoJson, tempDir, wangge, writeGeoJson } from './helpers';

/** The example city's files, as a planner would have them. */
const dir = tempDir();
const file = (name: string) => join(dir, name);
const HOUSEHOLDS = 3000;

beforeAll(() => {
  const city = generateCity({ seed: 2, households: HOUSEHOLDS });
  writeGeoJson(dir, 'street.geojson', [city.district]);
  writeGeoJson(dir, 'communities.geojson', city.communities);
  writeGeoJson(dir, 'compounds.geojson', city.compounds);
  writeGeoJson(dir, 'roads.geojson', city.roads);
  const rows = ['id,residents,flags,lon,lat'];
  const t = city.households;
  const { residents, flags } = t.columns;
  for (let i = 0; i < t.length; i++)
    rows.push(`${i},${residents[i]},${flags[i]},${t.xy[2 * i]},${t.xy[2 * i + 1]}`);
  writeFileSync(file('households.csv'), `${rows.join('\n')}\n`);
});

const leavesOf = (features: Feature[]) =>
  features.filter((g) => !features.some((c) => c.properties?.parent === g.properties?.code));

describe('partition → check → report → balance → diff → crosswalk on the example city', () => {
  it('partitions into communities and balanced grids that tile them, never cutting a compound', async () => {
    const run = await wangge([
      'partition',
      file('street.geojson'),
      '--level',
      `fixed:${file('communities.geojson')}`,
      '--level',
      'balanced:100..200',
      '--units',
      file('compounds.geojson'),
      '--barriers',
      file('roads.geojson'),
      '-o',
      file('plan.geojson'),
      '--json',
    ]);
    const summary = JSON.parse(run.stdout);
    expect(run.status).toBe(summary.problems.length > 0 ? 1 : 0);
    const plan = readGeoJson(file('plan.geojson'));
    expect(summary.grids).toBe(plan.length);
    expect(summary.levels).toMatchObject({ 1: 1, 2: 5 });
    const leaves = leavesOf(plan);
    expect(leaves.every((g) => g.properties?.level === 3)).toBe(true);
    expect(leaves.reduce((s, g) => s + (g.properties?.load as number), 0)).toBe(HOUSEHOLDS);
    expect(new Set(plan.map((g) => g.properties?.code)).size).toBe(plan.length);
    const check = await wangge([
      'check',
      file('plan.geojson'),
      '--boundary',
      file('street.geojson'),
      '--json',
    ]);
    expect(JSON.parse(check.stdout).counts).toMatchObject({
      gap: 0,
      overlap: 0,
      inlet: 0,
      'outside-parent': 0,
    });
  });

  it('reports loads: exit 1 with findings against a tight target, 0 against a loose one', async () => {
    const [tight, loose] = await Promise.all([
      wangge([
        'report',
        file('plan.geojson'),
        '--households',
        file('households.csv'),
        '--target',
        '3=140..160',
        '--json',
        '-o',
        file('load.csv'),
      ]),
      wangge([
        'report',
        file('plan.geojson'),
        '--households',
        file('households.csv'),
        '--target',
        '3=1..100000',
        '--json',
      ]),
    ]);
    expect(tight.status).toBe(1);
    const report = JSON.parse(tight.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(
      report.findings.every((f: { kind: string }) => ['over-target', 'under-target'].includes(f.kind)),
    ).toBe(true);
    expect(report.grids[0].households).toBe(HOUSEHOLDS);
    expect(loose.status).toBe(0);
    const lines = readFileSync(file('load.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(
      /^code,parent,level,.*households,residents,load,targetMin,targetMax,deviation,status(,|$)/,
    );
    expect(lines).toHaveLength(report.grids.length + 1);
  });

  it('balances by moving whole compounds: the new plan still tiles, loads are more even, diff agrees', async () => {
    const run = await wangge([
      'balance',
      file('plan.geojson'),
      file('compounds.geojson'),
      '--households',
      file('households.csv'),
      '--target',
      '3=130..170',
      '-o',
      file('balanced.geojson'),
      '--moves',
      file('moves.csv'),
      '--json',
    ]);
    const result = JSON.parse(run.stdout);
    expect(run.status).toBe(result.findings.some((f: { kind: string }) => f.kind === 'out-of-range') ? 1 : 0);
    expect(result.moves.length).toBeGreaterThan(0);
    // Every accepted step cuts the total distance of the grids' loads from the target range.
    const violation = async (plan: string) => {
      const r = await wangge([
        'report',
        plan,
        '--households',
        file('households.csv'),
        '--target',
        '3=130..170',
        '--json',
      ]);
      return JSON.parse(r.stdout)
        .grids.filter((g: { level: number }) => g.level === 3)
        .reduce((s: number, g: { load: number }) => s + Math.max(0, 130 - g.load, g.load - 170), 0);
    };
    expect(await violation(file('balanced.geojson'))).toBeLessThan(await violation(file('plan.geojson')));
    expect(readFileSync(file('moves.csv'), 'utf8').trim().split('\n')).toHaveLength(result.moves.length + 1);
    const check = await wangge([
      'check',
      file('balanced.geojson'),
      '--boundary',
      file('street.geojson'),
      '--json',
    ]);
    expect(JSON.parse(check.stdout).counts).toMatchObject({ gap: 0, overlap: 0, plan: 0 });

    const diff = await wangge([
      'diff',
      file('plan.geojson'),
      file('balanced.geojson'),
      '--households',
      file('households.csv'),
      '--changes',
      file('changes.csv'),
      '--json',
    ]);
    expect(diff.status).toBe(0);
    const d = JSON.parse(diff.stdout);
    expect(d.entityChanges.households).toHaveLength(result.householdsMoved);
    expect(readFileSync(file('changes.csv'), 'utf8').trim().split('\n')).toHaveLength(
      result.householdsMoved + 1,
    );
  });

  it('crosswalks a plan with itself one to one, and with its compounds with no compound split', async () => {
    const plan = readGeoJson(file('plan.geojson'));
    const compounds = readGeoJson(file('compounds.geojson'));
    // The compounds as a one-level plan of their own.
    writeGeoJson(
      dir,
      'compound-plan.geojson',
      compounds.map((c, i) => ({ ...c, properties: { code: `C${i}`, parent: null, level: 1 } })),
    );
    const [self, units] = await Promise.all([
      wangge(['crosswalk', file('plan.geojson'), file('plan.geojson'), '--json']),
      wangge([
        'crosswalk',
        file('plan.geojson'),
        file('compound-plan.geojson'),
        '--households',
        file('households.csv'),
        '--json',
        '-o',
        file('pairs.csv'),
      ]),
    ]);
    expect(self.status).toBe(0);
    const s = JSON.parse(self.stdout);
    expect(s.pairs).toHaveLength(leavesOf(plan).length);
    expect(s.splitA).toEqual([]);
    const u = JSON.parse(units.stdout);
    expect(u.splitB).toEqual([]); // units are never cut by a grid
    expect(u.onlyInA).toEqual([]);
    expect(readFileSync(file('pairs.csv'), 'utf8').trim().split('\n')).toHaveLength(u.pairs.length + 1);
  });

  it('rejects a bad level spec, a boundary file of several features and a balance without target (exit 2)', async () => {
    const [spec, boundary, target] = await Promise.all([
      wangge(['partition', file('street.geojson'), '--level', 'balanced:lots']),
      wangge([
        'partition',
        file('communities.geojson'),
        '--level',
        'balanced:3',
        '--households',
        file('households.csv'),
      ]),
      wangge(['balance', file('plan.geojson'), file('compounds.geojson')]),
    ]);
    expect(spec.status).toBe(2);
    expect(spec.stderr).toContain('is not fixed:<file>, balanced:<n>');
    expect(boundary.status).toBe(2);
    expect(boundary.stderr).toContain('communities.geojson: a boundary file holds one polygon feature');
    expect(target.status).toBe(2);
    expect(target.stderr).toContain('--target');
  });
});
