/**
 * The main job on the bundled example city: generate → plan → report. Run with `pnpm demo`.
 * Later stages (partition, check, assign, balance, render) join as their packages land.
 */
import { GridPlan, geodesicArea, letterCodes } from '@wangge/core';
import { generateCity } from '@wangge/example-city';

const households = Number(process.env.WANGGE_HOUSEHOLDS ?? 20_000);
const started = performance.now();
const city = generateCity({ seed: 1, households });
const plan = GridPlan.from([city.district, ...city.communities], { codeStyle: letterCodes });
const districtKm2 = geodesicArea(city.district.geometry) / 1e6;

console.log(`wangge demo: ${city.district.properties.name} (${city.district.properties.code})`);
console.log(
  `  generated ${households.toLocaleString('en')} households, ${city.buildings.length} buildings, ${city.compounds.length} compounds, ${city.shops.length} shops, ${city.keyUnits.length} key units`,
);
console.log(
  `  district ${districtKm2.toFixed(2)} km² in ${plan.atLevel(2).length} communities (levels ${plan.levels().join(', ')})`,
);
for (const community of plan.atLevel(2)) {
  const code = community.properties.code;
  const load = city.compounds
    .filter((c) => c.properties.community === code)
    .reduce((s, c) => s + c.properties.households, 0);
  console.log(
    `    ${code.padEnd(3)} ${(geodesicArea(community.geometry) / 1e6).toFixed(2).padStart(6)} km²  ${String(load).padStart(7)} households`,
  );
}
console.log(`  done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
