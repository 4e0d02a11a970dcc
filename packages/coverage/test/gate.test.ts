import { ErrorCode, geodesicArea, isWanggeError, pointTable } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkCoverage, checkToText, reportToBaseline, validateCoverage } from '../src';
import { jitteredTiling, tilingOutline } from './tiling';

const o = { columns: 4, rows: 4, seed: 5 };
const parent: Feature = {
  type: 'Feature',
  properties: { code: 'S', parent: null, level: 1 },
  geometry: tilingOutline(o),
};
const children = jitteredTiling(o).map((g) => ({
  ...g,
  properties: { ...g.properties, parent: 'S', level: 2 },
}));
const clean = [parent, ...children];
const withGap = [parent, ...children.filter((g) => g.properties.code !== 'C1-1')];

describe('checkCoverage: the CI gate', () => {
  it('passes a clean plan', () => {
    const result = checkCoverage(clean);
    expect(result.pass).toBe(true);
    expect(result.report.defects).toEqual([]);
  });

  it('fails on a gap, passes it when under the thresholds, and lists it either way', () => {
    const failing = checkCoverage(withGap);
    expect(failing.pass).toBe(false);
    expect(failing.status).toEqual(['failing']);
    const gap = failing.report.defects[0];
    const tolerated = checkCoverage(withGap, {
      thresholds: { gapArea: gap.area + 1, gapWidth: gap.width! + 1 },
    });
    expect(tolerated.pass).toBe(true);
    expect(tolerated.status).toEqual(['below-threshold']);
    // Both limits must hold: a large-area gap still fails under a width-only threshold.
    expect(checkCoverage(withGap, { thresholds: { gapWidth: 1e6 } }).pass).toBe(false);
  });

  it('a baseline accepts known defects, fails only on new ones, and reports stale entries', () => {
    const baseline = reportToBaseline(checkCoverage(withGap).report, 'approved gap at the county edge');
    const accepted = checkCoverage(withGap, { baseline });
    expect(accepted.pass).toBe(true);
    expect(accepted.status).toEqual(['accepted']);
    const worse = withGap.filter((g) => g.properties?.code !== 'C3-3');
    const next = checkCoverage(worse, { baseline });
    expect(next.pass).toBe(false);
    expect(next.status.sort()).toEqual(['accepted', 'failing']);
    expect(checkCoverage(clean, { baseline }).stale).toEqual(baseline.accepted.map((a) => a.id));
  });

  it('warnings pass unless failOnWarnings', () => {
    const multi: Feature = {
      ...children[0],
      geometry: {
        type: 'MultiPolygon',
        coordinates: [(children[0].geometry as { coordinates: number[][][] }).coordinates],
      },
    };
    const plan = [parent, multi, ...children.slice(1)];
    expect(checkCoverage(plan).pass).toBe(true);
    const split = jitteredTiling({ ...o, columns: 2, rows: 1 });
    const twoParts: Feature = {
      type: 'Feature',
      properties: { code: 'M', parent: null, level: 1 },
      geometry: {
        type: 'MultiPolygon',
        coordinates: split.map((g) => (g.geometry as { coordinates: number[][][] }).coordinates),
      },
    };
    expect(checkCoverage([twoParts]).status).toEqual(['warning']);
    expect(checkCoverage([twoParts], { thresholds: { failOnWarnings: true } }).pass).toBe(false);
  });

  it('renders text, json and geojson', () => {
    const result = checkCoverage(withGap);
    expect(checkToText(result, 'text')).toMatch(/^FAILING +gap /);
    expect(checkToText(result, 'text')).toMatch(/FAIL: 1 defect/);
    const json = JSON.parse(checkToText(result, 'json'));
    expect(json.pass).toBe(false);
    expect(json.defects[0].status).toBe('failing');
    const geojson = JSON.parse(checkToText(result, 'geojson'));
    expect(geojson.features[0].geometry.type).toBe('Polygon');
    expect(geojson.features[0].properties.kind).toBe('gap');
    expect(() => checkToText(result, 'xml' as 'text')).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
  });
});

describe('checkCoverage: nothing passes silently', () => {
  it('fails an empty plan: an empty defect alone, the whole boundary uncovered with one', () => {
    const alone = checkCoverage([]);
    expect(alone.pass).toBe(false);
    expect(alone.report.defects.map((d) => d.kind)).toEqual(['empty']);
    const bounded = checkCoverage([], { boundary: parent as Feature<Polygon> });
    expect(bounded.pass).toBe(false);
    const [uncovered] = bounded.report.defects;
    expect(uncovered.kind).toBe('uncovered-parent');
    expect(uncovered.area).toBeCloseTo(geodesicArea(parent.geometry as Polygon), 3);
    expect(checkToText(bounded, 'text')).toMatch(/FAIL: 1 defect/);
  });

  it('escapes control characters in codes, so a code cannot print its own PASS line', () => {
    const forged = withGap.map((g) =>
      g.properties?.code === 'C1-2' ? { ...g, properties: { ...g.properties, code: 'C1-2\nPASS' } } : g,
    );
    const text = checkToText(checkCoverage(forged), 'text');
    expect(text.split('\n').filter((line) => line === 'PASS')).toEqual([]);
    expect(text).toContain('C1-2\\nPASS');
  });

  it('rejects a baseline of the wrong shape with INVALID_OPTION, not a TypeError', () => {
    for (const baseline of [{ accepted: 'x' }, { accepted: [1] }, null, []]) {
      expect(() => checkCoverage(clean, { baseline: baseline as never })).toThrow(
        expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
      );
    }
  });
});

describe('caller mistakes throw WanggeError with a stable code', () => {
  const grids = jitteredTiling({ columns: 2, rows: 2 });
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (isWanggeError(error)) return error.code;
      throw error;
    }
    return null;
  };
  it('bad options', () => {
    expect(codeOf(() => validateCoverage(grids, { sliverWidth: -1 }))).toBe(ErrorCode.INVALID_OPTION);
    expect(codeOf(() => validateCoverage(grids, { tolerance: Number.NaN }))).toBe(ErrorCode.INVALID_OPTION);
    expect(codeOf(() => validateCoverage(grids, { households: { xy: [1, 2] } as never }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(codeOf(() => checkCoverage(grids, { thresholds: { gapArea: -5 } }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
  });
  it('households with NaN or an odd count of numbers, and parent: null, are refused (they passed with 0 errors)', () => {
    const nan = new Float64Array([120.1, Number.NaN]);
    expect(codeOf(() => validateCoverage(grids, { households: pointTable(nan) }))).toBe(
      ErrorCode.INVALID_COORDINATE,
    );
    const swapped = pointTable(new Float64Array([30.2, 120.1]));
    expect(codeOf(() => validateCoverage(grids, { households: swapped }))).toBe(
      ErrorCode.COORDINATE_OUT_OF_RANGE,
    );
    const loose = { xy: new Float64Array([120.1, 30.2]) } as never;
    expect(codeOf(() => validateCoverage(grids, { households: loose }))).toBe(ErrorCode.INVALID_OPTION);
    const odd = new Float64Array([120.1, 30.2, 120.2]);
    expect(codeOf(() => validateCoverage(grids, { households: { xy: odd } as never }))).toBe(
      ErrorCode.INVALID_OPTION,
    );
    expect(codeOf(() => validateCoverage(grids, { parent: null as never }))).toBe(ErrorCode.INVALID_OPTION);
  });
  it('bad input', () => {
    expect(codeOf(() => validateCoverage({} as never))).toBe(ErrorCode.INVALID_GEOJSON);
    expect(codeOf(() => validateCoverage([42 as never]))).toBe(ErrorCode.INVALID_GEOJSON);
    const line = {
      type: 'Feature',
      properties: { code: 'L' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
    };
    expect(codeOf(() => validateCoverage([line as Feature]))).toBe(ErrorCode.UNSUPPORTED_GEOMETRY);
    const nan = {
      type: 'Feature',
      properties: { code: 'N' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, Number.NaN],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    };
    expect(codeOf(() => validateCoverage([nan as Feature]))).toBe(ErrorCode.INVALID_COORDINATE);
    expect(codeOf(() => validateCoverage(grids, { parent: { type: 'Polygon', coordinates: [] } }))).toBe(
      ErrorCode.EMPTY_GEOMETRY,
    );
  });
  it('a grid without geometry is a finding (empty), not a mistake', () => {
    const none = { type: 'Feature', properties: { code: 'N' }, geometry: null } as unknown as Feature;
    expect(validateCoverage([...grids, none]).defects.map((d) => `${d.kind}:${d.grids}`)).toEqual([
      'empty:N',
    ]);
  });
});

describe('households', () => {
  it('counts households left unowned in a gap and owned twice in an overlap', () => {
    const tiling = jitteredTiling({ columns: 3, rows: 3, jitter: 0 });
    const xy = new Float64Array([120.0015, 30.0015, 120.0016, 30.0014, 120.0005, 30.0005, 120.0025, 30.0025]);
    const gap = validateCoverage(
      tiling.filter((g) => g.properties.code !== 'C1-1'),
      { households: pointTable(xy) },
    );
    expect(gap.defects[0].households).toBe(2);
    const overlap = validateCoverage(
      [...tiling, { ...tiling[0], properties: { ...tiling[0].properties, code: 'X' } }],
      {
        households: pointTable(xy),
      },
    );
    expect(overlap.defects.filter((d) => d.kind === 'overlap').map((d) => d.households)).toEqual([1]);
  });

  it("a household on the edge between a grid and a gap is the grid's, as assign places it (the gap counted it too)", () => {
    const tiling = jitteredTiling({ columns: 3, rows: 3, jitter: 0 });
    const kept = tiling.filter((g) => g.properties.code !== 'C1-1');
    const ring = (tiling.find((g) => g.properties.code === 'C1-1')!.geometry as Polygon).coordinates[0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    // On the gap's west edge (nudged east, into the gap), its south edge (nudged north, into it), its
    // south-west corner, and one inside: only the last is a blind spot's household.
    const xy = new Float64Array([x0, (y0 + y1) / 2, (x0 + x1) / 2, y0, x0, y0, (x0 + x1) / 2, (y0 + y1) / 2]);
    const owner = PolygonIndex.from(kept).locateMany(xy);
    expect(Array.from(owner, (g) => g >= 0)).toEqual([true, true, true, false]);
    const [gap] = validateCoverage(kept, { households: pointTable(xy) }).defects;
    expect(gap.kind).toBe('gap');
    expect(gap.households).toBe(1);
  });
});

describe('validatePlan', () => {
  it('takes a GridPlan, checks codes against their parent with a code style, and tags each defect with its parent and level', async () => {
    const { GridPlan, letterCodes } = await import('@wangge/core');
    const { validatePlan } = await import('../src');
    const tiles = jitteredTiling({ columns: 2, rows: 1, jitter: 0 });
    const street: Feature = {
      type: 'Feature',
      properties: { code: 'S', parent: null, level: 1 },
      geometry: tilingOutline({ columns: 2, rows: 1 }),
    };
    const a = { ...tiles[0], properties: { code: 'A', parent: 'S', level: 2 } };
    const b1 = { ...tiles[1], properties: { code: 'B1', parent: 'A', level: 3 } };
    const report = validatePlan([street, a, b1], { codeStyle: letterCodes() });
    expect(report.defects.map((d) => `${d.kind}/${d.reason ?? ''}:${d.grids.join('+')}`)).toEqual([
      'plan/code-mismatch:B1',
      'inlet/:B1', // A is left empty by its only child, which lies beside it
      'inlet/:A', // the half of S that B should cover
      'outside-parent/:B1',
    ]);
    expect(report.defects.find((d) => d.kind === 'outside-parent')).toMatchObject({ parent: 'A', level: 3 });
    const plan = GridPlan.from([
      street,
      a,
      { ...tiles[1], properties: { code: 'B', parent: 'S', level: 2 } },
    ]);
    expect(validatePlan(plan).defects).toEqual([]);
  });
});
