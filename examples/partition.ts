/**
 * Partitions the example city into a full plan and writes it as GeoJSON for geojson.io:
 * street (一级) → communities as given (二级) → load-balanced grids of 300–500 households, boundaries along
 * main roads where they can (三级) → micro-grids of 100–150 households (四级), all from the household
 * points, plus 10-household groups (十户联防) in the first micro-grid.
 * Run with `npx tsx examples/partition.ts`; writes `.out/partition.geojson`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { GridPlan } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import { PolygonIndex } from '@wangge/index';
import { householdGroups, partitionHierarchy } from '@wangge/partition';

const city = generateCity({ seed: 1, households: 20_000 });
const started = performance.now();
const { grids, findings } = partitionHierarchy(city.district, {
  levels: [
    { kind: 'fixed', grids: city.communities },
    { kind: 'balanced', range: { min: 300, max: 500 } },
    { kind: 'balanced', range: { min: 100, max: 150 } },
  ],
  households: city.households.xy,
  barriers: city.roads,
});
const ms = performance.now() - started;
const plan = GridPlan.from(grids);

// Ten-household groups in the first micro-grid: households located by the plan's own grids, under the
// one point rule (PolygonIndex).
const first = plan.atLevel(4)[0];
const { groups } = householdGroups(city.households.xy, {
  size: 10,
  gridOf: PolygonIndex.from([first]).locateMany(city.households.xy),
  gridCodes: [first.properties.code],
});

// One colour per community, lighter shades down the levels, so the map reads at every level.
const palette = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#46f0f0',
  '#f032e6',
  '#bcf60c',
  '#008080',
];
const communityOf = (code: string) => plan.pathOf(code)[1] ?? code;
const colour = new Map(plan.atLevel(2).map((g, i) => [g.properties.code, palette[i % palette.length]]));
const features = plan.grids.map((g) => {
  const level = g.properties.level;
  return {
    ...g,
    properties: {
      ...g.properties,
      fill: level === 1 ? '#ffffff' : (colour.get(communityOf(g.properties.code)) ?? '#888888'),
      'fill-opacity': level === 1 ? 0 : [0, 0, 0.15, 0.25, 0.35][level - 1],
      stroke: '#222222',
      'stroke-width': [0, 4, 3, 1.5, 0.5][level - 1],
    },
  };
});
mkdirSync('.out', { recursive: true });
writeFileSync('.out/partition.geojson', JSON.stringify({ type: 'FeatureCollection', features }));

const loads = (level: number) => plan.atLevel(level).map((g) => g.properties.load as number);
const describe = (level: number) => {
  const l = loads(level);
  return `${l.length} grids, ${Math.min(...l)}–${Math.max(...l)} households`;
};
console.log(`partitioned ${city.district.properties.name} in ${(ms / 1000).toFixed(2)} s`);
console.log(`  二级 communities: ${plan.atLevel(2).length} (given)`);
console.log(`  三级 grids (300–500): ${describe(3)}`);
console.log(`  四级 micro-grids (100–150): ${describe(4)}`);
console.log(
  `  十户联防 groups in ${first.properties.code}: ${groups.map((g) => g.households.length).join(', ')}`,
);
console.log(`  findings: ${findings.length === 0 ? 'none' : ''}`);
for (const p of findings) console.log(`    ${p.kind}: ${p.message}`);
console.log('  wrote .out/partition.geojson (open it in geojson.io)');
