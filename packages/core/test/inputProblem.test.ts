import { describe, expect, it } from 'vitest';
import { cleanGeometry, countBySeverity, ErrorCode, type Finding } from '../src';

describe('InputProblem is a Finding (issue 14: one finding shape)', () => {
  const square = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ];
  const dirty = {
    type: 'MultiPolygon',
    coordinates: [[square], [[square[0], square[1], square[0]]], [[square[1], square[2], square[1]]]],
  };

  it('a dropped part carries id, kind, severity, grids and message, and still its code and path', () => {
    const { problems } = cleanGeometry(dirty, { featureIndex: 3, featureId: 'A1' });
    expect(problems).toHaveLength(2);
    const [short] = problems;
    expect(short).toMatchObject({
      kind: 'dropped',
      severity: 'warning',
      grids: ['A1'],
      code: ErrorCode.RING_TOO_SHORT,
      featureIndex: 3,
      path: 'geometry.coordinates[1][0]',
    });
    expect(short.id).toBe(`dropped:3:geometry.coordinates[1][0]:${ErrorCode.RING_TOO_SHORT}`);
    // The shared helpers read it as any other finding.
    const findings: Finding[] = problems;
    expect(countBySeverity(findings)).toEqual({ error: 0, warning: 2, info: 0 });
  });

  it('ids are stable and distinct within one input', () => {
    const a = cleanGeometry(dirty, { featureIndex: 0 }).problems.map((p) => p.id);
    const b = cleanGeometry(dirty, { featureIndex: 0 }).problems.map((p) => p.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });

  it('without a feature id, no grid is named', () => {
    expect(cleanGeometry(dirty).problems.every((p) => p.grids.length === 0)).toBe(true);
  });
});
