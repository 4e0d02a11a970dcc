import type { Feature, Point, Position } from 'geojson';
import { inscribedRadius, type Mesh } from './mesh';
import type { Random } from './random';
import type { LandUse, PoiProperties, ToLonLat } from './types';

const KEY_UNIT_KINDS = ['school', 'hospital', 'hazardous-goods', 'market', 'construction-site'];

/** Shops: many in commercial compounds, a few in residential ones, inside the inscribed circle. */
export function placeShops(
  mesh: Mesh,
  c: number,
  use: LandUse,
  random: Random,
  toLonLat: ToLonLat,
  shops: Feature<Point, PoiProperties>[],
): void {
  const count = use === 'commercial' ? 2 + random.int(10) : use === 'residential' ? random.int(2) : 0;
  for (let i = 0; i < count; i++) {
    shops.push({
      type: 'Feature',
      properties: { id: shops.length, kind: 'shop', compound: c },
      geometry: { type: 'Point', coordinates: pointInCell(mesh, c, random, toLonLat) },
    });
  }
}

/** Key units: one per 2,000 households (at least five), of every kind in turn, in random compounds. */
export function placeKeyUnits(
  mesh: Mesh,
  cells: number[],
  households: number,
  random: Random,
  toLonLat: ToLonLat,
): Feature<Point, PoiProperties>[] {
  const count = Math.max(5, Math.round(households / 2000));
  return Array.from({ length: count }, (_, id) => {
    const c = cells[random.int(cells.length)];
    return {
      type: 'Feature',
      properties: { id, kind: KEY_UNIT_KINDS[id % KEY_UNIT_KINDS.length], compound: c },
      geometry: { type: 'Point', coordinates: pointInCell(mesh, c, random, toLonLat) },
    };
  });
}

/** A uniform random point in 0.9 of the cell's inscribed circle. */
function pointInCell(mesh: Mesh, c: number, random: Random, toLonLat: ToLonLat): Position {
  const r = 0.9 * inscribedRadius(mesh, c) * Math.sqrt(random.next());
  const angle = random.range(0, 2 * Math.PI);
  return toLonLat([mesh.sites[2 * c] + r * Math.cos(angle), mesh.sites[2 * c + 1] + r * Math.sin(angle)]);
}
