import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRange,
  countBySeverity,
  type Finding,
  isPointTable,
  pointTable,
  rangeDistance,
  selectRows,
} from '../src';

describe('pointTable', () => {
  it('keeps positions and columns and checks their lengths', () => {
    const t = pointTable(new Float64Array([120, 30, 121, 31]), { flags: new Uint8Array([1, 2]) });
    expect(t.length).toBe(2);
    expect(isPointTable(t)).toBe(true);
    expect(() => pointTable(new Float64Array([1, 2, 3]))).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => pointTable([1, 2] as unknown as Float64Array)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => pointTable(new Float64Array(4), { flags: new Uint8Array(3) })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(isPointTable({ xy: new Float64Array(4), length: 3, columns: {} })).toBe(false);
  });

  it('selects rows by flag, by value and by range, the same as a plain filter', () => {
    const rows = fc.array(
      fc.record({ flags: fc.nat(15), kind: fc.constantFrom('a', 'b', 'c'), n: fc.nat(9) }),
      {
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 15 }), (rs, flag) => {
        const t = pointTable(new Float64Array(rs.length * 2), {
          flags: Uint8Array.from(rs.map((r) => r.flags)),
          kind: rs.map((r) => r.kind),
          n: Float64Array.from(rs.map((r) => r.n)),
        });
        expect([...selectRows(t, { column: 'flags', flag })]).toEqual(
          rs.map((r) => ((r.flags & flag) !== 0 ? 1 : 0)),
        );
        expect([...selectRows(t, { column: 'kind', equals: ['a', 'c'] })]).toEqual(
          rs.map((r) => (r.kind !== 'b' ? 1 : 0)),
        );
        expect([...selectRows(t, { column: 'n', min: 3, max: 5 })]).toEqual(
          rs.map((r) => (r.n >= 3 && r.n <= 5 ? 1 : 0)),
        );
      }),
    );
  });

  it('names the missing column and the columns there are', () => {
    const t = pointTable(new Float64Array(2), { flags: new Uint8Array(1) });
    expect(() => selectRows(t, { column: 'flag', flag: 1 })).toThrow(/columns: flags/);
    expect(() => selectRows(t, { column: 'flags', flag: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});

describe('Range', () => {
  it('accepts 0 ≤ min ≤ max and refuses anything else with INVALID_OPTION', () => {
    expect(checkRange({ min: 100, max: 150 }, 'target')).toEqual({ min: 100, max: 150 });
    for (const bad of [
      null,
      [100, 150],
      { min: 5 },
      { min: 9, max: 3 },
      { min: -1, max: 3 },
      { min: 0, max: Number.NaN },
    ]) {
      expect(() => checkRange(bad, 'target')).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    }
    expect(() => checkRange([100, 150], 'target')).toThrow(/target must be \{ min, max \}.*an array/);
  });

  it('measures the distance from the range', () => {
    const r = { min: 100, max: 150 };
    expect([rangeDistance(90, r), rangeDistance(120, r), rangeDistance(151, r)]).toEqual([10, 0, 1]);
  });
});

describe('Finding', () => {
  it('counts by severity', () => {
    const f = (severity: Finding['severity']): Finding => ({
      id: severity,
      kind: 'x',
      severity,
      grids: [],
      message: '',
    });
    expect(countBySeverity([f('error'), f('warning'), f('error'), f('info')])).toEqual({
      error: 2,
      warning: 1,
      info: 1,
    });
  });
});
