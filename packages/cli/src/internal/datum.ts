/**
 * The GCJ-02 / BD-09 / WGS84 mix-up check. Chinese map services shift coordinates by 100–700 m
 * (GCJ-02 at AMap and Tencent, BD-09 at Baidu); a point file in one system read as another lands beside
 * the plan. When most points miss the plan, this measures on a sample how many would land in it under
 * each shift, and with longitude and latitude swapped, and says which reading fits and which flag gives it.
 */
import { assign } from '@wangge/assign';
import { type GridPlan, pointTable } from '@wangge/core';
import { type Crs, parseCrs } from '../crs';

/** Points sampled for the check. */
const SAMPLE = 2000;

/** The share of points in a leaf grid. */
function placedShare(plan: GridPlan, xy: Float64Array): number {
  const n = xy.length / 2;
  if (n === 0) return 0;
  return assign(plan, pointTable(xy)).assigned / n;
}

/** Every `step`-th point of `xy`, at most {@link SAMPLE}, with a valid position. */
export function samplePoints(xy: ArrayLike<number>): Float64Array {
  const n = Math.floor(xy.length / 2);
  const step = Math.max(1, Math.ceil(n / SAMPLE));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) {
    const [x, y] = [xy[2 * i], xy[2 * i + 1]];
    if (Number.isFinite(x) && Number.isFinite(y)) out.push(x, y);
  }
  return Float64Array.from(out);
}

function shifted(xy: Float64Array, f: (p: number[]) => number[]): Float64Array {
  const out = new Float64Array(xy.length);
  for (let i = 0; i < xy.length; i += 2) {
    const [x, y] = f([xy[i], xy[i + 1]]);
    out[i] = x;
    out[i + 1] = y;
  }
  return out;
}

/**
 * A warning when fewer than half of the sampled points fall in the plan and a datum shift would place
 * at least twice as many and most of them; `undefined` otherwise. `planCrs` and `pointsCrs` are the
 * systems the two files were read in, to say which flag to change.
 */
export function datumWarning(
  plan: GridPlan,
  xy: ArrayLike<number>,
  planCrs: Crs | undefined,
  pointsCrs: Crs | undefined,
  file: string,
): string | undefined {
  const sample = samplePoints(xy);
  if (sample.length < 2) return undefined;
  const asRead = placedShare(plan, sample);
  if (asRead >= 0.5) return undefined;
  const planName = planCrs?.name ?? 'WGS84';
  const pointsName = pointsCrs?.name ?? 'WGS84';
  const options: Array<{ share: number; advice: string }> = [];
  for (const name of ['GCJ02', 'BD09'] as const) {
    const system = parseCrs(name);
    const label = name === 'GCJ02' ? 'GCJ-02 (AMap, Tencent)' : 'BD-09 (Baidu)';
    // The points sit in `name` relative to the plan: they are in it, or the plan was wrongly read as it.
    options.push({
      share: placedShare(plan, shifted(sample, system.toWgs84)),
      advice:
        planName === name
          ? `the plan looks like WGS84, not ${label}: drop --crs ${name.toLowerCase()} (--crs names the plan's system, --points-crs the points')`
          : `the points look like ${label}: pass --points-crs ${name.toLowerCase()}`,
    });
    // The plan sits in `name` relative to the points.
    options.push({
      share: placedShare(plan, shifted(sample, system.fromWgs84)),
      advice:
        pointsName === name
          ? `the points look like WGS84, not ${label}: drop --points-crs ${name.toLowerCase()}`
          : `the plan looks like ${label}: pass --crs ${name.toLowerCase()}`,
    });
  }
  // Longitude and latitude swapped (a CSV's columns named the wrong way round, or [lat, lon] pairs).
  options.push({
    share: placedShare(
      plan,
      shifted(sample, ([x, y]) => [y, x]),
    ),
    advice:
      'longitude and latitude look swapped: for a CSV pass --lon and --lat naming the other columns, for GeoJSON write [lon, lat] pairs',
  });
  const best = options.reduce((a, b) => (b.share > a.share ? b : a));
  if (best.share < 0.5 || best.share < 2 * asRead) return undefined;
  const pct = (s: number) => `${Math.round(100 * s)}%`;
  return `${file}: only ${pct(asRead)} of ${sample.length / 2} sampled points fall in the plan (read as ${pointsName}, the plan as ${planName}); shifted, ${pct(best.share)} would: ${best.advice}`;
}
