import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ErrorCode, findPlanDefects, GridPlan, resolveGridSystems } from '../src';

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
const grid = (code: string, parent: string | null, level: number, extra: Record<string, unknown> = {}) =>
  ({
    type: 'Feature',
    properties: { code, parent, level, ...extra },
    geometry: 'geometry' in extra ? extra.geometry : box(120, 30, 0.01, 0.01),
  }) as Feature;

describe('grid systems in a plan', () => {
  it('a plan naming no system is one territorial tiling system', () => {
    const plan = GridPlan.from([grid('S', null, 1), grid('A', 'S', 2)]);
    expect(plan.systems).toEqual([{ name: 'territorial', kind: 'territorial', coverage: 'tiling' }]);
    expect(plan.systemOf('A').name).toBe('territorial');
    expect(plan.systemToPlan('territorial').grids).toEqual(plan.grids);
  });

  it('children inherit their parent system; a name makes an implicit thematic tiling system', () => {
    const plan = GridPlan.from([
      grid('S', null, 1),
      grid('A', 'S', 2),
      grid('F', 'S', 2, { system: 'fire' }),
      grid('F1', 'F', 3),
    ]);
    expect(plan.systemOf('F1')).toEqual({ name: 'fire', kind: 'thematic', coverage: 'tiling' });
    expect(plan.systemIds('fire')).toEqual([2, 3]);
    const fire = plan.systemToPlan('fire');
    // The street is the anchor: a top grid of another system, never a leaf.
    expect(fire.grids.map((g) => [g.properties.code, g.properties.parent])).toEqual([
      ['S', null],
      ['F', 'S'],
      ['F1', 'F'],
    ]);
    expect(fire.isAnchor(0)).toBe(true);
    expect(fire.isAnchor(1)).toBe(false);
    expect(fire.leaves().map((g) => g.properties.code)).toEqual(['F1']);
  });

  it('reads declarations from options or from a systems member of the collection', () => {
    const features = [grid('S', null, 1), grid('T1', 'S', 2, { system: 'tax', geometry: null })];
    const declared = [{ name: 'tax', coverage: 'membership' as const }];
    const fromOptions = GridPlan.from(features, { systems: declared });
    const fromMember = GridPlan.from({ type: 'FeatureCollection', features, systems: declared } as never);
    for (const plan of [fromOptions, fromMember]) {
      expect(plan.systemOf('T1')).toEqual({ name: 'tax', kind: 'thematic', coverage: 'membership' });
      expect(plan.get('T1')!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [] });
    }
    // Without the membership rule a grid still needs its geometry.
    expect(() => GridPlan.from(features)).toThrow(expect.objectContaining({ featureIndex: 1 }));
  });

  it('refuses bad declarations and reports undeclared or mistyped systems as plan defects', () => {
    const features = [grid('S', null, 1), grid('F', 'S', 2, { system: 'fire' })];
    for (const systems of [[{ name: '' }], [{ name: 'a' }, { name: 'a' }], [{ name: 'a', kind: 'x' }], {}]) {
      expect(() => GridPlan.from(features, { systems } as never)).toThrow(
        expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
      );
    }
    expect(() => GridPlan.from(features, { systems: [{ name: 'tax' }] })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_PROPERTIES, featureIndex: 1 }),
    );
    const defects = findPlanDefects(
      [
        { code: 'S', level: 1, parent: null },
        { code: 'F', level: 2, parent: 'S', system: 7 },
      ],
      {},
    );
    expect(defects).toMatchObject([
      { kind: 'invalid-system', severity: 'error', grids: ['F'], id: 'plan:invalid-system:F' },
    ]);
    expect(() => GridPlan.from(features).system('police')).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
  });

  it('a plan defect is a finding with a stable id', () => {
    const props = [
      { code: 'S', level: 1, parent: null },
      { code: 'S', level: 2, parent: 'S' },
      { code: 'X', level: 2, parent: 'nowhere' },
    ];
    expect(findPlanDefects(props).map((d) => [d.id, d.severity, d.grids])).toEqual([
      ['plan:duplicate-code:S#1', 'error', ['S']],
      ['plan:missing-parent:X', 'error', ['X']],
    ]);
    expect(resolveGridSystems(props).systemOf).toEqual(['territorial', 'territorial', 'territorial']);
  });
});
