import { codeToChild, ErrorCode, isWanggeError, numericCodes } from '@wangge/core';
import { generateCity } from '@wangge/example-city';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedPartition, householdGroups } from '../src';

const city = generateCity({ seed: 5, households: 2000 });
const xy = city.households.xy;

/** Mean over groups of the largest distance between two members, in degrees (brute force). */
function meanDiameter(groups: number[][]): number {
  let sum = 0;
  for (const g of groups) {
    let d = 0;
    for (const a of g)
      for (const b of g) d = Math.max(d, Math.hypot(xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]));
    sum += d;
  }
  return sum / groups.length;
}

describe('householdGroups', () => {
  const partition = balancedPartition(city.district, { households: xy, range: { min: 100, max: 150 } });
  const codes = partition.grids.features.map((g) => g.properties.code);

  it('puts every household in one group of its own grid, sizes within one of each other', () => {
    for (const size of [5, 10]) {
      const { groupOf, groups } = householdGroups(xy, { size, gridOf: partition.gridOf, gridCodes: codes });
      const seen = new Int32Array(xy.length / 2);
      groups.forEach((g, k) => {
        for (const i of g.households) {
          seen[i]++;
          expect(groupOf[i]).toBe(k);
          expect(partition.gridOf[i]).toBe(g.grid);
        }
        const ordinal = groups.slice(0, k).filter((h) => h.grid === g.grid).length + 1;
        expect(g.code).toBe(codeToChild(codes[g.grid], ordinal, numericCodes()));
      });
      expect(Array.from(seen).every((n) => n === 1)).toBe(true);
      for (let grid = 0; grid < codes.length; grid++) {
        const mine = groups.filter((g) => g.grid === grid).map((g) => g.households.length);
        const n = mine.reduce((s, v) => s + v, 0);
        expect(mine.length).toBe(Math.max(1, Math.round(n / size)));
        expect(Math.max(...mine) - Math.min(...mine)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('groups near neighbours: far tighter than groups drawn at random (brute-force diameters)', () => {
    const { groups } = householdGroups(xy, { size: 5 });
    const random = fc.sample(
      fc.shuffledSubarray(
        Array.from({ length: xy.length / 2 }, (_, i) => i),
        { minLength: xy.length / 2 },
      ),
      {
        seed: 3,
        numRuns: 1,
      },
    )[0];
    const randomGroups = groups.map((_, k) => random.slice(5 * k, 5 * k + 5)).filter((g) => g.length > 0);
    expect(meanDiameter(groups.map((g) => g.households))).toBeLessThan(meanDiameter(randomGroups) / 10);
  });

  it('is deterministic and rejects bad options with stable codes', () => {
    expect(householdGroups(xy, { size: 10 })).toEqual(householdGroups(xy, { size: 10 }));
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isWanggeError(e) ? e.code : 'not a WanggeError';
      }
      return 'no error';
    };
    expect(code(() => householdGroups(xy, { size: 1 }))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => householdGroups(xy, { gridOf: [1, 2] }))).toBe(ErrorCode.INVALID_OPTION);
    expect(code(() => householdGroups([[0, 95]]))).toBe(ErrorCode.COORDINATE_OUT_OF_RANGE);
  });
});
