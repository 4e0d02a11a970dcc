import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempDir, writeGeoJson } from './helpers';

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
