import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GridFeature } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import type { Feature, FeatureCollection } from 'geojson';

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
