/**
 * `pnpm bench balance`: the example city planned into level-3 grids by balancedPartition, then 20% new
 * households added in one corner; `rebalance` brings the grids back into range. Timed against the
 * alternative, re-partitioning every community from scratch with balancedPartition, on the same data;
 * both compared by households whose grid code changes (for the re-partition counted after the most
 * favourable renaming of its grids to the old codes, an optimal matching per community).
 * `BALANCE_BENCH_GRIDS=100,300` picks the sizes (grids of about 400 households).
 */
import { loadavg } from 'node:os';
import { crosswalk, diffPlans, measureUnits, type RebalanceResult, rebalance } from '../packages/balance/src';
import {
  cityEntities,
  cityPlan,
  householdsToTable,
  partitionCommunities,
  VISITS,
} from '../packages/balance/test/cityPlan';
import { growCorner, movedAtBest } from '../packages/balance/test/growth';
import { heapMiB, markdownTable, sink, time, writeResults } from './harness';

const sizes = (process.env.BALANCE_BENCH_GRIDS ?? '100,300,1000').split(',').map(Number);
const HOUSEHOLDS_PER_GRID = 400;

const timing: Array<Array<string | number>> = [];
const outcome: Array<Array<string | number>> = [];
for (const grids of sizes) {
  const households = grids * HOUSEHOLDS_PER_GRID;
  const { city, plan, units, model } = cityPlan(households, HOUSEHOLDS_PER_GRID);
  const grownTable = growCorner(city, 0.2);
  const grown = measureUnits(units, cityEntities(city, grownTable), VISITS);
  const range = model.targets![3];
  let result: RebalanceResult | undefined;
  const heapBefore = heapMiB();
  const balanced = time(
    () => {
      result = rebalance(plan, grown, model);
      return result.moves.length;
    },
    { warmup: 1, repetitions: grids >= 1000 ? 3 : 5 },
  );
  const heap = heapMiB() - heapBefore;
  let scratch: ReturnType<typeof partitionCommunities> | undefined;
  const repartitioned = time(
    () => {
      scratch = partitionCommunities(city, grown, [range.min, range.max]);
      return scratch.grids.length;
    },
    { warmup: 0, repetitions: 1 },
  );
  const r = result!;
  const householdTables = { households: householdsToTable(grownTable) };
  const diffed = time(() => diffPlans(plan, r.plan, householdTables).entityChanges.households.length, {
    warmup: 0,
    repetitions: 1,
  });
  const crossed = time(() => crosswalk(plan, r.plan, { entities: householdTables }).pairs.length, {
    warmup: 0,
    repetitions: 1,
  });
  const before = units.map((u) => u.properties.grid);
  const scratchCodes = Array.from(scratch!.gridOf, (g) => scratch!.grids[g].properties.code);
  // Codes carry their community, so matching runs per community.
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
  const scratchOut = scratch!.grids.filter((g) => {
    const load = (g.properties as { load?: number }).load ?? 0;
    return load < range.min || load > range.max;
  }).length;
  sink(baseline);
  const total = grownTable.length;
  const splits = r.changes.filter((c) => c.kind === 'split').length;
  const merges = r.changes.length - splits;
  timing.push([
    grids,
    total.toLocaleString('en'),
    grown.length.toLocaleString('en'),
    balanced.min.toFixed(0),
    balanced.median.toFixed(0),
    repartitioned.min.toFixed(0),
    diffed.min.toFixed(0),
    crossed.min.toFixed(0),
    heap.toFixed(1),
  ]);
  outcome.push([
    grids,
    `${r.before.over + r.before.under} → ${r.after.over + r.after.under} (${r.findings.filter((f) => f.kind === 'out-of-range' && f.cause === 'unit-above-max').length} with a unit over the maximum)`,
    `${r.before.maxMinRatio.toFixed(2)} → ${r.after.maxMinRatio.toFixed(2)}`,
    `${r.before.cv.toFixed(3)} → ${r.after.cv.toFixed(3)}`,
    `${r.moves.length} units, ${splits} splits, ${merges} merges`,
    `${r.householdsMoved.toLocaleString('en')} (${((100 * r.householdsMoved) / total).toFixed(1)}%)`,
    `${baseline.toLocaleString('en')} (${((100 * baseline) / total).toFixed(1)}%), ${scratchOut} out of range`,
  ]);
  console.log(
    `grids ${grids}: rebalance ${balanced.median.toFixed(0)} ms, moved ${r.householdsMoved} vs ${baseline}`,
  );
}

writeResults(
  'balance',
  'Rebalancing after 20% new households in one corner',
  [
    'The example city (seed 1) planned into level-3 grids of about 400 households by `balancedPartition`,',
    'target load ±25% of the mean (visits per month: households yearly, 六必访 groups and rentals monthly,',
    'key units weekly); then the compounds nearest the north-east corner double until 20% more households',
    'live in the district. `rebalance` repairs the plan in place; the alternative re-partitions every',
    'community from scratch with `balancedPartition` on the same data. Times in ms (min / median of the',
    'repetitions; re-partitioning, `diffPlans` and `crosswalk` of the old plan against the new one, with',
    'every household, timed once); heap is the growth over the rebalance runs. The machine is',
    `shared: load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min) when the results were written.`,
    '',
    markdownTable(
      [
        'grids',
        'households after growth',
        'units',
        'rebalance min',
        'rebalance median',
        're-partition',
        'diffPlans',
        'crosswalk',
        'heap MiB',
      ],
      timing,
    ),
    '',
    'Outcome: grids out of range before → after (and how many of those left hold a single unit heavier than',
    'the maximum, which no move can fix), max/min load ratio and coefficient of variation of the',
    'level-3 loads, the changes made, and households whose grid code changes. For the re-partition that',
    'count is a lower bound: its grids get the old codes by an optimal matching per community.',
    '',
    markdownTable(
      [
        'grids',
        'out of range',
        'max/min',
        'CV',
        'changes',
        'households moved (rebalance)',
        'households moved (re-partition)',
      ],
      outcome,
    ),
  ].join('\n'),
);
