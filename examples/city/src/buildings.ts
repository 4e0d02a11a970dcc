import type { Feature, Polygon } from 'geojson';
import { type CityHouseholds, KeyGroup } from './households';
import { inscribedRadius, type Mesh } from './mesh';
import type { Random } from './random';
import type { BuildingProperties, LandUse, ToLonLat } from './types';

const RESIDENTS = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6];

/**
 * Buildings on a lattice inside the cell's inscribed circle, and their households inside them: appends to
 * `buildings` and fills the table's rows from `cursor.row` on.
 */
export function placeBuildings(
  mesh: Mesh,
  c: number,
  households: number,
  use: LandUse,
  random: Random,
  toLonLat: ToLonLat,
  buildings: Feature<Polygon, BuildingProperties>[],
  table: CityHouseholds,
  cursor: { row: number },
): void {
  if (households === 0) return;
  const highRise = use === 'residential' && random.next() < 0.5;
  const perBuilding = highRise ? random.range(60, 150) : random.range(12, 40);
  const count = Math.ceil(households / perBuilding);
  const side = Math.ceil(Math.sqrt(count));
  const spacing = (1.4 * inscribedRadius(mesh, c)) / side;
  const size = spacing / 2;
  const x0 = mesh.sites[2 * c] - ((side - 1) / 2) * spacing;
  const y0 = mesh.sites[2 * c + 1] - ((side - 1) / 2) * spacing;
  const { building, residents, flags } = table.columns;
  for (let b = 0; b < count; b++) {
    const cx = x0 + (b % side) * spacing;
    const cy = y0 + Math.floor(b / side) * spacing;
    const h = Math.floor(households / count) + (b < households % count ? 1 : 0);
    const id = buildings.length;
    const corners = [
      [cx - size / 2, cy - size / 2],
      [cx + size / 2, cy - size / 2],
      [cx + size / 2, cy + size / 2],
      [cx - size / 2, cy + size / 2],
    ];
    buildings.push({
      type: 'Feature',
      properties: {
        id,
        compound: c,
        households: h,
        storeys: highRise ? 11 + random.int(22) : 2 + random.int(5),
      },
      geometry: { type: 'Polygon', coordinates: [[...corners, corners[0]].map(toLonLat)] },
    });
    for (let i = 0; i < h; i++) {
      const row = cursor.row++;
      const [lon, lat] = toLonLat([cx + random.range(-0.4, 0.4) * size, cy + random.range(-0.4, 0.4) * size]);
      table.xy[2 * row] = lon;
      table.xy[2 * row + 1] = lat;
      building[row] = id;
      const r = RESIDENTS[random.int(RESIDENTS.length)];
      residents[row] = r;
      let f = 0;
      if (r === 1 && random.next() < 0.35) f |= KeyGroup.ELDERLY_ALONE;
      if (random.next() < 0.02) f |= KeyGroup.DISABLED;
      if (random.next() < 0.15) f |= KeyGroup.RENTAL;
      if (random.next() < 0.08) f |= KeyGroup.FLOATING;
      flags[row] = f;
    }
  }
}
