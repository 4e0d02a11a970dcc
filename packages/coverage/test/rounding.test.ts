import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { validateCoverage } from '../src';

// From a regular grid clipped to the example city: the grid's vertex where a lattice line crosses the
// parent's edge is computed, so it sits one unit in the last place (3e-15°) off the parent's own vertex.
const p1: Position = [120.12730868889547, 30.27026066483507];
const onParent: Position = [120.12742417723348, 30.270336423914273];
const computed: Position = [120.12742417723348, 30.27033642391427];

function polygon(code: string, corner: Position, notch = 0): Feature<Polygon> {
  const [x, y] = corner;
  const ring = [
    [120.1272, 30.269],
    [120.1275, 30.269],
    [120.1275, 30.2705],
    [x, y - notch],
    p1,
    [120.1272, 30.269],
  ];
  return { type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

describe('rounding along a parent edge', () => {
  it('is not a defect: a computed vertex one ulp off the parent edge leaves no sliver or spill', () => {
    expect(validateCoverage([polygon('A', computed)], { parent: polygon('P', onParent) }).defects).toEqual(
      [],
    );
  });

  it('a real 5 mm notch at the same place is still reported', () => {
    const notched = polygon('A', computed, 0.005 / 111_000);
    const kinds = validateCoverage([notched], { parent: polygon('P', onParent), sliverWidth: 1 }).defects.map(
      (d) => d.kind,
    );
    expect(kinds).toContain('sliver');
  });
});
