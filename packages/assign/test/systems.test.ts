import { ErrorCode, GridPlan } from '@wangge/core';
import { describe, expect, it } from 'vitest';
import { assignSystems, SystemsAssigner } from '../src';

const box = (x: number, y: number, w: number, h: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
      [x, y],
    ],
  ],
});
const grid = (code: string, parent: string | null, level: number, geometry: unknown, system?: string) => ({
  type: 'Feature' as const,
  properties: { code, parent, level, ...(system === undefined ? {} : { system }) },
  geometry: geometry as ReturnType<typeof box>,
});

/** The assign README's street: A1 | A2, and the industry grid H1 over the whole street, in its own system. */
function readmePlan() {
  return GridPlan.from([
    grid('西溪街道', null, 1, box(120, 30, 0.02, 0.01)),
    grid('A1', '西溪街道', 2, box(120, 30, 0.01, 0.01)),
    grid('A2', '西溪街道', 2, box(120.01, 30, 0.01, 0.01)),
    grid('H1', '西溪街道', 2, box(120, 30, 0.02, 0.01), 'industry'),
  ]);
}

const shops = [
  { kind: 'shop', lon: 120.002, lat: 30.003 },
  { kind: 'market', lon: 120.012, lat: 30.004 },
  { kind: 'shop', lon: 120.01, lat: 30.005 }, // on the A1 | A2 edge
];

describe('SystemsAssigner', () => {
  it('assigns every shop of the README street to a territorial grid and to the industry grid', () => {
    const plan = readmePlan();
    expect(plan.systems.map((s) => [s.name, s.kind, s.coverage])).toEqual([
      ['territorial', 'territorial', 'tiling'],
      ['industry', 'thematic', 'tiling'],
    ]);
    const result = assignSystems(plan, shops, { countAs: 'shops', category: 'kind' });
    expect(result.findings).toEqual([]);
    expect([0, 1, 2].map((i) => result.codesOf(i))).toEqual([
      { territorial: 'A1', industry: 'H1' },
      { territorial: 'A2', industry: 'H1' },
      { territorial: 'A2', industry: 'H1' },
    ]);
    const industry = result.of('industry');
    expect(industry.counts.shops[industry.plan.idOfCode('H1')]).toBe(3);
    const territorial = result.of('territorial');
    expect(territorial.counts['kind=shop'][territorial.plan.idOfCode('西溪街道')]).toBe(2);
    expect(territorial.counts.shops[territorial.plan.idOfCode('A2')]).toBe(2);
  });

  it('fills a membership system by its rules alone and reports the entities no grid of it claims', () => {
    const plan = GridPlan.from(
      [
        grid('街道', null, 1, box(120, 30, 0.02, 0.01)),
        grid('A1', '街道', 2, box(120, 30, 0.01, 0.01)),
        grid('A2', '街道', 2, box(120.01, 30, 0.01, 0.01)),
        grid('T1', '街道', 2, null, 'tax'),
        grid('T2', '街道', 2, null, 'tax'),
      ],
      { systems: [{ name: 'tax', coverage: 'membership' }] },
    );
    expect(plan.get('T1')!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [] });
    const assigner = new SystemsAssigner(plan, {
      rules: [
        { grid: 'T1', when: { kind: 'market' } },
        { grid: 'T2', when: { kind: ['mine', 'quarry'] } },
      ],
    });
    const result = assigner.assign([...shops, { kind: 'mine', lon: 121, lat: 31 }], { countAs: 'units' });
    const tax = result.of('tax');
    expect([0, 1, 2, 3].map((i) => tax.codeOf(i))).toEqual([null, 'T1', null, 'T2']);
    expect(tax.unclaimed).toEqual([0, 2]);
    expect(result.of('territorial').unclaimed).toEqual([3]); // the mine is outside the street
    expect(result.findings.map((f) => [f.system, f.severity, f.entities])).toEqual([
      ['territorial', 'error', 1],
      ['tax', 'warning', 2],
    ]);
  });

  it('refuses a rule for a grid that is not in the plan, and a system that is not', () => {
    const plan = readmePlan();
    expect(() => new SystemsAssigner(plan, { rules: [{ grid: 'X9', when: {} }] })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
    expect(() => new SystemsAssigner(plan, { systems: ['fire'] })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
    expect(() => assignSystems(plan, shops).of('fire')).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
  });
});
