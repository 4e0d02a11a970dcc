import { createRandom, generateCity, loadUsCounties } from '@wangge/example-city';
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from '../src';

/** Every vertex shared by two or more features: the hardest points of a real coverage. */
function sharedVertices(features: { geometry: { type: string; coordinates: unknown } }[]): Float64Array {
  const seen = new Map<string, number>();
  const out: number[] = [];
  features.forEach((f, id) => {
    const rings = (
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    ) as number[][][][];
    for (const part of rings)
      for (const ring of part)
        for (const [x, y] of ring) {
          const key = `${x},${y}`;
          const first = seen.get(key);
          if (first === undefined) seen.set(key, id);
          else if (first !== id && first >= 0) {
            seen.set(key, -1);
            out.push(x, y);
          }
        }
  });
  return Float64Array.from(out);
}

describe('PolygonIndex on real data', () => {
  it('agrees with the unaccelerated path on US counties: random points and shared vertices', () => {
    const counties = loadUsCounties();
    const fast = PolygonIndex.from(counties);
    const slow = PolygonIndex.from(counties, { cells: 0 });
    const random = createRandom(3);
    const xy = new Float64Array(40_000);
    for (let i = 0; i < xy.length; i += 2) {
      xy[i] = random.range(-125, -66);
      xy[i + 1] = random.range(24, 50);
    }
    expect(fast.locateMany(xy)).toEqual(slow.locateMany(xy));
    const shared = sharedVertices(counties.features);
    expect(shared.length).toBeGreaterThan(10_000);
    const owners = fast.locateMany(shared);
    expect(owners).toEqual(slow.locateMany(shared));
    expect(owners.every((id) => id >= 0)).toBe(true);
  });

  it('agrees with the unaccelerated path on a generated city with detailed communities', () => {
    const city = generateCity({ households: 20_000, seed: 5 });
    const fast = PolygonIndex.from(city.communities);
    const slow = PolygonIndex.from(city.communities, { cells: 0 });
    const xy = city.households.xy;
    const owners = fast.locateMany(xy);
    expect(owners).toEqual(slow.locateMany(xy));
    expect(owners.every((id) => id >= 0)).toBe(true);
    const shared = sharedVertices(city.communities);
    const sharedOwners = fast.locateMany(shared);
    expect(sharedOwners).toEqual(slow.locateMany(shared));
    expect(sharedOwners.every((id) => id >= 0)).toBe(true);
  });
});
