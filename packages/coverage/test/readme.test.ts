import { generateCity } from '@wangge/example-city';
import { expect, it } from 'vitest';
import { checkCoverage, checkToText, repairCoverage, reportToBaseline, validateCoverage } from '../src';

it('the README example runs as written', () => {
  // 1. A level checked against its parent: the example city's communities tile its district.
  const city = generateCity({ households: 5000, seed: 3 });
  const households = city.households;
  const clean = validateCoverage(city.communities, { parent: city.district, households });
  expect(clean.errors).toBe(0);

  // 2. Drop one community: its area is now a blind spot (空白点), with its households unowned.
  const broken = city.communities.filter((c) => c.properties.code !== 'C');
  const found = validateCoverage(broken, { parent: city.district, households });
  const [hole] = found.defects.filter((d) => d.severity === 'error');
  expect(['gap', 'inlet']).toContain(hole.kind);
  expect(hole.households).toBeGreaterThan(0);
  expect(hole.area).toBeGreaterThan(10_000);

  // 3. Repair: the blind spot goes to the neighbour with the longest shared border.
  const repaired = repairCoverage(broken, { parent: city.district });
  expect(repaired.report.errors).toBe(0);
  expect(repaired.changes.map((c) => c.kind)).toEqual(['inlet']);

  // 4. The CI gate over the whole plan, with the known defect accepted in a baseline.
  const plan = [city.district, ...broken];
  const first = checkCoverage(plan);
  expect(first.pass).toBe(false);
  const baseline = reportToBaseline(first.report, 'community C is being redrawn');
  const gated = checkCoverage(plan, { baseline });
  expect(gated.pass).toBe(true);
  expect(checkToText(gated, 'text')).toMatch(/^ACCEPTED/);
});
