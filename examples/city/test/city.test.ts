import { createHash } from 'node:crypto';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { GridPlan, geodesicArea, letterCodes, numericCodes } from '@wangge/core';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createRandom, generateCity, householdsToFeatures, loadUsCounties } from '../src';

const city = generateCity({ seed: 7, households: 5000 });

function digest(value: unknown): string {
  const replacer = (_: string, v: unknown) =>
    ArrayBuffer.isView(v) ? Buffer.from((v as Uint8Array).buffer).toString('base64') : v;
  return createHash('sha256').update(JSON.stringify(value, replacer)).digest('hex');
}

describe('generateCity', () => {
  it('is deterministic: same seed, same bytes; another seed, another city', () => {
    expect(digest(generateCity({ seed: 7, households: 5000 }))).toBe(digest(city));
    expect(digest(generateCity({ seed: 8, households: 5000 }))).not.toBe(digest(city));
  });

  it('makes a district with an exclave and a lake hole', () => {
    const parts = city.district.geometry.coordinates as Position[][][];
    expect(parts).toHaveLength(2);
    expect(parts.map((rings) => rings.length).sort()).toEqual([1, 2]);
  });

  it('forms a valid two-level plan in either code style', () => {
    const plan = GridPlan.from([city.district, ...city.communities], { codeStyle: letterCodes() });
    expect(plan.atLevel(2).map((g) => g.properties.code)).toEqual(['A', 'B', 'C', 'D', 'E']);
    const numeric = generateCity({ seed: 7, households: 5000, codeStyle: 'numeric' });
    const numericPlan = GridPlan.from([numeric.district, ...numeric.communities], {
      codeStyle: numericCodes(),
    });
    expect(numericPlan.atLevel(2)[0].properties.code).toBe('330106001001');
  });

  it('tiles the district with its communities: areas add up, and every sample point has exactly one', () => {
    const districtArea = geodesicArea(city.district.geometry);
    const sum = city.communities.reduce((s, c) => s + geodesicArea(c.geometry), 0);
    expect(Math.abs(sum / districtArea - 1)).toBeLessThan(1e-9);
    const compoundSum = city.compounds.reduce((s, c) => s + geodesicArea(c.geometry), 0);
    expect(Math.abs(compoundSum / districtArea - 1)).toBeLessThan(1e-9);

    const [minX, minY, maxX, maxY] = bboxOf(city.district.geometry.coordinates.flat(2) as Position[]);
    const random = createRandom(99);
    let inside = 0;
    for (let i = 0; i < 4000; i++) {
      const p = [random.range(minX, maxX), random.range(minY, maxY)];
      const owners = city.communities.filter((c) => booleanPointInPolygon(p, c)).length;
      const inDistrict = booleanPointInPolygon(p, city.district);
      expect(owners).toBe(inDistrict ? 1 : 0);
      if (inDistrict) inside++;
    }
    expect(inside).toBeGreaterThan(1000);
  });

  it('keeps each community in one piece apart from the exclave, and balanced within 2x', () => {
    const multipart = city.communities.filter((c) => c.geometry.type === 'MultiPolygon');
    expect(multipart).toHaveLength(1);
    const loads = city.communities.map((c) =>
      city.compounds
        .filter((u) => u.properties.community === c.properties.code)
        .reduce((s, u) => s + u.properties.households, 0),
    );
    expect(loads.reduce((a, b) => a + b)).toBe(5000);
    expect(Math.max(...loads) / Math.min(...loads)).toBeLessThan(2);
  });

  it('puts every household inside its building, and every building in its compound', () => {
    const households = householdsToFeatures(city.households).features;
    expect(households).toHaveLength(5000);
    for (const h of households) {
      expect(booleanPointInPolygon(h, city.buildings[h.properties.building])).toBe(true);
    }
    const byId = new Map(city.compounds.map((c) => [c.properties.id, c]));
    for (const b of city.buildings) {
      for (const corner of b.geometry.coordinates[0]) {
        expect(booleanPointInPolygon(corner, byId.get(b.properties.compound)!)).toBe(true);
      }
    }
    const perBuilding = city.buildings.reduce((s, b) => s + b.properties.households, 0);
    expect(perBuilding).toBe(5000);
  });

  it('rejects options out of range with INVALID_OPTION', () => {
    for (const bad of [
      { households: 10 },
      { households: 2e6 },
      { communities: 3 },
      { codeStyle: 'x' as never },
    ]) {
      expect(() => generateCity(bad)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    }
  });
});

describe('loadUsCounties', () => {
  it('loads the ~3,200 US counties as lon/lat polygons with FIPS ids', () => {
    const counties = loadUsCounties();
    expect(counties.features.length).toBeGreaterThan(3000);
    expect(
      counties.features.every((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'),
    ).toBe(true);
    expect(counties.features.find((f) => f.id === '06037')?.properties.name).toBe('Los Angeles');
  });
});

function bboxOf(points: Position[]): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
