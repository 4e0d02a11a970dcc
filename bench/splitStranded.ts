/**
 * `pnpm exec tsx bench/splitStranded.ts`: how few splits bring ≥ 98% of grids in range (issue 17), on the
 * realistic case of `bench/balance.compounds.ts` (seed 1; ~1,450 heavy-tailed Voronoi compounds over a
 * corpus city outline, 100,000 households, 24 communities, grids of 100–150 households per community by
 * `balancedPartition`). Each way of splitting (`splitCompounds`, or `splitHeavyUnits` at the range width)
 * is followed by one partition; the table gives its grids in range, the grids out that hold a stranded unit
 * (`unit-stranded`), and what it costs the planner: compounds split, parts, and units cut for stranded units.
 * Cities: `SPLIT_CITIES=深圳,杭州,成都` (default); `SPLIT_WRITE=1` writes bench/results/splitStranded.md.
 */
import { splitHeavyUnits, type WorkloadModel } from '@wangge/balance';
import type { GridPlan } from '@wangge/core';
import {
  type CaseUnit,
  caseCommunities,
  compoundCase,
  splitCompounds,
  unitModePartitions,
} from './balance.compounds';
import { loadLine, markdownTable, writeResults } from './harness';

const RANGE = { min: 100, max: 150 };
const MODEL: WorkloadModel = { categories: { household: { weight: 1 } }, targets: { 3: RANGE } };
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

/** One way of splitting, as a row: what it split, and the partition after it. */
function measure(
  codes: string[],
  made: {
    units: CaseUnit[];
    plan: GridPlan;
    compounds: number;
    parts: number;
    strandCuts: number[];
    ms: number;
  },
): { row: string[]; share: number } {
  const parted = unitModePartitions(
    codes.map((code) => made.plan.get(code)!),
    made.units,
    RANGE,
  );
  let grids = 0;
  let inRange = 0;
  let stranded = 0;
  for (const r of parted.results) {
    for (const g of r.grids.features) {
      grids++;
      const load = Number(g.properties.load);
      if (load >= RANGE.min && load <= RANGE.max) inRange++;
    }
    stranded += new Set(r.findings.filter((f) => f.kind === 'unit-stranded').map((f) => f.grids[0])).size;
  }
  const cuts = made.strandCuts.reduce((a, b) => a + b, 0);
  return {
    share: inRange / grids,
    row: [
      `${made.compounds} into ${made.parts}`,
      made.strandCuts.length === 0 ? '–' : `${cuts} (${made.strandCuts.join(' + ')})`,
      `${inRange} / ${grids} (${pct(inRange, grids)})`,
      `${stranded}`,
      `${((made.ms + parted.ms) / 1000).toFixed(1)} s`,
    ],
  };
}

const WAYS = [
  'at the maximum (150), even parts',
  'at the maximum, parts mid-range (`min`)',
  'at the maximum, even parts, + stranded cuts (up to 2 rounds)',
  'at the maximum, parts mid-range, + stranded cuts (up to 2 rounds)',
  'at the range width (50)',
];

function measureCity(city: string): { rows: string[][]; shares: number[] } {
  const c = compoundCase({ city, compounds: 1449, households: 100_000, seed: 1 });
  const entities = { households: c.households };
  const { communities, units, plan } = caseCommunities(c, MODEL);
  const codes = communities.map((g) => g.properties.code);
  const ways = [
    () => splitCompounds(units, entities, MODEL, plan, RANGE),
    () => splitCompounds(units, entities, MODEL, plan, RANGE, { minAware: true }),
    () => splitCompounds(units, entities, MODEL, plan, RANGE, { rounds: 2 }),
    () => splitCompounds(units, entities, MODEL, plan, RANGE, { minAware: true, rounds: 2 }),
    () => {
      const start = performance.now();
      const split = splitHeavyUnits(units, entities, MODEL, { max: RANGE.max - RANGE.min, plan });
      const made = split.findings.filter((f) => f.kind === 'unit-split');
      return {
        units: split.units,
        plan: split.plan!,
        compounds: made.length,
        parts: made.reduce((s, f) => s + f.parts, 0),
        strandCuts: [],
        ms: performance.now() - start,
      };
    },
  ];
  const rows: string[][] = [];
  const shares: number[] = [];
  ways.forEach((way, k) => {
    const { row, share } = measure(codes, way());
    rows.push([c.city, WAYS[k], ...row]);
    shares.push(share);
    console.log(rows[rows.length - 1].join(' | '));
  });
  return { rows, shares };
}

const cities = (process.env.SPLIT_CITIES ?? '深圳,杭州,成都').split(',');
const load = loadLine();
const all = cities.map(measureCity);
const range = (k: number) => {
  const s = all.map((m) => 100 * m.shares[k]).sort((a, b) => a - b);
  return `${s[0].toFixed(1)}–${s[s.length - 1].toFixed(1)}%`;
};
const body = [
  `Load average ${load} at the start; times are wall-clock,`,
  'one run each, on a shared machine (upper bounds).',
  '',
  'The realistic case of `bench/balance.bench.ts` (seed 1), grids of 100–150 households by `balancedPartition`',
  'per community after each way of splitting (target: ≥ 98% in range). "Stranded cuts": after a partition,',
  'the neighbour of every `unit-stranded` unit (below 100 alone, above 150 with any connected neighbours) is',
  'cut in two across the line between them, the part along it carrying what brings the pair to 125 (a unit',
  "whose every neighbour is too light for that is taken with its heaviest one first; `splitHeavyUnits`'",
  '`stranded`), then the partition runs again; "parts mid-range" cuts a compound of',
  '151–199 households into a part of about 125 and the rest instead of two halves below 100 (`min`).',
  '',
  markdownTable(
    [
      'city',
      'split',
      'compounds split (into parts)',
      'units cut for stranded units (per round)',
      'grids in range',
      'grids out holding a stranded unit',
      'time (splits and partitions)',
    ],
    all.flatMap((m) => m.rows),
  ),
  '',
  `Grids in range over the cities: ${WAYS.map((w, k) => `${w}: ${range(k)}`).join('; ')}.`,
].join('\n');
console.log(body);
if (process.env.SPLIT_WRITE === '1') {
  writeResults('splitStranded', 'Splitting the units that strand a grid (issue 17)', body);
}
