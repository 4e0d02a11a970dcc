/**
 * `pnpm exec tsx bench/partitionQuality.ts`: the partition side of issue 17, on the realistic case of
 * `bench/balance.bench.ts` (bench/balance.compounds.ts: ~1,450 heavy-tailed Voronoi compounds over a corpus
 * city outline, 100,000 households, 24 communities by `balancedPartition`, compounds above 150 split by
 * `splitHeavyUnits` at the maximum), grids of 100–150 households per community by `balancedPartition`:
 * - unit mode: grids in range, on the split compounds;
 * - point mode: grids in range and Polsby-Popper mean / min, on the household points alone.
 * Cities: `QUALITY_CITIES=深圳,杭州,成都` (default). Results in bench/results/partitionQuality.md.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { type GridFeature, type GridGeometry, letterCodes, type PointTable } from '@wangge/core';
import { dissolve } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import { balancedPartition } from '@wangge/partition';
import type { Feature } from 'geojson';
import { measureUnits, splitHeavyUnits, type WorkloadModel } from '../packages/balance/src';
import { compoundCase } from './balance.compounds';
import { markdownTable, writeResults } from './harness';

const RANGE = { min: 100, max: 150 };
const MODEL: WorkloadModel = { categories: { household: { weight: 1 } }, targets: { 3: RANGE } };
const inRange = (load: number) => load >= RANGE.min && load <= RANGE.max;

interface Measures {
  city: string;
  unitGrids: number;
  unitIn: number;
  unitMs: number;
  pointGrids: number;
  pointIn: number;
  pointMean: number;
  pointMin: number;
  pointMs: number;
}

function measureCity(city: string): Measures {
  const c = compoundCase({ city, compounds: 1449, households: 100_000, seed: 1 });
  const entities = { households: c.households };
  const district: GridFeature = {
    type: 'Feature',
    properties: { code: 'S', parent: null, level: 1 },
    geometry: c.district,
  };
  const measured = measureUnits(c.compounds, entities, MODEL);
  const comm = balancedPartition(district, { units: measured, count: 24, codeStyle: letterCodes() });
  const communities = comm.grids.features.map(
    (g): GridFeature => ({ ...g, properties: { code: g.properties.code, parent: 'S', level: 2 } }),
  );
  const withCommunity = measured.map((u, i) => ({
    ...u,
    properties: { ...u.properties, community: communities[comm.gridOf[i]].properties.code },
  }));
  const split = splitHeavyUnits(withCommunity, entities, MODEL, { max: RANGE.max });
  const units = split.units as Feature[];
  // Each community as the kernel's union of its split units: the plan's communities miss the cut vertices
  // splitHeavyUnits adds on their outline (its cut vertices are off the kernel grid; NOTICES 14:38).
  const splitCommunities = communities.map(
    (g): GridFeature => ({
      ...g,
      geometry: dissolve(
        units
          .filter((u) => (u.properties as { community: string }).community === g.properties.code)
          .map((u) => u.geometry as GridGeometry),
      ),
    }),
  );
  const m: Measures = {
    city,
    unitGrids: 0,
    unitIn: 0,
    unitMs: 0,
    pointGrids: 0,
    pointIn: 0,
    pointMean: 0,
    pointMin: Number.POSITIVE_INFINITY,
    pointMs: 0,
  };
  let start = performance.now();
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
    if (process.env.QUALITY_DUMP === code) {
      writeFileSync('/tmp/community.json', JSON.stringify({ community, members }));
    }
    if (process.env.QUALITY_DEBUG)
      for (const f of result.findings) if ('kind' in f) console.log('  ', f.kind, f.message.slice(0, 160));
  }
  m.unitMs = performance.now() - start;
  const households: PointTable = c.households;
  const where = PolygonIndex.from(splitCommunities).locateMany(households.xy as Float64Array);
  let shapeSum = 0;
  start = performance.now();
  splitCommunities.forEach((community, k) => {
    const xy: number[] = [];
    for (let e = 0; e < where.length; e++)
      if (where[e] === k) xy.push(households.xy[2 * e], households.xy[2 * e + 1]);
    const result = balancedPartition(community, {
      households: Float64Array.from(xy),
      range: RANGE,
      codeStyle: letterCodes(),
    });
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
      if (process.env.QUALITY_DUMP_POINTS === g.properties.code) {
        writeFileSync('/tmp/points.json', JSON.stringify({ community, xy }));
      }
      shapeSum += shape;
      m.pointMin = Math.min(m.pointMin, shape);
    }
  });
  m.pointMs = performance.now() - start;
  m.pointMean = shapeSum / Math.max(1, m.pointGrids);
  return m;
}

const cities = (process.env.QUALITY_CITIES ?? '深圳,杭州,成都').split(',');
const load = loadavg();
const all = cities.map((city) => {
  const m = measureCity(city);
  console.log(JSON.stringify(m));
  return m;
});
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
const rows = all.map((m) => [
  m.city,
  `${m.unitIn} / ${m.unitGrids} (${pct(m.unitIn, m.unitGrids)})`,
  `${(m.unitMs / 1000).toFixed(1)} s`,
  `${m.pointIn} / ${m.pointGrids} (${pct(m.pointIn, m.pointGrids)})`,
  `${m.pointMean.toFixed(3)} / ${m.pointMin.toFixed(3)}`,
  `${(m.pointMs / 1000).toFixed(1)} s`,
]);
const body = [
  `Load average ${load.map((v) => v.toFixed(1)).join(' / ')} (1 / 5 / 15 min) at the start; times are wall-clock,`,
  'one run each, on a shared machine (upper bounds).',
  '',
  'The realistic case of `bench/balance.bench.ts` (seed 1): compounds above 150 split at the maximum by',
  '`splitHeavyUnits`, then `balancedPartition` per community at 100–150 households (targets: ≥ 98% in range',
  'on the units; every grid in range, Polsby-Popper mean ≥ 0.55 and min ≥ 0.25 on the points).',
  '',
  markdownTable(
    [
      'city',
      'units: grids in range',
      'units: time',
      'points: grids in range',
      'points: Polsby-Popper mean / min',
      'points: time',
    ],
    rows,
  ),
].join('\n');
console.log(body);
if (process.env.QUALITY_WRITE === '1') {
  writeResults('partitionQuality', 'balancedPartition quality on the realistic balancing case', body);
}
