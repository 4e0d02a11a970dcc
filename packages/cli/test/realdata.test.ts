/**
 * `wangge check` and `wangge partition` on real boundaries from the corpus: an echarts map object written
 * to a file unchanged (still encoded), and a prefecture city with its real division code.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChinaCities, loadEchartsMap } from '@wangge/corpus';
import { describe, expect, it } from 'vitest';
import { readGeoJson, tempDir, wangge } from './helpers';

describe('wangge on real data', () => {
  it('check reads the cities’ echarts map file unchanged: exit 1 with classified defects and no level noise', async () => {
    const dir = tempDir();
    // All 367 cities of china-cities.js, still encoded (UTF8Encoding, encodeOffsets), as the file holds
    // them: one flat set (no level, no parent), so no hierarchy finding may appear.
    const file = join(dir, 'china-cities.json');
    writeFileSync(file, JSON.stringify(loadEchartsMap('china-cities')));
    const run = await wangge(['check', file, '--json']);
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.grids).toBe(367);
    const kinds = new Set((result.defects as Array<{ kind: string }>).map((d) => d.kind));
    for (const kind of ['overlap', 'gap', 'invalid', 'multi-part']) expect(kinds.has(kind)).toBe(true);
    expect(kinds.has('plan')).toBe(false);
    expect(run.stdout + run.stderr).not.toMatch(/properties\.level/);
  }, 600_000); // About 16 s of CPU (367 dirty cities in one overlay); minutes of wall time on a loaded machine.

  it('partition cuts a real city under its real code into a plan that check passes', async () => {
    const dir = tempDir();
    const huainan = loadChinaCities().features.find((f) => f.properties.code === '340400')!;
    const boundary = join(dir, 'huainan.geojson');
    writeFileSync(boundary, JSON.stringify({ type: 'FeatureCollection', features: [huainan] }));
    const plan = join(dir, 'plan.geojson');
    const cut = await wangge(['partition', boundary, '--level', 'regular:3000', '-o', plan]);
    expect(cut.stderr).toBe('');
    expect(cut.status).toBe(0);
    const grids = readGeoJson(plan);
    expect(grids[0].properties).toMatchObject({ code: '340400', level: 1, parent: null });
    expect(grids.slice(1).every((g) => String(g.properties?.code).startsWith('340400000000'))).toBe(true);
    const checked = await wangge(['check', plan, '--code-style', 'numeric']);
    expect(checked.stdout).toMatch(/PASS/);
    expect(checked.status).toBe(0);
  });
});
