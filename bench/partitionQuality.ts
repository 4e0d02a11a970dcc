/**
 * `pnpm exec tsx bench/partitionQuality.ts`: the partition side of issue 17, on the realistic case of
 * `bench/balance.bench.ts` (bench/balance.compounds.ts: ~1,450 heavy-tailed Voronoi compounds over a corpus
 * city outline, 100,000 households, 24 communities by `balancedPartition`, compounds above 150 split at the
 * maximum and the units that strand a grid cut, by balance.compounds' `splitCompounds`), grids of 100–150
 * households per community by `balancedPartition`:
 * - unit mode: grids in range, on the split compounds;
 * - point mode: grids in range and Polsby-Popper mean / min, on the household points alone.
 * Cities: `QUALITY_CITIES=深圳,杭州,成都` (default); `QUALITY_WRITE=1` writes bench/results/partitionQuality.md;
 * `QUALITY_DEBUG=1` prints every grid out of range (units) or below 0.25 Polsby-Popper (points) with its findings.
 */
import { letterCodes } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import { balancedPartition } from '@wangge/partition';
import type { Feature } from 'geojson';
import type { WorkloadModel } from '../packages/balance/src';
import { caseCommunities, compoundCase, pointModePartitions, splitCompounds } from './balance.compounds';
import { loadLine, markdownTable, writeResults } from './harness';

const RANGE = { min: 100, max: 150 };
const MODEL: WorkloadModel = { categories: { household: { weight: 1 } }, targets: { 3: RANGE } };
const inRange = (load: number) => load >= RANGE.min && load <= RANGE.max;

interface Measures {
  city: string;
  unitGrids: number;
  unitIn: number;
  unitMs: number;
  /** Grids out of range holding a unit no grid can hold in range (finding `unit-stranded`). */
  unitStranded: number;
  pointGrids: number;
  pointIn: number;
  pointMean: number;
  pointMin: number;
  pointMs: number;
}

function measureCity(city: string): Measures {
  const c = compoundCase({ city, compounds: 1449, households: 100_000, seed: 1 });
  const entities = { households: c.households };
  const { communities, units: measured, plan } = caseCommunities(c, MODEL);
  // Heavy compounds split at the maximum (a compound of 151–199 into a part mid-range and the rest), then
  // the neighbours of stranded units cut for them (bench/results/splitStranded.md); the plan's communities
  // carry every cut vertex.
  const split = splitCompounds(measured, entities, MODEL, plan, RANGE, { minAware: true, rounds: 2 });
  const units = split.units as Feature[];
  const splitCommunities = communities.map((g) => split.plan.get(g.properties.code)!);
  const m: Measures = {
    city,
    unitGrids: 0,
    unitIn: 0,
    unitMs: 0,
    unitStranded: 0,
    pointGrids: 0,
    pointIn: 0,
    pointMean: 0,
    pointMin: Number.POSITIVE_INFINITY,
    pointMs: 0,
  };
  const start = performance.now();
  for (const community of splitCommunities) {
    const code = community.properties.code;
    const members = units.filter((u) => (u.properties as { community: string }).community === code);
    const result = balancedPartition(community, {
      units: members,
      unitLoad: (u) => (u.properties as { load: number }).load,
      range: RANGE,
      codeStyle: letterCodes(),
    });
    for (const g of result.grids.features) {
      m.unitGrids++;
      if (inRange(Number(g.properties.load))) m.unitIn++;
      else if (process.env.QUALITY_DEBUG)
        console.log(
          code,
          g.properties.code,
          g.properties.load,
          g.properties.units,
          result.grids.features.length,
          members.length,
        );
    }
    const stranded = new Set<string>();
    for (const f of result.findings) if (f.kind === 'unit-stranded') for (const g of f.grids) stranded.add(g);
    m.unitStranded += stranded.size;
    if (process.env.QUALITY_DEBUG)
      for (const f of result.findings) if ('kind' in f) console.log('  ', f.kind, f.message.slice(0, 160));
  }
  m.unitMs = performance.now() - start;
  const point = pointModePartitions(splitCommunities, c.households, RANGE);
  let shapeSum = 0;
  for (const result of point.results) {
    for (const g of result.grids.features) {
      m.pointGrids++;
      if (inRange(Number(g.properties.load))) m.pointIn++;
      const shape = Number(g.properties.compactness);
      if (process.env.QUALITY_DEBUG && (shape < 0.25 || !inRange(Number(g.properties.load)))) {
        console.log(
          'point',
          g.properties.code,
          g.properties.load,
          shape,
          result.findings
            .filter((f) => 'grids' in f && f.grids.includes(g.properties.code))
            .map((f) => f.kind)
            .join(','),
        );
      }
      shapeSum += shape;
      m.pointMin = Math.min(m.pointMin, shape);
    }
  }
  m.pointMs = point.ms;
  m.pointMean = shapeSum / Math.max(1, m.pointGrids);
  return m;
}

const cities = (process.env.QUALITY_CITIES ?? '深圳,杭州,成都').split(',');
const load = loadLine();
const all = cities.map((city) => {
  const m = measureCity(city);
  console.log(JSON.stringify(m));
  return m;
});
/** The example city of bench/partition.bench.ts (seed 1) in point mode with its roads as barriers: CPU time too. */
function exampleCity(households: number): string[] {
  const city = generateCity({ seed: 1, households });
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const r = balancedPartition(city.district, {
    households: city.households.xy,
    range: RANGE,
    barriers: city.roads,
  });
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - wall;
  const loads = r.grids.features.map((g) => Number(g.properties.load));
  const n = loads.filter(inRange).length;
  return [
    `example city, ${households.toLocaleString('en')} households, roads as barriers`,
    `${n} / ${loads.length} (${((100 * n) / loads.length).toFixed(1)}%)`,
    `${r.stats.meanCompactness.toFixed(3)} / ${r.stats.minCompactness.toFixed(3)}`,
    r.stats.barrierShare.toFixed(3),
    `${(ms / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`,
  ];
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
const rows = all.map((m) => [
  m.city,
  `${m.unitIn} / ${m.unitGrids} (${pct(m.unitIn, m.unitGrids)})`,
  `${m.unitStranded} (at most ${pct(m.unitGrids - m.unitStranded, m.unitGrids)} in range)`,
  `${(m.unitMs / 1000).toFixed(1)} s`,
  `${m.pointIn} / ${m.pointGrids} (${pct(m.pointIn, m.pointGrids)})`,
  `${m.pointMean.toFixed(3)} / ${m.pointMin.toFixed(3)}`,
  `${(m.pointMs / 1000).toFixed(1)} s`,
]);
const body = [
  `Load average ${load} at the start; times are wall-clock,`,
  'one run each, on a shared machine (upper bounds).',
  '',
  'The realistic case of `bench/balance.bench.ts` (seed 1): compounds above 150 split at the maximum by',
  '`splitHeavyUnits` (151–199 households into a part of about 125 and the rest), then the neighbour of every',
  'stranded unit cut for it (`splitCompounds`, bench/results/splitStranded.md: 13–22 cuts per city), then',
  '`balancedPartition` per community at 100–150 households (targets: ≥ 98% in range',
  'on the units; every grid in range, Polsby-Popper mean ≥ 0.55 and min ≥ 0.25 on the points). A stranded unit',
  '(`unit-stranded`) is below 100 alone and above 150 with any connected neighbours: the grid holding it is out',
  'of range in every partition that keeps such units apart, which bounds the in-range share shown.',
  '',
  markdownTable(
    [
      'city',
      'units: grids in range',
      'units: grids out holding a stranded unit',
      'units: time',
      'points: grids in range',
      'points: Polsby-Popper mean / min',
      'points: time',
    ],
    rows,
  ),
  '',
  'Point mode on the example city of `bench/partition.bench.ts` (seed 1, grids of 100–150 households, its',
  'main roads as barriers; target there: 100,000 households in under 3 s):',
  '',
  markdownTable(
    ['case', 'grids in range', 'Polsby-Popper mean / min', 'barrier share', 'time'],
    [10_000, 100_000].map(exampleCity),
  ),
].join('\n');
console.log(body);
if (process.env.QUALITY_WRITE === '1') {
  writeResults('partitionQuality', 'balancedPartition quality on the realistic balancing case', body);
}
