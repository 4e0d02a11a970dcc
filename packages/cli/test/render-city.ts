/**
 * The example city as a street office would have it for its maps, shared by the render tests: the plan
 * from `wangge partition` with counts from `wangge assign --plan-out`, grid names, a staff table, roads,
 * buildings, key units and shops. Built once per test file, in-process through `runCli`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWanggeError } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import type { Feature } from 'geojson';
import { runCli } from '../src/cli';
import { tempDir, writeGeoJson } from './helpers';

/** The files of the city and what is in them. */
export interface RenderCity {
  dir: string;
  /** The counted plan, with grid names. */
  plan: string;
  roads: string;
  buildings: string;
  /** Key units and shops, with a `kind` property. */
  units: string;
  staff: string;
  features: Feature[];
  leaves: Feature[];
  /** The names of the staff table (for checking `--no-persons`). */
  names: string[];
  /** Their phones. */
  phones: string[];
}

const SURNAMES = [
  '张',
  '王',
  '李',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '洋',
  '静',
  '帆',
  '敏',
  '磊',
  '婷',
  '刚',
  '丽',
  '浩',
  '兰',
  '军',
  '彬',
  '琳',
  '平',
  '翔',
];

let built: Promise<RenderCity> | undefined;

/** The city, built on first use. */
export function renderCity(): Promise<RenderCity> {
  built ??= build();
  return built;
}

/** Runs `wangge` in this process (the same code as the binary, without starting Node). */
export async function runWangge(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { status, stdout, stderr };
}

/** The `--layer`, `--symbols` and `--staff` arguments that draw the whole city. */
export function cityArgs(city: RenderCity): string[] {
  return ['--layer', city.roads, '--layer', city.buildings, '--symbols', city.units, '--staff', city.staff];
}

/** The code of the `WanggeError` that `f` throws (or what else it throws, or `undefined`). */
export function errorCodeOf(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return isWanggeError(error) ? error.code : error;
  }
  return undefined;
}

async function run(args: string[]): Promise<void> {
  const { status, stderr } = await runWangge(args);
  if (status > 1) throw new Error(`wangge ${args.join(' ')} failed (${status}): ${stderr}`);
}

async function build(): Promise<RenderCity> {
  const dir = tempDir();
  const file = (name: string) => join(dir, name);
  const city = generateCity({ seed: 1, households: 5000 });
  writeGeoJson(dir, 'street.geojson', [city.district]);
  writeGeoJson(dir, 'communities.geojson', city.communities);
  writeGeoJson(dir, 'compounds.geojson', city.compounds);
  writeGeoJson(dir, 'roads.geojson', city.roads);
  writeGeoJson(dir, 'buildings.geojson', city.buildings);
  writeGeoJson(dir, 'units.geojson', [...city.keyUnits, ...city.shops]);
  const t = city.households;
  const { residents } = t.columns;
  const rows = ['id,residents,lon,lat'];
  for (let i = 0; i < t.length; i++) rows.push(`${i},${residents[i]},${t.xy[2 * i]},${t.xy[2 * i + 1]}`);
  writeFileSync(file('households.csv'), `${rows.join('\n')}\n`);
  await run([
    'partition',
    file('street.geojson'),
    '--level',
    `fixed:${file('communities.geojson')}`,
    '--level',
    'balanced:300..500',
    '--units',
    file('compounds.geojson'),
    '--barriers',
    file('roads.geojson'),
    '-o',
    file('partition.geojson'),
  ]);
  await run([
    'assign',
    file('partition.geojson'),
    file('households.csv'),
    '--sum',
    'residents',
    '--plan-out',
    file('counted.geojson'),
  ]);
  const counted = JSON.parse(readFileSync(file('counted.geojson'), 'utf8')).features as Feature[];
  // Names as a street office writes them: 西溪街道, A社区, A社区第1网格.
  const nameOf = new Map(counted.map((g) => [g.properties?.code, g.properties?.name]));
  const ordinal = new Map<string, number>();
  const features = counted.map((g) => {
    const p = g.properties ?? {};
    if (p.level !== 3) return g;
    const n = (ordinal.get(p.parent) ?? 0) + 1;
    ordinal.set(p.parent, n);
    return { ...g, properties: { ...p, name: `${nameOf.get(p.parent) ?? p.parent}第${n}网格` } };
  });
  writeGeoJson(dir, 'plan.geojson', features);
  const leaves = features.filter((g) => !features.some((c) => c.properties?.parent === g.properties?.code));
  // A full-time worker per grid; a part-time worker over each pair of grids; a 网格长 per community.
  const staff = ['name,role,phone,grids'];
  const names: string[] = [];
  const phones: string[] = [];
  const person = (role: string, grids: string[]) => {
    const k = names.length;
    const name = `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}`;
    const phone = `1380571${String(1000 + k).padStart(4, '0')}`;
    names.push(name);
    phones.push(phone);
    staff.push(`${name},${role},${phone},${grids.join(';')}`);
  };
  const byParent = new Map<string, string[]>();
  for (const g of leaves) {
    const list = byParent.get(g.properties?.parent) ?? [];
    list.push(g.properties?.code);
    byParent.set(g.properties?.parent, list);
  }
  for (const codes of byParent.values()) person('网格长', codes.slice(0, 2));
  for (const g of leaves) person('专职网格员', [g.properties?.code]);
  for (let i = 0; i + 1 < leaves.length; i += 2)
    person('兼职网格员', [leaves[i].properties?.code, leaves[i + 1].properties?.code]);
  writeFileSync(file('staff.csv'), `${staff.join('\n')}\n`);
  return {
    dir,
    plan: file('plan.geojson'),
    roads: file('roads.geojson'),
    buildings: file('buildings.geojson'),
    units: file('units.geojson'),
    staff: file('staff.csv'),
    features,
    leaves,
    names,
    phones,
  };
}
