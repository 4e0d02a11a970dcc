import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGeoJson, tempDir, tinyPlan, wangge, writeGeoJson } from './helpers';

describe.concurrent('wangge check', () => {
  it('passes a clean plan (exit 0) and fails one with a gap (exit 1), naming the defect', async () => {
    const dir = tempDir();
    const clean = writeGeoJson(dir, 'clean.geojson', tinyPlan());
    const gappy = writeGeoJson(dir, 'gappy.geojson', tinyPlan({ gap: true }));
    const boundary = writeGeoJson(dir, 'boundary.geojson', [
      { type: 'Feature', properties: {}, geometry: tinyPlan()[0].geometry },
    ]);
    const [ok, bad] = await Promise.all([
      wangge(['check', clean, '--boundary', boundary]),
      wangge(['check', gappy, '--boundary', boundary, '--json']),
    ]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('7 grids: no defects');
    expect(ok.stdout.trim().endsWith('PASS')).toBe(true);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report).toMatchObject({ command: 'check', status: 1, pass: false, failing: 1 });
    const gaps = report.defects.filter((d: { kind: string }) => ['gap', 'inlet'].includes(d.kind));
    expect(gaps).toHaveLength(1);
    expect(gaps[0].parent).toBe('A');
    // 0.002° × 0.01° at 30.2°N: about 192 m × 1,112 m
    expect(gaps[0].area).toBeGreaterThan(200_000);
    expect(gaps[0].area).toBeLessThan(230_000);
  });

  it('writes located defects for render and a baseline that makes the same plan pass', async () => {
    const dir = tempDir();
    const gappy = writeGeoJson(dir, 'gappy.geojson', tinyPlan({ gap: true }));
    const defects = join(dir, 'defects.geojson');
    const baseline = join(dir, 'accepted.json');
    const first = await wangge(['check', gappy, '--out', defects, '--write-baseline', baseline]);
    expect(first.status).toBe(1);
    const features = readGeoJson(defects);
    expect(features.length).toBeGreaterThan(0);
    expect(features[0].properties).toMatchObject({ status: 'failing' });
    expect(JSON.parse(readFileSync(baseline, 'utf8')).accepted).toHaveLength(features.length);
    const second = await wangge(['check', gappy, '--baseline', baseline]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('ACCEPTED');
    const rendered = await wangge(['render', gappy, '--defects', defects, '-o', join(dir, 'map.svg')]);
    expect(rendered.status).toBe(0);
    expect(readFileSync(join(dir, 'map.svg'), 'utf8')).toMatch(/(gap|inlet) × 1/);
  });

  it('lets a gap below the thresholds pass, and rejects a bad threshold or plan with exit 2', async () => {
    const dir = tempDir();
    const gappy = writeGeoJson(dir, 'gappy.geojson', tinyPlan({ gap: true }));
    const [tolerated, badOption, badPlan] = await Promise.all([
      wangge(['check', gappy, '--gap-area', '300000', '--gap-width', '300']),
      wangge(['check', gappy, '--gap-area=-1']),
      wangge(['check', writeGeoJson(dir, 'dup.geojson', [...tinyPlan(), tinyPlan()[3]]), '--json']),
    ]);
    expect(tolerated.status).toBe(0);
    expect(tolerated.stdout).toContain('BELOW-THRESHOLD');
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toContain('--gap-area must be a number ≥ 0');
    // Duplicate codes are a finding of the plan (exit 1), not unreadable input.
    expect(badPlan.status).toBe(1);
    expect(JSON.parse(badPlan.stdout).defects[0]).toMatchObject({ kind: 'plan', reason: 'duplicate-code' });
  });
});
