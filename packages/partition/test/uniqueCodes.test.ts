import { letterCodes } from '@wangge/core';
import fc from 'fast-check';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { partitionHierarchy } from '../src';
import { seeded } from './helpers';

const box = (x0: number, y0: number, w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x0 + w, y0],
      [x0 + w, y0 + h],
      [x0, y0 + h],
      [x0, y0],
    ],
  ],
});

/** Every code of the plan once, and none equal to one of its ancestors' codes. */
function codeProblems(features: ReadonlyArray<Feature>): string[] {
  const parentOf = new Map<string, string | null>();
  const out: string[] = [];
  for (const f of features) {
    const { code, parent } = f.properties as { code: string; parent: string | null };
    if (parentOf.has(code)) out.push(`${code} twice`);
    parentOf.set(code, parent ?? null);
  }
  for (const [code] of parentOf) {
    const seen = new Set<string>();
    for (let up = parentOf.get(code) ?? null; up !== null; up = parentOf.get(up) ?? null) {
      if (up === code) out.push(`${code} equals an ancestor`);
      if (seen.has(up)) break;
      seen.add(up);
    }
  }
  return out;
}

describe('codes never collide with an ancestor or a cousin, by construction', () => {
  it('regression (issue 17, DUPLICATE_CODE): letter children of fixed grids with non-letter codes restart at A under every parent', () => {
    const root = { type: 'Feature' as const, properties: { code: 'A' }, geometry: box(120, 30, 0.02, 0.02) };
    const fixed = ['c0', 'c1'].map((code, i) => ({
      type: 'Feature' as const,
      properties: { code },
      geometry: box(120 + 0.01 * i, 30, 0.01, 0.02),
    }));
    const r = partitionHierarchy(root, {
      levels: [
        { kind: 'fixed', grids: fixed },
        { kind: 'regular', size: 300 },
      ],
    });
    expect(codeProblems(r.grids.features)).toEqual([]);
  });

  it('holds for any root code, fixed codes that are not letter codes, and regular and balanced levels', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('A', 'B', 'HD', 'S', 'c0', '海淀', 'A0'),
        fc.uniqueArray(fc.constantFrom('B', 'c1', 'x-2', '社区', 'A0b', 'Z9-1', 'H'), {
          minLength: 2,
          maxLength: 3,
        }),
        fc.integer({ min: 500, max: 900 }),
        fc.integer({ min: 1, max: 1000 }),
        (rootCode, fixedCodes, size, seed) => {
          fc.pre(!(fixedCodes as string[]).includes(rootCode));
          const w = 0.03 / fixedCodes.length;
          const root = {
            type: 'Feature' as const,
            properties: { code: rootCode },
            geometry: box(120, 30, 0.03, 0.02),
          };
          const fixed = fixedCodes.map((code, i) => ({
            type: 'Feature' as const,
            properties: { code },
            geometry: box(120 + w * i, 30, w, 0.02),
          }));
          const random = seeded(seed);
          const households = Array.from({ length: 300 }, () => [120 + 0.03 * random(), 30 + 0.02 * random()]);
          const r = partitionHierarchy(root, {
            levels: [
              { kind: 'fixed', grids: fixed },
              { kind: 'regular', size },
              { kind: 'balanced', count: 2 },
            ],
            households,
            codeStyle: letterCodes(),
          });
          expect(codeProblems(r.grids.features)).toEqual([]);
        },
      ),
      { numRuns: 8, seed: 17 },
    );
  });
});
