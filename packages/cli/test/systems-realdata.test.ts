/**
 * Grid systems on a real city: Huainan (淮南市, 340400, from `@wangge/corpus`) cut into 3 km territorial
 * grids, with a partial thematic system of fire grids (消防网格) each straddling two territorial grids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geodesicArea } from '@wangge/core';
import { loadChinaCities } from '@wangge/corpus';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempDir, writeGeoJson } from './helpers';

/** The corners of a four-cornered cell: left-bottom, right-bottom, right-top, left-top. */
function cornersOf(cell: Feature): Position[] | null {
  const g = cell.geometry as Polygon;
  if (g.type !== 'Polygon' || g.coordinates.length !== 1 || g.coordinates[0].length !== 5) return null;
  const byX = g.coordinates[0].slice(0, 4).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [lb, lt] = byX.slice(0, 2).sort((a, b) => a[1] - b[1]);
  const [rb, rt] = byX.slice(2).sort((a, b) => a[1] - b[1]);
  return [lb, rb, rt, lt];
}

/** The point at (u, v) of a four-cornered cell, by bilinear interpolation. */
function at([lb, rb, rt, lt]: Position[], u: number, v: number): Position {
  return [0, 1].map(
    (k) => (1 - u) * (1 - v) * lb[k] + u * (1 - v) * rb[k] + u * v * rt[k] + (1 - u) * v * lt[k],
  );
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

describe('grid systems on a real city', () => {
  it('a partial fire system over Huainan passes check, assigns beside the territorial grids, crosswalks', async () => {
    const dir = tempDir();
    const huainan = loadChinaCities().features.find((f) => f.properties.code === '340400')!;
    const boundary = writeGeoJson(dir, 'huainan.geojson', [huainan]);
    const planFile = join(dir, 'plan.geojson');
    const cut = await runInProcess(['partition', boundary, '--level', 'regular:3000', '-o', planFile]);
    expect(cut.status).toBe(0);
    const territorial = (JSON.parse(readFileSync(planFile, 'utf8')) as { features: Feature[] }).features;
    const cells = territorial
      .slice(1)
      .map((f) => ({ code: String(f.properties!.code), corners: cornersOf(f) }))
      .filter((c): c is { code: string; corners: Position[] } => c.corners !== null);
    expect(cells.length).toBeGreaterThan(100);
    // Ten disjoint pairs of side-by-side cells; a fire grid from the middle of one to the middle of the other.
    const used = new Set<string>();
    const fire: Feature[] = [];
    const households: Feature[] = [];
    const point = (p: Position, id: string): Feature => ({
      type: 'Feature',
      properties: { id },
      geometry: { type: 'Point', coordinates: p },
    });
    for (const left of cells) {
      if (fire.length === 10) break;
      const right = cells.find(
        (c) =>
          !used.has(c.code) && same(c.corners[0], left.corners[1]) && same(c.corners[3], left.corners[2]),
      );
      if (used.has(left.code) || right === undefined) continue;
      used.add(left.code).add(right.code);
      const ring = [
        at(left.corners, 0.5, 0),
        at(right.corners, 0.5, 0),
        at(right.corners, 0.5, 1),
        at(left.corners, 0.5, 1),
      ];
      fire.push({
        type: 'Feature',
        properties: {
          code: `F${fire.length + 1}`,
          parent: '340400',
          level: 2,
          system: 'fire',
          pair: [left.code, right.code],
        },
        geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
      });
    }
    expect(fire).toHaveLength(10);
    // Two households per four-cornered cell, a quarter of the way in from either side.
    for (const c of cells) {
      households.push(
        point(at(c.corners, 0.25, 0.5), `${c.code}-w`),
        point(at(c.corners, 0.75, 0.5), `${c.code}-e`),
      );
    }
    const plan = writeGeoJson(dir, 'systems.geojson', [...territorial, ...fire]);
    const homes = writeGeoJson(dir, 'households.geojson', households);
    const systems = ['--system', 'fire:thematic:partial'];

    const unmarked = writeGeoJson(dir, 'one-system.geojson', [
      ...territorial,
      ...fire.map((g) => ({ ...g, properties: { ...g.properties, system: undefined } })),
    ]);
    const [alone, implicit, checked] = await Promise.all([
      runInProcess(['check', unmarked, '--json']),
      runInProcess(['check', plan, '--json']),
      runInProcess(['check', plan, ...systems, '--json']),
    ]);
    // As one system, each fire grid overlaps its two territorial grids and the plan fails.
    expect(alone.status).toBe(1);
    expect(JSON.parse(alone.stdout).counts.overlap).toBeGreaterThanOrEqual(20);
    // Undeclared, fire is a tiling system: no overlap across systems, but its gaps fail.
    expect(implicit.status).toBe(1);
    const tiling = JSON.parse(implicit.stdout);
    expect(tiling.counts.overlap).toBe(0);
    expect(tiling.defects.every((d: { system: string }) => d.system === 'fire')).toBe(true);
    expect(checked.status).toBe(0);
    const report = JSON.parse(checked.stdout);
    expect(report.defects.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    expect(report.systems.map((s: { name: string; grids: number }) => [s.name, s.grids])).toEqual([
      ['territorial', territorial.length],
      ['fire', 10],
    ]);

    const assigned = await runInProcess(['assign', plan, homes, ...systems, '--json']);
    expect(assigned.status).toBe(0);
    const json = JSON.parse(assigned.stdout);
    const [t, f] = json.systems;
    expect(t).toMatchObject({ name: 'territorial', assigned: households.length, unclaimed: [] });
    expect(f).toMatchObject({ name: 'fire', assigned: 20 });
    expect(f.unclaimed).toHaveLength(households.length - 20);
    expect(Object.values(f.counts)).toEqual(Array(10).fill(2));

    const crossed = await runInProcess([
      'crosswalk',
      plan,
      '--between',
      'fire,territorial',
      ...systems,
      '--json',
    ]);
    expect(crossed.status).toBe(0);
    const walk = JSON.parse(crossed.stdout);
    expect(walk.splitA).toHaveLength(10); // every fire grid straddles two territorial grids
    // Slivers (under 1% of the grid) where cell edges are not quite collinear are not pieces.
    for (const grid of fire) {
      const [l, r] = grid.properties!.pair as string[];
      const pairs = walk.pairs.filter(
        (p: { a: string; shareOfA: number }) => p.a === grid.properties!.code && p.shareOfA > 0.01,
      );
      expect(pairs.map((p: { b: string }) => p.b).sort()).toEqual([l, r].sort());
      // Each half's share, from the cells' own corners: the east half of l and the west half of r.
      const [left, right] = [l, r].map((code) => cells.find((c) => c.code === code)!.corners);
      const half = (ring: Position[]) => geodesicArea({ type: 'Polygon', coordinates: [[...ring, ring[0]]] });
      const west = half([at(left, 0.5, 0), left[1], left[2], at(left, 0.5, 1)]);
      const east = half([right[0], at(right, 0.5, 0), at(right, 0.5, 1), right[3]]);
      const share = (code: string) => pairs.find((p: { b: string }) => p.b === code).shareOfA;
      expect(share(l)).toBeCloseTo(west / (west + east), 2);
      expect(share(r)).toBeCloseTo(east / (west + east), 2);
    }
  });
});
