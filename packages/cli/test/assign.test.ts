import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GridPlan } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import { describe, expect, it } from 'vitest';
import { cityPlan, readGeoJson, tempDir, tinyPlan, wangge, writeGeoJson } from './helpers';

describe.concurrent('wangge assign', () => {
  it('puts every household of the example city in one grid; counts match the generator, rolled up', async () => {
    const dir = tempDir();
    const plan = cityPlan(3000);
    const input = writeGeoJson(dir, 'plan.geojson', plan);
    const { households } = generateCity({ seed: 1, households: 3000 });
    const rows = ['id,residents,lng,lat'];
    for (let i = 0; i < households.length; i++) {
      rows.push(
        `${i},${households.columns.residents[i]},${households.xy[2 * i]},${households.xy[2 * i + 1]}`,
      );
    }
    const csv = join(dir, 'households.csv');
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const counted = join(dir, 'counted.geojson');
    const run = await wangge(['assign', input, csv, '--sum', 'residents', '--plan-out', counted, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ total: 3000, assigned: 3000, unassigned: [] });
    // Each compound-grid holds exactly the households the generator put in it; parents sum their children.
    for (const g of plan.filter((f) => f.properties.level === 3)) {
      expect(summary.counts[g.properties.code]).toBe(g.properties.households);
    }
    const gridPlan = GridPlan.from(readGeoJson(counted) as never);
    for (const g of gridPlan.grids.filter((f) => f.properties.level < 3)) {
      const children = gridPlan.childrenOf(g.properties.code);
      expect(g.properties.households).toBe(
        children.reduce((s, c) => s + (c.properties.households as number), 0),
      );
    }
    const residents = gridPlan.grids[0].properties.residents as number;
    expect(residents).toBe(households.columns.residents.reduce((s, r) => s + r, 0));
  });

  it('writes each entity with its grid and chain of codes, and exits 1 listing the ones left out', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', tinyPlan({ gap: true }));
    const shops = writeGeoJson(dir, 'shops.geojson', [
      {
        type: 'Feature',
        properties: { name: '一号店' },
        geometry: { type: 'Point', coordinates: [120.115, 30.215] },
      },
      {
        type: 'Feature',
        properties: { name: 'in the gap' },
        geometry: { type: 'Point', coordinates: [120.1095, 30.205] },
      },
      {
        type: 'Feature',
        properties: { name: 'far away' },
        geometry: { type: 'Point', coordinates: [121, 31] },
      },
    ]);
    const out = join(dir, 'assigned.csv');
    const run = await wangge(['assign', plan, shops, '-o', out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('1 of 3 placed');
    expect(run.stdout).toContain('feature #1 (in-gap)');
    expect(run.stdout).toContain('feature #2 (outside-root)');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('name,grid,path,lon,lat');
    expect(lines[1]).toBe('一号店,B2,S/B/B2,120.115,30.215');
    expect(lines[2]).toBe('in the gap,,,120.1095,30.205');
  });

  it('rejects a plan with a broken hierarchy with exit 2, naming the file and the grid', async () => {
    const dir = tempDir();
    const broken = tinyPlan();
    broken[4] = { ...broken[4], properties: { ...broken[4].properties, parent: 'Z' } };
    const plan = writeGeoJson(dir, 'broken.geojson', broken);
    const points = writeGeoJson(dir, 'p.geojson', []);
    const run = await wangge(['assign', plan, points, '--json']);
    expect(run.status).toBe(2);
    const { error } = JSON.parse(run.stdout);
    expect(error).toMatchObject({ code: 'MISSING_PARENT', file: plan, featureIndex: 4, featureId: 'A2' });
    expect(run.stderr).toContain('what to do: add the parent grid');
  });
});
