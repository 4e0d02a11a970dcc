/**
 * Measures what is dirty in the corpus, with GEOS (`@wangge/reference`) as the judge of validity, overlaps
 * and gaps: `pnpm --filter @wangge/corpus dirt`. The README's table is this script's output.
 */

import { isValid, loadReference, overlaps } from '@wangge/reference';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { ringDirt } from '../src/dirt';
import { type DivisionCollection, loadChinaCities, loadChinaProvinces } from '../src/index';

await loadReference();

function closedLongRings(geometry: Polygon | MultiPolygon): MultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const close = (ring: Position[]) =>
    ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring : [...ring, ring[0]];
  return {
    type: 'MultiPolygon',
    coordinates: polygons
      .map((rings) => rings.map(close).filter((ring) => ring.length >= 4))
      .filter((rings) => rings.length > 0),
  };
}

function measure(name: string, collection: DivisionCollection): string[] {
  const features = collection.features;
  const totals = { short: 0, unclosed: 0, spikes: 0, repeats: 0, rings: 0 };
  const reasons = new Map<string, string[]>();
  for (const f of features) {
    const d = ringDirt(f.geometry);
    totals.short += d.short;
    totals.unclosed += d.unclosed;
    totals.spikes += d.spikes;
    totals.repeats += d.repeats;
    // Unclosed and short rings are counted above (GEOS cannot build them); GEOS judges the rest.
    const v = isValid(closedLongRings(f.geometry));
    if (!v.valid) reasons.set(v.reason!, [...(reasons.get(v.reason!) ?? []), f.properties.name]);
  }
  const started = performance.now();
  const found = overlaps(features);
  const ms = performance.now() - started;
  const big = found.overlaps.filter((o) => o.areaM2 > 1e4);
  const bigGaps = found.gaps.filter((g) => g.areaM2 > 1e4);
  const km2 = (m2: number) => (m2 / 1e6).toFixed(1);
  const invalid = [...reasons].map(
    ([r, names]) => `${names.length} ${r} (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`,
  );
  return [
    `| ${name} | ${features.length} | ${totals.short} | ${totals.unclosed} | ${totals.spikes} | ${totals.repeats} | ${invalid.join('; ') || 'none'} | ${found.overlaps.length} (${big.length} > 1 ha, ${km2(big.reduce((s, o) => s + o.areaM2, 0))} km²) | ${found.gaps.length} (${bigGaps.length} > 1 ha, ${km2(bigGaps.reduce((s, g) => s + g.areaM2, 0))} km²) | ${(ms / 1000).toFixed(1)} s |`,
  ];
}

console.log(
  '| set | features | rings < 4 positions | unclosed rings | spikes | repeated positions | invalid by GEOS isValid (rings closed, short rings left out) | overlapping pairs (GEOS, after make_valid) | gaps (holes of the union) | GEOS time |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: |');
for (const line of measure('provinces (new-china.geojson = decoded china.js)', loadChinaProvinces()))
  console.log(line);
for (const line of measure('prefecture cities (china-cities.js)', loadChinaCities())) console.log(line);
