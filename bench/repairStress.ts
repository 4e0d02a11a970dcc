/**
 * Stress of `repairCoverage` (issue 10): the repair property of packages/coverage/test/properties.test.ts
 * (a jittered tiling with up to three corners shifted in or out and one grid dropped; the repaired grids
 * must validate with no error and keep their codes) at 10,000 random damaged tilings, over several
 * seeds. The unit test runs 25. `node --import tsx bench/repairStress.ts [runs] [seeds...]`;
 * prints the failures (with fast-check's counterexample) and exits 1 on any.
 */
import { repairCoverage, validateCoverage } from '@wangge/coverage';
import fc from 'fast-check';
import { damagedTiling } from '../packages/coverage/test/tiling';

const runs = Number(process.argv[2] ?? 10_000);
const seeds = process.argv.slice(3).map(Number);
if (seeds.length === 0) seeds.push(1, 2, 3, 4);
const perSeed = Math.ceil(runs / seeds.length);
const tiling = fc.record({
  columns: fc.integer({ min: 3, max: 6 }),
  rows: fc.integer({ min: 3, max: 6 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  jitter: fc.double({ min: 0, max: 0.35, noNaN: true }),
});
const shift = fc.record({
  pick: fc.nat(),
  corner: fc.integer({ min: 0, max: 3 }),
  t: fc.double({ min: -0.2, max: 0.4, noNaN: true }),
});
let failed = 0;
let done = 0;
const start = performance.now();
for (const seed of seeds) {
  const result = fc.check(
    fc.property(tiling, fc.array(shift, { maxLength: 3 }), fc.nat(), (o, shifts, drop) => {
      const { damaged, parent } = damagedTiling(o, shifts, drop);
      const repaired = repairCoverage(damaged, { parent, tolerance: 0.05 });
      done++;
      if (repaired.report.defects.some((d) => d.severity === 'error')) return false;
      const again = validateCoverage(repaired.grids, { parent, tolerance: 0.05 });
      if (again.defects.some((d) => d.severity === 'error')) return false;
      return repaired.grids.every((g, i) => g.properties?.code === damaged[i].properties.code);
    }),
    { seed, numRuns: perSeed, endOnFailure: true },
  );
  if (result.failed) {
    failed++;
    console.log(
      `seed ${seed}: FAILED after ${result.numRuns} runs: ${JSON.stringify(result.counterexample)}`,
    );
  } else console.log(`seed ${seed}: ${result.numRuns} damaged tilings repaired clean`);
}
console.log(
  `${done} repairs in ${((performance.now() - start) / 1000).toFixed(0)} s; ${failed} seed(s) failed`,
);
process.exit(failed > 0 ? 1 : 0);
