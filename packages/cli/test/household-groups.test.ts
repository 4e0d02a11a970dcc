import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { box, readGeoJson, runInProcess, tempDir, writeGeoJson } from './helpers';

/** 203 households scattered over a 0.01° street near Hangzhou (a fixed walk, no randomness). */
function householdsCsv(dir: string): string {
  const rows: string[] = [];
  for (let i = 0; i < 203; i++) {
    const t = (i * 0.6180339887) % 1;
    const u = (i * 0.7548776662) % 1;
    rows.push(`${(120.1 + 0.0002 + 0.0096 * t).toFixed(7)},${(30.2 + 0.0002 + 0.0096 * u).toFixed(7)}`);
  }
  const file = join(dir, 'households.csv');
  writeFileSync(file, `lon,lat\n${rows.join('\n')}\n`);
  return file;
}

describe('wangge partition --level groups:<n> (五户联保/十户联防)', () => {
  it('adds household groups under each leaf grid that tile it: check passes, every household in one group', async () => {
    const dir = tempDir();
    const street = writeGeoJson(dir, 'street.geojson', [
      { type: 'Feature', properties: { code: 'S', name: '街道' }, geometry: box(120.1, 30.2, 120.11, 30.21) },
    ]);
    const households = householdsCsv(dir);
    const plan = join(dir, 'plan.geojson');
    const run = await runInProcess([
      'partition',
      street,
      '--households',
      households,
      '--level',
      'balanced:4',
      '--level',
      'groups:10',
      '-o',
      plan,
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const features = readGeoJson(plan);
    const groups = features.filter((f) => f.properties?.kind === 'household-group');
    const leaves = features.filter((f) => f.properties?.level === 2);
    expect(leaves).toHaveLength(4);
    // round(n / 10) groups per grid, 203 households in all.
    expect(groups.reduce((s, g) => s + Number(g.properties?.households), 0)).toBe(203);
    expect(groups.length).toBeGreaterThanOrEqual(19);
    expect(groups.length).toBeLessThanOrEqual(21);
    for (const g of groups) expect(g.properties?.level).toBe(3);
    // The plan with its group level is a valid plan: groups tile their grids (no gap, no overlap).
    const check = await runInProcess(['check', plan, '--json']);
    expect(check.status, check.stdout).toBe(0);
    // Each household lands in exactly one group, and each group holds the households it says it has.
    const counted = join(dir, 'counted.geojson');
    const assigned = await runInProcess(['assign', plan, households, '--plan-out', counted]);
    expect(assigned.status).toBe(0);
    const byCode = new Map(readGeoJson(counted).map((f) => [f.properties?.code, f.properties?.households]));
    for (const g of groups) expect(byCode.get(g.properties?.code)).toBe(g.properties?.households);
  });

  it('refuses groups without --households, and groups that are not the last level (exit 2)', async () => {
    const dir = tempDir();
    const street = writeGeoJson(dir, 'street.geojson', [
      { type: 'Feature', properties: { code: 'S' }, geometry: box(120.1, 30.2, 120.11, 30.21) },
    ]);
    const out = join(dir, 'p.geojson');
    expect((await runInProcess(['partition', street, '--level', 'groups:5', '-o', out])).status).toBe(2);
    const h = householdsCsv(dir);
    const args = ['partition', street, '--households', h, '--level', 'groups:5', '--level', 'balanced:2'];
    expect((await runInProcess([...args, '-o', out])).status).toBe(2);
  });
});
