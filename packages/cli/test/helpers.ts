import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GridFeature } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { runCli } from '../src/cli';

const BIN = new URL('../bin/wangge.js', import.meta.url).pathname;

/** What a run of the real `wangge` binary printed and returned. */
export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the real binary as a child process (stdin closed unless given), in `cwd`. */
export function wangge(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wangge-cli-'));
}

/** Writes a GeoJSON FeatureCollection and returns its path. */
export function writeGeoJson(dir: string, name: string, features: readonly Feature[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return file;
}

/** Reads a GeoJSON FeatureCollection's features. */
export function readGeoJson(file: string): Feature[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection).features;
}

/**
 * A three-level plan of the example city: the street, its communities, and its compounds as level-3
 * grids (coded `A1`, `A2`, ... under their community) with their household counts.
 */
export function cityPlan(households = 5000): GridFeature[] {
  const city = generateCity({ seed: 1, households });
  const ordinal = new Map<string, number>();
  const grids = city.compounds.map((c): GridFeature => {
    const community = c.properties.community;
    const n = (ordinal.get(community) ?? 0) + 1;
    ordinal.set(community, n);
    return {
      type: 'Feature',
      properties: {
        code: `${community}${n}`,
        parent: community,
        level: 3,
        households: c.properties.households,
      },
      geometry: c.geometry,
    };
  });
  return [city.district, ...city.communities, ...grids];
}

/** A square `[x0, y0]`–`[x1, y1]` as a polygon, counter-clockwise. */
export function box(x0: number, y0: number, x1: number, y1: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

/**
 * A small clean plan near Hangzhou: street `S` (0.02° square), communities `A` (west) and `B` (east),
 * and grids `A1`, `A2`, `B1`, `B2` (south, north). With `gap`, `A1` is cut short, leaving a gap in `A`.
 */
export function tinyPlan(options: { gap?: boolean } = {}): GridFeature[] {
  const x = 120.1;
  const y = 30.2;
  const d = 0.01;
  const grid = (code: string, parent: string | null, level: number, geometry: Polygon): GridFeature => ({
    type: 'Feature',
    properties: { code, parent, level, name: `${code}网格` },
    geometry,
  });
  return [
    grid('S', null, 1, box(x, y, x + 2 * d, y + 2 * d)),
    grid('A', 'S', 2, box(x, y, x + d, y + 2 * d)),
    grid('B', 'S', 2, box(x + d, y, x + 2 * d, y + 2 * d)),
    grid('A1', 'A', 3, box(x, y, options.gap ? x + 0.8 * d : x + d, y + d)),
    grid('A2', 'A', 3, box(x, y + d, x + d, y + 2 * d)),
    grid('B1', 'B', 3, box(x + d, y, x + 2 * d, y + d)),
    grid('B2', 'B', 3, box(x + d, y + d, x + 2 * d, y + 2 * d)),
  ];
}

/** Runs the CLI in this process through its `CliIo` (the same `runCli` as the binary), capturing its output. */
export async function runInProcess(
  args: string[],
  options: { stdin?: string | Uint8Array } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: async () =>
      typeof options.stdin === 'string' ? Buffer.from(options.stdin) : (options.stdin ?? new Uint8Array()),
  });
  return { status, stdout, stderr };
}
