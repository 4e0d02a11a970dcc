/**
 * The old engine beside the new one, in one process on the same data (issue 10: "`bench/` shows, for
 * coverage on dense dirty polygons and for diff/crosswalk at 1,000 grids, the old engine beside the new
 * one").
 *
 * The old engine is wangge at {@link OLD_COMMIT}, the last commit before coverage and balance moved onto
 * the kernel (`git log -- packages/coverage packages/balance/package.json`: polyclip-ts, bignumber.js,
 * coverage's own topology). It is checked out into a temporary git worktree (`git worktree add
 * --detach`), installed offline from the pnpm store (`pnpm install --offline --frozen-lockfile`: its own
 * lockfile, polyclip-ts included, nothing added to any package of this tree) and imported from its
 * sources. The worktree is removed afterwards unless `BENCH_KEEP_OLD=1`.
 *
 * Data, each given to both engines as the same objects:
 * - diff/crosswalk: the example city at `OLD_BENCH_GRIDS` leaf grids (default 100 and 1,000; 400
 *   households a grid), grown by 20% in one corner and rebalanced: `diffPlans` and `crosswalk` of the plan
 *   before against the plan after, with every household;
 * - coverage on dense dirty polygons: `validateCoverage` of one province's prefecture cities as a flat
 *   set (`@wangge/corpus`: self-intersections, spikes, overlapping neighbours), for `OLD_PROVINCES`;
 * - coverage on clean generated tilings (bench/tilings.ts: shared edges, a few planted defects), where the
 *   old engine had a topological fast path.
 * Times: CPU ms of this process (`process.cpuUsage`), one warm-up, then `REPS` runs (default 3), median
 * (min–max). Agreement: the results compared field by field.
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { GridPlan, PointTable } from '@wangge/core';
import { loadChinaCities } from '@wangge/corpus';
import { validateCoverage } from '@wangge/coverage';
import { crosswalk, diffPlans, measureUnits, rebalance } from '../packages/balance/src';
import { cityEntities, cityPlan, VISITS } from '../packages/balance/test/cityPlan';
import { growCorner } from '../packages/balance/test/growth';
import { type CpuTiming, cpuTime, formatCpu, markdownTable, writeResults } from './harness';
import { nationalTiling } from './tilings';

/** The last commit before the kernel migration of coverage (5b536d0) and balance (90207ff): their parent. */
const OLD_COMMIT = 'a564cf5';
const REPS = Number(process.env.REPS ?? 3);
const GRIDS = (process.env.OLD_BENCH_GRIDS ?? '100,1000').split(',').map(Number);
const PROVINCES = (process.env.OLD_PROVINCES ?? '130000,230000,330000,440000').split(',');
const TILINGS = (process.env.OLD_TILINGS ?? '10000,100000').split(',').map(Number);

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `/tmp/wangge-old-${OLD_COMMIT}`;
if (!existsSync(`${dir}/package.json`)) {
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', dir, OLD_COMMIT], { stdio: 'inherit' });
}
execSync('pnpm install --offline --frozen-lockfile', {
  cwd: dir,
  stdio: 'inherit',
  env: { ...process.env, CI: '1' },
});
const oldCore = await import(`${dir}/packages/core/src/index.ts`);
const oldBalance = await import(`${dir}/packages/balance/src/index.ts`);
const oldCoverage = await import(`${dir}/packages/coverage/src/index.ts`);
const newCommit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD']).toString().trim();
const loadBefore = loadavg();

const cpu = (run: () => number): CpuTiming => cpuTime(run, REPS, 1);
const fmt = formatCpu;
const ratio = (oldT: CpuTiming, newT: CpuTiming) => `${(oldT.median / newT.median).toFixed(1)}×`;

/** The largest relative difference between two lists of areas (m²), over areas above 1 m². */
function worstAreaDifference(a: number[], b: number[]): number {
  let worst = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Math.max(a[i], b[i]) > 1) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(a[i], b[i]));
  }
  return worst;
}

// ---- diff/crosswalk on the example city ----
const planRows: Array<Array<string | number>> = [];
for (const grids of GRIDS) {
  const { city, plan, units, model } = cityPlan(grids * 400, 400);
  const grownTable = growCorner(city, 0.2);
  const grown = measureUnits(units, cityEntities(city, grownTable), VISITS);
  const after = rebalance(plan, grown, model).plan;
  const households: PointTable = grownTable;
  const leaves = plan.grids.filter((g) => plan.childrenOf(g.properties.code).length === 0).length;
  // The same features and household positions, read by each engine's own plan and table types.
  const oldPlan = (p: GridPlan) => oldCore.GridPlan.from(p.grids, { codeStyle: oldCore.letterCodes });
  const oldBefore = oldPlan(plan);
  const oldAfter = oldPlan(after);
  const oldTables = { households: oldCore.pointTable(households.xy, {}) };
  const newTables: Record<string, PointTable> = { households };
  const newBefore = plan;
  const newAfter = after;
  let d0 = diffPlans(newBefore, newAfter, newTables);
  let d1 = oldBalance.diffPlans(oldBefore, oldAfter, oldTables);
  const diffNew = cpu(() => {
    d0 = diffPlans(newBefore, newAfter, newTables);
    return d0.flows.length;
  });
  const diffOld = cpu(() => {
    d1 = oldBalance.diffPlans(oldBefore, oldAfter, oldTables);
    return d1.flows.length;
  });
  let c0 = crosswalk(newBefore, newAfter, { entities: newTables });
  let c1 = oldBalance.crosswalk(oldBefore, oldAfter, { entities: oldTables });
  const crossNew = cpu(() => {
    c0 = crosswalk(newBefore, newAfter, { entities: newTables });
    return c0.pairs.length;
  });
  const crossOld = cpu(() => {
    c1 = oldBalance.crosswalk(oldBefore, oldAfter, { entities: oldTables });
    return c1.pairs.length;
  });
  const sameChanges =
    JSON.stringify(d0.entityChanges) === JSON.stringify(d1.entityChanges) &&
    JSON.stringify(d0.inNeither) === JSON.stringify(d1.inNeither);
  const flowKey = (f: { from: string | null; to: string | null; entities: Record<string, number> }) =>
    `${f.from}>${f.to}:${JSON.stringify(f.entities)}`;
  const sameFlows = JSON.stringify(d0.flows.map(flowKey)) === JSON.stringify(d1.flows.map(flowKey as never));
  const pairKey = (p: { a: string; b: string; households: number }) => `${p.a}>${p.b}:${p.households}`;
  const samePairs = JSON.stringify(c0.pairs.map(pairKey)) === JSON.stringify(c1.pairs.map(pairKey as never));
  const areaDiff = Math.max(
    worstAreaDifference(
      d0.flows.map((f) => f.area),
      d1.flows.map((f: { area: number }) => f.area),
    ),
    worstAreaDifference(
      c0.pairs.map((p) => p.area),
      c1.pairs.map((p: { area: number }) => p.area),
    ),
  );
  planRows.push([
    leaves.toLocaleString('en'),
    households.length.toLocaleString('en'),
    `${d0.entityChanges.households.length.toLocaleString('en')} moved, ${d0.flows.length} flows; ${c0.pairs.length} pairs`,
    fmt(diffOld),
    fmt(diffNew),
    ratio(diffOld, diffNew),
    fmt(crossOld),
    fmt(crossNew),
    ratio(crossOld, crossNew),
    `${sameChanges && sameFlows && samePairs ? 'same' : 'DIFFERENT'} (areas within ${areaDiff.toExponential(1)})`,
  ]);
  console.log(planRows.at(-1)?.join(' | '));
}

// ---- coverage ----
/** Defect counts by kind, e.g. `overlap 12, gap 30`, for the agreement column. */
function kinds(defects: ReadonlyArray<{ kind: string }>): string {
  const count = new Map<string, number>();
  for (const d of defects) count.set(d.kind, (count.get(d.kind) ?? 0) + 1);
  return [...count]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

const coverageRows: Array<Array<string | number>> = [];
function coverageCase(name: string, set: Array<{ type: 'Feature' }>): void {
  let mine = validateCoverage(set as never);
  let theirs = oldCoverage.validateCoverage(set);
  const newT = cpu(() => {
    mine = validateCoverage(set as never);
    return mine.defects.length;
  });
  const oldT = cpu(() => {
    theirs = oldCoverage.validateCoverage(set);
    return theirs.defects.length;
  });
  const overlapsOf = (defects: ReadonlyArray<{ kind: string }>) =>
    defects.filter((d) => d.kind === 'overlap').length;
  coverageRows.push([
    name,
    set.length.toLocaleString('en'),
    fmt(oldT),
    fmt(newT),
    ratio(oldT, newT),
    kinds(theirs.defects),
    kinds(mine.defects),
    `${overlapsOf(theirs.defects)} → ${overlapsOf(mine.defects)}`,
  ]);
  console.log(coverageRows.at(-1)?.join(' | '));
}
const cities = loadChinaCities().features;
for (const province of PROVINCES) {
  coverageCase(
    `${province}'s cities`,
    cities.filter((c) => c.properties.province === province),
  );
}
for (const n of TILINGS) {
  coverageCase(
    `generated clean tiling ${n.toLocaleString('en')}`,
    nationalTiling(n, Math.max(2, Math.round(n / 20_000))),
  );
}

const loadAfter = loadavg();
if (process.env.BENCH_KEEP_OLD !== '1') {
  execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', dir], { stdio: 'inherit' });
}
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
writeResults(
  'oldEngine',
  'The old engine (polyclip-ts, before the kernel) beside the new one',
  [
    `Old: wangge at ${OLD_COMMIT} (the parent of the kernel migrations of coverage and balance), checked out`,
    `into a temporary git worktree and installed offline; new: ${newCommit}. Both in this one process on`,
    `the same objects; CPU ms of the process, median (min–max) of ${REPS} runs after`,
    'one warm-up. Ratios are old ÷ new medians. `pnpm bench oldEngine` (env `REPS`, `OLD_BENCH_GRIDS`,',
    '`OLD_PROVINCES`, `OLD_TILINGS`) reproduces it.',
    '',
    `Load (1, 5, 15 min) at the start: ${load(loadBefore)}; at the end: ${load(loadAfter)}.`,
    '',
    '### diffPlans and crosswalk: the example city before and after a rebalance, every household',
    '',
    markdownTable(
      [
        'leaf grids',
        'households',
        'result',
        'diffPlans old',
        'diffPlans new',
        'speed-up',
        'crosswalk old',
        'crosswalk new',
        'speed-up',
        'agreement',
      ],
      planRows,
    ),
    '',
    'Agreement: every entity change, flow (codes and household counts) and crosswalk pair (codes and',
    'households) equal between the engines; areas within the relative difference shown (the new engine',
    'snaps to 1e-9°).',
    '',
    '### validateCoverage: dense dirty real polygons, and clean generated tilings',
    '',
    markdownTable(
      [
        'data',
        'grids',
        'old CPU ms',
        'new CPU ms',
        'speed-up',
        'old defects',
        'new defects',
        'overlaps old → new',
      ],
      coverageRows,
    ),
    '',
    'The defect lists differ by design on dirty data: the old engine reported a self-intersecting grid as',
    '`invalid` and checked it no further, hiding its overlaps; the new one checks its made-valid shape too',
    '(see bench/results/coverage-kernel.md for the comparison with GEOS).',
  ].join('\n'),
);
