/**
 * `pnpm bench balance`, three parts.
 * 1. The realistic case of issue 17 (bench/balance.compounds.ts): ~1,450 heavy-tailed Voronoi compounds
 *    over a real city outline from `@wangge/corpus`, 100,000 households, 24 communities, grids of 100–150
 *    households by `balancedPartition`, with and without `splitHeavyUnits` (at the maximum with the cuts
 *    for stranded units, and at the range width); then 20% growth in one corner, `rebalance` against a
 *    re-partition from scratch (households moved counted after the most favourable renaming of the new
 *    grids to the old codes, an optimal matching per community).
 * 2. The exact reference: 50 small random lattices, `rebalance` (no splits or merges) against the MILP
 *    optimum of HiGHS (`loadExactSolver`).
 * 3. The example city series (`BALANCE_BENCH_GRIDS=100,1000`, grids of about 400 households).
 * The realistic case runs on the outlines `BALANCE_BENCH_CITIES=深圳,杭州,成都` (medians and ranges over them).
 *
 * Length: one file on purpose: its three parts write one results file (bench/results/balance.md) and share
 * the measuring and the table writing; the realistic case's data lives in balance.compounds.ts.
 */
import { type GridFeature, GridPlan, letterCodes, type PointTable } from '@wangge/core';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import {
  crosswalk,
  diffPlans,
  loadExactSolver,
  measureUnits,
  type RebalanceResult,
  rebalance,
  splitHeavyUnits,
  type UnitFeature,
  type WorkloadModel,
} from '../packages/balance/src';
import { cityEntities, cityPlan, partitionCommunities, VISITS } from '../packages/balance/test/cityPlan';
import { growCorner as growCityCorner, movedAtBest } from '../packages/balance/test/growth';
import { randomInstance } from '../packages/balance/test/instances';
import {
  type CompoundCase,
  caseCommunities,
  compoundCase,
  growCorner,
  pointModePartitions,
  splitCompounds,
} from './balance.compounds';
import { heapMiB, loadLine, markdownTable, sink, time, writeResults } from './harness';

const RANGE = { min: 100, max: 150 };
const MODEL: WorkloadModel = { categories: { household: { weight: 1 } }, targets: { 3: RANGE } };
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

type Unit = Feature<
  Polygon | MultiPolygon,
  { id: number; households: number; load: number; community?: string; grid?: string }
>;

/** Grids per community (level 3) on the units, and the plan with the district and communities. */
function partitionCase(district: GridFeature, communities: GridFeature[], units: Unit[]) {
  const start = performance.now();
  const { grids, gridOf } = partitionCommunities(communities, units, [RANGE.min, RANGE.max]);
  const ms = performance.now() - start;
  const inRange = grids.filter((g) => {
    const l = Number(g.properties.load);
    return l >= RANGE.min && l <= RANGE.max;
  }).length;
  const plan = GridPlan.from([district, ...communities, ...grids], { codeStyle: letterCodes() });
  return {
    plan,
    gridOf: Array.from(gridOf, (g) => grids[g].properties.code),
    grids: grids.length,
    inRange,
    ms,
  };
}

/** The measures of one city's realistic case that the summary takes medians of. */
interface CaseMetrics {
  city: string;
  inRangeAtMax: number;
  inRangeAtMaxRebalanced: number;
  inRangeAtWidth: number;
  outBefore: number;
  outAfter: number;
  movedRatio: number;
  pointInRange: number;
  pointMean: number;
  pointMin: number;
  diffCpu: number;
  crosswalkCpu: number;
  grids: number;
}

/** CPU time in ms of `run` (user + system, this process), the least of `repetitions`. */
function cpuTime(run: () => number, repetitions = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repetitions; i++) {
    const start = process.cpuUsage();
    sink(run());
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** Grids per community from the household points alone (point mode): in range and Polsby-Popper. */
function pointMode(communities: GridFeature[], households: PointTable) {
  const { results, ms } = pointModePartitions(communities, households, RANGE);
  let grids = 0;
  let inRange = 0;
  const shapes: number[] = [];
  for (const result of results) {
    for (const g of result.grids.features) {
      grids++;
      const load = Number(g.properties.load);
      if (load >= RANGE.min && load <= RANGE.max) inRange++;
      shapes.push(Number(g.properties.compactness));
    }
  }
  const mean = shapes.reduce((a, b) => a + b, 0) / Math.max(1, shapes.length);
  return { grids, inRange, mean, min: Math.min(...shapes), ms };
}

function realisticCase(city: string, seed: number): { text: string; metrics: CaseMetrics } {
  const c: CompoundCase = compoundCase({ city, compounds: 1449, households: 100_000, seed });
  const entities = { households: c.households };
  // 24 communities by balancedPartition on the compounds (the level above the grids).
  const { district, communities, units: caseUnits, plan: top } = caseCommunities(c, MODEL);
  const withCommunity = caseUnits as Unit[];
  const heavy = withCommunity.filter((u) => u.properties.load > RANGE.max).length;
  const unsplit = partitionCase(district, communities, withCommunity);
  // Heavy compounds split along their households; the plan takes the cut vertices. First those above
  // the maximum, then those above the width of the range (so any run of units can land in range).
  const splitAt = (max: number) => {
    const start = performance.now();
    const split = splitHeavyUnits(withCommunity, entities, MODEL, { plan: top, max });
    const ms = performance.now() - start;
    const units = split.units as Unit[];
    const splitDistrict = split.plan!.get('S')!;
    const splitCommunities = communities.map((g) => split.plan!.get(g.properties.code)!);
    const made = split.findings.filter((f) => f.kind === 'unit-split');
    const note = `${made.length} compounds above ${max} split into ${made.reduce((s, f) => s + f.parts, 0)} parts (${seconds(ms)}), ${split.findings.length - made.length} left above`;
    return {
      units,
      splitDistrict,
      splitCommunities,
      parted: partitionCase(splitDistrict, splitCommunities, units),
      note,
    };
  };
  // At the maximum the way bench/splitStranded.ts measures it: compounds above 150 split with `min`,
  // then the neighbours of the units that strand a grid cut for them (two rounds).
  const targeted = splitCompounds(caseUnits, entities, MODEL, top, RANGE, {
    minAware: true,
    rounds: 2,
  });
  const atMax = {
    units: targeted.units as Unit[],
    parted: partitionCase(
      targeted.plan.get('S')!,
      communities.map((g) => targeted.plan.get(g.properties.code)!),
      targeted.units as Unit[],
    ),
    note: `${targeted.compounds} compounds split into ${targeted.parts} parts (${seconds(targeted.ms)}): above 150 with \`min\`, then ${targeted.strandCuts.reduce((a, b) => a + b, 0)} cut for the units that strand a grid`,
  };
  // The planner's next step on that partition: rebalance it as it stands (no growth).
  const atMaxUnits = measureUnits(atMax.units, entities, MODEL).map((u, i) => ({
    ...u,
    properties: { ...u.properties, grid: atMax.parted.gridOf[i] },
  })) as UnitFeature[];
  const polished = rebalance(atMax.parted.plan, atMaxUnits, MODEL);
  const polishedIn = polished.after.count - polished.after.over - polished.after.under;
  const atWidth = splitAt(RANGE.max - RANGE.min);
  const { units, splitDistrict, splitCommunities, parted } = atWidth;
  // Growth: 20% more households in the quarter nearest the north-east corner.
  const grownTable: PointTable = growCorner(c, 0.2);
  const grown = measureUnits(units, { households: grownTable }, MODEL).map((u, i) => ({
    ...u,
    properties: { ...u.properties, grid: parted.gridOf[i] },
  })) as UnitFeature[];
  let result: RebalanceResult | undefined;
  const balanced = time(
    () => {
      result = rebalance(parted.plan, grown, MODEL);
      return result.moves.length;
    },
    { warmup: 0, repetitions: 1 },
  );
  const r = result!;
  const scratch = partitionCase(splitDistrict, splitCommunities, grown as unknown as Unit[]);
  let baseline = 0;
  for (const community of splitCommunities) {
    const ids = grown
      .map((_, i) => i)
      .filter((i) => grown[i].properties.community === community.properties.code);
    baseline += movedAtBest(
      ids.map((i) => grown[i].properties.households),
      ids.map((i) => parted.gridOf[i]),
      ids.map((i) => scratch.gridOf[i]),
    );
  }
  const total = grownTable.length;
  const outBefore = r.before.over + r.before.under;
  const outAfter = r.after.over + r.after.under;
  const splits = r.changes.filter((ch) => ch.kind === 'split').length;
  const rows = [
    [
      'balancedPartition, compounds as they are',
      `${unsplit.inRange} / ${unsplit.grids} (${pct(unsplit.inRange, unsplit.grids)})`,
      '–',
      `${heavy} compounds above 150 left whole`,
      seconds(unsplit.ms),
    ],
    [
      'balancedPartition, splitHeavyUnits at the maximum (150), stranded units cut',
      `${atMax.parted.inRange} / ${atMax.parted.grids} (${pct(atMax.parted.inRange, atMax.parted.grids)})`,
      '–',
      atMax.note,
      seconds(atMax.parted.ms),
    ],
    [
      '… then rebalance of that partition (no growth)',
      `${polishedIn} / ${polished.after.count} (${pct(polishedIn, polished.after.count)})`,
      `${polished.householdsMoved.toLocaleString('en')} (${pct(polished.householdsMoved, c.households.length)})`,
      `${polished.moves.length} units moved, ${polished.changes.filter((ch) => ch.kind === 'split').length} splits, ${polished.changes.filter((ch) => ch.kind === 'merge').length} merges`,
      '–',
    ],
    [
      'balancedPartition, splitHeavyUnits at the range width (50)',
      `${parted.inRange} / ${parted.grids} (${pct(parted.inRange, parted.grids)})`,
      '–',
      atWidth.note,
      seconds(parted.ms),
    ],
    [
      'rebalance after 20% growth in one quarter',
      `${r.after.count - outAfter} / ${r.after.count} (${pct(r.after.count - outAfter, r.after.count)}); out of range ${outBefore} → ${outAfter}`,
      `${r.householdsMoved.toLocaleString('en')} (${pct(r.householdsMoved, total)})`,
      `${r.moves.length} units moved, ${splits} splits, ${r.changes.length - splits} merges`,
      seconds(balanced.median),
    ],
    [
      're-partition from scratch after growth',
      `${scratch.inRange} / ${scratch.grids} (${pct(scratch.inRange, scratch.grids)})`,
      `≥ ${baseline.toLocaleString('en')} (${pct(baseline, total)})`,
      'every community partitioned afresh',
      seconds(scratch.ms),
    ],
  ];
  const ratio = r.householdsMoved / Math.max(1, baseline);
  const points = pointMode(splitCommunities, grownTable);
  rows.push([
    'balancedPartition on the household points alone (point mode), after growth',
    `${points.inRange} / ${points.grids} (${pct(points.inRange, points.grids)})`,
    '–',
    `Polsby-Popper mean ${points.mean.toFixed(3)}, min ${points.min.toFixed(3)}`,
    seconds(points.ms),
  ]);
  const tables = { households: grownTable };
  const diffCpu = cpuTime(() => diffPlans(parted.plan, r.plan, tables).flows.length);
  const crosswalkCpu = cpuTime(() => crosswalk(parted.plan, r.plan, { entities: tables }).pairs.length);
  sink(baseline);
  console.log(rows.map((row) => row.join(' | ')).join('\n'));
  const metrics: CaseMetrics = {
    city: c.city,
    inRangeAtMax: atMax.parted.inRange / atMax.parted.grids,
    inRangeAtMaxRebalanced: polishedIn / polished.after.count,
    inRangeAtWidth: parted.inRange / parted.grids,
    outBefore,
    outAfter,
    movedRatio: ratio,
    pointInRange: points.inRange / points.grids,
    pointMean: points.mean,
    pointMin: points.min,
    diffCpu,
    crosswalkCpu,
    grids: r.after.count,
  };
  const text = [
    `District: the outline of ${c.city} from \`@wangge/corpus\` (the ${c.compounds.length} Voronoi compounds whose`,
    'site lies inside it; the district follows their edges), 100,000 households with log-normal compound sizes',
    `(σ = 0.8; ${heavy} compounds above 150), 24 communities, grids of 100–150 households. Growth: in one quarter,`,
    'the compounds nearest the north-east corner holding a quarter of the households each gain 20% more.',
    '',
    markdownTable(['step', 'grids in range', 'households moved', 'units, splits, merges', 'time'], rows),
    '',
    `Targets: ≥ 98% of grids in range once heavy units are split: ${pct(atMax.parted.inRange, atMax.parted.grids)} splitting at the maximum and cutting for stranded units (${atMax.parted.inRange / atMax.parted.grids >= 0.98 ? 'reached' : 'not reached'}),`,
    `${pct(parted.inRange, parted.grids)} splitting at the range width (${parted.inRange / parted.grids >= 0.98 ? 'reached' : 'not reached'}); the growth below starts from the latter;`,
    `out of range after rebalance never above before: ${outBefore} → ${outAfter} (${outAfter <= outBefore ? 'reached' : 'not reached'});`,
    `rebalance moves ≤ 60% of the households a re-partition moves: ${(100 * ratio).toFixed(0)}% (${ratio <= 0.6 ? 'reached' : 'not reached'});`,
    `point mode Polsby-Popper mean ≥ 0.55 and min ≥ 0.25 with every grid in range: ${points.mean.toFixed(3)} / ${points.min.toFixed(3)}, ${pct(points.inRange, points.grids)} in range (${points.mean >= 0.55 && points.min >= 0.25 && points.inRange === points.grids ? 'reached' : 'not reached'}).`,
    `diffPlans / crosswalk of the plan before and after rebalance (${r.after.count} grids, ${total.toLocaleString('en')} households): ${diffCpu.toFixed(0)} / ${crosswalkCpu.toFixed(0)} ms CPU (least of 3).`,
  ].join('\n');
  return { text, metrics };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
};

/** Median and range of one measure over the cities. */
function spread(values: number[], format: (v: number) => string): string {
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

function realisticSummary(cases: CaseMetrics[]): string {
  const p = (v: number) => `${(100 * v).toFixed(1)}%`;
  const f3 = (v: number) => v.toFixed(3);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const rows: Array<Array<string>> = [
    [
      'in range, split at the maximum (150), stranded units cut',
      '≥ 98%',
      spread(
        cases.map((m) => m.inRangeAtMax),
        p,
      ),
    ],
    [
      'in range, split at the maximum (150), stranded units cut, then rebalance',
      '≥ 98%',
      spread(
        cases.map((m) => m.inRangeAtMaxRebalanced),
        p,
      ),
    ],
    [
      'in range, split at the range width (50)',
      '≥ 98%',
      spread(
        cases.map((m) => m.inRangeAtWidth),
        p,
      ),
    ],
    [
      'out of range after rebalance − before',
      '≤ 0',
      spread(
        cases.map((m) => m.outAfter - m.outBefore),
        (v) => v.toFixed(0),
      ),
    ],
    [
      'households moved, rebalance / re-partition',
      '≤ 60%',
      spread(
        cases.map((m) => m.movedRatio),
        p,
      ),
    ],
    [
      'point mode: grids in range',
      '100%',
      spread(
        cases.map((m) => m.pointInRange),
        p,
      ),
    ],
    [
      'point mode: Polsby-Popper mean',
      '≥ 0.55',
      spread(
        cases.map((m) => m.pointMean),
        f3,
      ),
    ],
    [
      'point mode: Polsby-Popper min',
      '≥ 0.25',
      spread(
        cases.map((m) => m.pointMin),
        f3,
      ),
    ],
    [
      'diffPlans CPU',
      '< 500 ms at 1,000 grids',
      spread(
        cases.map((m) => m.diffCpu),
        ms,
      ),
    ],
    [
      'crosswalk CPU',
      '< 500 ms at 1,000 grids',
      spread(
        cases.map((m) => m.crosswalkCpu),
        ms,
      ),
    ],
  ];
  return [
    `Over ${cases.length} corpus outlines (${cases.map((m) => m.city).join(', ')}; ${spread(
      cases.map((m) => m.grids),
      (v) => v.toFixed(0),
    )} grids after rebalance): median (min–max).`,
    '',
    markdownTable(['measure', 'target', 'median (range)'], rows),
  ].join('\n');
}

async function exactReference(): Promise<string> {
  // Limits are counts (nodes per solve, rounds of cuts), so what is proven does not depend on the load.
  const solver = await loadExactSolver();
  let sameCount = 0;
  let within = 0;
  let proven = 0;
  let worst = 1;
  let exactMs = 0;
  let exactCpu = 0;
  let solves = 0;
  const n = 50;
  for (let seed = 1; seed <= n; seed++) {
    const { plan, units, model, exact } = randomInstance(seed);
    const t = performance.now();
    const cpu = process.cpuUsage();
    const optimum = solver.solve(exact);
    const used = process.cpuUsage(cpu);
    exactCpu += (used.user + used.system) / 1000;
    exactMs += performance.now() - t;
    solves += optimum.solves;
    const h = rebalance(plan, units, model, { split: false, merge: false });
    const inRange = h.after.count - h.after.over - h.after.under;
    // Only a proven optimum decides; an unproven incumbent says nothing about the heuristic's gap.
    if (optimum.status !== 'optimal') continue;
    proven++;
    if (inRange === optimum.inRange) {
      sameCount++;
      const ratio =
        optimum.householdsMoved === 0
          ? h.householdsMoved === 0
            ? 1
            : Number.POSITIVE_INFINITY
          : h.householdsMoved / optimum.householdsMoved;
      if (ratio <= 1.2) within++;
      worst = Math.max(worst, ratio);
    }
  }
  return [
    `${n} random lattices of 12–24 units in 3 grids (heavy-tailed unit loads, range ±15% of the mean), \`rebalance\``,
    'without splits or merges against the exact optimum (HiGHS MILP: every grid in range as hard bounds first, else the',
    'most grids in range, then fewest households moved; contiguous grids by minimal separator cuts; limits are counts,',
    `not time). Optimality proven in ${proven} of ${n}, and the shares below are of those ${proven} (an unproven incumbent`,
    `decides nothing); exact solves ${seconds(exactCpu)} CPU (${seconds(exactMs)} wall) in all, ${solves} HiGHS solves.`,
    '',
    markdownTable(
      [
        'instances',
        'heuristic reaches the optimal count in range',
        'of those, households moved ≤ 1.2 × optimum',
        'worst ratio',
      ],
      [
        [
          `${proven} proven of ${n}`,
          `${sameCount} (${pct(sameCount, proven)}; target ≥ 95%)`,
          `${within} (${pct(within, proven)} of the proven; target ≥ 95%)`,
          Number.isFinite(worst) ? worst.toFixed(2) : '∞ (optimum 0)',
        ],
      ],
    ),
  ].join('\n');
}

function citySeries(): string {
  const sizes = (process.env.BALANCE_BENCH_GRIDS ?? '100,1000').split(',').map(Number);
  const rows: Array<Array<string | number>> = [];
  for (const grids of sizes) {
    const { city, plan, units, model } = cityPlan(grids * 400, 400);
    const grownTable = growCityCorner(city, 0.2);
    const grown = measureUnits(units, cityEntities(city, grownTable), VISITS);
    const range = model.targets![3];
    let result: RebalanceResult | undefined;
    const heapBefore = heapMiB();
    const balanced = time(
      () => {
        result = rebalance(plan, grown, model);
        return result.moves.length;
      },
      { warmup: 1, repetitions: 3 },
    );
    const heap = heapMiB() - heapBefore;
    const scratch = partitionCommunities(city.communities, grown, [range.min, range.max]);
    const r = result!;
    const tables = { households: grownTable };
    const diffed = cpuTime(() => diffPlans(plan, r.plan, tables).entityChanges.households.length);
    const crossed = cpuTime(() => crosswalk(plan, r.plan, { entities: tables }).pairs.length);
    const before = units.map((u) => u.properties.grid);
    const scratchCodes = Array.from(scratch.gridOf, (g) => scratch.grids[g].properties.code);
    let baseline = 0;
    for (const community of city.communities) {
      const ids = grown
        .map((_, i) => i)
        .filter((i) => grown[i].properties.community === community.properties.code);
      baseline += movedAtBest(
        ids.map((i) => grown[i].properties.households),
        ids.map((i) => before[i]),
        ids.map((i) => scratchCodes[i]),
      );
    }
    const total = grownTable.length;
    const splits = r.changes.filter((c) => c.kind === 'split').length;
    rows.push([
      grids,
      grown.length.toLocaleString('en'),
      `${balanced.min.toFixed(0)} / ${balanced.median.toFixed(0)}`,
      `${r.before.over + r.before.under} → ${r.after.over + r.after.under}`,
      `${r.moves.length} units, ${splits} splits, ${r.changes.length - splits} merges`,
      `${pct(r.householdsMoved, total)}`,
      `≥ ${pct(baseline, total)}`,
      `${diffed.toFixed(0)} / ${crossed.toFixed(0)}`,
      heap.toFixed(1),
    ]);
  }
  return markdownTable(
    [
      'grids',
      'units',
      'rebalance ms (min / median)',
      'out of range',
      'changes',
      'moved: rebalance',
      'moved: re-partition',
      'diffPlans / crosswalk ms CPU (least of 3)',
      'heap MiB',
    ],
    rows,
  );
}

const cities = (process.env.BALANCE_BENCH_CITIES ?? '深圳,杭州,成都').split(',');
const cases = cities.map((city, k) => realisticCase(city, 17 + k));
const realistic = [
  realisticSummary(cases.map((c) => c.metrics)),
  '',
  `### ${cases[0].metrics.city}, in full`,
  '',
  cases[0].text,
].join('\n');
const exact = await exactReference();
const series = citySeries();
writeResults(
  'balance',
  'Balancing: grids in range, households moved, and the gap to the exact optimum',
  [
    `Load average ${loadLine()} when written; times are wall-clock, one run each`,
    '(rebalance in the city series: min / median of 3); the machine is shared, so they are upper bounds.',
    '',
    '## A real outline, heavy-tailed compounds, 20% growth in one quarter',
    '',
    realistic,
    '',
    '## The heuristic against the exact optimum',
    '',
    exact,
    '',
    '## The example city (seed 1), grids of about 400 households (visits model), 20% growth in one corner',
    '',
    series,
  ].join('\n'),
);
