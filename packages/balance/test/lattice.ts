/** Synthetic units for property tests: a lattice of squares that share vertices exactly. */
import { type GridFeature, GridPlan, letterCodes } from '@wangge/core';
import { dissolve } from '@wangge/geometry';
import type { Polygon } from 'geojson';
import type { UnitFeature } from '../src';

const D = 0.001;

/** A square unit at column i, row j. */
export function square(i: number, j: number): Polygon {
  // Corners from whole numbers, so neighbours compute bit-identical shared vertices.
  const [x0, x1, y0, y1] = [120 + i * D, 120 + (i + 1) * D, 30 + j * D, 30 + (j + 1) * D];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

/**
 * A street `S` with one community `A` of `cols × rows` squares, cut into `strips` vertical strips
 * `A1 … An` (columns dealt out evenly); unit loads and households from `loads`.
 */
export function latticePlan(
  cols: number,
  rows: number,
  strips: number,
  loads: number[],
): { plan: GridPlan; units: UnitFeature[] } {
  const units: UnitFeature[] = [];
  const stripOf = (i: number) => Math.floor((i * strips) / cols);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const load = loads[j * cols + i];
      units.push({
        type: 'Feature',
        id: `u${i}-${j}`,
        properties: { grid: `A${stripOf(i) + 1}`, households: Math.round(load * 10), load },
        geometry: square(i, j),
      });
    }
  }
  const all = units.map((u) => u.geometry);
  const grids: GridFeature[] = [
    { type: 'Feature', properties: { code: 'S', parent: null, level: 1 }, geometry: dissolve(all) },
    { type: 'Feature', properties: { code: 'A', parent: 'S', level: 2 }, geometry: dissolve(all) },
  ];
  for (let s = 0; s < strips; s++) {
    const code = `A${s + 1}`;
    grids.push({
      type: 'Feature',
      properties: { code, parent: 'A', level: 3 },
      geometry: dissolve(units.filter((u) => u.properties.grid === code).map((u) => u.geometry)),
    });
  }
  return { plan: GridPlan.from(grids, { codeStyle: letterCodes() }), units };
}
