import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ErrorCode, findPlanDefects, GridPlan, letterCodes, numericCodes, WanggeError } from '../src';

function box(x: number, y: number, size = 0.01): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  };
}

function grid(code: string, parent: string | null, level: number, x = 120, y = 30): Feature<Polygon> {
  return { type: 'Feature', properties: { code, parent, level }, geometry: box(x, y) };
}

const letterPlan = [
  grid('东湖街道', null, 1),
  grid('A', '东湖街道', 2),
  grid('B', '东湖街道', 2),
  grid('A1', 'A', 3),
  grid('A2', 'A', 3),
  grid('B1', 'B', 3),
  grid('A1-1', 'A1', 4),
];

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof WanggeError ? e.code : 'not a WanggeError';
  }
  return undefined;
}

describe('GridPlan', () => {
  const plan = GridPlan.from(letterPlan, { codeStyle: letterCodes() });

  it('walks the hierarchy', () => {
    expect(plan.size).toBe(7);
    expect(plan.levels()).toEqual([1, 2, 3, 4]);
    expect(plan.parentOf('A1')?.properties.code).toBe('A');
    expect(plan.parentOf('东湖街道')).toBeNull();
    expect(plan.childrenOf('A').map((g) => g.properties.code)).toEqual(['A1', 'A2']);
    expect(plan.ancestorsOf('A1-1').map((g) => g.properties.code)).toEqual(['A1', 'A', '东湖街道']);
    expect(plan.pathOf('A1-1')).toEqual(['东湖街道', 'A', 'A1', 'A1-1']);
    expect(plan.atLevel(3).map((g) => g.properties.code)).toEqual(['A1', 'A2', 'B1']);
    expect(plan.roots().map((g) => g.properties.code)).toEqual(['东湖街道']);
    expect(plan.leaves().map((g) => g.properties.code)).toEqual(['A2', 'B1', 'A1-1']);
    expect(plan.idOfCode('B1')).toBe(5);
    expect(Array.from(plan.parentIds())).toEqual([-1, 0, 0, 1, 1, 2, 3]);
  });

  it('throws INVALID_CODE for an unknown code', () => {
    expect(errorCode(() => plan.childrenOf('Z9'))).toBe(ErrorCode.INVALID_CODE);
  });

  it('normalises geometry without touching the input', () => {
    const open = grid('X', null, 1);
    open.geometry.coordinates[0].pop();
    const normal = GridPlan.from([open]).grids[0].geometry as Polygon;
    expect(normal.coordinates[0]).toHaveLength(5);
    expect(open.geometry.coordinates[0]).toHaveLength(4);
  });

  it('rejects each kind of plan defect with its error code', () => {
    const cases: Array<[Feature[], ErrorCode, object?]> = [
      [[], ErrorCode.EMPTY_INPUT],
      [[grid('A', null, 1), grid('A', null, 1)], ErrorCode.DUPLICATE_CODE],
      [[grid('A1', 'A', 3)], ErrorCode.MISSING_PARENT],
      [[grid('S', null, 1), grid('A1', 'S', 3)], ErrorCode.INVALID_LEVEL],
      [[grid('S', null, 8)], ErrorCode.INVALID_LEVEL],
      [[grid('S', null, 1), grid('a', 'S', 2)], ErrorCode.INVALID_CODE, { codeStyle: letterCodes() }],
      [
        [grid('S', null, 1), grid('A', 'S', 2), grid('B1', 'A', 3)],
        ErrorCode.INVALID_CODE,
        { codeStyle: letterCodes() },
      ],
      [[{ ...grid('S', null, 1), properties: { level: 1 } }], ErrorCode.INVALID_PROPERTIES],
      [[{ ...grid('S', null, 1), properties: { code: 'S', level: '1' } }], ErrorCode.INVALID_PROPERTIES],
      [[{ ...grid('S', null, 1), geometry: null } as unknown as Feature], ErrorCode.INVALID_GEOJSON],
    ];
    for (const [features, code, options] of cases) {
      expect(
        errorCode(() => GridPlan.from(features, options)),
        JSON.stringify(features[1]?.properties),
      ).toBe(code);
    }
    expect(errorCode(() => GridPlan.from(letterPlan, { depth: 3 }))).toBe(ErrorCode.INVALID_LEVEL);
    expect(errorCode(() => GridPlan.from(letterPlan, { depth: 9 }))).toBe(ErrorCode.INVALID_OPTION);
  });

  it('accepts a numeric plan whose codes derive from their parents', () => {
    const style = numericCodes();
    const numeric = GridPlan.from(
      [
        grid('110101001000', null, 1),
        grid('110101001001', '110101001000', 2),
        grid('110101001001001', '110101001001', 3),
      ],
      { codeStyle: style },
    );
    expect(numeric.pathOf('110101001001001')).toEqual(['110101001000', '110101001001', '110101001001001']);
  });

  it('takes any division as the top, with up to 6 levels below and named levels', () => {
    // A district (6 digits) → street (9) → community (12) → grid → micro-grid → group → household.
    const codes = ['110108', '110108001', '110108001001', '110108001001003', '11010800100100302'];
    codes.push(`${codes[4]}01`, `${codes[4]}0107`);
    const names = ['区', '街道', '社区', '网格', '微网格', '十户联防', '户'];
    const plan = GridPlan.from(
      codes.map((c, i) => grid(c, i === 0 ? null : codes[i - 1], i + 1)),
      { codeStyle: numericCodes(), levelNames: names },
    );
    expect(plan.levels()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(plan.levelName(6)).toBe('十户联防');
    // A grid directly below the district, and a street in the wrong district.
    expect(
      findPlanDefects(
        [
          { code: '110108', parent: null, level: 1 },
          { code: '110108000000017', parent: '110108', level: 2 },
          { code: '110109001', parent: '110108', level: 2 },
        ],
        { codeStyle: numericCodes() },
      ).map((d) => [d.featureIndex, d.kind]),
    ).toEqual([[2, 'code-mismatch']]);
  });

  it('lets a letter plan start under any name, without colliding with it', () => {
    const named = (top: string, child: string) =>
      findPlanDefects(
        [
          { code: top, parent: null, level: 1 },
          { code: child, parent: top, level: 2 },
        ],
        { codeStyle: letterCodes() },
      ).map((d) => d.kind);
    expect(named('海淀区', 'A')).toEqual([]);
    expect(named('110108', 'A')).toEqual([]);
    expect(named('HD', 'HD1')).toEqual([]);
    expect(named('HD', 'A')).toEqual([]);
    expect(named('HD', 'A1')).toEqual(['code-mismatch']);
  });
});

describe('findPlanDefects', () => {
  it('lists every defect as data, in input order', () => {
    const defects = findPlanDefects(
      [
        { code: 'S', parent: null, level: 1 },
        { code: 'A', parent: 'S', level: 2 },
        { code: 'A', parent: 'S', level: 2 },
        { code: 'B1', parent: 'A', level: 3 },
        { code: 'C2', parent: 'Q', level: 3 },
        { code: 'A1', parent: 'A', level: 4 },
      ],
      { codeStyle: letterCodes() },
    );
    expect(defects.map((d) => [d.featureIndex, d.kind])).toEqual([
      [2, 'duplicate-code'],
      [3, 'code-mismatch'],
      [4, 'missing-parent'],
      [4, 'code-mismatch'],
      [5, 'level-skip'],
    ]);
  });
});
